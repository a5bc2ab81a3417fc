"""Publish: write the feed to a temporary file beside the stored ones, then store it immutably under the run.

A reader sees the old feed or the new one, never half of one: the files are complete (and fsynced) before the
channel's current-run pointer flips, in one short transaction. On any failure every file of the run is removed.
"""

import contextlib
import gzip
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from syndication.formats.registry import format_get
from syndication.models import Channel, FeedRun
from syndication.pipeline import RunCounters, feed_items

TEMP_PREFIX = ".tmp-"


def feeds_root() -> Path:
    return Path(settings.PIM_FEEDS_ROOT)


def _digest(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as stream:
        while block := stream.read(1024 * 1024):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _gzip_copy(source: Path, target: Path, *, name: str) -> None:
    # mtime=0: the same feed gives the same .gz bytes, so its ETag only changes with the content.
    with source.open("rb") as plain, target.open("wb") as raw, \
            gzip.GzipFile(filename=name, mode="wb", fileobj=raw, mtime=0) as packed:
        shutil.copyfileobj(plain, packed, 1024 * 1024)
    with target.open("rb+") as written:
        os.fsync(written.fileno())


def _stale_temporaries_remove(channel_dir: Path) -> None:
    """Temporary files of a run killed mid-write (no except clause ran) are swept by a later run."""
    cutoff = time.time() - settings.PIM_FEED_STALE_TEMP_SECONDS
    for path in channel_dir.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()


def feed_run_publish(*, run: FeedRun, progress: Callable[[int], None] | None = None,
                     chunk_size: int | None = None) -> FeedRun:
    """Generate, store and publish the run's feed; raises (having removed its files) if anything fails."""
    channel = run.channel
    spec, writer_class = format_get(channel.format)
    file_name = spec.file_name(channel.code)
    channel_dir = feeds_root() / channel.code
    channel_dir.mkdir(parents=True, exist_ok=True)
    _stale_temporaries_remove(channel_dir)
    run_dir = channel_dir / str(run.pk)
    temporaries: list[Path] = []
    counters = RunCounters()
    generated_at = run.started_at or timezone.now()
    try:
        descriptor, temp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{run.pk}-", dir=channel_dir)
        plain_temp = Path(temp_name)
        temporaries.append(plain_temp)
        with os.fdopen(descriptor, "wb") as stream:
            writer = writer_class(stream=stream, channel=channel, spec=spec, generated_at=generated_at)
            counters.items_written = writer.write(feed_items(
                run=run, channel=channel, spec=spec, counters=counters, now=generated_at, progress=progress,
                chunk_size=chunk_size))
            stream.flush()
            os.fsync(stream.fileno())
        gzip_temp = channel_dir / f"{TEMP_PREFIX}{run.pk}-{plain_temp.name[len(TEMP_PREFIX):]}.gz"
        temporaries.append(gzip_temp)
        _gzip_copy(plain_temp, gzip_temp, name=file_name)
        sha256, size = _digest(plain_temp)
        gzip_sha256, gzip_size = _digest(gzip_temp)

        run_dir.mkdir()
        os.replace(plain_temp, run_dir / file_name)
        os.replace(gzip_temp, run_dir / f"{file_name}.gz")
        relative = f"{channel.code}/{run.pk}/{file_name}"
        with transaction.atomic():
            run.status, run.finished_at = FeedRun.Status.SUCCEEDED, timezone.now()
            run.items_written, run.items_skipped, run.warnings = (
                counters.items_written, counters.items_skipped, counters.warnings)
            run.bytes, run.gzip_bytes, run.sha256, run.gzip_sha256 = size, gzip_size, sha256, gzip_sha256
            run.file_name, run.storage_path, run.gzip_storage_path = file_name, relative, f"{relative}.gz"
            run.error = ""
            run.save()
            # A slower, older run finishing last must not replace a newer feed.
            Channel.objects.filter(pk=channel.pk).filter(
                Q(current_run__isnull=True) | Q(current_run_id__lt=run.pk)).update(current_run=run)
    except BaseException:
        for path in temporaries:
            with contextlib.suppress(OSError):
                path.unlink()
        shutil.rmtree(run_dir, ignore_errors=True)
        run.items_written, run.items_skipped, run.warnings = (
            counters.items_written, counters.items_skipped, counters.warnings)
        raise
    old_runs_prune(channel_id=channel.pk)
    return run


def old_runs_prune(*, channel_id: int) -> list[int]:
    """Delete the files of succeeded runs beyond the channel's keep_runs (never the current one); rows stay."""
    channel = Channel.objects.get(pk=channel_id)
    stored = list(FeedRun.objects.filter(channel_id=channel_id, status=FeedRun.Status.SUCCEEDED)
                  .exclude(storage_path="").order_by("-id").values_list("pk", flat=True))
    pruned = [run_id for run_id in stored[channel.keep_runs:] if run_id != channel.current_run_id]
    for run_id in pruned:
        shutil.rmtree(feeds_root() / channel.code / str(run_id), ignore_errors=True)
    if pruned:
        FeedRun.objects.filter(pk__in=pruned).update(storage_path="", gzip_storage_path="")
    return pruned
