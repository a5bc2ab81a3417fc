"""Publishing: immutable files per run, gzip copy, pointer flip, pruning, and failures that leave nothing behind."""

import gzip
import hashlib

import pytest

from syndication.formats.google_merchant import GoogleMerchantWriter
from syndication.models import Channel, FeedRun
from syndication.services import feed_run_create, feed_run_execute
from tests.syndication.conftest import channel_for, run_channel


def all_files(root) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def channel(shop, locales):
    return channel_for(shop, locales, format="google_merchant", code="google-pl", keep_runs=2)


def test_a_run_stores_the_file_its_gzip_copy_and_their_digests(channel, feeds_root):
    run = run_channel(channel)
    plain = (feeds_root / run.storage_path).read_bytes()
    packed = (feeds_root / run.gzip_storage_path).read_bytes()
    assert run.storage_path == f"google-pl/{run.pk}/google-google-pl.xml"
    assert run.gzip_storage_path == f"{run.storage_path}.gz"
    assert gzip.decompress(packed) == plain
    assert (run.sha256, run.bytes) == (hashlib.sha256(plain).hexdigest(), len(plain))
    assert (run.gzip_sha256, run.gzip_bytes) == (hashlib.sha256(packed).hexdigest(), len(packed))
    channel.refresh_from_db()
    assert channel.current_run_id == run.pk
    assert all_files(feeds_root) == {run.storage_path, run.gzip_storage_path}


def test_older_files_are_pruned_beyond_keep_runs(channel, feeds_root):
    runs = [run_channel(channel) for _ in range(4)]
    kept = all_files(feeds_root)
    assert kept == {path for run in runs[-2:] for path in (run.storage_path, run.gzip_storage_path)}
    assert set(FeedRun.objects.filter(storage_path="").values_list("pk", flat=True)) == {runs[0].pk, runs[1].pk}


def test_a_run_failing_mid_write_leaves_the_previous_feed_served(channel, feeds_root, monkeypatch):
    previous = run_channel(channel)
    before = {path: (feeds_root / path).read_bytes() for path in all_files(feeds_root)}
    original = GoogleMerchantWriter.write_item
    written = []

    def write_item_then_fail(self, item):
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(item.sku)
        original(self, item)

    monkeypatch.setattr(GoogleMerchantWriter, "write_item", write_item_then_fail)
    failed = run_channel(channel)
    assert failed.status == FeedRun.Status.FAILED
    assert "No space left on device" in failed.error and failed.finished_at is not None
    assert failed.storage_path == "" and failed.sha256 == ""
    channel.refresh_from_db()
    assert channel.current_run_id == previous.pk
    # Byte-identical previous files and not one stray temporary or partial file.
    assert {path: (feeds_root / path).read_bytes() for path in all_files(feeds_root)} == before
    assert [path.name for path in (feeds_root / "google-pl").iterdir()] == [str(previous.pk)]


def test_a_failure_in_the_flip_transaction_removes_the_run_files(channel, feeds_root, monkeypatch):
    previous = run_channel(channel)
    before = all_files(feeds_root)

    def refuse(*args, **kwargs):
        raise RuntimeError("database went away")

    failed_run = feed_run_create(channel=channel, trigger=FeedRun.Trigger.MANUAL)
    monkeypatch.setattr(FeedRun, "save", refuse)
    result = feed_run_execute(run_id=failed_run.pk)
    assert result.status == FeedRun.Status.FAILED and "database went away" in result.error
    assert all_files(feeds_root) == before
    assert Channel.objects.get(pk=channel.pk).current_run_id == previous.pk


def test_a_duplicate_message_claims_nothing(channel):
    run = feed_run_create(channel=channel, trigger=FeedRun.Trigger.SCHEDULE)
    assert feed_run_execute(run_id=run.pk).status == FeedRun.Status.SUCCEEDED
    assert feed_run_execute(run_id=run.pk) is None
    assert FeedRun.objects.get(pk=run.pk).status == FeedRun.Status.SUCCEEDED


def test_an_older_run_finishing_last_does_not_replace_a_newer_feed(channel):
    older = feed_run_create(channel=channel, trigger=FeedRun.Trigger.MANUAL)
    newer = feed_run_create(channel=channel, trigger=FeedRun.Trigger.MANUAL)
    feed_run_execute(run_id=newer.pk)
    feed_run_execute(run_id=older.pk)
    channel.refresh_from_db()
    assert channel.current_run_id == newer.pk


def test_a_request_is_queued_only_when_its_transaction_commits(channel, monkeypatch,
                                                               django_capture_on_commit_callbacks):
    from syndication import tasks
    from syndication.services import feed_run_request

    queued = []
    monkeypatch.setattr(tasks.feed_run_generate, "delay", queued.append)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = feed_run_request(channel=channel, trigger=FeedRun.Trigger.MANUAL)
        assert queued == []
    assert run.status == FeedRun.Status.QUEUED and len(callbacks) == 1
    callbacks[0]()
    assert queued == [run.pk]
    tasks.feed_run_generate(run.pk)  # what the worker runs: the task body claims and executes the run
    assert FeedRun.objects.get(pk=run.pk).status == FeedRun.Status.SUCCEEDED


def test_temporaries_of_a_killed_run_are_swept_later(channel, feeds_root, settings):
    import os
    import time

    settings.PIM_FEED_STALE_TEMP_SECONDS = 3600
    channel_dir = feeds_root / "google-pl"
    channel_dir.mkdir(parents=True)
    stale, fresh = channel_dir / ".tmp-1-abc", channel_dir / ".tmp-2-def"
    stale.write_bytes(b"<rss><chan")
    fresh.write_bytes(b"<rss>")  # another run still writing
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    run = run_channel(channel)
    assert not stale.exists() and fresh.exists()
    assert run.status == FeedRun.Status.SUCCEEDED
