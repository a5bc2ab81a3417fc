"""Real servers on 127.0.0.1 for the delivery tests: SFTP (paramiko's server side over a folder) and HTTP."""

import contextlib
import gzip
import hashlib
import os
import random
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import paramiko
from django.utils import timezone

from syndication.deliveries import deliveries_start, delivery_attempt, destination_save
from syndication.models import Channel, Delivery, Destination, FeedRun
from syndication.models.destinations import SECRET_FIELDS
from syndication.publish import feeds_root

_HOST_KEY: list[paramiko.PKey] = []


def host_key() -> paramiko.PKey:
    """One ECDSA host key per test session (generating it is quick, but once is enough)."""
    if not _HOST_KEY:
        _HOST_KEY.append(paramiko.ECDSAKey.generate())
    return _HOST_KEY[0]


def free_port() -> int:
    """A port with nothing listening on it (bound, read, closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handle(paramiko.SFTPHandle):
    def stat(self):
        try:
            return paramiko.SFTPAttributes.from_stat(os.fstat(self.readfile.fileno()))
        except OSError as error:
            return paramiko.SFTPServer.convert_errno(error.errno)

    def chattr(self, attr):
        return paramiko.SFTP_OK


class _Folder(paramiko.SFTPServerInterface):
    """The SFTP file system: a local folder, with or without OpenSSH's posix-rename extension."""

    def __init__(self, server, *args, root: Path, posix_rename: bool, **kwargs):
        super().__init__(server, *args, **kwargs)
        self.root, self.posix_rename_supported = root, posix_rename

    def _local(self, path: str) -> str:
        relative = os.path.normpath("/" + path).lstrip("/")
        return str(self.root / relative)

    def canonicalize(self, path: str) -> str:
        return os.path.normpath("/" + path)

    def open(self, path, flags, attr):
        local = self._local(path)
        try:
            descriptor = os.open(local, flags, 0o644)
        except OSError as error:
            return paramiko.SFTPServer.convert_errno(error.errno)
        if flags & os.O_WRONLY:
            mode = "ab" if flags & os.O_APPEND else "wb"
        elif flags & os.O_RDWR:
            mode = "a+b" if flags & os.O_APPEND else "r+b"
        else:
            mode = "rb"
        stream = os.fdopen(descriptor, mode)
        handle = _Handle(flags)
        handle.filename, handle.readfile, handle.writefile = local, stream, stream
        return handle

    def stat(self, path):
        try:
            return paramiko.SFTPAttributes.from_stat(os.stat(self._local(path)))
        except OSError as error:
            return paramiko.SFTPServer.convert_errno(error.errno)

    lstat = stat

    def list_folder(self, path):
        try:
            local = self._local(path)
            return [paramiko.SFTPAttributes.from_stat(os.stat(os.path.join(local, name)), name)
                    for name in os.listdir(local)]
        except OSError as error:
            return paramiko.SFTPServer.convert_errno(error.errno)

    def remove(self, path):
        try:
            os.remove(self._local(path))
        except OSError as error:
            return paramiko.SFTPServer.convert_errno(error.errno)
        return paramiko.SFTP_OK

    def rename(self, oldpath, newpath):
        if os.path.exists(self._local(newpath)):
            return paramiko.SFTP_FAILURE  # SFTP v3 rename never replaces a file
        os.rename(self._local(oldpath), self._local(newpath))
        return paramiko.SFTP_OK

    def posix_rename(self, oldpath, newpath):
        if not self.posix_rename_supported:
            return paramiko.SFTP_OP_UNSUPPORTED
        os.replace(self._local(oldpath), self._local(newpath))
        return paramiko.SFTP_OK

    def mkdir(self, path, attr):
        os.mkdir(self._local(path))
        return paramiko.SFTP_OK


class _Login(paramiko.ServerInterface):
    def __init__(self, server: "SftpServer"):
        self.server = server

    def check_auth_password(self, username, password):
        self.server.logins.append(("password", username))
        if username == self.server.username and password == self.server.password:
            return paramiko.AUTH_SUCCESSFUL
        return paramiko.AUTH_FAILED

    def check_auth_publickey(self, username, key):
        self.server.logins.append(("publickey", username))
        allowed = self.server.public_key
        if username == self.server.username and allowed is not None and key.get_base64() == allowed.get_base64():
            return paramiko.AUTH_SUCCESSFUL
        return paramiko.AUTH_FAILED

    def get_allowed_auths(self, username):
        return "password,publickey"

    def check_channel_request(self, kind, chanid):
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED


class SftpServer:
    """An SFTP server on 127.0.0.1 serving ``root``; accepts ``username`` with ``password`` or ``public_key``."""

    def __init__(self, root: Path, *, username: str = "feeds", password: str = "",
                 public_key: paramiko.PKey | None = None, posix_rename: bool = True):
        self.root, self.username, self.password, self.public_key = root, username, password, public_key
        self.posix_rename = posix_rename
        self.logins: list[tuple[str, str]] = []
        self.host_key = host_key()
        self._transports: list[paramiko.Transport] = []
        self._stopped = threading.Event()
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(8)
        self._listener.settimeout(0.1)  # the accept loop checks for shutdown this often
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stopped.is_set():
            try:
                connection, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            transport = paramiko.Transport(connection)
            transport.add_server_key(self.host_key)
            transport.set_subsystem_handler("sftp", paramiko.SFTPServer, _Folder, root=self.root,
                                            posix_rename=self.posix_rename)
            self._transports.append(transport)
            with contextlib.suppress(paramiko.SSHException, EOFError, OSError):
                transport.start_server(server=_Login(self))

    def close(self) -> None:
        self._stopped.set()
        self._thread.join(2)
        self._listener.close()
        for transport in self._transports:
            transport.close()


class SilentServer:
    """Accepts TCP connections and never says a word: an SSH server that hangs before its banner."""

    def __init__(self):
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(8)
        self.port = self._listener.getsockname()[1]
        self._connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                self._connections.append(self._listener.accept()[0])

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        for connection in self._connections:
            connection.close()


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class HttpServer:
    """Answers PUT/POST by path: ``statuses[path]`` is a queue of answers (its last one repeats; default 201);
    ``expected_auth[path]`` demands that Authorization header (else 401, echoing what came, like a careless
    server); paths starting /slow wait for ``release`` before answering."""

    statuses: dict[str, list[int]] = field(default_factory=dict)
    expected_auth: dict[str, str] = field(default_factory=dict)
    received: list[ReceivedRequest] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def start(self) -> "HttpServer":
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_PUT(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self._answer()

            def _answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                path = urlsplit(self.path).path
                recorder.received.append(ReceivedRequest(self.command, self.path, dict(self.headers), body))
                if path.startswith("/slow"):
                    recorder.release.wait(10)
                expected = recorder.expected_auth.get(path)
                if expected is not None and self.headers.get("Authorization") != expected:
                    status, payload = 401, f"unauthorized: {self.headers.get('Authorization')}".encode()
                else:
                    queue = recorder.statuses.setdefault(path, [201])
                    status = queue.pop(0) if len(queue) > 1 else queue[0]
                    payload = b"" if status < 300 else b"<html><body><h1>Internal  error</h1>\n oops</body></html>"
                self.send_response(status)
                self.send_header("Content-Length", str(len(payload)))
                if status == 200:
                    self.send_header("ETag", '"0123456789abcdef"')  # S3's PutObject answer
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # the slow path's client is gone when it finally answers

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()


def wait_until(predicate, timeout: float = 2.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


# Rows for the tests: a published run (files laid out as syndication.publish lays them out) and destinations.

FEED_BYTES = random.Random(20251124).randbytes(300_000)  # several SFTP and HTTP blocks, not compressible


def published_run(channel: Channel, content: bytes = FEED_BYTES) -> FeedRun:
    """A succeeded run of ``channel`` whose plain file holds ``content`` (and its .gz copy), made current."""
    now = timezone.now()
    run = FeedRun.objects.create(channel=channel, status=FeedRun.Status.SUCCEEDED, started_at=now, finished_at=now)
    file_name = channel.file_name
    run_dir = feeds_root() / channel.code / str(run.pk)
    run_dir.mkdir(parents=True)
    (run_dir / file_name).write_bytes(content)
    packed = gzip.compress(content, mtime=0)
    (run_dir / f"{file_name}.gz").write_bytes(packed)
    relative = f"{channel.code}/{run.pk}/{file_name}"
    FeedRun.objects.filter(pk=run.pk).update(
        file_name=file_name, storage_path=relative, gzip_storage_path=f"{relative}.gz", bytes=len(content),
        gzip_bytes=len(packed), sha256=hashlib.sha256(content).hexdigest())
    Channel.objects.filter(pk=channel.pk).update(current_run=run)
    run.refresh_from_db()
    return run


def destination_make(channel: Channel, **fields: object) -> Destination:
    secrets = {name: fields.pop(name) for name in SECRET_FIELDS if name in fields}
    destination = Destination(channel=channel, **{"name": f"{fields.get('kind', 'sftp')} destination", **fields})
    for name, value in secrets.items():
        destination.secret_set(name, str(value))
    return destination_save(destination=destination)


def start_one(run: FeedRun) -> Delivery:
    """The run's one delivery: started now, or already started by the run itself (run_channel)."""
    deliveries_start(run_id=run.pk)  # safe to repeat
    deliveries = list(Delivery.objects.filter(run=run, previous__isnull=True))
    assert len(deliveries) == 1
    return deliveries[0]


def attempt(delivery: Delivery) -> Delivery:
    """Run the delivery's attempt now (as its task would) and return the row as recorded."""
    delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    return delivery


def next_attempt_of(delivery: Delivery, *, make_due: bool = True) -> Delivery:
    """The retry row created when ``delivery`` failed; with ``make_due`` its backoff is taken as elapsed."""
    following = Delivery.objects.get(previous=delivery)
    if make_due:
        Delivery.objects.filter(pk=following.pk).update(scheduled_for=timezone.now())
        following.refresh_from_db()
    return following
