"""The (filtered) product list -> CSV or XLSX in the layout the import reads, one row per variant.

Products are read in keyset chunks (never OFFSET) with a fixed number of queries per chunk, and rows are written
as they are made: memory stays flat for any catalog size. Values are written the way the import reads them, so
export -> edit -> import changes only what was edited.
"""

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import QuerySet

from catalog.currencies import currency_decimals
from catalog.models import Attribute, Price, PriceList, Product, ProductTranslation, StockLevel, Variant

from . import columns as kinds
from .cells import LIST_SEPARATOR, attribute_text, datetime_text, decimal_text
from .columns import Column, export_columns

CHUNK_SIZE = 500  # products per chunk: seven queries each
NUMERIC_KINDS = frozenset({kinds.PRICE, kinds.SALE_PRICE, kinds.WEIGHT, kinds.POSITION, kinds.STOCK})
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CatalogExport:
    def __init__(self, queryset: QuerySet[Product], *, chunk_size: int = CHUNK_SIZE):
        self.ids = queryset.order_by("pk").values_list("pk", flat=True)
        self.chunk_size = chunk_size
        self.columns: list[Column] = export_columns(
            family_ids=queryset.order_by().values_list("family_id", flat=True).distinct())
        codes = {column.code for column in self.columns if column.kind in
                 (kinds.ATTRIBUTE, kinds.LOCALE_ATTRIBUTE, kinds.AXIS, kinds.VARIANT_ATTRIBUTE)}
        self.attributes = {attribute.code: attribute for attribute in Attribute.objects.filter(code__in=codes)}
        self.places = {price_list.code: currency_decimals(price_list.currency)
                       for price_list in PriceList.objects.all()}

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    def rows(self) -> Iterator[list[str]]:
        for chunk in self.chunks():
            yield from chunk

    def chunks(self) -> Iterator[list[list[str]]]:
        """The rows of each chunk of products, by product id (keyset pagination)."""
        last_id = 0
        while ids := list(self.ids.filter(pk__gt=last_id)[:self.chunk_size]):
            yield self._chunk_rows(ids)
            last_id = ids[-1]

    def _chunk_rows(self, ids: list[int]) -> list[list[str]]:
        products = list(Product.objects.filter(pk__in=ids).select_related("family", "brand", "primary_category")
                        .order_by("pk"))
        categories: dict[int, list[str]] = {}
        for product_id, code in Product.categories.through.objects.filter(product_id__in=ids) \
                .order_by("category__code").values_list("product_id", "category__code"):
            categories.setdefault(product_id, []).append(code)
        translations: dict[int, dict[str, ProductTranslation]] = {}
        for translation in ProductTranslation.objects.filter(product_id__in=ids).select_related("locale"):
            translations.setdefault(translation.product_id, {})[translation.locale.code] = translation
        variants: dict[int, list[Variant]] = {}
        for variant in Variant.objects.filter(product_id__in=ids).order_by("product_id", "position", "id"):
            variants.setdefault(variant.product_id, []).append(variant)
        prices: dict[int, dict[str, Price]] = {}
        for price in Price.objects.filter(variant__product_id__in=ids).select_related("price_list"):
            prices.setdefault(price.variant_id, {})[price.price_list.code] = price
        stock: dict[int, dict[str, int]] = {}
        for variant_id, location_code, quantity in StockLevel.objects.filter(variant__product_id__in=ids) \
                .values_list("variant_id", "location__code", "quantity"):
            stock.setdefault(variant_id, {})[location_code] = quantity
        rows = []
        for product in products:
            shared = self._product_cells(product, categories.get(product.pk, []), translations.get(product.pk, {}))
            for variant in variants.get(product.pk) or [None]:  # a product without variants still shows up
                rows.append([shared.get(column.name) if column.product_level else
                             self._variant_cell(column, variant, prices, stock) for column in self.columns])
        return rows

    def _attribute(self, code: str, value: object) -> str:
        attribute = self.attributes.get(code)
        return attribute_text(attribute, value) if attribute else ""

    def _product_cells(self, product: Product, category_codes: list[str],
                       translations: dict[str, ProductTranslation]) -> dict[str, str]:
        cells = {}
        for column in self.columns:
            kind = column.kind
            if not column.product_level:
                continue
            if kind == kinds.PRODUCT_CODE:
                value = product.code
            elif kind == kinds.FAMILY:
                value = product.family.code
            elif kind == kinds.STATUS:
                value = product.status
            elif kind == kinds.BRAND:
                value = product.brand.code if product.brand else ""
            elif kind == kinds.PRIMARY_CATEGORY:
                value = product.primary_category.code if product.primary_category else ""
            elif kind == kinds.CATEGORIES:
                value = LIST_SEPARATOR.join(category_codes)
            elif kind == kinds.ATTRIBUTE:
                value = self._attribute(column.code, product.attributes.get(column.code))
            else:
                translation = translations.get(column.locale)
                if translation is None:
                    value = ""
                elif kind == kinds.LOCALE_ATTRIBUTE:
                    value = self._attribute(column.code, translation.attributes.get(column.code))
                else:
                    value = getattr(translation, kind)
            cells[column.name] = value
        return cells

    def _variant_cell(self, column: Column, variant: Variant | None, prices: dict, stock: dict) -> str:
        if variant is None:
            return ""
        kind = column.kind
        if kind == kinds.SKU:
            return variant.sku
        if kind == kinds.GTIN:
            return variant.gtin or ""
        if kind == kinds.MPN:
            return variant.mpn
        if kind == kinds.AXIS:
            return self._attribute(column.code, variant.axis_values.get(column.code))
        if kind == kinds.VARIANT_ATTRIBUTE:
            return self._attribute(column.code, variant.attributes.get(column.code))
        if kind == kinds.WEIGHT:
            return decimal_text(variant.weight)
        if kind == kinds.POSITION:
            return str(variant.position)
        if kind == kinds.AVAILABILITY_OVERRIDE:
            return variant.availability_override
        if kind == kinds.AVAILABLE_FROM:
            return datetime_text(variant.available_from)
        if kind == kinds.STOCK:
            quantity = stock.get(variant.pk, {}).get(column.code)
            return "" if quantity is None else str(quantity)
        price = prices.get(variant.pk, {}).get(column.code)
        if price is None:
            return ""
        if kind == kinds.PRICE:
            return decimal_text(price.amount, places=self.places.get(column.code))
        if kind == kinds.SALE_PRICE:
            return decimal_text(price.sale_amount, places=self.places.get(column.code))
        return datetime_text(price.sale_start if kind == kinds.SALE_START else price.sale_end)


# -- writers ----------------------------------------------------------------------------------------------------


def csv_stream(export: CatalogExport) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark (so Excel opens it as UTF-8), one chunk of products per piece."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(export.header)
    yield "\ufeff".encode() + buffer.getvalue().encode()
    for chunk in export.chunks():
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(chunk)
        yield buffer.getvalue().encode()


def xlsx_write(export: CatalogExport, stream) -> None:
    """One sheet, "products", written row by row (openpyxl's write-only mode keeps memory flat). Numbers are
    numbers, so a spreadsheet can sort and sum them; codes and GTINs stay text (leading zeros)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("products")
    sheet.append(export.header)
    numeric = [column.kind in NUMERIC_KINDS for column in export.columns]
    for row in export.rows():
        cells = []
        for is_number, text in zip(numeric, row, strict=True):
            if is_number and text:
                number = Decimal(text)
                cells.append(int(number) if number == number.to_integral_value() and "." not in text
                             else float(number))
            elif text.startswith("="):
                cell = WriteOnlyCell(sheet, value=text)
                cell.data_type = "s"  # text, not a formula: nobody's spreadsheet runs a product title
                cells.append(cell)
            else:
                cells.append(_xml_safe(text))
        sheet.append(cells)
    workbook.save(stream)


def _xml_safe(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # Control characters cannot be stored in XLSX at all; they are dropped there (CSV keeps them).
    return ILLEGAL_CHARACTERS_RE.sub("", text) if text else text
