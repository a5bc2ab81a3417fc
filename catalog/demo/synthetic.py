"""A large synthetic catalog for benchmarks and feed tests, written with bulk inserts in bounded batches.

The services validate one row at a time, far too slowly for 100k products, so rows are built valid by construction:
values in their stored shapes from the family's own options, unique SKUs, GTINs with their check digit, axis keys
computed as Variant.clean() would. Each batch is one transaction: an interrupted run leaves whole products only,
and the next run carries on from the highest code.
"""

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import reset_queries, transaction
from tqdm import tqdm

from catalog import services
from catalog.attribute_values import axis_key
from catalog.changes import products_changed_mark
from catalog.demo.drawing import product_picture
from catalog.demo.reference import (
    brands_ensure,
    categories_ensure,
    families_ensure,
    locales_ensure,
    locations_ensure,
    price_lists_ensure,
)
from catalog.demo.reference_data import (
    COLOUR_HEX,
    COLOUR_OPTIONS,
    PRICE_LISTS,
    SYNTHETIC_FAMILY,
    BrandRow,
    PriceListRow,
    price_from_pln,
)
from catalog.demo.texts import LOCALE_INDEX
from catalog.demo.vocabulary import KINDS, MATERIALS
from catalog.gtin import gtin_with_check_digit
from catalog.models import Price, PriceList, Product, ProductMedia, ProductTranslation, StockLevel, Variant

CODE_PREFIX = "GEN-"
CODE_DIGITS = 7
MAX_PRODUCTS = 10 ** CODE_DIGITS - 1
# GS1 prefix 40 (Germany's range) + 7-digit product number + 3-digit variant index + check digit = GTIN-13.
# The demo uses 590 / 800 / 460 / 00 company prefixes and the test factories 590, so these never collide.
GTIN_PREFIX = "40"
MAX_VARIANTS_PER_PRODUCT = 999
SIZES = ("xs", "s", "m", "l", "xl", "xxl")
COLOURS = tuple(option.code for option in COLOUR_OPTIONS)
SYNTHETIC_KINDS = ("tshirt", "shirt", "hoodie", "sweater", "jeans", "chinos", "jacket")
GENDERS = ("male", "female", "unisex")
SEASONS = (["spring", "summer"], ["autumn", "winter"], ["spring", "summer", "autumn"], ["winter"])
SYNTHETIC_BRANDS = tuple(
    BrandRow(f"synthetic_{index:02d}", name, "GEN", f"https://{name.lower()}.example", "", "#888888")
    for index, name in enumerate((
        "Altavia", "Borvik", "Cantara", "Dunmore", "Elstree", "Farolo", "Gravina", "Holmgard", "Ivanta", "Jorvik",
        "Kalinda", "Lunetta", "Marlowe", "Norrland", "Ostara", "Pellucci", "Quellen", "Rivolta", "Solvang", "Tarvisio",
    ), start=1)
)
LOCALES = ("en", "pl")
MATERIAL_KEYS = ("organic_cotton", "cotton_elastane", "linen", "merino", "fleece", "denim", "recycled_polyester")


@dataclass
class SyntheticSummary:
    products_before: int
    products_created: int
    variants_created: int

    def __str__(self) -> str:
        return (f"Synthetic catalog: {self.products_created} products with {self.variants_created} variants created "
                f"({self.products_before} existed before, {self.products_before + self.products_created} now).")


@dataclass
class SyntheticReference:
    """What every batch links to, loaded once."""

    family_id: int
    locale_ids: dict[str, int]
    brand_ids: list[int]
    category_ids: dict[str, int]
    price_lists: list[tuple[PriceList, PriceListRow]]
    location_ids: list[int]
    colour_asset_ids: dict[str, int]


def product_code(number: int) -> str:
    return f"{CODE_PREFIX}{number:0{CODE_DIGITS}d}"


def synthetic_products_existing() -> tuple[int, int]:
    """How many synthetic products exist, and the highest number among their codes (0 for none)."""
    synthetic = Product.objects.filter(code__startswith=CODE_PREFIX)
    highest = synthetic.order_by("-code").values_list("code", flat=True).first()  # fixed width: text order works
    return synthetic.count(), int(highest.removeprefix(CODE_PREFIX)) if highest else 0


def synthetic_catalog_generate(*, products: int, variants_per_product: int = 3, batch_size: int = 1000,
                               progress: bool = True) -> SyntheticSummary:
    """Make sure at least ``products`` synthetic products exist, adding the missing ones after the highest code."""
    if not 1 <= variants_per_product <= min(len(COLOURS) * len(SIZES), MAX_VARIANTS_PER_PRODUCT):
        raise ValueError(f"variants per product must be between 1 and {len(COLOURS) * len(SIZES)}")
    if batch_size < 1:
        raise ValueError("the batch size must be at least 1")
    existing, highest = synthetic_products_existing()
    missing = max(0, products - existing)
    if highest + missing > MAX_PRODUCTS:
        raise ValueError(f"synthetic product numbers would pass {MAX_PRODUCTS}")
    summary = SyntheticSummary(products_before=existing, products_created=0, variants_created=0)
    if not missing:
        return summary
    reference = _reference_ensure()
    numbers = range(highest + 1, highest + missing + 1)
    with tqdm(total=missing, unit="product", file=sys.stderr, disable=not progress) as bar:
        for start in range(0, missing, batch_size):
            batch = numbers[start:start + batch_size]
            summary.variants_created += _batch_insert(numbers=batch, variants_per_product=variants_per_product,
                                                      reference=reference)
            summary.products_created += len(batch)
            bar.update(len(batch))
            reset_queries()  # with DEBUG on, Django keeps every SQL text; the bulk inserts' would pile up
    return summary


def _reference_ensure() -> SyntheticReference:
    with transaction.atomic():
        locales = locales_ensure()
        family = families_ensure([SYNTHETIC_FAMILY])[SYNTHETIC_FAMILY.code]
        brands = brands_ensure(SYNTHETIC_BRANDS)
        categories = categories_ensure()
        price_lists = price_lists_ensure()
        locations = locations_ensure()
        colour_assets = {}
        for colour in COLOURS:  # one shared picture per colour: feeds need an image, not a distinct one
            content = product_picture(drawing="tshirt", colour=COLOUR_HEX[colour], accent="#888888")
            colour_assets[colour] = services.asset_create(
                file=SimpleUploadedFile(f"synthetic-{colour}.jpg", content, content_type="image/jpeg")).pk
    return SyntheticReference(
        family_id=family.pk, locale_ids={code: locales[code].pk for code in LOCALES},
        brand_ids=[brands[row.code].pk for row in SYNTHETIC_BRANDS],
        category_ids={code: categories[code].pk for code in {KINDS[kind].category for kind in SYNTHETIC_KINDS}},
        price_lists=[(price_lists[row.code], row) for row in PRICE_LISTS],
        location_ids=[location.pk for location in locations.values()],
        colour_asset_ids=colour_assets,
    )


def _axes(number: int, count: int) -> Iterator[tuple[str, str]]:
    # Index i -> (colour, size) is one-to-one for i < colours x sizes; the colour rotates with the product number.
    for index in range(count):
        yield COLOURS[(index // len(SIZES) + number) % len(COLOURS)], SIZES[index % len(SIZES)]


@transaction.atomic
def _batch_insert(*, numbers: range, variants_per_product: int, reference: SyntheticReference) -> int:
    products = Product.objects.bulk_create([
        Product(
            code=product_code(number), family_id=reference.family_id, status=Product.Status.ACTIVE,
            brand_id=reference.brand_ids[number % len(reference.brand_ids)],
            primary_category_id=reference.category_ids[KINDS[_kind(number)].category],
            attributes={"gender": GENDERS[number % len(GENDERS)], "age_group": "adult",
                        "season": SEASONS[number % len(SEASONS)]},
        ) for number in numbers
    ], batch_size=2000)
    ProductTranslation.objects.bulk_create([
        _translation(product=product, number=number, locale=locale, locale_id=reference.locale_ids[locale])
        for product, number in zip(products, numbers, strict=True) for locale in LOCALES
    ], batch_size=2000)
    variants = Variant.objects.bulk_create([
        Variant(
            product_id=product.pk, sku=f"{product.code}-{colour.upper()}-{size.upper()}", position=index,
            gtin=gtin_with_check_digit(f"{GTIN_PREFIX}{number:0{CODE_DIGITS}d}{index:03d}"),
            mpn=f"MPN-{number:0{CODE_DIGITS}d}-{index:03d}", axis_values={"color": colour, "size": size},
            axis_key=axis_key({"color": colour, "size": size}), weight=Decimal("0.350"),
        )
        for product, number in zip(products, numbers, strict=True)
        for index, (colour, size) in enumerate(_axes(number, variants_per_product))
    ], batch_size=2000)
    Price.objects.bulk_create([
        Price(variant_id=variant.pk, price_list_id=price_list.pk,
              amount=price_from_pln(Decimal(49 + (variant.pk % 40) * 10), row))
        for variant in variants for price_list, row in reference.price_lists
    ], batch_size=4000)
    StockLevel.objects.bulk_create([
        StockLevel(variant_id=variant.pk, location_id=location_id, quantity=(variant.pk * 7 + location_id) % 25)
        for variant in variants for location_id in reference.location_ids
    ], batch_size=4000)
    ProductMedia.objects.bulk_create([
        ProductMedia(product_id=product.pk, asset_id=reference.colour_asset_ids[variant.axis_values["color"]],
                     position=0)
        for product, variant in zip(products, variants[::variants_per_product], strict=True)
    ], batch_size=4000)
    products_changed_mark(product_ids=[product.pk for product in products])  # bulk inserts skip the services
    return len(variants)


def _kind(number: int) -> str:
    return SYNTHETIC_KINDS[number % len(SYNTHETIC_KINDS)]


def _translation(*, product: Product, number: int, locale: str, locale_id: int) -> ProductTranslation:
    kind = KINDS[_kind(number)]
    brand = SYNTHETIC_BRANDS[number % len(SYNTHETIC_BRANDS)].name
    noun = kind.nouns[locale]
    material_key = MATERIAL_KEYS[number % len(MATERIAL_KEYS)]
    material = MATERIALS[material_key][LOCALE_INDEX[locale]]
    title = (f"{brand} {noun} {number}" if locale == "en" else f"{noun[:1].upper()}{noun[1:]} {brand} {number}")
    return ProductTranslation(
        product_id=product.pk, locale_id=locale_id, title=title,
        short_description=f"{title}: {material}.",
        description=f"<p>{kind.pitch[locale]}</p><ul><li>{material}</li></ul>",
        slug=f"{kind.code.replace('_', '-')}-{product.code.lower()}", attributes={"material": material},
    )

