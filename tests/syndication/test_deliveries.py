"""The delivery log: starting deliveries after a run, claiming, retry rows, cancelling, recovery, secrets at rest.

Pushes go to a folder on this server (the filesystem storage) or a real HTTP server on 127.0.0.1.
"""

import base64
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from pim.celery import app
from syndication.deliveries import (
    _claim,
    _record,
    backoff_seconds,
    deliveries_recover,
    deliveries_start,
    delivery_attempt,
    delivery_retry_now,
    destination_delete,
    secrets_redacted,
)
from syndication.delivery_tasks import delivery_push
from syndication.links import channel_feed_url
from syndication.models import Delivery, Destination, FeedRun
from syndication.transports.sftp import PrivateKeyInvalid, private_key_load
from tests.syndication.conftest import channel_for, published_bytes, run_channel
from tests.syndication.delivery_servers import (
    FEED_BYTES,
    HttpServer,
    attempt,
    destination_make,
    free_port,
    next_attempt_of,
    published_run,
    start_one,
)
from tests.syndication.factories import ChannelFactory

PASSWORD = "s3cr3t-Pa55word-7f1c"


pytestmark = pytest.mark.usefixtures("delivery_settings")


@pytest.fixture
def channel(db):
    return ChannelFactory(code="google-pl")


def folder_destination(channel, **fields) -> Destination:
    return destination_make(channel, **{"kind": Destination.Kind.FILESYSTEM, "remote_path": channel.code, **fields})


def queued(callbacks) -> list[tuple[int, int]]:
    return [(callback.args[0][0], callback.keywords["countdown"]) for callback in callbacks
            if getattr(callback, "func", None) == delivery_push.apply_async]


def test_start_creates_one_queued_delivery_per_active_destination_once(channel, django_capture_on_commit_callbacks):
    first = folder_destination(channel, name="one")
    second = folder_destination(channel, name="two", remote_path="other")
    folder_destination(channel, name="off", active=False)
    folder_destination(ChannelFactory(code="elsewhere"), name="other channel")
    run = published_run(channel)
    with django_capture_on_commit_callbacks() as callbacks:
        deliveries = deliveries_start(run_id=run.pk)
    assert [delivery.destination for delivery in deliveries] == [first, second]
    assert all(delivery.status == Delivery.Status.SCHEDULED and delivery.attempt == 1 for delivery in deliveries)
    assert queued(callbacks) == [(deliveries[0].pk, 0), (deliveries[1].pk, 0)]
    with django_capture_on_commit_callbacks() as callbacks:
        assert deliveries_start(run_id=run.pk) == []  # a second call (a duplicate message) adds nothing
    assert callbacks == [] and Delivery.objects.count() == 2


def test_start_does_nothing_for_a_failed_run_or_an_inactive_channel(channel):
    folder_destination(channel)
    failed = FeedRun.objects.create(channel=channel, status=FeedRun.Status.FAILED)
    assert deliveries_start(run_id=failed.pk) == []
    run = published_run(channel)
    channel.active = False
    channel.save()
    assert deliveries_start(run_id=run.pk) == []
    assert not Delivery.objects.exists()


def test_a_delivery_is_pushed_once_however_often_its_task_arrives(channel, delivery_settings):
    folder_destination(channel)
    delivery = start_one(published_run(channel))
    assert delivery_attempt(delivery_id=delivery.pk).status == Delivery.Status.SUCCEEDED
    pushed = delivery_settings.PIM_DELIVERY_FILESYSTEM_ROOT / channel.code / channel.file_name
    pushed.write_bytes(b"changed at the destination")
    assert delivery_attempt(delivery_id=delivery.pk) is None  # already succeeded: not pushed again
    assert delivery_attempt(delivery_id=delivery.pk + 1000) is None  # unknown id
    assert pushed.read_bytes() == b"changed at the destination"


def test_a_running_attempt_is_not_claimed_again(channel):
    folder_destination(channel)
    delivery = start_one(published_run(channel))
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.RUNNING, started_at=timezone.now())
    assert delivery_attempt(delivery_id=delivery.pk) is None
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.RUNNING and delivery.finished_at is None


def test_a_claimed_attempt_cannot_be_claimed_again(channel):
    """Two workers: whichever UPDATE ... WHERE status='scheduled' runs second changes no row and pushes nothing."""
    folder_destination(channel)
    delivery = start_one(published_run(channel))
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.RUNNING)  # the other worker won
    assert _claim(delivery.pk) is None
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SCHEDULED)
    claimed = _claim(delivery.pk)
    assert claimed is not None and claimed.status == Delivery.Status.RUNNING
    assert _claim(delivery.pk) is None


def test_a_busy_destination_postpones_the_next_push(channel, delivery_settings, django_capture_on_commit_callbacks):
    destination = folder_destination(channel)
    older = start_one(published_run(channel))
    Delivery.objects.filter(pk=older.pk).update(status=Delivery.Status.RUNNING, started_at=timezone.now())
    newer = Delivery.objects.create(channel=channel, destination=destination, run=published_run(channel),
                                    scheduled_for=timezone.now())
    with django_capture_on_commit_callbacks() as callbacks:
        assert delivery_attempt(delivery_id=newer.pk) is None
    newer.refresh_from_db()
    assert newer.status == Delivery.Status.SCHEDULED
    assert queued(callbacks) == [(newer.pk, delivery_settings.PIM_DELIVERY_BUSY_RETRY_SECONDS)]
    assert newer.scheduled_for > timezone.now() + timedelta(seconds=20)


def test_an_older_runs_retry_is_cancelled_once_a_newer_feed_goes_out(channel, delivery_settings):
    destination = folder_destination(channel)
    old_run = published_run(channel, content=b"old feed")
    old = start_one(old_run)
    new = start_one(published_run(channel, content=b"new feed"))
    assert attempt(new).status == Delivery.Status.SUCCEEDED
    old = attempt(old)
    assert old.status == Delivery.Status.CANCELLED and f"run {new.run_id}" in old.note
    assert (delivery_settings.PIM_DELIVERY_FILESYSTEM_ROOT / channel.code / destination.remote_file_name(old_run)
            ).read_bytes() == b"new feed"


def test_turning_a_destination_off_cancels_its_scheduled_attempt(channel):
    destination = folder_destination(channel)
    delivery = start_one(published_run(channel))
    Destination.objects.filter(pk=destination.pk).update(active=False)
    delivery = attempt(delivery)
    assert delivery.status == Delivery.Status.CANCELLED and "turned off" in delivery.note


def test_backoff_grows_fourfold_and_is_capped(settings):
    settings.PIM_DELIVERY_BACKOFF_SECONDS, settings.PIM_DELIVERY_MAX_BACKOFF_SECONDS = 30, 3600
    assert [backoff_seconds(attempt=number) for number in range(1, 7)] == [30, 120, 480, 1920, 3600, 3600]


def test_a_failed_push_leaves_the_published_feed_untouched(shop, locales, client, feeds_root):
    """A real run through the pipeline; its push fails for good; the feed served by URL is the same bytes."""
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    run = run_channel(channel)
    before = published_bytes(run, feeds_root)
    destination_make(channel, kind=Destination.Kind.HTTP, url=f"http://127.0.0.1:{free_port()}/upload")
    with override_settings(PIM_DELIVERY_MAX_ATTEMPTS=1):
        delivery = attempt(start_one(run))
    assert delivery.status == Delivery.Status.FAILED
    channel.refresh_from_db()
    run.refresh_from_db()
    assert channel.current_run_id == run.pk and run.status == FeedRun.Status.SUCCEEDED and run.error == ""
    assert published_bytes(run, feeds_root) == before
    response = client.get(channel_feed_url(channel).removeprefix("https://pim.example.com"))
    assert response.status_code == 200 and b"".join(response.streaming_content) == before


def test_the_real_feed_arrives_byte_identical_over_http(shop, locales, feeds_root):
    channel = channel_for(shop, locales, format="meta_catalog", code="meta-pl")
    server = HttpServer().start()
    try:
        destination_make(channel, kind=Destination.Kind.HTTP, url=server.url("/catalog.csv"))
        run = run_channel(channel)
        delivery = attempt(start_one(run))
    finally:
        server.close()
    assert delivery.status == Delivery.Status.SUCCEEDED, delivery.error
    assert server.received[0].body == published_bytes(run, feeds_root)
    assert server.received[0].headers["Content-Type"] == "text/csv; charset=utf-8; header=present"


def test_a_pruned_file_fails_without_retry(channel, feeds_root):
    folder_destination(channel)
    run = published_run(channel)
    (feeds_root / run.storage_path).unlink()
    delivery = attempt(start_one(run))
    assert delivery.status == Delivery.Status.FAILED and "no longer exists" in delivery.error


def test_secrets_are_encrypted_at_rest_and_unreadable_with_another_key(channel, settings):
    destination = destination_make(channel, kind=Destination.Kind.HTTP, url="http://127.0.0.1:9/upload",
                                   http_auth=Destination.HttpAuth.BASIC, username="feeds", password=PASSWORD)
    with connection.cursor() as cursor:
        cursor.execute("SELECT password_encrypted FROM syndication_destination WHERE id = %s", [destination.pk])
        (stored,) = cursor.fetchone()
    assert stored and PASSWORD not in stored
    assert Destination.objects.get(pk=destination.pk).secret("password") == PASSWORD
    assert PASSWORD not in repr(destination) and PASSWORD not in str(destination)

    settings.PIM_SECRETS_KEY = "a new key, old one dropped"
    delivery = attempt(start_one(published_run(channel)))
    assert delivery.status == Delivery.Status.FAILED and "cannot be decrypted" in delivery.error
    settings.PIM_SECRETS_KEY = "a new key, old one dropped,delivery tests"  # rotation: the old key still decrypts
    assert Destination.objects.get(pk=destination.pk).secret("password") == PASSWORD


def test_secrets_fall_back_to_a_key_derived_from_secret_key(channel, settings):
    settings.PIM_SECRETS_KEY = ""
    destination = destination_make(channel, kind=Destination.Kind.HTTP, url="http://127.0.0.1:9/upload",
                                   http_auth=Destination.HttpAuth.BEARER, token="tok-123456789")
    settings.PIM_SECRETS_KEY = "set later"  # SECRET_KEY's key is always tried last
    assert Destination.objects.get(pk=destination.pk).secret("token") == "tok-123456789"


def test_redaction_covers_every_secret_and_the_basic_header(channel):
    destination = Destination(channel=channel, username="feeds")
    destination.secret_set("password", PASSWORD)
    destination.secret_set("token", "tok-abcdefgh")
    text = f"echo {PASSWORD} and Bearer tok-abcdefgh and {base64.b64encode(f'feeds:{PASSWORD}'.encode()).decode()}"
    assert secrets_redacted(text, destination=destination) == "echo •••• and Bearer •••• and ••••"


def test_recover_gives_up_abandoned_attempts_and_resends_lost_messages(channel, django_capture_on_commit_callbacks,
                                                                       settings):
    destination = folder_destination(channel)
    abandoned = start_one(published_run(channel))
    long_ago = timezone.now() - timedelta(seconds=settings.PIM_DELIVERY_STALE_SECONDS + 60)
    Delivery.objects.filter(pk=abandoned.pk).update(status=Delivery.Status.RUNNING, started_at=long_ago)
    lost = Delivery.objects.create(channel=channel, destination=destination, run=published_run(channel),
                                   scheduled_for=timezone.now() - timedelta(minutes=10))
    with django_capture_on_commit_callbacks() as callbacks:
        assert deliveries_recover() == {"abandoned": 1, "resent": 1}
    abandoned.refresh_from_db()
    assert abandoned.status == Delivery.Status.RETRIED and "worker stopped" in abandoned.error
    retry = next_attempt_of(abandoned, make_due=False)
    assert queued(callbacks) == [(retry.pk, 30)]
    lost.refresh_from_db()
    assert lost.status == Delivery.Status.SCHEDULED  # sent to the broker again; the claim makes that harmless


def test_retry_now_pushes_a_failed_delivery_of_the_current_feed_again(channel, django_capture_on_commit_callbacks):
    port = free_port()
    destination = destination_make(channel, kind=Destination.Kind.HTTP, url=f"http://127.0.0.1:{port}/upload")
    with override_settings(PIM_DELIVERY_MAX_ATTEMPTS=1):
        failed = attempt(start_one(published_run(channel)))
    assert failed.status == Delivery.Status.FAILED
    with django_capture_on_commit_callbacks() as callbacks:
        again = delivery_retry_now(delivery_id=failed.pk)
    assert again.attempt == 2 and again.previous_id == failed.pk and queued(callbacks) == [(again.pk, 0)]
    assert delivery_retry_now(delivery_id=again.pk) is None  # only failed ones
    Destination.objects.filter(pk=destination.pk).update(kind=Destination.Kind.FILESYSTEM, remote_path="x")
    again = attempt(again)
    assert again.status == Delivery.Status.SUCCEEDED and again.target == f"file:x/{channel.file_name}"  # corrected
    published_run(channel)  # a newer feed: the old failure is not pushed again
    assert delivery_retry_now(delivery_id=failed.pk) is None


def test_the_task_is_registered_and_runs_the_attempt(channel):
    # A fresh process, as a worker starts: Django's setup alone must register the tasks (not this test's imports).
    registered = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from pim.celery import app; "
                               "print(sorted(name for name in app.tasks if 'deliver' in name))"],
        capture_output=True, text=True, check=True, env={**os.environ, "DJANGO_SETTINGS_MODULE": "pim.settings"},
    ).stdout
    assert "syndication.delivery_tasks.delivery_push" in registered
    assert "syndication.delivery_tasks.deliveries_sweep" in registered
    assert "syndication.delivery_tasks.delivery_push" in app.tasks
    folder_destination(channel)
    delivery = start_one(published_run(channel))
    delivery_push.apply(args=(delivery.pk,))  # the task body, in this process
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SUCCEEDED and delivery.bytes == len(FEED_BYTES)


@pytest.mark.parametrize(("fields", "field", "code"), [
    ({"kind": "sftp", "username": "feeds", "password": "x"}, "host", "required"),
    ({"kind": "sftp", "host": "h", "username": "feeds"}, "password", "credentials_required"),
    ({"kind": "sftp", "host": "h", "username": "u", "password": "x", "host_key_fingerprint": "MD5:ab"},
     "host_key_fingerprint", "invalid_fingerprint"),
    ({"kind": "http", "url": "ftp://example.com/x"}, "url", "invalid_url"),
    ({"kind": "http", "url": "https://user:pw@example.com/x"}, "url", "url_credentials"),
    ({"kind": "http", "url": "https://example.com/x", "http_auth": "bearer"}, "token", "required"),
    ({"kind": "http", "url": "https://example.com/x", "http_auth": "basic", "username": "u"}, "password",
     "required"),
    ({"kind": "s3"}, "bucket", "required"),
    ({"kind": "s3", "bucket": "b", "access_key_id": "AKIA"}, "access_key_id", "access_key_pair"),
    ({"kind": "filesystem", "remote_path": "../../etc"}, "remote_path", "remote_path_parent"),
    ({"kind": "filesystem", "remote_path": "/etc"}, "remote_path", "remote_path_absolute"),
    ({"kind": "filesystem", "remote_name": "a/b.xml"}, "remote_name", "remote_name_invalid"),
])
def test_destination_validation_names_the_field(channel, fields, field, code):
    with pytest.raises(ValidationError) as raised:
        destination_make(channel, **fields)
    assert code in [error.code for error in raised.value.error_dict[field]]
    assert not Destination.objects.exists()


def test_fingerprints_are_accepted_as_ssh_keygen_prints_them(channel):
    fingerprint = "SHA256:" + "A" * 43
    destination = destination_make(channel, kind="sftp", host="h", username="u", password="x",
                                   host_key_fingerprint=f"256 {fingerprint}= root@host (ED25519)")
    assert destination.host_key_fingerprint == fingerprint


@pytest.mark.parametrize(("text", "message"), [
    ("not a key", "not a private key"),
    ("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----", "not a private key"),
])
def test_private_keys_that_cannot_be_used_are_refused(text, message):
    with pytest.raises(PrivateKeyInvalid, match=message):
        private_key_load(text)


def test_passphrase_protected_keys_are_refused_with_advice():
    text = ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
        serialization.BestAvailableEncryption(b"passphrase")).decode()
    with pytest.raises(PrivateKeyInvalid, match="passphrase"):
        private_key_load(text)


def test_delivery_attempt_does_nothing_before_its_time(channel):
    folder_destination(channel)
    delivery = start_one(published_run(channel))
    Delivery.objects.filter(pk=delivery.pk).update(scheduled_for=timezone.now() + timedelta(minutes=2))
    assert delivery_attempt(delivery_id=delivery.pk) is None
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SCHEDULED


def test_a_destination_deleted_during_its_push_takes_its_log_along_quietly(channel):
    destination = folder_destination(channel)
    claimed = _claim(start_one(published_run(channel)).pk)
    destination_delete(destination_id=destination.pk)
    recorded = _record(claimed, result=None, error="connection lost", retry=True, duration=0.5)
    assert recorded.pk == claimed.pk and not Delivery.objects.exists()


def test_a_successful_run_pushes_its_file_to_every_active_destination(shop, locales, tmp_path, feeds_root,
                                                                       django_capture_on_commit_callbacks):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    folder_destination(channel)
    folder_destination(channel, remote_path="stopped", active=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = run_channel(channel)
    (delivery,) = Delivery.objects.filter(run=run)
    assert [delivery_id for delivery_id, _countdown in queued(callbacks)] == [delivery.pk]
    assert attempt(delivery).status == Delivery.Status.SUCCEEDED
    assert (tmp_path / "outbox" / "google-pl" / run.file_name).read_bytes() == published_bytes(run, feeds_root)
