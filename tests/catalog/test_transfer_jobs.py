# ruff: noqa: F811 - fixtures are imported from tests.catalog.transfer_support / admin_pages and used as arguments
"""Import jobs: upload -> dry run -> apply through the services, in the request or on the worker (the Celery task
functions called directly), claims that make a duplicate message harmless, the admin pages, and import_catalog."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from catalog.models import ImportJob, Price, ProductTranslation, StockLevel, Variant
from catalog.tasks import import_job_apply_run, import_job_plan_run
from catalog.transfer.services import import_job_apply, import_job_apply_start, import_job_create, import_job_plan
from tests.catalog.admin_pages import admin_client, admin_user  # noqa: F401
from tests.catalog.transfer_support import (
    catalog_dump,
    csv_rows,
    csv_write,
    exported_rows,
    shop,  # noqa: F401
)
from tests.factories import gtin13_for

pytestmark = pytest.mark.django_db
Status = ImportJob.Status


def _file_rows() -> list[dict[str, str]]:
    """A good change on line 2 (stock), a bad GTIN on line 4."""
    rows = exported_rows()
    rows[0]["stock@warehouse"] = "40"
    rows[2]["gtin"] = "5901234123458"
    return rows


def _upload(tmp_path, rows=None, name: str = "changes.csv") -> SimpleUploadedFile:
    path = csv_write(tmp_path / name, rows or _file_rows())
    return SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")


def _warehouse_stock() -> int:
    return StockLevel.objects.get(variant__sku="TS-BLUE-S", location__code="warehouse").quantity


def test_a_small_upload_is_checked_at_once_and_changes_nothing(shop, tmp_path, admin_user):
    before = catalog_dump()

    job = import_job_create(file=_upload(tmp_path), mode=ImportJob.Mode.SKIP_BAD_ROWS, user=admin_user)

    assert catalog_dump() == before
    assert (job.status, job.applied, job.format, job.total_rows, job.rows_done) == (Status.PLANNED, False, "csv", 4, 4)
    assert (job.created_count, job.updated_count, job.unchanged_count, job.rejected_count) == (0, 1, 2, 1)
    assert [(row["line"], row["field"], row["value"]) for row in job.rejections] == [(4, "gtin", "5901234123458")]
    assert job.file.name.startswith("imports/")
    rejected = csv_rows(job.rejected_file.read().decode())
    assert [(row["line"], row["sku"]) for row in rejected] == [("4", "TS-RED-S")]


def test_applying_skips_the_bad_rows_and_lists_them(shop, tmp_path, admin_user):
    job = import_job_create(file=_upload(tmp_path), mode=ImportJob.Mode.SKIP_BAD_ROWS, user=admin_user)

    job = import_job_apply_start(job_id=job.pk, user=admin_user)

    assert (job.status, job.applied, job.updated_count, job.rejected_count) == (Status.DONE, True, 1, 1)
    assert _warehouse_stock() == 40
    assert job.changes == [{"line": 2, "action": "updated", "sku": "TS-BLUE-S", "columns": ["stock@warehouse"]}]
    with pytest.raises(ValidationError, match="cannot be applied"):
        import_job_apply_start(job_id=job.pk, user=admin_user)


def test_all_or_nothing_keeps_the_job_appliable_and_saves_nothing(shop, tmp_path, admin_user):
    job = import_job_create(file=_upload(tmp_path), mode=ImportJob.Mode.ALL_OR_NOTHING, user=admin_user)
    before = catalog_dump()

    job = import_job_apply_start(job_id=job.pk, user=admin_user)

    assert catalog_dump() == before
    assert (job.status, job.applied, job.rejected_count) == (Status.PLANNED, False, 1)
    assert "Nothing was saved: 1 rows were rejected" in job.error

    job = import_job_apply_start(job_id=job.pk, mode=ImportJob.Mode.SKIP_BAD_ROWS, user=admin_user)
    assert (job.status, job.applied) == (Status.DONE, True)
    assert _warehouse_stock() == 40


def test_a_large_file_is_planned_and_applied_by_the_worker(shop, tmp_path, admin_user, settings,
                                                           django_capture_on_commit_callbacks):
    settings.PIM_IMPORT_SYNC_ROWS = 2
    with django_capture_on_commit_callbacks() as queued:
        job = import_job_create(file=_upload(tmp_path), user=admin_user)
    assert job.status == Status.UPLOADED
    assert [callback.func for callback in queued] == [import_job_plan_run.delay]

    import_job_plan_run(job.pk)
    import_job_plan_run(job.pk)  # the same message delivered twice: the second claims nothing

    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rejected_count) == (Status.PLANNED, 4, 1)
    with django_capture_on_commit_callbacks() as queued:
        job = import_job_apply_start(job_id=job.pk, user=admin_user)
    assert (job.status, [callback.func for callback in queued]) == (Status.APPLYING, [import_job_apply_run.delay])
    assert _warehouse_stock() == 12

    import_job_apply_run(job.pk)
    finished_at = ImportJob.objects.get(pk=job.pk).finished_at
    import_job_apply_run(job.pk)

    job.refresh_from_db()
    assert (job.status, job.applied, job.updated_count, job.finished_at) == (Status.DONE, True, 1, finished_at)
    assert _warehouse_stock() == 40


def test_a_phase_whose_worker_went_silent_is_taken_over(shop, tmp_path, admin_user, settings):
    settings.PIM_IMPORT_SYNC_ROWS = 2
    job = import_job_create(file=_upload(tmp_path), user=admin_user)
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.PIM_IMPORT_STALE_SECONDS + 60)
    ImportJob.objects.filter(pk=job.pk).update(status=Status.PLANNING, started_at=long_ago, heartbeat_at=long_ago)

    assert import_job_plan(job_id=job.pk).status == Status.PLANNED

    ImportJob.objects.filter(pk=job.pk).update(status=Status.APPLYING, started_at=timezone.now(),
                                               heartbeat_at=timezone.now())
    assert import_job_apply(job_id=job.pk).status == Status.APPLYING  # alive: left to its worker
    assert _warehouse_stock() == 12


def test_a_bad_file_fails_the_job_with_its_reason(shop, tmp_path, admin_user):
    upload = SimpleUploadedFile("latin.csv", "product_code,sku,title@en\r\nTSHIRT,TS-BLUE-S,Café\r\n"
                                .encode("latin-1"))
    job = import_job_create(file=upload, user=admin_user)
    assert job.status == Status.FAILED
    assert "not UTF-8" in job.error


def test_an_upload_over_the_size_limit_is_refused_before_it_is_stored(shop, tmp_path, settings):
    settings.PIM_IMPORT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="above the limit"):
        import_job_create(file=_upload(tmp_path))
    assert not ImportJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_progress_inside_an_all_or_nothing_transaction_is_visible_on_postgresql(shop, tmp_path, admin_user):
    from django.db import connection, transaction

    from catalog.transfer.outcome import Outcome
    from catalog.transfer.services import _ProgressWriter

    job = import_job_create(file=_upload(tmp_path), user=admin_user)
    writer = _ProgressWriter(job.pk)
    try:
        with transaction.atomic():  # the import's one transaction
            writer(Outcome(total_rows=10, rows_done=7), True)
            seen = ImportJob.objects.values_list("rows_done", flat=True).get(pk=job.pk)
    finally:
        writer.close()
    # PostgreSQL: written through a second connection and committed at once; SQLite (one writer at a time): skipped.
    assert seen == (7 if connection.vendor == "postgresql" else 4)


# -- admin ------------------------------------------------------------------------------------------------------


def test_admin_upload_preview_apply_and_download(shop, tmp_path, admin_client):
    changelist = admin_client.get(reverse("admin:catalog_product_changelist"))
    assert reverse("admin:catalog_importjob_add") in changelist.content.decode()
    assert admin_client.get(reverse("admin:catalog_importjob_add")).status_code == 200

    response = admin_client.post(reverse("admin:catalog_importjob_add"), {
        "file": _upload(tmp_path), "mode": ImportJob.Mode.SKIP_BAD_ROWS})

    job = ImportJob.objects.get()
    assert response.url == reverse("admin:catalog_importjob_change", args=[job.pk])
    preview = admin_client.get(response.url).content.decode()
    assert "Dry run: what applying this file would do" in preview
    assert "5901234123458" in preview and "the check digit is wrong" in preview
    assert 'id="pim-import-apply"' in preview
    progress = admin_client.get(reverse("admin:catalog_importjob_progress", args=[job.pk])).json()
    assert progress == {"status": "planned", "busy": False, "rows_done": 4, "total_rows": 4, "percent": 100}

    response = admin_client.post(reverse("admin:catalog_importjob_apply", args=[job.pk]),
                                 {"mode": ImportJob.Mode.SKIP_BAD_ROWS}, follow=True)

    page = response.content.decode()
    assert "Import applied: 0 rows created, 1 updated, 2 unchanged, 1 rejected." in page
    assert "Result" in page and 'id="pim-import-apply"' not in page
    assert _warehouse_stock() == 40
    download = admin_client.get(reverse("admin:catalog_importjob_rejected", args=[job.pk]))
    rejected = csv_rows(b"".join(download.streaming_content).decode())
    assert [(row["line"], row["sku"]) for row in rejected] == [("4", "TS-RED-S")]
    assert "gtin:" in rejected[0]["reason"]


def test_admin_upload_of_a_file_that_is_too_large_shows_the_error(shop, tmp_path, admin_client, settings):
    settings.PIM_IMPORT_MAX_BYTES = 100
    response = admin_client.post(reverse("admin:catalog_importjob_add"), {
        "file": _upload(tmp_path), "mode": ImportJob.Mode.SKIP_BAD_ROWS})
    assert response.status_code == 200
    assert "above the limit of 100 bytes" in response.content.decode()


def test_a_busy_job_page_polls_its_progress(shop, tmp_path, admin_client, admin_user, settings):
    settings.PIM_IMPORT_SYNC_ROWS = 2
    job = import_job_create(file=_upload(tmp_path), user=admin_user)
    page = admin_client.get(reverse("admin:catalog_importjob_change", args=[job.pk])).content.decode()
    assert "pim/import_progress.js" in page and 'id="pim-import-progress"' in page


def test_a_viewer_sees_the_job_but_cannot_apply_it(shop, tmp_path, client, django_user_model, admin_user):
    from django.contrib.auth.models import Permission

    job = import_job_create(file=_upload(tmp_path), user=admin_user)
    viewer = django_user_model.objects.create_user(username="viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_importjob"))
    client.force_login(viewer)

    page = client.get(reverse("admin:catalog_importjob_change", args=[job.pk])).content.decode()
    assert 'id="pim-import-apply"' not in page
    assert client.post(reverse("admin:catalog_importjob_apply", args=[job.pk]),
                       {"mode": "skip_bad_rows"}).status_code == 403
    assert client.get(reverse("admin:catalog_importjob_add")).status_code == 403
    assert _warehouse_stock() == 12


# -- command ----------------------------------------------------------------------------------------------------


def _command(*args: str) -> str:
    output = io.StringIO()
    call_command("import_catalog", *args, stdout=output)
    return output.getvalue()


def test_import_catalog_is_a_dry_run_unless_told_to_apply(shop, tmp_path):
    path = csv_write(tmp_path / "changes.csv", _file_rows())
    before = catalog_dump()

    output = _command(str(path))

    assert catalog_dump() == before
    assert "Dry run (nothing was saved): 4 rows, 0 created, 1 updated, 2 unchanged, 1 rejected" in output
    assert "line 4: gtin: 5901234123458 is not a valid GTIN" in output

    output = _command(str(path), "--apply", "--rejected-out", str(tmp_path / "rejected.csv"))

    assert "Import applied" in output and _warehouse_stock() == 40
    rejected = csv_rows((tmp_path / "rejected.csv").read_text(encoding="utf-8"))
    rejected[0]["gtin"] = gtin13_for(9400)
    fixed = csv_write(tmp_path / "fixed.csv", rejected)
    assert "1 updated, 0 unchanged, 0 rejected" in _command(str(fixed), "--apply")
    assert Variant.objects.get(sku="TS-RED-S").gtin == gtin13_for(9400)


def test_import_catalog_all_or_nothing_and_bad_files_fail_loudly(shop, tmp_path):
    path = csv_write(tmp_path / "changes.csv", _file_rows())
    with pytest.raises(CommandError, match="Nothing was saved"):
        _command(str(path), "--apply", "--mode", "all_or_nothing")
    assert _warehouse_stock() == 12

    with pytest.raises(CommandError, match="colour is not a column"):
        _command(str(csv_write(tmp_path / "bad.csv", [{"product_code": "X", "sku": "Y", "colour": "red"}])))
    with pytest.raises(CommandError, match="There is no file"):
        _command(str(tmp_path / "missing.csv"))
    assert Price.objects.count() == 4 and ProductTranslation.objects.count() == 3
