# ruff: noqa: F811 - fixtures are imported from tests.catalog.transfer_support and used as arguments
"""The import's bulk price and stock path: one statement per table writes the rows and their history (PostgreSQL),
its query count per chunk does not grow with the rows, array literals keep every value, and attribute cells are
cleaned once per distinct value without letting two rows share a problem or a value."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Price, StockLevel
from catalog.transfer.bulk import pg_array_text
from tests.catalog.transfer_support import exported_rows, import_rows, problems_of, shop  # noqa: F401
from tests.factories import ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


def _prices_stock_import(tmp_path, name: str, base: int) -> int:
    """Every exported row with new retail_pl prices and warehouse stock; the number of queries it took."""
    rows = [{"product_code": row["product_code"], "sku": row["sku"], "price@retail_pl": f"{base + index}.00",
             "stock@warehouse": str(base + index)} for index, row in enumerate(exported_rows())]
    with CaptureQueriesContext(connection) as queries:
        _table, outcome = import_rows(tmp_path, rows, name=name)
    assert outcome.summary()["updated"] == len(rows) and not outcome.rejected
    wanted = {row["sku"]: (Decimal(row["price@retail_pl"]), int(row["stock@warehouse"])) for row in rows}
    prices = dict(Price.objects.filter(price_list__code="retail_pl").values_list("variant__sku", "amount"))
    stock = dict(StockLevel.objects.filter(location__code="warehouse").values_list("variant__sku", "quantity"))
    assert {sku: (prices[sku], stock[sku]) for sku in wanted} == wanted
    return len(queries)


def test_price_and_stock_import_queries_do_not_grow_with_the_rows(shop, tmp_path):
    small = _prices_stock_import(tmp_path, "small.csv", 100)
    history_before = Price.history.count(), StockLevel.history.count()
    for _index in range(25):
        product = ProductFactory(family=shop["family"], variants=0, title=False)
        VariantFactory(product=product, axis_values={"color": "red", "size": "m"}, axis_key="color=red|size=m")
    assert _prices_stock_import(tmp_path, "large.csv", 200) == small
    rows = len(exported_rows())
    # Every row's price and stock written again is one history row each, created or changed
    assert (Price.history.count() - history_before[0], StockLevel.history.count() - history_before[1]) == (rows, rows)
    latest = Price.history.filter(price_list__code="retail_pl").latest_of_each()
    assert {row.id: row.amount for row in latest} == dict(Price.objects.filter(
        price_list__code="retail_pl").values_list("id", "amount"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="array literals are PostgreSQL's")
def test_array_literals_keep_every_value():
    moment = datetime.datetime(2025, 6, 1, 9, 30, tzinfo=datetime.UTC)
    columns = [(1, 2, 3), (Decimal("19.90"), Decimal("1E+2"), Decimal("0")), (Decimal("1.5"), None, None),
               (None, None, None), (moment, None, moment), ('a "quoted" \\ text', "NULL", ""), (True, False, None)]
    types = ["bigint[]", "numeric[]", "numeric[]", "numeric[]", "timestamptz[]", "text[]", "boolean[]"]
    with connection.cursor() as cursor:
        for values, array_type in zip(columns, types, strict=True):
            cursor.execute(f"SELECT %s::{array_type}", [pg_array_text(values)])
            assert tuple(cursor.fetchone()[0]) == values


def test_the_same_bad_attribute_cell_rejects_every_row_that_has_it(shop, tmp_path):
    rows = exported_rows()
    for row in rows:
        row["attr:waterproof"] = "perhaps"
    _table, outcome = import_rows(tmp_path, rows)
    assert outcome.summary()["rejected"] == len(rows)
    assert all(("attr:waterproof", "perhaps") in problems for problems in problems_of(outcome).values())


def test_rows_with_the_same_list_cell_do_not_share_the_value(shop, tmp_path):
    rows = exported_rows()
    for row in rows:
        row["attr:season"] = "winter|spring"
    _table, outcome = import_rows(tmp_path, rows)
    assert not outcome.rejected
    tshirt, hoodie = shop["tshirt"], shop["hoodie"]
    tshirt.refresh_from_db()
    hoodie.refresh_from_db()
    assert tshirt.attributes["season"] == hoodie.attributes["season"] == ["winter", "spring"]
