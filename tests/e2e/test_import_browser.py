# ruff: noqa: F811 - the shop fixture is imported from tests.catalog.transfer_support and used as an argument
"""A merchandiser imports a spreadsheet in a real browser: uploads a CSV with one bad row, reads the preview (the
rejected row's line, column and reason), applies it skipping the bad row and sees the result; and a large file
checked by the worker, whose page follows the progress by itself."""

import re

import pytest
from django.urls import reverse

from catalog.models import ImportJob, StockLevel
from catalog.tasks import import_job_plan_run
from tests.catalog.transfer_support import csv_write, exported_rows, shop  # noqa: F401
from tests.factories import SuperUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


@pytest.fixture
def merchandiser(db):
    return SuperUserFactory(username="anna")


def _log_in(page, live_server) -> None:
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "anna")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def _file(tmp_path) -> dict:
    rows = exported_rows()
    rows[0]["stock@warehouse"] = "40"  # line 2: good
    rows[2]["gtin"] = "5901234123458"  # line 4: wrong check digit
    path = csv_write(tmp_path / "stock.csv", rows)
    return {"name": "stock.csv", "mimeType": "text/csv", "buffer": path.read_bytes()}


def _warehouse_stock() -> int:
    return StockLevel.objects.get(variant__sku="TS-BLUE-S", location__code="warehouse").quantity


def test_upload_preview_and_apply_skipping_the_bad_row(page, live_server, merchandiser, shop, tmp_path):
    _log_in(page, live_server)
    page.goto(live_server.url + reverse("admin:catalog_product_changelist"))
    page.click("text=Import products")
    page.set_input_files("#id_file", files=[_file(tmp_path)])
    page.click("input[type=submit][value='Upload and check']")

    page.wait_for_url(re.compile(r"/admin/catalog/importjob/\d+/change/$"))
    assert page.locator(".pim-import-counts tr.pim-rejected td").inner_text() == "1"
    assert page.locator(".pim-import-counts tr.pim-updated td").inner_text() == "1"
    rejected = page.locator("#pim-import-rejections tbody tr")
    assert rejected.count() == 1
    assert rejected.locator(".pim-line").inner_text() == "4"
    assert rejected.locator(".pim-field").inner_text() == "gtin"
    assert rejected.locator(".pim-value").inner_text() == "5901234123458"
    assert "the check digit is wrong" in rejected.locator(".pim-reason").inner_text()
    assert _warehouse_stock() == 12  # the preview saved nothing

    page.check("input[name=mode][value=skip_bad_rows]")
    page.click("input[name=_apply]")

    page.wait_for_selector(".messagelist .success")
    assert "1 updated, 2 unchanged, 1 rejected" in page.locator(".messagelist .success").inner_text()
    assert page.locator("h2", has_text="Result").count() == 1
    assert page.locator("#pim-import-apply").count() == 0
    assert page.locator("#pim-import-rejected-download").count() == 1
    assert _warehouse_stock() == 40


def test_the_page_of_a_background_check_follows_its_progress(page, live_server, merchandiser, shop, tmp_path,
                                                              settings):
    settings.PIM_IMPORT_SYNC_ROWS = 1  # four rows: the worker's job
    _log_in(page, live_server)
    page.goto(live_server.url + reverse("admin:catalog_importjob_add"))
    page.set_input_files("#id_file", files=[_file(tmp_path)])
    page.click("input[type=submit][value='Upload and check']")
    page.wait_for_url(re.compile(r"/admin/catalog/importjob/\d+/change/$"))
    assert page.locator("#pim-import-progress").count() == 1
    assert page.locator("#pim-import-rejections").count() == 0

    import_job_plan_run(ImportJob.objects.get().pk)  # what the worker does with the queued message

    # No reload by the test: the page's script polls the progress and reloads itself once the check is done.
    page.wait_for_selector("#pim-import-rejections", timeout=15_000)
    assert page.locator("#pim-import-progress").count() == 0
    assert page.locator("#pim-import-apply").count() == 1
