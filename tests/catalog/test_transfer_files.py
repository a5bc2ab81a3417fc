# ruff: noqa: F811 - the shop fixture is imported from tests.catalog.transfer_support and used as an argument
"""Reading import files: bad files (encoding, columns, ragged rows, formulas, limits) are refused with a clear
error naming the line or column and change nothing; CSV dialects and XLSX typed cells read as the export wrote."""

import datetime
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from catalog.models import Price, Product, StockLevel, Variant
from catalog.transfer.exporting import CatalogExport, xlsx_write
from catalog.transfer.planning import file_import
from catalog.transfer.reading import ImportFileError
from tests.catalog.transfer_support import (
    catalog_dump,
    csv_write,
    export_csv_text,
    exported_rows,
    shop,  # noqa: F401
)

pytestmark = pytest.mark.django_db


def _refused(path, mode: str = "skip_bad_rows") -> str:
    before = catalog_dump()
    with pytest.raises(ImportFileError) as refused:
        file_import(path=path, mode=mode)
    assert catalog_dump() == before
    return "\n".join(refused.value.problems)


def _changed_rows() -> list[dict[str, str]]:
    rows = exported_rows()
    rows[0]["title@en"] = "Café T-shirt"
    return rows


def test_a_latin1_file_is_refused_and_told_to_save_as_utf8(shop, tmp_path):
    rows = [{"product_code": "TSHIRT", "sku": "TS-BLUE-S", "title@en": "Café T-shirt"}]
    message = _refused(csv_write(tmp_path / "latin1.csv", rows, encoding="latin-1"))
    assert "not UTF-8" in message
    assert "0xE9" in message  # é in latin-1


def test_unknown_and_missing_columns_are_named(shop, tmp_path):
    rows = [{"product_code": "TSHIRT", "colour": "blue", "title@en": "x", "title@en ": "y"}]
    message = _refused(csv_write(tmp_path / "columns.csv", rows))
    assert "colour is not a column this import reads" in message
    assert "The required column sku is missing" in message
    assert "title@en appears twice" in message


def test_a_ragged_row_is_refused_naming_its_line(shop, tmp_path):
    path = csv_write(tmp_path / "ragged.csv", _changed_rows())
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",extra"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    message = _refused(path)
    assert "Line 3 has" in message and "cells; the header has" in message


def test_a_formula_in_a_csv_cell_is_refused(shop, tmp_path):
    rows = _changed_rows()
    rows[1]["title@en"] = '=HYPERLINK("http://evil.example","click")'
    message = _refused(csv_write(tmp_path / "formula.csv", rows))
    assert "Line 3, column title@en" in message and "is a formula" in message


def _xlsx(path, rows: list[list[object]]):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_a_formula_in_an_xlsx_cell_is_refused(shop, tmp_path):
    path = _xlsx(tmp_path / "formula.xlsx", [["product_code", "sku", "price@retail_pl"],
                                             ["TSHIRT", "TS-BLUE-S", "=79.99*2"]])
    message = _refused(path)
    assert "Line 2, column price@retail_pl" in message and "is a formula" in message


@pytest.mark.parametrize("setting, value, expected", [
    ("PIM_IMPORT_MAX_BYTES", 200, "above the limit of 200 bytes"),
    ("PIM_IMPORT_MAX_ROWS", 3, "more than 3 rows"),
])
def test_a_file_over_the_limits_is_refused(shop, tmp_path, settings, setting, value, expected):
    setattr(settings, setting, value)
    assert expected in _refused(csv_write(tmp_path / "big.csv", _changed_rows()))


def test_an_xlsx_that_unpacks_too_large_is_refused(shop, tmp_path, settings):
    settings.PIM_IMPORT_MAX_UNPACKED_BYTES = 1000
    path = _xlsx(tmp_path / "bomb.xlsx", [["product_code", "sku"], ["TSHIRT", "TS-BLUE-S" + " " * 5000]])
    assert "unpacks to" in _refused(path)


@pytest.mark.parametrize("content, expected", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel 97-2003"),
    (b"PK\x03\x04not really a zip", "not a readable .xlsx"),
    (b"\x00\x01\x02binary", "not a text file"),
    (b"\n\n", "no header row"),
])
def test_files_that_are_not_spreadsheets_are_refused(shop, tmp_path, content, expected):
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    assert expected in _refused(path)


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files_with_a_bom_are_read(shop, tmp_path, delimiter):
    rows = exported_rows()
    rows[0]["price@retail_pl"] = "75.00"
    path = csv_write(tmp_path / "dialect.csv", rows, delimiter=delimiter, encoding="utf-8-sig")

    _table, outcome = file_import(path=path, mode="skip_bad_rows")

    assert outcome.summary() == {"created": 0, "updated": 1, "unchanged": 3, "rejected": 0}
    assert Price.objects.get(variant__sku="TS-BLUE-S", price_list__code="retail_pl").amount == Decimal("75.00")


def test_xlsx_export_then_import_changes_nothing(shop, tmp_path):
    path = tmp_path / "catalog.xlsx"
    with open(path, "wb") as stream:
        xlsx_write(CatalogExport(Product.objects.all()), stream)
    before = catalog_dump()

    _table, outcome = file_import(path=path, mode="skip_bad_rows")

    assert outcome.summary() == {"created": 0, "updated": 0, "unchanged": 4, "rejected": 0}
    assert catalog_dump() == before
    sheet = load_workbook(path, read_only=True).worksheets[0]
    header, first = [cell.value for cell in next(sheet.iter_rows(max_row=1))], next(sheet.iter_rows(min_row=2))
    values = dict(zip(header, [cell.value for cell in first], strict=True))
    assert (values["price@retail_pl"], values["stock@warehouse"], values["gtin"]) == (79.99, 12, "5900000090016")


def test_xlsx_typed_cells_are_read_as_the_csv_text_would_be(shop, tmp_path):
    header = ["product_code", "sku", "price@retail_pl", "stock@warehouse", "available_from", "attr:waterproof",
              "weight", "title@en"]
    path = _xlsx(tmp_path / "typed.xlsx", [
        header,
        ["TSHIRT", "TS-BLUE-S", 69.9, 7, datetime.datetime(2025, 7, 1, 8, 0), True, 0.25, "=Best tee"],
    ])
    # openpyxl turns "=Best tee" into a formula; make it text, as a spreadsheet would store a typed "'=Best tee"
    with zipfile.ZipFile(path) as archive:
        assert "<f>" in archive.read("xl/worksheets/sheet1.xml").decode()
    workbook = load_workbook(path)
    workbook.active["H2"].data_type = "s"
    workbook.save(path)

    _table, outcome = file_import(path=path, mode="skip_bad_rows")

    assert not outcome.rejected, outcome.rejected
    variant = Variant.objects.select_related("product").get(sku="TS-BLUE-S")
    assert Price.objects.get(variant=variant, price_list__code="retail_pl").amount == Decimal("69.90")
    assert StockLevel.objects.get(variant=variant, location__code="warehouse").quantity == 7
    assert variant.available_from == datetime.datetime(2025, 7, 1, 8, 0, tzinfo=datetime.UTC)
    assert (variant.weight, variant.product.attributes["waterproof"]) == (Decimal("0.250"), True)
    assert variant.product.translations.get(locale__code="en").title == "=Best tee"


def test_the_csv_export_starts_with_a_bom_and_has_one_row_per_variant(shop):
    text = export_csv_text()
    assert text.splitlines()[0].startswith("product_code,family,status,brand,primary_category,categories,")
    assert len(text.splitlines()) == 1 + Variant.objects.count()
