"""HTTP(S) push with the standard library: the file is streamed from disk as the body of a PUT or POST."""

import base64
import contextlib
import http.client
import ssl
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from syndication.models import Destination
from syndication.transports import PushError, PushFile, PushResult

EXCERPT_BYTES = 300
BLOCK_SIZE = 64 * 1024
# Worth another try later; any other 4xx means the request itself is wrong (URL, credentials, size).
RETRIED_CLIENT_ERRORS = frozenset({408, 425, 429})


def authorization_header(destination: Destination) -> str | None:
    if destination.http_auth == Destination.HttpAuth.BASIC:
        pair = f"{destination.username}:{destination.secret('password')}".encode()
        return "Basic " + base64.b64encode(pair).decode()
    if destination.http_auth == Destination.HttpAuth.BEARER:
        return "Bearer " + destination.secret("token")
    return None


def _excerpt(body: bytes) -> str:
    text = " ".join(body.decode("utf-8", errors="replace").split())
    return text[:200] + ("…" if len(text) > 200 else "")


def http_push(*, destination: Destination, file: PushFile, timeout: float) -> PushResult:
    parts = urlsplit(destination.url)
    where = parts.netloc
    if parts.scheme == "https":
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=ssl.create_default_context(),
            blocksize=BLOCK_SIZE)
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, blocksize=BLOCK_SIZE)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {
        "Content-Type": file.content_type,
        "Content-Length": str(file.size),
        "Content-Disposition": f'attachment; filename="{file.name}"',
        "User-Agent": "PIM feed delivery",
    }
    if (authorization := authorization_header(destination)) is not None:
        headers["Authorization"] = authorization
    try:
        with file.path.open("rb") as body:
            # A server may answer (401, 413) and close before reading the whole body: its answer is read below.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                # A file body is sent in blocks as it is read (timeout applies to each socket operation).
                connection.request(destination.http_method, path, body=body, headers=headers)
            response = connection.getresponse()
            status, reason, excerpt = response.status, response.reason, _excerpt(response.read(EXCERPT_BYTES))
    except TimeoutError:
        raise PushError(_("%(where)s did not answer within %(seconds)s s.")
                        % {"where": where, "seconds": f"{timeout:g}"}, retry=True) from None
    except ssl.SSLCertVerificationError as error:
        raise PushError(_("The TLS certificate of %(where)s is not trusted: %(reason)s")
                        % {"where": where, "reason": error.verify_message or error.reason}, retry=False) from None
    except (OSError, http.client.HTTPException) as error:
        raise PushError(_("Cannot send to %(where)s: %(reason)s")
                        % {"where": where, "reason": getattr(error, "strerror", None) or str(error)
                           or type(error).__name__}, retry=True) from None
    finally:
        connection.close()
    if 200 <= status < 300:
        return PushResult(bytes_sent=file.size, note=f"HTTP {status} {reason}".strip())
    message = _("%(where)s answered HTTP %(status)s %(reason)s") % {"where": where, "status": status, "reason": reason}
    if 300 <= status < 400:
        message += _(" (redirects are not followed: enter the final URL)")
    if excerpt:
        message += f": {excerpt}"
    raise PushError(message, retry=status >= 500 or status in RETRIED_CLIENT_ERRORS)
