"""Pushing to real servers on 127.0.0.1: SFTP (password, keys, host keys, renames), HTTP(S) uploads, storages.

Attempts are made by calling the service, as the worker's task would; the retry's queued task is checked in the
on-commit callbacks (with its countdown), never run by a worker.
"""

import base64
import gzip
import logging
import socket
import threading
import time

import paramiko
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from syndication.delivery_tasks import delivery_push
from syndication.models import Delivery, Destination
from tests.syndication.delivery_servers import (
    FEED_BYTES,
    HttpServer,
    SftpServer,
    SilentServer,
    attempt,
    destination_make,
    free_port,
    next_attempt_of,
    published_run,
    start_one,
)
from tests.syndication.factories import ChannelFactory

PASSWORD = "s3cr3t-Pa55word-7f1c"
TOKEN = "tok-9a8b7c6d5e4f3a2b1c0d"


pytestmark = pytest.mark.usefixtures("delivery_settings")


@pytest.fixture
def channel(db):
    return ChannelFactory(code="google-pl")


@pytest.fixture
def sftp_root(tmp_path):
    root = tmp_path / "sftp"
    (root / "upload").mkdir(parents=True)
    return root


@pytest.fixture
def sftp_server(sftp_root):
    server = SftpServer(sftp_root, password=PASSWORD)
    yield server
    server.close()


@pytest.fixture
def http_server():
    server = HttpServer().start()
    yield server
    server.close()


def sftp_destination(channel, server: SftpServer, **fields) -> Destination:
    return destination_make(channel, **{"kind": Destination.Kind.SFTP, "host": "127.0.0.1", "port": server.port,
                                        "username": "feeds", "remote_path": "upload", "password": PASSWORD, **fields})


def queued_countdowns(callbacks) -> list[tuple[int, int]]:
    """(delivery id, countdown) of each delivery_push queued in the captured on-commit callbacks."""
    return [(callback.args[0][0], callback.keywords["countdown"]) for callback in callbacks
            if getattr(callback, "func", None) == delivery_push.apply_async]


# SFTP


def test_sftp_push_arrives_byte_identical_renamed_atomically_and_pins_the_host_key(
        channel, sftp_server, sftp_root, django_capture_on_commit_callbacks):
    destination = sftp_destination(channel, sftp_server)
    run = published_run(channel)
    with django_capture_on_commit_callbacks() as callbacks:
        delivery = start_one(run)
    assert queued_countdowns(callbacks) == [(delivery.pk, 0)]

    delivery = attempt(delivery)

    assert delivery.status == Delivery.Status.SUCCEEDED, delivery.error
    assert (sftp_root / "upload" / run.file_name).read_bytes() == FEED_BYTES
    assert sorted(path.name for path in (sftp_root / "upload").iterdir()) == [run.file_name]  # no .part left
    assert delivery.bytes == len(FEED_BYTES) and delivery.attempt == 1 and delivery.error == ""
    assert 0 < delivery.duration_seconds < 5 and delivery.finished_at >= delivery.started_at
    assert delivery.target == f"sftp://feeds@127.0.0.1:{sftp_server.port}/upload/{run.file_name}"
    fingerprint = sftp_server.host_key.fingerprint
    assert "accepted on first use" in delivery.note and fingerprint in delivery.note
    destination.refresh_from_db()
    assert destination.host_key_fingerprint == fingerprint

    second = attempt(start_one(published_run(channel, content=b"<rss>new</rss>")))  # now verified, silently
    assert second.status == Delivery.Status.SUCCEEDED and second.note == ""
    assert (sftp_root / "upload" / run.file_name).read_bytes() == b"<rss>new</rss>"


def test_sftp_wrong_password_fails_at_once_and_the_password_is_nowhere(
        channel, sftp_root, caplog, django_capture_on_commit_callbacks):
    server = SftpServer(sftp_root, password="the-right-one")
    try:
        sftp_destination(channel, server)
        delivery = start_one(published_run(channel))
        caplog.set_level(logging.DEBUG)
        with django_capture_on_commit_callbacks() as callbacks:
            delivery = attempt(delivery)
    finally:
        server.close()
    assert delivery.status == Delivery.Status.FAILED  # not retried: a wrong password stays wrong
    assert "refused the login of user feeds" in delivery.error
    assert not Delivery.objects.filter(previous=delivery).exists() and queued_countdowns(callbacks) == []
    assert ("password", "feeds") in server.logins
    assert not (sftp_root / "upload").joinpath(delivery.run.file_name).exists()
    assert PASSWORD not in delivery.error + delivery.note
    assert PASSWORD not in caplog.text and "failed for good" in caplog.text


def _private_key_text(kind: str) -> tuple[str, paramiko.PKey]:
    if kind == "ed25519-openssh":
        key = ed25519.Ed25519PrivateKey.generate()
        text = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                 serialization.NoEncryption())
    elif kind == "rsa-pem":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        text = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                 serialization.NoEncryption())
    else:
        key = ec.generate_private_key(ec.SECP256R1())
        text = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    kind_name, blob = public.decode().split()[:2]
    return text.decode(), paramiko.PKey.from_type_string(kind_name, base64.b64decode(blob))


@pytest.mark.parametrize("key_kind", ["ed25519-openssh", "rsa-pem", "ecdsa-pkcs8"])
def test_sftp_key_login_pushes_the_gzip_copy(channel, sftp_root, key_kind):
    key_text, public_key = _private_key_text(key_kind)
    server = SftpServer(sftp_root, password="", public_key=public_key)
    try:
        destination_make(channel, kind=Destination.Kind.SFTP, host="127.0.0.1", port=server.port, username="feeds",
                         remote_path="upload", private_key=key_text, compressed=True)
        run = published_run(channel)
        delivery = attempt(start_one(run))
    finally:
        server.close()
    assert delivery.status == Delivery.Status.SUCCEEDED, delivery.error
    assert server.logins == [("publickey", "feeds")]
    pushed = (sftp_root / "upload" / f"{run.file_name}.gz").read_bytes()
    assert gzip.decompress(pushed) == FEED_BYTES and len(pushed) == delivery.bytes


def test_sftp_wrong_host_key_stops_before_any_credential_is_sent(channel, sftp_server, sftp_root):
    other_key = paramiko.ECDSAKey.generate()
    sftp_destination(channel, sftp_server, host_key_fingerprint=f"256 {other_key.fingerprint} x (ECDSA)")
    delivery = attempt(start_one(published_run(channel)))
    assert delivery.status == Delivery.Status.FAILED
    assert sftp_server.host_key.fingerprint in delivery.error and other_key.fingerprint in delivery.error
    assert sftp_server.logins == []  # the password never left this machine
    assert list((sftp_root / "upload").iterdir()) == []


def test_sftp_server_without_posix_rename_gets_remove_then_rename(channel, sftp_root):
    server = SftpServer(sftp_root, password=PASSWORD, posix_rename=False)
    try:
        sftp_destination(channel, server, remote_name="products.xml")
        (sftp_root / "upload" / "products.xml").write_bytes(b"yesterday's feed")
        delivery = attempt(start_one(published_run(channel)))
    finally:
        server.close()
    assert delivery.status == Delivery.Status.SUCCEEDED, delivery.error
    assert "removed" in delivery.note
    assert (sftp_root / "upload" / "products.xml").read_bytes() == FEED_BYTES
    assert sorted(path.name for path in (sftp_root / "upload").iterdir()) == ["products.xml"]


def test_sftp_without_atomic_rename_writes_the_final_name(channel, sftp_server, sftp_root):
    sftp_destination(channel, sftp_server, atomic_rename=False, remote_path="")
    run = published_run(channel)
    delivery = attempt(start_one(run))
    assert delivery.status == Delivery.Status.SUCCEEDED, delivery.error
    assert (sftp_root / run.file_name).read_bytes() == FEED_BYTES


def test_sftp_missing_remote_folder_fails_with_its_name(channel, sftp_server):
    sftp_destination(channel, sftp_server, remote_path="no/such/folder")
    delivery = attempt(start_one(published_run(channel)))
    assert delivery.status == Delivery.Status.FAILED
    assert "no/such/folder does not exist" in delivery.error


def test_sftp_server_down_is_retried_with_backoff_until_the_last_attempt_fails(
        channel, django_capture_on_commit_callbacks):
    port = free_port()
    destination_make(channel, kind=Destination.Kind.SFTP, host="127.0.0.1", port=port, username="feeds",
                     password=PASSWORD)
    first = start_one(published_run(channel))
    with django_capture_on_commit_callbacks() as callbacks:
        first = attempt(first)
    assert first.status == Delivery.Status.RETRIED
    assert f"Cannot connect to 127.0.0.1:{port}" in first.error and "refused" in first.error.lower()
    second = next_attempt_of(first, make_due=False)
    assert second.status == Delivery.Status.SCHEDULED and second.attempt == 2
    assert 29 <= (second.scheduled_for - first.finished_at).total_seconds() <= 31
    assert queued_countdowns(callbacks) == [(second.pk, 30)]
    assert attempt(second).status == Delivery.Status.SCHEDULED  # not due yet: nothing happens

    second = next_attempt_of(first)  # 30 s later
    with django_capture_on_commit_callbacks() as callbacks:
        second = attempt(second)
    third = next_attempt_of(second)
    assert second.status == Delivery.Status.RETRIED and queued_countdowns(callbacks) == [(third.pk, 120)]
    with django_capture_on_commit_callbacks() as callbacks:
        third = attempt(third)
    assert third.status == Delivery.Status.FAILED and third.attempt == 3  # PIM_DELIVERY_MAX_ATTEMPTS
    assert queued_countdowns(callbacks) == [] and Delivery.objects.count() == 3


def test_sftp_server_that_never_answers_times_out(channel):
    silent = SilentServer()
    try:
        destination_make(channel, kind=Destination.Kind.SFTP, host="127.0.0.1", port=silent.port,
                         username="feeds", password=PASSWORD)
        started = time.monotonic()
        delivery = attempt(start_one(published_run(channel)))
    finally:
        silent.close()
    assert time.monotonic() - started < 4
    assert delivery.status == Delivery.Status.RETRIED
    assert "No SSH handshake" in delivery.error


# HTTP


def test_http_put_with_basic_auth_arrives_byte_identical(channel, http_server):
    header = "Basic " + base64.b64encode(f"feeds:{PASSWORD}".encode()).decode()
    http_server.expected_auth["/upload/feed.xml"] = header
    destination_make(channel, kind=Destination.Kind.HTTP, url=http_server.url("/upload/feed.xml?team=pl"),
                     http_auth=Destination.HttpAuth.BASIC, username="feeds", password=PASSWORD)
    delivery = attempt(start_one(published_run(channel)))
    assert delivery.status == Delivery.Status.SUCCEEDED, delivery.error
    (request,) = http_server.received
    assert request.method == "PUT" and request.path == "/upload/feed.xml?team=pl"
    assert request.body == FEED_BYTES and request.headers["Content-Type"] == "application/xml; charset=utf-8"
    assert request.headers["Authorization"] == header
    assert delivery.note == "HTTP 201 Created" and delivery.bytes == len(FEED_BYTES)
    assert delivery.target == f"PUT http://127.0.0.1:{http_server.port}/upload/feed.xml"  # no query string


def test_http_post_with_bearer_token_sends_the_gzip_copy(channel, http_server):
    http_server.expected_auth["/feeds"] = f"Bearer {TOKEN}"
    destination_make(channel, kind=Destination.Kind.HTTP, url=http_server.url("/feeds"),
                     http_method=Destination.HttpMethod.POST, http_auth=Destination.HttpAuth.BEARER, token=TOKEN,
                     compressed=True)
    delivery = attempt(start_one(published_run(channel)))
    assert delivery.status == Delivery.Status.SUCCEEDED, delivery.error
    (request,) = http_server.received
    assert request.method == "POST" and gzip.decompress(request.body) == FEED_BYTES
    assert request.headers["Content-Type"] == "application/gzip" and "Content-Encoding" not in request.headers


def test_http_401_fails_at_once_and_echoed_credentials_are_redacted(channel, http_server, caplog):
    http_server.expected_auth["/upload"] = "Basic something-else"
    destination_make(channel, kind=Destination.Kind.HTTP, url=http_server.url("/upload"),
                     http_auth=Destination.HttpAuth.BASIC, username="feeds", password=PASSWORD)
    caplog.set_level(logging.DEBUG)
    delivery = attempt(start_one(published_run(channel)))
    encoded = base64.b64encode(f"feeds:{PASSWORD}".encode()).decode()
    assert delivery.status == Delivery.Status.FAILED
    assert "answered HTTP 401 Unauthorized: unauthorized: Basic ••••" in delivery.error  # the server echoed it
    for secret in (PASSWORD, encoded):
        assert secret not in delivery.error and secret not in caplog.text
    assert not Delivery.objects.filter(previous=delivery).exists()


def test_http_500_then_success_through_the_retry_row(channel, http_server, django_capture_on_commit_callbacks):
    http_server.statuses["/flaky"] = [500, 201]
    destination_make(channel, kind=Destination.Kind.HTTP, url=http_server.url("/flaky"))
    with django_capture_on_commit_callbacks() as callbacks:
        first = attempt(start_one(published_run(channel)))
    assert first.status == Delivery.Status.RETRIED
    assert "answered HTTP 500 Internal Server Error: <html><body><h1>Internal error</h1> oops" in first.error
    second = next_attempt_of(first)
    assert queued_countdowns(callbacks)[-1] == (second.pk, 30)
    second = attempt(second)
    assert second.status == Delivery.Status.SUCCEEDED and second.attempt == 2 and second.previous_id == first.pk
    assert [request.body == FEED_BYTES for request in http_server.received] == [True, True]


def test_http_timeout_is_retried(channel, http_server):
    destination_make(channel, kind=Destination.Kind.HTTP, url=http_server.url("/slow"))
    started = time.monotonic()
    delivery = attempt(start_one(published_run(channel)))
    assert time.monotonic() - started < 4
    assert delivery.status == Delivery.Status.RETRIED
    assert f"127.0.0.1:{http_server.port} did not answer within 1 s" in delivery.error
    assert 0.9 <= delivery.duration_seconds < 4


def test_http_server_down_is_retried(channel):
    port = free_port()
    destination_make(channel, kind=Destination.Kind.HTTP, url=f"http://127.0.0.1:{port}/upload")
    delivery = attempt(start_one(published_run(channel)))
    assert delivery.status == Delivery.Status.RETRIED
    assert f"Cannot send to 127.0.0.1:{port}" in delivery.error


# Storages


def test_filesystem_storage_push_replaces_the_file_without_leftovers(channel, delivery_settings):
    destination_make(channel, kind=Destination.Kind.FILESYSTEM, remote_path="google/pl", remote_name="feed.xml")
    outbox = delivery_settings.PIM_DELIVERY_FILESYSTEM_ROOT / "google" / "pl"
    outbox.mkdir(parents=True)
    (outbox / "feed.xml").write_bytes(b"old")
    delivery = attempt(start_one(published_run(channel)))
    assert delivery.status == Delivery.Status.SUCCEEDED, delivery.error
    assert (outbox / "feed.xml").read_bytes() == FEED_BYTES
    assert sorted(path.name for path in outbox.iterdir()) == ["feed.xml"]
    assert delivery.target == "file:google/pl/feed.xml"


def test_s3_bucket_push_is_one_signed_put_object(channel, http_server):
    """django-storages' S3 backend against a 127.0.0.1 endpoint answering PutObject like S3 does."""
    http_server.statuses["/feeds-bucket/pim/google-pl.xml.gz"] = [200]
    destination_make(channel, kind=Destination.Kind.S3, endpoint_url=http_server.url(""), bucket="feeds-bucket",
                     region="eu-central-1", access_key_id="AKIAEXAMPLE", secret_access_key=PASSWORD,
                     remote_path="pim", remote_name="google-pl.xml.gz", compressed=True)
    delivery = attempt(start_one(published_run(channel)))
    assert delivery.status == Delivery.Status.SUCCEEDED, delivery.error
    (request,) = http_server.received
    assert request.method == "PUT" and request.path == "/feeds-bucket/pim/google-pl.xml.gz"
    assert gzip.decompress(request.body) == FEED_BYTES
    assert request.headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/")
    assert request.headers["Content-Type"] == "application/gzip" and "Content-Encoding" not in request.headers
    assert PASSWORD not in str(request.headers)
    assert delivery.target == f"s3://feeds-bucket/pim/google-pl.xml.gz (127.0.0.1:{http_server.port})"


def test_s3_bucket_refusal_is_reported_with_its_code(channel, http_server):
    http_server.statuses["/feeds-bucket/google-pl.xml"] = [503]
    destination_make(channel, kind=Destination.Kind.S3, endpoint_url=http_server.url(""), bucket="feeds-bucket",
                     region="eu-central-1", access_key_id="AKIAEXAMPLE", secret_access_key=PASSWORD,
                     remote_name="google-pl.xml")
    delivery = attempt(start_one(published_run(channel)))
    assert delivery.status == Delivery.Status.RETRIED
    assert "Bucket feeds-bucket refused google-pl.xml" in delivery.error and "503" in delivery.error
    assert PASSWORD not in delivery.error


def test_connection_reset_is_not_mistaken_for_a_server_answer(channel):
    """A server closing the connection without answering: a network failure, retried."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def accept_and_close():
        connection, _address = listener.accept()
        connection.recv(1024)
        connection.close()

    thread = threading.Thread(target=accept_and_close, daemon=True)
    thread.start()
    try:
        destination_make(channel, kind=Destination.Kind.HTTP,
                         url=f"http://127.0.0.1:{listener.getsockname()[1]}/upload")
        delivery = attempt(start_one(published_run(channel)))
    finally:
        thread.join(2)
        listener.close()
    assert delivery.status == Delivery.Status.RETRIED
    assert "Cannot send to" in delivery.error
