# ruff: noqa: F811 - the shop fixture is imported from tests.catalog.transfer_support and used as an argument
"""Importing rows: each kind of bad row is rejected with its line, column, value and reason while the rest of the
file is applied; the dry run changes nothing; all-or-nothing; the rejected-rows CSV imports once fixed; the cell
rules (absent column: untouched, empty cell: cleared); optimistic locking; idempotency."""

import io
from decimal import Decimal

import pytest

from catalog import services
from catalog.models import Price, Product, ProductTranslation, StockLevel, Variant
from catalog.transfer import applying
from catalog.transfer.outcome import rejected_rows_write
from catalog.transfer.planning import file_import, file_plan
from tests.catalog.transfer_support import (
    catalog_dump,
    csv_rows,
    csv_write,
    exported_rows,
    import_rows,
    problems_of,
    shop,  # noqa: F401
)
from tests.factories import gtin13_for

pytestmark = pytest.mark.django_db

GOOD_STOCK = ("TS-BLUE-S", "warehouse", 13)  # the good change every bad-row file also carries (line 2)


def _by_sku(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["sku"]: row for row in rows}


def _new_row(template: dict[str, str], **values: str) -> dict[str, str]:
    return {**dict.fromkeys(template, ""), **values}


def _unknown_family(rows):
    rows.append(_new_row(rows[0], product_code="NEW-1", family="nope", sku="NEW-1-A", **{"title@en": "New"}))
    return 6, "family", "nope", "There is no family nope"


def _bad_gtin(rows):
    row = _by_sku(rows)["TS-RED-S"]
    row["gtin"], row["mpn"] = "5901234123458", "CHANGED"  # the check digit of 590123412345 is 7
    return 4, "gtin", "5901234123458", "check digit"


def _sale_above_price(rows):
    row = _by_sku(rows)["TS-BLUE-M"]
    row["sale_price@retail_pl"], row["stock@warehouse"] = "99.00", "5"
    return 3, "sale_price@retail_pl", "99.00", "must be below the amount 79.99"


def _bad_decimal(rows):
    _by_sku(rows)["HD-BLACK-L"]["price@retail_pl"] = "199,50"
    return 5, "price@retail_pl", "199,50", "is not a decimal number"


def _unknown_option(rows):
    _by_sku(rows)["TS-RED-S"]["axis:color"] = "purple"
    return 4, "axis:color", "purple", "is not one of the options"


def _unknown_multi_select_option(rows):
    for row in rows[:3]:  # a product column: the same on each of the product's rows
        row["attr:season"] = "spring|monsoon"
    return {2, 3, 4}, "attr:season", "spring|monsoon", "monsoon is not one of the options"


def _duplicate_axes(rows):
    twin = dict(_by_sku(rows)["TS-RED-S"])
    twin.update(sku="TS-RED-S-2", gtin="", **{"axis:color": "blue", "axis:size": "s"})
    rows.append(twin)
    return 6, "axis:color", "blue", "TS-BLUE-S"


def _required_missing_for_active(rows):
    row = _by_sku(rows)["HD-BLACK-L"]
    row["status"], row["attr:material@en"], row["title@en"] = "active", "", "Hoodie, renamed"
    return 5, "attr:material@en", "", "material is required"


def _unknown_location_column(rows):
    for row in rows:
        row["stock@nowhere"] = ""
    _by_sku(rows)["TS-RED-S"]["stock@nowhere"] = "5"
    return 4, "stock@nowhere", "5", "There is no location nowhere"


def _unknown_price_list_column(rows):
    for row in rows:
        row["price@wholesale"] = ""
    _by_sku(rows)["HD-BLACK-L"]["price@wholesale"] = "10.00"
    return 5, "price@wholesale", "10.00", "There is no price list wholesale"


def _product_columns_disagree(rows):
    _by_sku(rows)["TS-RED-S"]["title@en"] = "Another title"
    return 4, "title@en", "Another title", "differs from line 2"


BAD_ROWS = [_unknown_family, _bad_gtin, _sale_above_price, _bad_decimal, _unknown_option,
            _unknown_multi_select_option, _duplicate_axes, _required_missing_for_active, _unknown_location_column,
            _unknown_price_list_column, _product_columns_disagree]


@pytest.mark.parametrize("make_bad", BAD_ROWS, ids=[function.__name__.strip("_") for function in BAD_ROWS])
def test_a_bad_row_is_rejected_with_its_reason_and_nothing_else_is_affected(shop, tmp_path, make_bad):
    rows = exported_rows()
    rows[0]["stock@warehouse"] = str(GOOD_STOCK[2])
    bad_lines, field, value, reason = make_bad(rows)
    bad_lines = {bad_lines} if isinstance(bad_lines, int) else bad_lines
    before = catalog_dump()

    _table, outcome = import_rows(tmp_path, rows, header=list(rows[-1]) if len(rows[-1]) > len(rows[0]) else None)

    assert set(outcome.rejected) == bad_lines
    for line in bad_lines:
        problem = next(problem for problem in outcome.rejected[line] if problem.field == field)
        assert (problem.value, reason in problem.reason) == (value, True), problem
    expected = dict(before)
    if 2 not in bad_lines:  # the good row went in, whatever happened to the bad one
        expected["stock"] = [(sku, location, GOOD_STOCK[2] if (sku, location) == GOOD_STOCK[:2] else quantity)
                             for sku, location, quantity in before["stock"]]
    assert catalog_dump() == expected


def test_the_dry_run_changes_nothing_and_predicts_the_import(shop, tmp_path):
    rows = exported_rows()
    by_sku = _by_sku(rows)
    by_sku["HD-BLACK-L"]["title@en"] = "Hoodie 2"
    by_sku["TS-BLUE-M"]["price@retail_pl"] = "69.99"
    by_sku["TS-BLUE-S"]["stock@store"] = ""
    by_sku["TS-RED-S"]["axis:color"] = "purple"
    rows.append(_new_row(rows[0], product_code="CAP", family="apparel", sku="CAP-1", **{
        "axis:color": "red", "axis:size": "m", "title@en": "Cap", "price@retail_pl": "29.00"}))
    path = csv_write(tmp_path / "changes.csv", rows)
    before = catalog_dump()

    _table, planned = file_plan(path=path)

    assert catalog_dump() == before
    assert not Product.objects.filter(code="CAP").exists()
    assert planned.summary() == {"created": 1, "updated": 3, "unchanged": 0, "rejected": 1}
    assert planned.saved is False
    assert {change["sku"]: (change["action"], change["columns"]) for change in planned.changes} == {
        "TS-BLUE-S": ("updated", ["stock@store"]), "TS-BLUE-M": ("updated", ["price@retail_pl"]),
        "HD-BLACK-L": ("updated", ["title@en"]), "CAP-1": ("created", []),
    }

    _table, applied = file_import(path=path, mode="skip_bad_rows")

    assert applied.summary() == planned.summary()
    assert applied.rejected.keys() == planned.rejected.keys() == {4}
    assert Product.objects.get(code="CAP").variants.get().prices.get().amount == Decimal("29.00")


def test_all_or_nothing_saves_nothing_when_a_row_is_rejected(shop, tmp_path):
    rows = exported_rows()
    by_sku = _by_sku(rows)
    by_sku["HD-BLACK-L"]["title@en"] = "Hoodie 2"
    by_sku["TS-BLUE-S"]["stock@warehouse"] = "99"
    by_sku["TS-RED-S"]["gtin"] = "5901234123458"
    before = catalog_dump()

    _table, outcome = import_rows(tmp_path, rows, mode="all_or_nothing")

    assert outcome.saved is False
    assert set(outcome.rejected) == {4}
    assert catalog_dump() == before

    by_sku["TS-RED-S"]["gtin"] = gtin13_for(9300)
    _table, outcome = import_rows(tmp_path, rows, mode="all_or_nothing", name="fixed.csv")

    assert outcome.saved is True
    assert outcome.summary() == {"created": 0, "updated": 3, "unchanged": 1, "rejected": 0}
    assert ProductTranslation.objects.get(product__code="HOODIE", locale__code="en").title == "Hoodie 2"
    assert Variant.objects.get(sku="TS-RED-S").gtin == gtin13_for(9300)


def test_rejected_rows_csv_imports_once_fixed(shop, tmp_path):
    rows = exported_rows()
    by_sku = _by_sku(rows)
    by_sku["TS-RED-S"]["gtin"] = "5901234123458"
    by_sku["HD-BLACK-L"]["price@retail_pl"] = "199,50"
    by_sku["TS-BLUE-M"]["mpn"] = "M-2"
    table, outcome = import_rows(tmp_path, rows)
    assert set(outcome.rejected) == {4, 5}
    stream = io.StringIO()
    assert rejected_rows_write(table=table, outcome=outcome, stream=stream) == 2

    rejected = csv_rows(stream.getvalue())
    assert [(row["line"], row["sku"]) for row in rejected] == [("4", "TS-RED-S"), ("5", "HD-BLACK-L")]
    assert "gtin: 5901234123458 is not a valid GTIN" in rejected[0]["reason"]
    assert list(rejected[0])[-2:] == ["line", "reason"]
    rejected[0]["gtin"], rejected[1]["price@retail_pl"] = gtin13_for(9100), "199.50"

    _table, again = import_rows(tmp_path, rejected, name="rejected-fixed.csv")

    assert again.summary() == {"created": 0, "updated": 2, "unchanged": 0, "rejected": 0}
    assert Variant.objects.get(sku="TS-RED-S").gtin == gtin13_for(9100)
    assert Price.objects.get(variant__sku="HD-BLACK-L", price_list__code="retail_pl").amount == Decimal("199.50")
    assert Variant.objects.get(sku="TS-BLUE-M").mpn == "M-2"  # from the first import


def test_an_absent_column_is_untouched_and_an_empty_cell_clears(shop, tmp_path):
    before = catalog_dump()
    only_a_price = [{"product_code": "TSHIRT", "sku": "TS-BLUE-S", "price@retail_eu": "21.00"}]
    _table, outcome = import_rows(tmp_path, only_a_price)
    assert outcome.summary()["updated"] == 1
    after = catalog_dump()
    assert {key for key in before if before[key] != after[key]} == {"prices"}

    rows = exported_rows()
    row = _by_sku(rows)["TS-BLUE-S"]
    for column in ("brand", "attr:season", "short_description@en", "mpn", "weight", "vattr:restocked",
                   "price@retail_eu", "sale_price@retail_pl", "sale_start@retail_pl", "sale_end@retail_pl",
                   "stock@store"):
        for same_product in rows[:3]:
            if column in ("brand", "attr:season", "short_description@en"):
                same_product[column] = ""
        row[column] = ""
    _table, outcome = import_rows(tmp_path, rows, name="cleared.csv")

    assert not outcome.rejected
    product = Product.objects.get(code="TSHIRT")
    assert (product.brand, "season" in product.attributes, product.attributes["chest_width"]) == \
        (None, False, {"amount": 52.5, "unit": "cm"})
    assert ProductTranslation.objects.get(product=product, locale__code="en").short_description == ""
    variant = Variant.objects.get(sku="TS-BLUE-S")
    assert (variant.mpn, variant.weight, variant.attributes) == ("", None, {"fit_note": "Slim"})
    assert list(variant.prices.values_list("price_list__code", "amount", "sale_amount", "sale_start")) == \
        [("retail_pl", Decimal("79.99"), None, None)]
    assert list(variant.stock_levels.values_list("location__code", flat=True)) == ["warehouse"]


def test_an_update_bumps_the_version_once_and_matches_codes_ignoring_case(shop, tmp_path):
    version = Product.objects.get(code="TSHIRT").version
    rows = [row for row in exported_rows() if row["product_code"] == "TSHIRT"]
    for row in rows:
        row["product_code"], row["brand"] = "tshirt", "zenit"

    _table, outcome = import_rows(tmp_path, rows)

    assert outcome.summary() == {"created": 0, "updated": 3, "unchanged": 0, "rejected": 0}
    product = Product.objects.get(code="TSHIRT")  # matched, not created, and not renamed
    assert (product.brand.code, product.version) == ("zenit", version + 1)
    assert Product.objects.count() == 2


def test_a_product_saved_meanwhile_is_rejected_not_overwritten(shop, tmp_path, monkeypatch):
    loaded = applying.chunk_state_load

    def loaded_then_saved_by_someone_else(**kwargs):
        state = loaded(**kwargs)
        product = Product.objects.get(code="HOODIE")
        services.product_update(product_id=product.pk, expected_version=product.version, brand=None)
        return state

    monkeypatch.setattr(applying, "chunk_state_load", loaded_then_saved_by_someone_else)
    rows = exported_rows()
    _by_sku(rows)["HD-BLACK-L"]["brand"] = "acme"

    _table, outcome = import_rows(tmp_path, rows)

    problem = outcome.rejected[5][0]
    assert (problem.field, problem.value) == ("product_code", "HOODIE")
    assert "your changes were made to version 1" in problem.reason
    assert Product.objects.get(code="HOODIE").brand is None


def test_a_draft_becomes_active_once_its_rows_bring_what_activation_needs(shop, tmp_path):
    rows = exported_rows()
    row = _by_sku(rows)["HD-BLACK-L"]
    row["status"], row["attr:material@en"] = "active", "Fleece"

    _table, outcome = import_rows(tmp_path, rows)

    assert not outcome.rejected
    assert Product.objects.get(code="HOODIE").status == Product.Status.ACTIVE
    assert ProductTranslation.objects.get(product__code="HOODIE", locale__code="en").attributes == \
        {"material": "Fleece"}


def test_a_new_product_keeps_its_good_variants_when_one_is_refused(shop, tmp_path):
    template = exported_rows()[0]
    rows = [
        _new_row(template, product_code="CAP", family="apparel", sku=f"CAP-{index}", gtin=gtin, **{
            "axis:color": color, "axis:size": "m", "title@en": "Cap", "stock@warehouse": "4"})
        for index, (gtin, color) in enumerate([(gtin13_for(9200), "red"), ("5901234123458", "blue"),
                                               (gtin13_for(9201), "black")])
    ]

    _table, outcome = import_rows(tmp_path, rows)

    assert problems_of(outcome) == {3: [("gtin", "5901234123458")]}
    assert sorted(Variant.objects.filter(product__code="CAP").values_list("sku", flat=True)) == ["CAP-0", "CAP-2"]
    assert StockLevel.objects.filter(variant__product__code="CAP").count() == 2


def test_skus_and_gtins_repeated_in_the_file_are_rejected(shop, tmp_path):
    rows = exported_rows()
    twin = dict(_by_sku(rows)["TS-RED-S"])
    rows.append(twin)
    gtin_twin = _by_sku(rows)["TS-BLUE-M"]
    gtin_twin["gtin"] = _by_sku(rows)["TS-BLUE-S"]["gtin"]

    _table, outcome = import_rows(tmp_path, rows)

    assert problems_of(outcome) == {3: [("gtin", gtin13_for(9001))], 6: [("sku", "TS-RED-S")]}
    assert "also on line 2" in outcome.rejected[3][0].reason
    assert "also on line 4" in outcome.rejected[6][0].reason


def test_the_same_file_twice_changes_nothing_the_second_time(shop, tmp_path):
    rows = exported_rows()
    _by_sku(rows)["HD-BLACK-L"]["title@pl"] = "Bluza"
    rows.append(_new_row(rows[0], product_code="CAP", family="apparel", sku="CAP-1", **{
        "axis:color": "red", "axis:size": "m", "title@en": "Cap", "price@retail_pl": "29.00"}))
    import_rows(tmp_path, rows)
    after_first = catalog_dump()

    _table, outcome = import_rows(tmp_path, rows, name="again.csv")

    assert outcome.summary() == {"created": 0, "updated": 0, "unchanged": 5, "rejected": 0}
    assert catalog_dump() == after_first
