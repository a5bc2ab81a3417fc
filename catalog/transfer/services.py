"""ImportJob writes: upload, dry run (the preview), apply. Small files run during the request; files with more
rows than settings.PIM_IMPORT_SYNC_ROWS run on the Celery worker (catalog.tasks), queued once the job is committed.

Each phase is claimed with one UPDATE (a duplicate task message claims nothing); progress and a heartbeat are
written after every chunk, and a phase whose worker stopped reporting can be claimed again, which is safe because an
import is idempotent. Departure from "one transaction per service": the phases commit chunk by chunk (see
catalog.transfer.applying), and the job row is updated outside those transactions so the admin sees progress.
"""

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import ImportJob

from .applying import PLAN
from .outcome import Outcome, rejected_rows_write
from .planning import file_import
from .reading import XLSX, ImportFileError, SourceTable, file_format, rows_estimate

logger = logging.getLogger(__name__)
Status = ImportJob.Status


def import_job_create(*, file: UploadedFile, mode: str = ImportJob.Mode.SKIP_BAD_ROWS, user=None) -> ImportJob:
    """Store the upload and start its dry run: now for a small file, on the worker for a large one."""
    size = getattr(file, "size", None) or 0
    if size > settings.PIM_IMPORT_MAX_BYTES:
        raise ValidationError({"file": ValidationError(
            _("The file is %(value)s bytes, above the limit of %(max)s bytes. Split it into smaller files."),
            code="too_large", params={"value": size, "max": settings.PIM_IMPORT_MAX_BYTES})})
    if mode not in ImportJob.Mode.values:
        raise ValidationError({"mode": ValidationError(_("%(value)s is not an import mode."), code="invalid_mode",
                                                       params={"value": mode})})
    name = os.path.basename(getattr(file, "name", "") or "import.csv")[:200]
    with transaction.atomic():
        job = ImportJob(original_name=name, mode=mode, user=user if user and user.is_authenticated else None)
        job.file.save(name, file, save=False)
        with _local_path(job) as path:
            try:
                job.format = file_format(path)
                job.total_rows = rows_estimate(path)
            except ImportFileError:  # an .xls: the dry run reports it
                job.total_rows = 0
        job.save()
        background = job.total_rows > settings.PIM_IMPORT_SYNC_ROWS
        if background:
            from catalog.tasks import import_job_plan_run  # tasks import the services lazily; no cycle

            transaction.on_commit(partial(import_job_plan_run.delay, job.pk))
    if not background:
        job = import_job_plan(job_id=job.pk)
    return job


def import_job_plan(*, job_id: int) -> ImportJob:
    """The dry run; does nothing unless it claims the job (uploaded, or planning with a silent worker)."""
    if not _claim(job_id, waiting=Status.UPLOADED, running=Status.PLANNING):
        return ImportJob.objects.get(pk=job_id)
    return _phase_run(job_id, mode=PLAN)


def import_job_apply_start(*, job_id: int, mode: str | None = None, user=None) -> ImportJob:
    """Apply a checked job (in ``mode``, by default the one chosen at upload): now when small, else on the worker."""
    if mode is not None and mode not in ImportJob.Mode.values:
        raise ValidationError({"mode": ValidationError(_("%(value)s is not an import mode."), code="invalid_mode",
                                                       params={"value": mode})})
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status != Status.PLANNED:
            raise ValidationError(_("Import %(value)s cannot be applied: it is %(status)s."), code="not_planned",
                                  params={"value": job.original_name, "status": job.get_status_display()})
        job.mode = mode or job.mode
        job.status, job.started_at, job.error = Status.APPLYING, None, ""
        if user is not None and user.is_authenticated:
            job.user = user
        job.save(update_fields=["mode", "status", "started_at", "error", "user"])
        background = job.total_rows > settings.PIM_IMPORT_SYNC_ROWS
        if background:
            from catalog.tasks import import_job_apply_run

            transaction.on_commit(partial(import_job_apply_run.delay, job.pk))
    return job if background else import_job_apply(job_id=job.pk)


def import_job_apply(*, job_id: int) -> ImportJob:
    """Apply; does nothing unless it claims the job (applying and not started, or started with a silent worker)."""
    if not _claim(job_id, waiting=None, running=Status.APPLYING):
        return ImportJob.objects.get(pk=job_id)
    return _phase_run(job_id, mode=ImportJob.objects.values_list("mode", flat=True).get(pk=job_id))


# -- running a phase --------------------------------------------------------------------------------------------


def _claim(job_id: int, *, waiting: str | None, running: str) -> bool:
    now = timezone.now()
    stale = now - timedelta(seconds=settings.PIM_IMPORT_STALE_SECONDS)
    claimable = Q(status=running, started_at__isnull=True) | Q(status=running, heartbeat_at__lt=stale)
    if waiting is not None:
        claimable |= Q(status=waiting)
    return bool(ImportJob.objects.filter(claimable, pk=job_id).update(
        status=running, started_at=now, heartbeat_at=now, finished_at=None))


def _phase_run(job_id: int, *, mode: str) -> ImportJob:
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    progress = _ProgressWriter(job_id)
    try:
        with _local_path(job) as path:
            table, outcome = file_import(path=path, mode=mode, user=job.user, progress=progress)
    except ImportFileError as error:
        return _finish(job, status=Status.FAILED, error="\n".join(error.problems))
    except Exception as error:  # recorded on the job for the admin; the worker log has the traceback
        logger.exception("import job %s failed", job_id)
        return _finish(job, status=Status.FAILED, error=_("The import stopped: %(reason)s") % {"reason": error})
    finally:
        progress.close()
    if mode == PLAN:
        status, error = Status.PLANNED, ""
    elif outcome.saved:
        status, error = Status.DONE, ""
    else:  # all or nothing, and something was rejected: nothing was saved; the job can be applied again
        status = Status.PLANNED
        error = _("Nothing was saved: %(count)s rows were rejected and the mode is all or nothing. Fix the rejected "
                  "rows and upload the file again, or apply with \"skip bad rows\".") % {"count": len(outcome.rejected)}
    return _finish(job, status=status, error=error, table=table, outcome=outcome)


def _finish(job: ImportJob, *, status: str, error: str = "", table: SourceTable | None = None,
            outcome: Outcome | None = None) -> ImportJob:
    job.status, job.error, job.finished_at = status, error, timezone.now()
    if outcome is not None:
        summary = outcome.summary()
        job.total_rows, job.rows_done = outcome.total_rows, outcome.rows_done
        job.created_count, job.updated_count = summary["created"], summary["updated"]
        job.unchanged_count, job.rejected_count = summary["unchanged"], summary["rejected"]
        job.rejections, job.changes, job.applied = outcome.rejection_sample(), outcome.changes, outcome.saved
        if job.rejected_file:
            job.rejected_file.delete(save=False)
        if outcome.rejected and table is not None:
            with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as stream:
                rejected_rows_write(table=table, outcome=outcome, stream=stream)
                stream.seek(0)
                stem = os.path.splitext(job.original_name)[0][:150]
                job.rejected_file.save(f"{stem}-rejected.csv", File(stream), save=False)
    job.save()
    return job


class _ProgressWriter:
    """Writes rows_done and the heartbeat after each chunk. Inside an all-or-nothing transaction, the write goes
    through a second connection (PostgreSQL), or is skipped (SQLite has one writer at a time: the import)."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.side = None

    def __call__(self, outcome: Outcome, in_transaction: bool) -> None:
        now = timezone.now()
        if not in_transaction:
            ImportJob.objects.filter(pk=self.job_id).update(rows_done=outcome.rows_done,
                                                            total_rows=outcome.total_rows, heartbeat_at=now)
            return
        if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.side.cursor() as cursor:  # autocommit: visible at once
            cursor.execute(f"UPDATE {ImportJob._meta.db_table} SET rows_done = %s, total_rows = %s, "
                           "heartbeat_at = %s WHERE id = %s",
                           [outcome.rows_done, outcome.total_rows, now, self.job_id])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


@contextlib.contextmanager
def _local_path(job: ImportJob) -> Iterator[str]:
    """A path on this machine: the file itself with local storage, a temporary copy with S3 and the like
    (openpyxl needs to seek)."""
    try:
        path = job.file.path
    except NotImplementedError:
        path = None
    if path and os.path.exists(path):
        yield path
        return
    suffix = ".xlsx" if job.format == XLSX else ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        with job.file.open("rb") as source:
            shutil.copyfileobj(source, copy)
        copy.flush()
        yield copy.name

