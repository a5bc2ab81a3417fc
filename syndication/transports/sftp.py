"""SFTP push with paramiko: host key checked before any credential is sent, upload under a temporary name, rename.

Host keys: a destination with a fingerprint accepts only that key. One without is trusted on first use (like
OpenSSH's StrictHostKeyChecking=accept-new): the key seen is recorded on the delivery and pinned on the
destination, so later connections are verified. The first connection therefore trusts the network; paste the
fingerprint from the channel's documentation (or ``ssh-keyscan host | ssh-keygen -lf -``) to avoid even that.
"""

import contextlib
import io
import posixpath
import socket

import paramiko
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from django.utils.translation import gettext as _

from syndication.models import Destination
from syndication.models.destinations import fingerprint_normalise
from syndication.transports import PushError, PushFile, PushResult

KEY_CLASSES: tuple[tuple[type, type[paramiko.PKey]], ...] = (
    (rsa.RSAPrivateKey, paramiko.RSAKey),
    (ed25519.Ed25519PrivateKey, paramiko.Ed25519Key),
    (ec.EllipticCurvePrivateKey, paramiko.ECDSAKey),
)


class PrivateKeyInvalid(ValueError):
    pass


def private_key_load(text: str) -> paramiko.PKey:
    """An unencrypted RSA, Ed25519 or ECDSA private key in OpenSSH, PEM (traditional) or PKCS#8 text."""
    data = text.strip().encode() + b"\n"
    try:
        try:
            key = serialization.load_ssh_private_key(data, password=None)
        except ValueError:
            key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise PrivateKeyInvalid(_("The private key is protected by a passphrase; paste it without one "
                                  "(ssh-keygen -p -N '' -f key).")) from None
    except (ValueError, UnsupportedAlgorithm):
        raise PrivateKeyInvalid(_("This is not a private key in OpenSSH or PEM format.")) from None
    for crypto_class, key_class in KEY_CLASSES:
        if isinstance(key, crypto_class):
            # paramiko reads every supported type from the OpenSSH format, whatever format was pasted.
            openssh = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                        serialization.NoEncryption())
            return key_class.from_private_key(io.StringIO(openssh.decode()))
    raise PrivateKeyInvalid(_("Only RSA, Ed25519 and ECDSA private keys are supported."))


def sftp_push(*, destination: Destination, file: PushFile, timeout: float) -> PushResult:
    port = destination.port or 22
    where = f"{destination.host}:{port}"
    password = destination.secret("password")
    key_text = destination.secret("private_key")
    try:
        key = private_key_load(key_text) if key_text else None
    except PrivateKeyInvalid as error:
        raise PushError(str(error), retry=False) from None
    try:
        sock = socket.create_connection((destination.host, port), timeout=timeout)
    except TimeoutError:
        raise PushError(_("Connecting to %(where)s timed out after %(seconds)s s.")
                        % {"where": where, "seconds": f"{timeout:g}"}, retry=True) from None
    except OSError as error:
        raise PushError(_("Cannot connect to %(where)s: %(reason)s.")
                        % {"where": where, "reason": error.strerror or type(error).__name__}, retry=True) from None
    transport = paramiko.Transport(sock)
    transport.banner_timeout = transport.handshake_timeout = transport.auth_timeout = timeout
    try:
        fingerprint, note = _handshake(transport, destination=destination, where=where, timeout=timeout)
        _authenticate(transport, username=destination.username, password=password, key=key, where=where)
        sftp = paramiko.SFTPClient.from_transport(transport)
        sftp.get_channel().settimeout(timeout)
        rename_note = _upload(sftp, destination=destination, file=file, where=where)
        return PushResult(bytes_sent=file.size, note=" ".join(filter(None, (note, rename_note))),
                          host_key_fingerprint=fingerprint)
    except PushError:
        raise
    except TimeoutError:
        raise PushError(_("%(where)s stopped answering for %(seconds)s s.")
                        % {"where": where, "seconds": f"{timeout:g}"}, retry=True) from None
    except (paramiko.SSHException, EOFError, OSError) as error:
        raise PushError(_("The SFTP connection to %(where)s failed: %(reason)s")
                        % {"where": where, "reason": str(error) or type(error).__name__}, retry=True) from None
    finally:
        transport.close()


def _handshake(transport: paramiko.Transport, *, destination: Destination, where: str,
               timeout: float) -> tuple[str, str]:
    """Negotiate and check the server's key before any credential leaves this machine."""
    try:
        transport.start_client(timeout=timeout)
        server_key = transport.get_remote_server_key()  # raises when start_client gave up on its timeout
    except (paramiko.SSHException, EOFError, OSError) as error:
        raise PushError(_("No SSH handshake with %(where)s: %(reason)s")
                        % {"where": where, "reason": str(error) or type(error).__name__}, retry=True) from None
    seen = server_key.fingerprint
    expected = fingerprint_normalise(destination.host_key_fingerprint)
    if expected and seen != expected:
        raise PushError(_("The host key of %(where)s is %(seen)s, not the configured %(expected)s: the push was "
                          "stopped before logging in. If the server's key really changed, enter the new "
                          "fingerprint.") % {"where": where, "seen": seen, "expected": expected}, retry=False)
    if expected:
        return seen, ""
    return seen, _("Host key %(fingerprint)s (%(type)s) accepted on first use and pinned to this destination.") % {
        "fingerprint": seen, "type": server_key.get_name()}


def _authenticate(transport: paramiko.Transport, *, username: str, password: str, key: paramiko.PKey | None,
                  where: str) -> None:
    try:
        if key is not None:
            try:
                transport.auth_publickey(username, key)
            except paramiko.AuthenticationException:
                if not password:
                    raise
                transport.auth_password(username, password)
        else:
            transport.auth_password(username, password)
    except paramiko.BadAuthenticationType as error:
        raise PushError(_("%(where)s does not accept this kind of login; it accepts: %(allowed)s.")
                        % {"where": where, "allowed": ", ".join(error.allowed_types)}, retry=False) from None
    except paramiko.AuthenticationException:
        # Not retried: a wrong password stays wrong, and repeated failed logins can get the account locked.
        raise PushError(_("%(where)s refused the login of user %(user)s (wrong password or key).")
                        % {"where": where, "user": username}, retry=False) from None
    if not transport.is_authenticated():
        raise PushError(_("%(where)s asks for further login steps, which are not supported.") % {"where": where},
                        retry=False)


def _upload(sftp: paramiko.SFTPClient, *, destination: Destination, file: PushFile, where: str) -> str:
    folder = destination.remote_path.rstrip("/")
    final = posixpath.join(folder, file.name) if folder else file.name
    temporary = posixpath.join(folder, f".{file.name}.part") if folder else f".{file.name}.part"
    written = temporary if destination.atomic_rename else final
    stream = file.path.open("rb")  # before the try: a local error must not read as a remote one
    try:
        with stream:
            sftp.putfo(stream, written, file_size=file.size, confirm=True)  # confirm: compares the remote size
        if not destination.atomic_rename:
            return ""
        try:
            sftp.posix_rename(temporary, final)  # replaces the old file in one step (OpenSSH extension)
            return ""
        except OSError:
            # Plain SFTP rename refuses to replace a file: remove the old one first (readers may miss it briefly).
            with contextlib.suppress(FileNotFoundError):
                sftp.remove(final)
            sftp.rename(temporary, final)
            return _("The server cannot replace a file atomically: the old file was removed, then the new one "
                     "renamed.")
    except FileNotFoundError:
        _remove_quietly(sftp, written)
        raise PushError(_("The folder %(folder)s does not exist on %(where)s.")
                        % {"folder": folder or ".", "where": where}, retry=False) from None
    except PermissionError:
        _remove_quietly(sftp, written)
        raise PushError(_("%(where)s refused writing %(path)s (permission denied).")
                        % {"where": where, "path": written}, retry=False) from None
    except OSError as error:
        _remove_quietly(sftp, written)
        raise PushError(_("Uploading %(path)s to %(where)s failed: %(reason)s")
                        % {"path": written, "where": where, "reason": str(error) or type(error).__name__},
                        retry=True) from None


def _remove_quietly(sftp: paramiko.SFTPClient, path: str) -> None:
    # The connection may be gone; a stale .part file is replaced by the next upload.
    with contextlib.suppress(OSError, paramiko.SSHException, EOFError):
        sftp.remove(path)
