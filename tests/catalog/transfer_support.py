"""Shared set-up of the import / export tests: a small catalog with every kind of column, files written the way a
spreadsheet would save them, and a full dump of the catalog to prove that something did (or did not) change."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest

from catalog import services
from catalog.models import (
    Attribute,
    FamilyAttribute,
    Price,
    Product,
    ProductTranslation,
    StockLevel,
    Variant,
)
from catalog.services import TranslationInput, VariantInput
from catalog.transfer.exporting import CatalogExport, csv_stream
from tests.factories import (
    AttributeFactory,
    BrandFactory,
    CategoryFactory,
    FamilyAttributeFactory,
    LocationFactory,
    PriceListFactory,
    apparel_family,
    gtin13_for,
)

UTC = datetime.UTC


@pytest.fixture
def shop(locales):
    """Apparel (colour/size axes, required localizable material, a measurement, a multi select, a boolean, a
    variant-level date), two brands, three categories, two price lists (PLN, EUR), two locations, and two products:
    TSHIRT (active, three variants, sale window, stock) and HOODIE (draft, one variant)."""
    family = apparel_family()
    fit = AttributeFactory(code="fit_note", name="Fit note", type=Attribute.Type.TEXT)
    FamilyAttributeFactory(family=family, attribute=fit, level=FamilyAttribute.Level.VARIANT, position=9)
    waterproof = AttributeFactory(code="waterproof", name="Waterproof", type=Attribute.Type.BOOLEAN)
    FamilyAttributeFactory(family=family, attribute=waterproof, position=10)
    restock = AttributeFactory(code="restocked", name="Restocked", type=Attribute.Type.DATE)
    FamilyAttributeFactory(family=family, attribute=restock, level=FamilyAttribute.Level.VARIANT, position=11)
    brand, other_brand = BrandFactory(code="acme", name="Acme"), BrandFactory(code="zenit", name="Zenit")
    root = CategoryFactory(code="apparel", name="Apparel")
    shirts = CategoryFactory(code="shirts", name="Shirts", parent=root)
    sale = CategoryFactory(code="sale", name="Sale")
    retail_pl = PriceListFactory(code="retail_pl", currency="PLN")
    retail_eu = PriceListFactory(code="retail_eu", currency="EUR")
    warehouse, store = LocationFactory(code="warehouse"), LocationFactory(code="store")

    tshirt = services.product_create(
        code="TSHIRT", family=family, status=Product.Status.ACTIVE, brand=brand, primary_category=shirts,
        categories=[root, sale],
        attributes={"chest_width": "52.5 cm", "season": ["spring", "summer"], "waterproof": False},
        translations=[
            TranslationInput(locale_code="en", title="Organic T-shirt",
                             description="<p>Soft <strong>cotton</strong></p>", short_description="Soft tee",
                             slug="organic-t-shirt", attributes={"material": "Cotton"}),
            TranslationInput(locale_code="pl", title="Koszulka", slug="koszulka", attributes={"material": "Bawełna"}),
        ],
        variants=[
            VariantInput(sku="TS-BLUE-S", gtin=gtin13_for(9001), mpn="M-1",
                         axis_values={"color": "blue", "size": "s"},
                         attributes={"fit_note": "Slim", "restocked": "2025-02-01"}, weight=Decimal("0.180")),
            VariantInput(sku="TS-BLUE-M", gtin=gtin13_for(9002), axis_values={"color": "blue", "size": "m"},
                         attributes={"fit_note": "Regular"}, weight=Decimal("0.2"), position=1,
                         availability_override="preorder",
                         available_from=datetime.datetime(2025, 5, 1, 9, 30, tzinfo=UTC)),
            VariantInput(sku="TS-RED-S", axis_values={"color": "red", "size": "s"}, attributes={"fit_note": "Slim"},
                         position=2),
        ],
    )
    hoodie = services.product_create(
        code="HOODIE", family=family, brand=other_brand,
        translations=[TranslationInput(locale_code="en", title="Hoodie", slug="hoodie")],
        variants=[VariantInput(sku="HD-BLACK-L", gtin=gtin13_for(9003), axis_values={"color": "black", "size": "l"})],
    )
    variants = {variant.sku: variant for variant in Variant.objects.all()}
    services.price_save(variant=variants["TS-BLUE-S"], price_list=retail_pl, amount=Decimal("79.99"),
                        sale_amount=Decimal("59.99"), sale_start=datetime.datetime(2025, 6, 1, tzinfo=UTC),
                        sale_end=datetime.datetime(2025, 6, 30, 22, tzinfo=UTC))
    services.price_save(variant=variants["TS-BLUE-S"], price_list=retail_eu, amount=Decimal("19.50"))
    services.price_save(variant=variants["TS-BLUE-M"], price_list=retail_pl, amount=Decimal("79.99"))
    services.price_save(variant=variants["HD-BLACK-L"], price_list=retail_pl, amount=Decimal("199"))
    services.stock_level_save(variant=variants["TS-BLUE-S"], location=warehouse, quantity=12)
    services.stock_level_save(variant=variants["TS-BLUE-S"], location=store, quantity=0)
    services.stock_level_save(variant=variants["TS-BLUE-M"], location=warehouse, quantity=3)
    return {"family": family, "tshirt": tshirt, "hoodie": hoodie, "price_lists": (retail_pl, retail_eu),
            "locations": (warehouse, store), "brands": (brand, other_brand)}


def catalog_dump() -> dict[str, list]:
    """Every value the import can touch, plus versions; timestamps left out (they move on every write)."""
    return {
        "products": list(Product.objects.order_by("code").values_list(
            "code", "family__code", "status", "brand__code", "primary_category__code", "attributes", "version")),
        "categories": sorted(Product.categories.through.objects.values_list("product__code", "category__code")),
        "translations": list(ProductTranslation.objects.order_by("product__code", "locale__code").values_list(
            "product__code", "locale__code", "title", "description", "short_description", "slug", "attributes")),
        "variants": list(Variant.objects.order_by("sku").values_list(
            "sku", "product__code", "gtin", "mpn", "axis_values", "attributes", "weight", "position",
            "availability_override", "available_from")),
        "prices": list(Price.objects.order_by("variant__sku", "price_list__code").values_list(
            "variant__sku", "price_list__code", "amount", "sale_amount", "sale_start", "sale_end")),
        "stock": list(StockLevel.objects.order_by("variant__sku", "location__code").values_list(
            "variant__sku", "location__code", "quantity")),
    }


def export_csv_text(queryset=None) -> str:
    return b"".join(csv_stream(CatalogExport(queryset or Product.objects.all()))).decode("utf-8-sig")


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def csv_write(path: Path, rows: list[dict[str, str]], *, header: list[str] | None = None, delimiter: str = ",",
              encoding: str = "utf-8") -> Path:
    header = header or list(rows[0])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, delimiter=delimiter, lineterminator="\r\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def exported_rows() -> list[dict[str, str]]:
    return csv_rows(export_csv_text())


def import_rows(tmp_path: Path, rows: list[dict[str, str]], *, mode: str = "skip_bad_rows",
                header: list[str] | None = None, name: str = "import.csv"):
    """Write the rows as a CSV and run the import on it; returns (table, outcome)."""
    from catalog.transfer.planning import file_import

    return file_import(path=csv_write(tmp_path / name, rows, header=header), mode=mode)


def problems_of(outcome) -> dict[int, list[tuple[str, str]]]:
    """line -> [(field, value)] of the rejected rows."""
    return {line: [(problem.field, problem.value) for problem in problems]
            for line, problems in outcome.rejected.items()}
