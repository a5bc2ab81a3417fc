"""What an import compares its rows with: reference data (loaded once per import) and the current catalog rows of
one chunk of products (six queries per chunk, whatever its size).

Every query clears the models' default ordering: it joined the variant, product and location tables only to sort
rows that are put in dicts anyway, and turned a price file's index lookups into sequential scans."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models.functions import Lower

from catalog.attribute_values import FamilyRules, family_rules
from catalog.models import (
    Attribute,
    Brand,
    Category,
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

from .bulk import one_of

Level = FamilyAttribute.Level


@dataclass(frozen=True)
class FamilyLayout:
    """A family's attributes by where their columns go: attr:, attr:@locale, vattr: and axis:."""

    family: Family
    rules: FamilyRules
    product: dict[str, Attribute]
    localized: dict[str, Attribute]
    variant: dict[str, Attribute]
    axis: dict[str, Attribute]

    def options(self, attribute: Attribute) -> frozenset[str]:
        return self.rules.options.get(attribute.pk, frozenset())

    def column_for(self, attribute_code: str, *, locale: str = "") -> str:
        """The column an error about this attribute belongs to."""
        if attribute_code in self.axis:
            return f"axis:{attribute_code}"
        if attribute_code in self.variant:
            return f"vattr:{attribute_code}"
        if attribute_code in self.localized and locale:
            return f"attr:{attribute_code}@{locale}"
        return f"attr:{attribute_code}"


@dataclass
class Reference:
    families: dict[str, Family]
    brands: dict[str, Brand]
    categories: dict[str, Category]
    locales: dict[str, Locale]
    price_lists: dict[str, PriceList]
    locations: dict[str, Location]
    attributes: set[str]
    _layouts: dict[int, FamilyLayout] = field(default_factory=dict)

    # Price validation results by (price list, amount, sale amount, sale start, sale end), for this import only
    price_checks: dict[tuple, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # Cleaned attribute cells by (family, attribute, text): (value, None) or (None, problem); see rows._value_clean
    value_checks: dict[tuple, tuple[object, str | None]] = field(default_factory=dict)
    # (model, field name, type, value) that passed the field's own validation: see batches._validated
    valid_fields: set[tuple] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.families_by_id = {family.pk: family for family in self.families.values()}
        self.price_lists_by_id = {price_list.pk: price_list for price_list in self.price_lists.values()}
        self.locations_by_id = {location.pk: location for location in self.locations.values()}

    def layout(self, family: Family) -> FamilyLayout:
        layout = self._layouts.get(family.pk)
        if layout is None:
            rules = family_rules(family.pk)

            def by_code(level: str, localizable: bool | None = None) -> dict[str, Attribute]:
                return {item.attribute.code: item.attribute for item in rules.of(level, localizable=localizable)}

            layout = FamilyLayout(family=family, rules=rules, product=by_code(Level.PRODUCT, False),
                                  localized=by_code(Level.PRODUCT, True), variant=by_code(Level.VARIANT),
                                  axis=by_code(Level.AXIS))
            self._layouts[family.pk] = layout
        return layout


def reference_load() -> Reference:
    """Every code a row may name. Reference tables are small next to the products (hundreds, not 100k)."""
    families = {family.code: family for family in Family.objects.all()}
    return Reference(
        families=families,
        brands={brand.code: brand for brand in Brand.objects.all()},
        categories={category.code: category for category in Category.objects.all()},
        locales={locale.code: locale for locale in Locale.objects.all()},
        price_lists={price_list.code: price_list for price_list in PriceList.objects.all()},
        locations={location.code: location for location in Location.objects.all()},
        attributes=set(Attribute.objects.values_list("code", flat=True)),
    )


# Rows that are only compared are read as tuples, not model instances: building Price, StockLevel and translation
# objects took a third of the time of an import that changes nothing.
class TranslationRow(NamedTuple):
    product_id: int
    locale_id: int
    title: str
    description: str
    short_description: str
    slug: str
    attributes: dict
    pk: int


class VariantRow(NamedTuple):
    pk: int
    product_id: int
    sku: str
    gtin: str | None
    mpn: str
    axis_values: dict
    attributes: dict
    weight: Decimal | None
    position: int
    availability_override: str
    available_from: datetime.datetime | None
    product_code: str  # a SKU may belong to another product than the row's


class PriceRow(NamedTuple):
    pk: int
    variant_id: int
    price_list_id: int
    amount: Decimal
    sale_amount: Decimal | None
    sale_start: datetime.datetime | None
    sale_end: datetime.datetime | None


class StockRow(NamedTuple):
    pk: int
    variant_id: int
    location_id: int
    quantity: int


@dataclass
class ChunkState:
    products: dict[str, Product]  # by code in lower case: codes are unique ignoring case
    category_ids: dict[int, set[int]]  # product id -> its other categories
    translations: dict[tuple[int, int], TranslationRow]  # (product id, locale id)
    variants: dict[str, VariantRow]  # by SKU
    prices: dict[tuple[int, int], PriceRow]  # (variant id, price list id)
    stock_levels: dict[tuple[int, int], StockRow]  # (variant id, location id)


def chunk_state_load(*, codes: set[str], skus: set[str], locale_ids: set[int], with_categories: bool,
                     price_list_ids: set[int], location_ids: set[int], reference: Reference) -> ChunkState:
    """Only what the file's columns can change is loaded: a price file reads no translations."""
    products = {
        product.code.lower(): product
        # Timestamps deferred: parsing them was a tenth of an unchanged import; the services read their own copy.
        for product in Product.objects.annotate(code_lower=Lower("code"))
        .filter(one_of("code_lower", codes, "text"))
        .defer("created_at", "updated_at").order_by()
    }
    for product in products.values():
        family = reference.families_by_id.get(product.family_id)
        if family is not None:
            product.family = family  # no query per product; family_rules() is cached by the reference
    product_ids = [product.pk for product in products.values()]
    category_ids: dict[int, set[int]] = {product_id: set() for product_id in product_ids}
    if with_categories:
        for product_id, category_id in Product.categories.through.objects.filter(
                one_of("product_id", product_ids, "bigint")).order_by().values_list("product_id", "category_id"):
            category_ids[product_id].add(category_id)
    translations = {(row.product_id, row.locale_id): row for row in map(TranslationRow._make, (
        ProductTranslation.objects.filter(one_of("product_id", product_ids, "bigint"), locale_id__in=locale_ids)
        .order_by().values_list(*TranslationRow._fields)))} if locale_ids else {}
    variant_rows = Variant.objects.filter(one_of("sku", skus, "text")).order_by().values_list(
        *VariantRow._fields[:-1], "product__code")
    variants = {row.sku: row for row in map(VariantRow._make, variant_rows)}
    variant_ids = [variant.pk for variant in variants.values()]
    prices, stock_levels = {}, {}
    if price_list_ids:
        price_rows = Price.objects.filter(one_of("variant_id", variant_ids, "bigint"),
                                          price_list_id__in=price_list_ids).order_by().values_list(*PriceRow._fields)
        prices = {(row.variant_id, row.price_list_id): row for row in map(PriceRow._make, price_rows)}
    if location_ids:
        stock_rows = StockLevel.objects.filter(one_of("variant_id", variant_ids, "bigint"),
                                               location_id__in=location_ids).order_by().values_list(*StockRow._fields)
        stock_levels = {(row.variant_id, row.location_id): row for row in map(StockRow._make, stock_rows)}
    return ChunkState(products=products, category_ids=category_ids, translations=translations, variants=variants,
                      prices=prices, stock_levels=stock_levels)
