# ruff: noqa: F811 - fixtures are imported from tests.catalog.transfer_support / admin_pages and used as arguments
"""Export: round trip export -> import changes nothing (and rebuilds a deleted catalog exactly), a fixed number
of queries per chunk, the product list's filtered export links and actions, and the export_catalog command."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from catalog.models import Product
from catalog.transfer.exporting import CatalogExport
from tests.catalog.admin_pages import admin_client, admin_user  # noqa: F401
from tests.catalog.transfer_support import (
    catalog_dump,
    csv_rows,
    export_csv_text,
    exported_rows,
    import_rows,
    shop,  # noqa: F401
)
from tests.factories import ProductFactory, ProductTranslationFactory, VariantFactory

pytestmark = pytest.mark.django_db


def test_export_then_import_changes_nothing(shop, tmp_path):
    before = catalog_dump()

    _table, outcome = import_rows(tmp_path, exported_rows())

    assert outcome.summary() == {"created": 0, "updated": 0, "unchanged": 4, "rejected": 0}
    assert catalog_dump() == before


def test_an_export_rebuilds_the_catalog_it_came_from(shop, tmp_path):
    rows = exported_rows()
    before = catalog_dump()
    Product.objects.all().delete()

    _table, outcome = import_rows(tmp_path, rows)

    assert outcome.summary() == {"created": 4, "updated": 0, "unchanged": 0, "rejected": 0}
    assert catalog_dump() == before


def test_exported_values_use_the_import_forms(shop):
    row = {row["sku"]: row for row in exported_rows()}["TS-BLUE-S"]
    assert {name: row[name] for name in (
        "categories", "attr:chest_width", "attr:season", "attr:waterproof", "weight", "price@retail_pl",
        "sale_start@retail_pl", "price@retail_eu", "stock@store", "vattr:restocked")} == {
        "categories": "apparel|sale", "attr:chest_width": "52.5 cm", "attr:season": "spring|summer",
        "attr:waterproof": "false", "weight": "0.18", "price@retail_pl": "79.99",
        "sale_start@retail_pl": "2025-06-01T00:00:00+00:00", "price@retail_eu": "19.50", "stock@store": "0",
        "vattr:restocked": "2025-02-01"}


def test_export_queries_per_chunk_do_not_grow_with_the_products(shop, django_assert_num_queries):
    def run() -> int:
        export = CatalogExport(Product.objects.all(), chunk_size=1000)
        with django_assert_num_queries(8):  # ids, products, categories, translations, variants, prices, stock, end
            return sum(1 for _row in export.rows())

    assert run() == 4
    family = shop["family"]
    for _index in range(40):
        product = ProductFactory(family=family, variants=0, title=False)
        ProductTranslationFactory(product=product)
        VariantFactory(product=product, axis_values={"color": "red", "size": "m"}, axis_key="color=red|size=m")
        VariantFactory(product=product, axis_values={"color": "red", "size": "s"}, axis_key="color=red|size=s")
    assert run() == 84


def test_the_list_link_exports_what_the_filtered_list_shows(shop, admin_client):
    response = admin_client.get(reverse("admin:catalog_product_changelist"), {"status__exact": "draft"})
    assert response.status_code == 200
    link = reverse("admin:catalog_importjob_export", args=["csv"]) + "?status__exact=draft"
    assert link in response.content.decode()

    exported = admin_client.get(link)

    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(b"".join(exported.streaming_content).decode("utf-8-sig"))
    assert [row["sku"] for row in rows] == ["HD-BLACK-L"]


def test_the_list_link_exports_xlsx_with_the_search(shop, admin_client):
    exported = admin_client.get(reverse("admin:catalog_importjob_export", args=["xlsx"]), {"q": "TS-RED"})
    sheet = load_workbook(io.BytesIO(b"".join(exported.streaming_content)), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[rows[0].index("sku")] for row in rows[1:]] == ["TS-BLUE-S", "TS-BLUE-M", "TS-RED-S"]


def test_the_export_actions_export_the_selected_products(shop, admin_client):
    response = admin_client.post(reverse("admin:catalog_product_changelist"), {
        "action": "export_selected_csv", "_selected_action": [shop["hoodie"].pk]})
    rows = csv_rows(b"".join(response.streaming_content).decode("utf-8-sig"))
    assert [row["product_code"] for row in rows] == ["HOODIE"]

    response = admin_client.post(reverse("admin:catalog_product_changelist"), {
        "action": "export_selected_xlsx", "_selected_action": [shop["tshirt"].pk, shop["hoodie"].pk]})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    assert sum(1 for _row in sheet.iter_rows()) == 5


def test_a_user_without_product_view_permission_cannot_export(shop, client, django_user_model):
    user = django_user_model.objects.create_user(username="nobody", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:catalog_importjob_export", args=["csv"])).status_code == 403


def test_export_catalog_command_writes_csv_and_xlsx_by_status(shop, tmp_path):
    call_command("export_catalog", "--format", "csv", "--output", str(tmp_path / "all.csv"), stdout=io.StringIO())
    assert (tmp_path / "all.csv").read_bytes().decode("utf-8-sig") == export_csv_text()

    call_command("export_catalog", "--format", "xlsx", "--status", "active", "--output", str(tmp_path / "a.xlsx"),
                 stdout=io.StringIO())
    sheet = load_workbook(tmp_path / "a.xlsx", read_only=True).worksheets[0]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"TSHIRT"}


def test_import_queries_per_chunk_do_not_grow_with_the_products(shop, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def unchanged_import_queries(name: str) -> int:
        rows = exported_rows()
        with CaptureQueriesContext(connection) as queries:
            _table, outcome = import_rows(tmp_path, rows, name=name)
        assert outcome.summary()["unchanged"] == len(rows)
        return len(queries)

    small = unchanged_import_queries("small.csv")
    family = shop["family"]
    for index in range(30):
        product = ProductFactory(family=family, variants=0, title=False)
        ProductTranslationFactory(product=product, slug=f"extra-{index}")
        VariantFactory(product=product, axis_values={"color": "red", "size": "m"}, axis_key="color=red|size=m")
    assert unchanged_import_queries("large.csv") == small
