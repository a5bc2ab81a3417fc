# ruff: noqa: F811 - fixtures are imported from tests.catalog.transfer_support / admin_pages and used as arguments
"""History of imports: rows say "import" and name the job's user (also on the worker), prices and stock are
recorded in bulk per chunk (created, changed, deleted), a dry run leaves no history, and the bulk path's query count
does not grow with the rows."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.history.context import HistorySource
from catalog.models import Price, Product, ProductTranslation, StockLevel, Variant
from catalog.tasks import import_job_apply_run
from catalog.transfer.bulk import ChunkWrites
from catalog.transfer.services import import_job_apply_start, import_job_create
from tests.catalog.admin_pages import admin_user  # noqa: F401
from tests.catalog.transfer_support import csv_write, exported_rows, import_rows, shop  # noqa: F401
from tests.factories import LocationFactory, PriceListFactory, VariantFactory

pytestmark = pytest.mark.django_db


def _history_counts() -> dict[str, int]:
    return {model.__name__: model.history.count() for model in (Product, ProductTranslation, Variant, Price,
                                                                 StockLevel)}


def _changed_rows() -> list[dict[str, str]]:
    rows = exported_rows()
    tshirt = [row for row in rows if row["product_code"] == "TSHIRT"]
    tshirt[0]["stock@warehouse"] = "40"  # changed
    tshirt[1]["stock@store"] = "7"  # created
    tshirt[0]["price@retail_eu"] = ""  # deleted
    tshirt[1]["price@retail_pl"] = "89.00"  # changed
    for row in tshirt:
        row["title@en"] = "Organic cotton T-shirt"
    return rows


def test_an_import_job_records_the_user_and_the_import_source_on_every_row(shop, tmp_path, admin_user,
                                                                             settings):
    settings.PIM_IMPORT_SYNC_ROWS = 1  # planned and applied "on the worker": the task functions called directly
    upload = SimpleUploadedFile("changes.csv", csv_write(tmp_path / "changes.csv", _changed_rows()).read_bytes())
    job = import_job_create(file=upload, user=admin_user)
    from catalog.tasks import import_job_plan_run

    before = _history_counts()
    import_job_plan_run(job.pk)
    assert _history_counts() == before  # the dry run is rolled back, its history with it

    import_job_apply_start(job_id=job.pk, user=admin_user)
    import_job_apply_run(job.pk)

    tshirt = shop["tshirt"]
    translation = ProductTranslation.history.filter(product_id=tshirt.pk).first()
    assert (translation.title, translation.history_user, translation.history_source) == (
        "Organic cotton T-shirt", admin_user, HistorySource.IMPORT)
    blue_s = Variant.objects.get(sku="TS-BLUE-S")
    stock = {(row.location.code, row.history_type): row for row in StockLevel.history.filter(
        variant_id__in=tshirt.variants.values("pk"), history_source=HistorySource.IMPORT).select_related("location")}
    assert (stock["warehouse", "~"].quantity, stock["store", "+"].quantity) == (40, 7)
    assert stock["warehouse", "~"].history_user == admin_user
    prices = list(Price.history.filter(history_source=HistorySource.IMPORT).order_by("history_type"))
    assert [(row.history_type, row.amount, row.variant_id == blue_s.pk) for row in prices] == [
        ("-", Decimal("19.50"), True), ("~", Decimal("89.00"), False)]
    assert all(row.history_user == admin_user for row in prices)
    assert Price.history.filter(history_type="-").get().id == prices[0].id


def test_reimporting_the_same_file_writes_no_history(shop, tmp_path):
    rows = exported_rows()
    before = _history_counts()
    import_rows(tmp_path, rows)
    assert _history_counts() == before


def test_a_new_product_by_import_is_one_version_with_its_children(shop, tmp_path):
    rows = exported_rows()
    new = dict(rows[0], product_code="POLO", sku="POLO-BLUE-S", gtin="", **{"slug@en": "polo", "slug@pl": "polo"})
    _table, outcome = import_rows(tmp_path, [new])
    assert not outcome.rejected, outcome.rejected
    product = Product.objects.get(code="POLO")
    rows = list(Product.history.filter(id=product.pk))
    assert [(row.history_type, row.status, row.history_source) for row in rows] == [
        ("+", "active", HistorySource.IMPORT)]  # created as a draft and activated: one version, as it ended
    assert {row.history_date for row in Variant.history.filter(product_id=product.pk)} == {rows[0].history_date}


@pytest.mark.parametrize("size", [5, 60])
def test_bulk_price_and_stock_writes_record_history_with_a_fixed_number_of_queries(locales, size,
                                                                                  django_assert_max_num_queries):
    price_list, warehouse = PriceListFactory(code="retail"), LocationFactory(code="warehouse")
    variants = [VariantFactory() for _ in range(size)]
    first = ChunkWrites()
    for variant in variants:
        first.add(sku=variant.sku, variant_id=variant.pk, product_id=variant.product_id,
                  prices=[(price_list.pk, Decimal("10.00"), None, None, None)], price_deletes=[],
                  stock_levels=[(warehouse.pk, 3)], stock_deletes=[])
    with django_assert_max_num_queries(12):
        first.flush()
    assert Price.history.filter(history_type="+").count() == size
    assert StockLevel.history.filter(history_type="+", quantity=3).count() == size

    second = ChunkWrites()
    prices = dict(Price.objects.values_list("variant_id", "pk"))
    for variant in variants:
        second.add(sku=variant.sku, variant_id=variant.pk, product_id=variant.product_id,
                   prices=[], price_deletes=[prices[variant.pk]], stock_levels=[(warehouse.pk, 5)], stock_deletes=[])
    with django_assert_max_num_queries(12):
        second.flush()
    assert Price.history.filter(history_type="-").count() == size and not Price.objects.exists()
    assert StockLevel.history.filter(history_type="~", quantity=5).count() == size
    assert {row.history_source for row in StockLevel.history.all()} == {HistorySource.SHELL}


def test_an_upsert_of_some_columns_records_whole_rows(locales):
    from django.utils import timezone

    from catalog.transfer.bulk import upsert

    variant, price_list = VariantFactory(), PriceListFactory(code="retail")
    sale_start = timezone.now()
    Price.objects.create(variant=variant, price_list=price_list, amount=Decimal("10"), sale_amount=Decimal("8"),
                         sale_start=sale_start)
    upsert(Price, ("variant_id", "price_list_id", "amount", "updated_at"), ("variant_id", "price_list_id"),
           [(variant.pk, price_list.pk, Decimal("12"), timezone.now())])
    row = Price.history.first()
    assert (row.history_type, row.amount, row.sale_amount, row.sale_start) == ("~", Decimal("12"), Decimal("8"),
                                                                              sale_start)
