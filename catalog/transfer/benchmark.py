"""Import throughput, for `make bench`: ``bench_import(rows)`` times the scenarios an import meets in practice.

On the synthetic catalog (GEN-..., catalog.demo.synthetic: three variants per product, four locales, four price
lists, two locations; generated with bulk inserts if missing), exported in the import's layout (about 60 columns):

- ``export``: the CSV export of those products;
- ``unchanged``: that export imported back (the idempotent path: compared, nothing written);
- ``erp_feed``: product_code, sku, one price and one stock column, every value changed (the daily ERP file);
- ``prices_stock_dry_run`` / ``prices_stock``: a new price in all four price lists and new stock in both locations
  for every row (six upserts a row), as a dry run and applied; ``prices_stock_restore`` puts the export back.

On separate products (BENCH-..., deleted at the end), ``create_rows`` rows (default: ``rows``; four variants each):

- ``create``: every product and variant new, with two translations, two prices and two stock levels a variant
  (the chunk-level path of catalog.transfer.batches: every rule of product_create, checked a chunk at a time);
- ``texts``: product_code, sku, a new English title and description for every product (text edits only);
- ``everything_changed``: the create file again with every title, price and stock level changed.

It writes to the catalog: run it on a scratch database.
"""

import csv
import io
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from django.db import connection

from catalog.gtin import gtin_with_check_digit
from catalog.models import (
    Attribute,
    AttributeOption,
    Brand,
    Family,
    FamilyAttribute,
    Locale,
    Location,
    Price,
    PriceList,
    Product,
    ProductTranslation,
    StockLevel,
    Variant,
)

from .applying import PLAN, SKIP_BAD_ROWS
from .planning import file_import

CODE_PREFIX = "BENCH-"
VARIANTS_PER_PRODUCT = 4
COLOURS, SIZES = ("black", "white", "navy", "grey"), ("s", "m", "l", "xl")


def _reference_ensure() -> None:
    english, _created = Locale.objects.get_or_create(code="en", defaults={"name": "English"})
    Locale.objects.get_or_create(code="pl", defaults={"name": "Polski", "fallback": english})
    family, _created = Family.objects.get_or_create(code="bench_apparel", defaults={"name": "Bench apparel"})
    specs = [("bench_colour", Attribute.Type.SINGLE_SELECT, FamilyAttribute.Level.AXIS, COLOURS),
             ("bench_size", Attribute.Type.SINGLE_SELECT, FamilyAttribute.Level.AXIS, SIZES),
             ("bench_material", Attribute.Type.TEXT, FamilyAttribute.Level.PRODUCT, ()),
             ("bench_width", Attribute.Type.MEASUREMENT, FamilyAttribute.Level.PRODUCT, ())]
    for position, (code, kind, level, options) in enumerate(specs):
        attribute, _created = Attribute.objects.get_or_create(
            code=code, defaults={"name": code, "type": kind, "units": "cm" if kind == "measurement" else ""})
        for option in options:
            AttributeOption.objects.get_or_create(attribute=attribute, code=option, defaults={"name": option})
        FamilyAttribute.objects.get_or_create(family=family, attribute=attribute,
                                              defaults={"level": level, "position": position})
    Brand.objects.get_or_create(code="bench_brand", defaults={"name": "Bench"})
    PriceList.objects.get_or_create(code="bench_pln", defaults={"name": "Bench PLN", "currency": "PLN"})
    PriceList.objects.get_or_create(code="bench_eur", defaults={"name": "Bench EUR", "currency": "EUR"})
    Location.objects.get_or_create(code="bench_warehouse", defaults={"name": "Bench warehouse"})
    Location.objects.get_or_create(code="bench_store", defaults={"name": "Bench store"})


def _csv(path: Path, rows: int, *, full: bool, round_number: int = 0, texts_only: bool = False) -> Path:
    header = ["product_code", "sku", "price@bench_pln", "sale_price@bench_pln", "price@bench_eur",
              "stock@bench_warehouse", "stock@bench_store"]
    if texts_only:
        header = ["product_code", "sku", "title@en", "description@en"]
    elif full:
        header[1:1] = ["family", "status", "brand", "attr:bench_material", "attr:bench_width", "title@en",
                       "description@en", "slug@en", "title@pl", "slug@pl"]
        header += ["gtin", "axis:bench_colour", "axis:bench_size", "weight"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    with open(path, "w", encoding="utf-8", newline="") as stream:
        stream.write(buffer.getvalue())
        writer = csv.DictWriter(stream, fieldnames=header, lineterminator="\n", extrasaction="ignore")
        for index in range(rows):
            number, variant = divmod(index, VARIANTS_PER_PRODUCT)
            code = f"{CODE_PREFIX}{number + 1:07d}"
            price = Decimal(100 + number % 400) + Decimal(round_number)
            row = {"product_code": code, "sku": f"{code}-{variant}", "price@bench_pln": f"{price:.2f}",
                   "sale_price@bench_pln": f"{price - 10:.2f}" if number % 5 == 0 else "",
                   "price@bench_eur": f"{price / 4:.2f}", "stock@bench_warehouse": str((index + round_number) % 50),
                   "stock@bench_store": str(index % 7)}
            if full or texts_only:
                title = f"Bench product {number + 1}" + (f" ({round_number})" if round_number else "")
                row.update({
                    "family": "bench_apparel", "status": "draft", "brand": "bench_brand",
                    "attr:bench_material": "Cotton", "attr:bench_width": f"{40 + number % 20} cm",
                    "title@en": title, "description@en": f"<p>{title}: soft and durable.</p>",
                    "slug@en": code.lower(), "title@pl": f"Produkt {number + 1}", "slug@pl": f"{code.lower()}-pl",
                    "gtin": gtin_with_check_digit(f"29{number:07d}{variant:03d}"),
                    "axis:bench_colour": COLOURS[variant % 4], "axis:bench_size": SIZES[variant // 4 % 4],
                    "weight": "0.25",
                })
            writer.writerow(row)
    return path


def _vacuum() -> None:
    """Between scenarios, what autovacuum does between two daily imports. Without it (autovacuum is off on some
    machines) each scenario reads the dead row versions of all the ones before, and later scenarios look 3x slower."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    models = (Product, ProductTranslation, Variant, Price, StockLevel)
    tables = [table for model in models for table in (model._meta.db_table, model.history.model._meta.db_table)]
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")


def _timed(path: Path, mode: str) -> dict[str, object]:
    _vacuum()
    started = time.perf_counter()
    _table, outcome = file_import(path=path, mode=mode)
    seconds = time.perf_counter() - started
    return {"rows": outcome.total_rows, "seconds": round(seconds, 2),
            "rows_per_second": round(outcome.total_rows / seconds) if seconds else None, **outcome.summary()}


def _prices_stock_file(source: Path, target: Path, *, narrow: bool = False) -> Path:
    """The export's keys, prices and stock, every price one unit higher and every quantity changed; ``narrow``:
    one price list and one location only."""
    with open(source, encoding="utf-8-sig", newline="") as stream:
        first = next(csv.DictReader(stream))
        stream.seek(0)
        reader = csv.DictReader(stream)
        # The price lists and locations the exported products use (others, e.g. BENCH ones, are empty columns).
        columns = [name for name in reader.fieldnames if name.startswith(("price@", "stock@")) and first[name]]
        if narrow:
            columns = [next(name for name in columns if name.startswith("price@")),
                       next(name for name in columns if name.startswith("stock@"))]
        columns = ["product_code", "sku", *columns]
        with open(target, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            for row in reader:
                for name in columns[2:]:
                    if row[name] and name.startswith("price@"):
                        row[name] = f"{Decimal(row[name]) + 1}"
                    elif row[name]:
                        row[name] = str((int(row[name]) + 3) % 40)
                writer.writerow(row)
    return target


def bench_import(rows: int, *, create_rows: int | None = None, cleanup: bool = True) -> dict[str, object]:
    """Time the import scenarios; returns {"database", "rows", scenario: {rows, seconds, rows_per_second, counts}}."""
    from catalog.demo.synthetic import CODE_PREFIX as SYNTHETIC_PREFIX
    from catalog.demo.synthetic import product_code, synthetic_catalog_generate

    from .exporting import CatalogExport, csv_stream

    products = -(-rows // 3)
    synthetic_catalog_generate(products=products, progress=False)
    results: dict[str, object] = {"database": connection.vendor, "rows": rows}
    with tempfile.TemporaryDirectory() as folder:
        exported = Path(folder) / "export.csv"
        _vacuum()
        started = time.perf_counter()
        chosen = Product.objects.filter(code__startswith=SYNTHETIC_PREFIX, code__lte=product_code(products))
        with open(exported, "wb") as stream:
            for piece in csv_stream(CatalogExport(chosen)):
                stream.write(piece)
        seconds = time.perf_counter() - started
        count = Variant.objects.filter(product__in=chosen).count()
        results["export"] = {"rows": count, "seconds": round(seconds, 2), "rows_per_second": round(count / seconds)}
        results["unchanged"] = _timed(exported, SKIP_BAD_ROWS)
        results["erp_feed"] = _timed(_prices_stock_file(exported, Path(folder) / "erp.csv", narrow=True),
                                     SKIP_BAD_ROWS)
        prices = _prices_stock_file(exported, Path(folder) / "prices.csv")
        results["prices_stock_dry_run"] = _timed(prices, PLAN)
        results["prices_stock"] = _timed(prices, SKIP_BAD_ROWS)
        results["prices_stock_restore"] = _timed(exported, SKIP_BAD_ROWS)

        _reference_ensure()
        Product.objects.filter(code__startswith=CODE_PREFIX).delete()
        create_rows = create_rows or rows
        results["create"] = _timed(_csv(Path(folder) / "full.csv", create_rows, full=True), SKIP_BAD_ROWS)
        results["texts"] = _timed(_csv(Path(folder) / "texts.csv", create_rows, full=False, round_number=1,
                                       texts_only=True), SKIP_BAD_ROWS)
        results["everything_changed"] = _timed(
            _csv(Path(folder) / "changed.csv", create_rows, full=True, round_number=2), SKIP_BAD_ROWS)
    if cleanup:
        Product.objects.filter(code__startswith=CODE_PREFIX).delete()
    return results
