"""Feeds pulled by URL: /feeds/<channel code>/<token>/<file name>, with validators, 304 and gzip."""

import hmac

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotFound
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from syndication.formats.registry import format_get
from syndication.models import Channel
from syndication.publish import feeds_root

GZIP_CONTENT_TYPE = "application/gzip"
# Compared against when the channel is unknown, so an unknown code costs the same as a wrong token.
_NO_TOKEN = "-" * 43


def _not_found() -> HttpResponse:
    # One bare answer for every miss: it must not tell an unknown channel from a wrong token or a missing feed.
    return HttpResponseNotFound(b"", content_type="text/plain")


def _accepts_gzip(request: HttpRequest) -> bool:
    """True for ``Accept-Encoding: gzip`` or ``gzip;q=0.5``, false for ``gzip;q=0`` or no gzip at all."""
    for coding in request.headers.get("Accept-Encoding", "").split(","):
        name, _semicolon, parameters = coding.partition(";")
        if name.strip().lower() != "gzip":
            continue
        quality = parameters.strip().removeprefix("q=").strip() if parameters.strip().startswith("q=") else "1"
        try:
            return float(quality) > 0
        except ValueError:
            return False
    return False


@require_safe
def feed_file(request: HttpRequest, channel_code: str, token: str, file_name: str) -> HttpResponseBase:
    channel = Channel.objects.filter(code=channel_code).select_related("current_run").first()
    expected = channel.feed_token if channel is not None else _NO_TOKEN
    token_matches = hmac.compare_digest(token.encode(), expected.encode())
    if channel is None or not token_matches or not channel.active:
        return _not_found()
    run = channel.current_run
    if run is None or not run.storage_path or not run.file_name:
        return _not_found()

    if file_name == run.file_name:
        spec, _writer = format_get(channel.format)
        content_type = spec.content_type
        transport_gzip = _accepts_gzip(request)
    elif file_name == f"{run.file_name}.gz":
        # The .gz copy is a resource of its own: its type is gzip, and it is never labelled Content-Encoding.
        content_type, transport_gzip = GZIP_CONTENT_TYPE, False
    else:
        return _not_found()
    packed = transport_gzip or file_name.endswith(".gz")
    relative = run.gzip_storage_path if packed else run.storage_path
    size = run.gzip_bytes if packed else run.bytes
    # The gzip bytes differ from the plain ones, so they get their own validator (RFC 9110 8.8.3).
    etag = f'"{run.gzip_sha256 if packed else run.sha256}"'
    last_modified = int(run.finished_at.timestamp())  # HTTP dates have whole seconds
    headers = {"ETag": etag, "Last-Modified": http_date(last_modified), "Cache-Control": "private, no-cache"}
    if file_name == run.file_name:
        headers["Vary"] = "Accept-Encoding"

    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if conditional is not None:
        for name, value in headers.items():
            conditional[name] = value
        return conditional

    path = feeds_root() / relative
    if request.method == "HEAD":
        response: HttpResponseBase = HttpResponse(content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        try:
            stream = path.open("rb")
        except FileNotFoundError:
            return _not_found()
        response = FileResponse(stream, content_type=content_type)
        response["Content-Length"] = str(size)
    if transport_gzip:
        response["Content-Encoding"] = "gzip"
    for name, value in headers.items():
        response[name] = value
    return response
