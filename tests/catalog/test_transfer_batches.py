# ruff: noqa: F811 - the shop fixture is imported from tests.catalog.transfer_support and used as an argument
"""The chunk-level path for new products and text edits (catalog.transfer.batches) against the services it stands
in for: the same file through both ends in the same catalog, the same outcome, the same history; each rule it
checks a chunk at a time (slugs, GTINs, axes, activation, the active-product re-check); a conflicting row written
meanwhile by someone else; queries that do not grow with the chunk."""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from catalog import services
from catalog.history.context import HistorySource
from catalog.models import Product, ProductTranslation, Variant
from catalog.services import TranslationInput, VariantInput
from catalog.transfer import applying
from catalog.transfer.planning import file_import
from tests.catalog.transfer_support import (
    catalog_dump,
    csv_write,
    exported_rows,
    import_rows,
    problems_of,
    shop,  # noqa: F401
)
from tests.factories import gtin13_for

pytestmark = pytest.mark.django_db


def _new(template: dict[str, str], code: str, sku: str, **values: str) -> dict[str, str]:
    row = {**dict.fromkeys(template, ""), "product_code": code, "family": "apparel", "sku": sku,
           "title@en": f"{code} title", "axis:color": "red", "axis:size": "m"}
    row.update(values)
    return row


def _mixed_file() -> tuple[list[dict[str, str]], dict[int, str]]:
    """New products with every kind of problem the chunk-level path checks, and text edits of existing products;
    returns the rows and, for each line that must be rejected, the column it must name."""
    rows = exported_rows()  # lines 2-5: TSHIRT x3 (active), HOODIE (draft)
    by_sku = {row["sku"]: row for row in rows}
    by_sku["HD-BLACK-L"]["title@pl"] = "Bluza"  # a new translation of an existing product
    by_sku["HD-BLACK-L"]["description@en"] = "<p>Warm <em>fleece</em><script>x()</script></p>"
    for row in rows[:3]:  # an active product left without any title
        row["title@en"] = row["title@pl"] = ""
    template = rows[0]
    rows += [
        _new(template, "CAP", "CAP-R", gtin=gtin13_for(9300), **{"title@pl": "Czapka", "slug@en": "cap",
                                                                "price@retail_pl": "29.00", "stock@warehouse": "4",
                                                                "categories": "sale|shirts"}),  # 6
        _new(template, "CAP", "CAP-B", **{"axis:color": "blue", "title@pl": "Czapka", "slug@en": "cap",
                                          "price@retail_pl": "29.00", "categories": "sale|shirts"}),  # 7
        _new(template, "CAP", "CAP-R2", **{"title@pl": "Czapka", "slug@en": "cap",
                                           "categories": "sale|shirts"}),  # 8: the same axes as CAP-R
        _new(template, "SOCK", "SOCK-1", gtin="5901234123458"),  # 9: wrong check digit, its only variant
        _new(template, "SCARF", "SCARF-1", gtin=gtin13_for(9001)),  # 10: the GTIN of TS-BLUE-S
        _new(template, "SCARF", "SCARF-2", **{"axis:size": "l"}),  # 11
        _new(template, "BELT", "BELT-1", **{"slug@en": "organic-t-shirt"}),  # 12: TSHIRT's slug
        _new(template, "GLOVE", "GLOVE-1", status="active"),  # 13: active without its required material
        _new(template, "MITT", "MITT-1", status="active", **{"attr:material@en": "Wool"}),  # 14
    ]
    return rows, {2: "status", 3: "status", 4: "status", 8: "axis:color", 9: "gtin", 10: "gtin",
                  12: "slug@en", 13: "attr:material@en"}


def _history() -> dict[str, list]:
    """The history rows of the import, by what they name (ids differ between the two runs)."""
    codes = dict(Product.objects.values_list("pk", "code"))
    products = Product.history.model.objects.filter(history_source=HistorySource.IMPORT)
    translations = ProductTranslation.history.model.objects.filter(history_source=HistorySource.IMPORT)
    variants = Variant.history.model.objects.filter(history_source=HistorySource.IMPORT)
    dates: dict[str, set] = {}
    for product_id, date in [*products.values_list("id", "history_date"),
                             *translations.values_list("product_id", "history_date"),
                             *variants.values_list("product_id", "history_date")]:
        dates.setdefault(codes[product_id], set()).add(date)
    return {
        "products": sorted((code, history_type, status, attributes, sorted(category_ids or []))
                           for code, history_type, status, attributes, category_ids in products.values_list(
                               "code", "history_type", "status", "attributes", "category_ids")),
        "translations": sorted((codes[product_id], locale_id, history_type, title, description, slug, attributes)
                               for product_id, locale_id, history_type, title, description, slug, attributes
                               in translations.values_list("product_id", "locale_id", "history_type", "title",
                                                           "description", "slug", "attributes")),
        "variants": sorted(variants.values_list("sku", "history_type", "gtin", "axis_key", "attributes")),
        "versions per product": sorted((code, len(found)) for code, found in dates.items()),
    }


def _imported(tmp_path, rows, *, one_at_a_time: bool, monkeypatch, name: str):
    """Import in a transaction rolled back afterwards; ``one_at_a_time``: every product through the services."""
    with transaction.atomic():
        if one_at_a_time:
            monkeypatch.setattr(applying, "write_or_fall_back", lambda write, items: False)
        _table, outcome = import_rows(tmp_path, rows, name=name)
        monkeypatch.undo()
        result = (outcome.summary(), {line: [(problem.field, problem.value, problem.reason)
                                             for problem in problems]
                                      for line, problems in outcome.rejected.items()}, catalog_dump(), _history())
        transaction.set_rollback(True)
    return result


def test_the_chunk_path_does_what_the_services_do_one_product_at_a_time(shop, tmp_path, monkeypatch):
    rows, rejected_columns = _mixed_file()
    before = catalog_dump()

    bulk = _imported(tmp_path, rows, one_at_a_time=False, monkeypatch=monkeypatch, name="bulk.csv")
    one_by_one = _imported(tmp_path, rows, one_at_a_time=True, monkeypatch=monkeypatch, name="services.csv")

    summary, rejected, dump, history = bulk
    assert (summary, rejected, dump, history) == one_by_one
    assert summary == {"created": 4, "updated": 1, "unchanged": 0, "rejected": 8}
    assert {line: problems[0][0] for line, problems in rejected.items()} == rejected_columns
    assert "TS-BLUE-S" in rejected[10][0][2] and "CAP-R" in rejected[8][0][2]
    assert [code for code, *_rest in dump["products"] if code not in {"TSHIRT", "HOODIE"}] == \
        ["CAP", "MITT", "SCARF"]  # SOCK lost its only variant; BELT and GLOVE were refused as products
    assert dump["prices"] != before["prices"] and dump["stock"] != before["stock"]  # CAP's, with the rest
    translations = {(code, locale): (title, description) for code, locale, title, description, *_rest
                    in dump["translations"]}
    assert translations[("HOODIE", "pl")] == ("Bluza", "")
    assert translations[("HOODIE", "en")][1] == "<p>Warm <em>fleece</em></p>"  # cleaned as the admin cleans it
    assert translations[("TSHIRT", "en")][0] == "Organic T-shirt"
    assert ("CAP", "sale") in dump["categories"] and ("CAP", "shirts") in dump["categories"]
    assert dict(history["versions per product"]) == {"CAP": 1, "MITT": 1, "SCARF": 1, "HOODIE": 1}
    assert {history_type for _sku, history_type, *_rest in history["variants"]} == {"+"}


def test_new_products_are_recorded_as_one_version_with_their_children(shop, tmp_path):
    template = exported_rows()[0]
    rows = [_new(template, "CAP", f"CAP-{size}", **{"axis:size": size, "title@pl": "Czapka"})
            for size in ("s", "m", "l")]

    _table, outcome = import_rows(tmp_path, rows)

    assert outcome.summary()["created"] == 3
    cap = Product.objects.get(code="CAP")
    product_rows = list(cap.history.all())
    assert [(row.history_type, row.history_source) for row in product_rows] == [("+", HistorySource.IMPORT)]
    children = [*ProductTranslation.history.filter(product_id=cap.pk), *Variant.history.filter(product_id=cap.pk)]
    assert len(children) == 5 and {row.history_date for row in children} == {product_rows[0].history_date}
    assert Product.objects.filter(pk=cap.pk, updated_at__isnull=False, version=1).exists()
    assert sorted(Variant.objects.filter(product=cap).values_list("axis_key", flat=True)) == \
        ["color=red|size=l", "color=red|size=m", "color=red|size=s"]


def test_an_edit_that_takes_another_products_slug_is_refused(shop, tmp_path):
    rows = exported_rows()
    rows[3]["slug@en"] = "organic-t-shirt"  # HOODIE's row; TSHIRT has that slug

    _table, outcome = import_rows(tmp_path, rows)

    assert problems_of(outcome) == {5: [("slug@en", "organic-t-shirt")]}
    assert ProductTranslation.objects.get(product__code="HOODIE", locale__code="en").slug == "hoodie"


def test_an_active_product_activated_meanwhile_is_rechecked(shop, tmp_path, monkeypatch):
    """HOODIE is a draft when the chunk is read; someone activates it before the texts are checked."""
    hoodie = shop["hoodie"]
    services.product_translation_save(product=hoodie, locale_code="pl", title="", attributes={"material": "Wełna"})
    rows = exported_rows()
    rows[3]["title@en"] = ""  # HOODIE's only title
    original = applying.text_edits_verify

    def activated_meanwhile(items, **kwargs):
        Product.objects.filter(pk=hoodie.pk).update(status=Product.Status.ACTIVE)
        return original(items, **kwargs)

    monkeypatch.setattr(applying, "text_edits_verify", activated_meanwhile)
    _table, outcome = import_rows(tmp_path, rows)

    assert [field for field, _value in problems_of(outcome)[5]] == ["status"]
    assert "title" in outcome.rejected[5][0].reason
    assert ProductTranslation.objects.get(product__code="HOODIE", locale__code="en").title == "Hoodie"


def test_a_product_created_meanwhile_sends_the_chunk_through_the_services(shop, tmp_path, monkeypatch):
    template = exported_rows()[0]
    rows = [_new(template, "CAP", "CAP-1"), _new(template, "BELT", "BELT-1", **{"axis:size": "l"})]
    original = applying.new_products_verify

    def someone_else_creates_cap(items, **kwargs):
        original(items, **kwargs)
        services.product_create(code="cap", family=shop["family"],
                                variants=[VariantInput(sku="THEIRS-1", axis_values={"color": "red", "size": "s"})],
                                translations=[TranslationInput(locale_code="en", title="Theirs")])

    monkeypatch.setattr(applying, "new_products_verify", someone_else_creates_cap)
    _table, outcome = import_rows(tmp_path, rows)

    assert problems_of(outcome) == {2: [("product_code", "CAP")]}
    assert "already exists" in outcome.rejected[2][0].reason
    assert Product.objects.get(code__iexact="cap").variants.get().sku == "THEIRS-1"  # theirs, not overwritten
    assert Variant.objects.get(sku="BELT-1").product.code == "BELT"  # the rest of the chunk went in


def _queries_to_import(tmp_path, *, prefix: str, products: int) -> int:
    template = exported_rows()[0]
    rows = [_new(template, f"{prefix}{number}", f"{prefix}{number}-{size}",
                 gtin=gtin13_for(9400 + len(prefix) * 1000 + number * 4 + index),
                 **{"axis:size": size, "title@pl": f"Nowy {number}", "slug@en": f"{prefix.lower()}{number}",
                    "price@retail_pl": "10.00", "stock@warehouse": "3", "categories": "sale"})
            for number in range(products) for index, size in enumerate(("s", "m"))]
    edits = [row for row in exported_rows() if row["product_code"] in ("TSHIRT", "HOODIE")]
    for row in edits:
        row["title@pl"] = f"Zmieniony {prefix}"
    path = csv_write(tmp_path / f"{prefix}.csv", rows + edits)
    with CaptureQueriesContext(connection) as queries:
        _table, outcome = file_import(path=path, mode="skip_bad_rows", chunk_rows=10_000)
    assert outcome.summary() == {"created": products * 2, "updated": 4, "unchanged": 0, "rejected": 0}
    return len(queries)


def test_queries_per_chunk_do_not_grow_with_its_products(shop, tmp_path):
    assert _queries_to_import(tmp_path, prefix="A", products=3) == \
        _queries_to_import(tmp_path, prefix="BB", products=40)


def test_new_products_prices_and_stock_go_to_the_ids_the_insert_returned_without_rewriting_the_products(
        shop, tmp_path):
    template = exported_rows()[0]
    rows = [_new(template, "NEWCAP", f"NEWCAP-{size}", **{"axis:size": size, "price@retail_pl": price,
                                                           "stock@warehouse": stock})
            for size, price, stock in (("s", "11.00", "1"), ("m", "12.00", "2"), ("l", "13.00", "3"))]
    path = csv_write(tmp_path / "new.csv", rows)
    with CaptureQueriesContext(connection) as queries:
        _table, outcome = file_import(path=path, mode="skip_bad_rows")
    assert outcome.summary() == {"created": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if sql.startswith('UPDATE "catalog_product"')]
    product = Product.objects.get(code="NEWCAP")
    assert {(variant.sku, variant.prices.get().amount, variant.stock_levels.get().quantity)
            for variant in product.variants.all()} == {
        ("NEWCAP-s", Decimal("11"), 1), ("NEWCAP-m", Decimal("12"), 2), ("NEWCAP-l", Decimal("13"), 3)}
