"""Writes the demo's reference data (locales, attributes, families, brands, categories, price lists, locations).

There are no services for reference data yet, so rows are created directly, and only when missing: a row that
exists (perhaps edited by a merchandiser since) is left as it is. A few queries per table, whatever its size.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from catalog.demo.reference_data import (
    ATTRIBUTES_BY_CODE,
    BRANDS,
    CATEGORY_TREE,
    FAMILIES,
    LOCATIONS,
    PRICE_LISTS,
    BrandRow,
    CategoryRow,
    FamilyRow,
)
from catalog.models import (
    Attribute,
    AttributeOption,
    Brand,
    Category,
    Family,
    FamilyAttribute,
    Locale,
    Location,
    PriceList,
)

# The same four locales as migration catalog/0002, for databases flushed after migrating (transactional tests).
LOCALES = (("en", "English", None), ("pl", "Polski", "en"), ("it", "Italiano", "en"), ("ru", "Русский", "en"))


@dataclass
class DemoReference:
    locales: dict[str, Locale]
    attributes: dict[str, Attribute]
    families: dict[str, Family]
    brands: dict[str, Brand]
    categories: dict[str, Category]
    price_lists: dict[str, PriceList]
    locations: dict[str, Location]


def _missing_created(model: type[models.Model], wanted: dict[str, dict[str, object]],
                     key: str = "code") -> dict[str, models.Model]:
    """Rows of ``model`` keyed by ``key``: existing ones as they are, missing ones created from ``wanted``."""
    existing = model.objects.in_bulk(list(wanted), field_name=key)
    missing = [model(**{key: value}, **fields) for value, fields in wanted.items() if value not in existing]
    for row in missing:
        row.full_clean(validate_unique=False, validate_constraints=False)
    model.objects.bulk_create(missing)
    return {**existing, **{getattr(row, key): row for row in missing}}


def locales_ensure() -> dict[str, Locale]:
    locales: dict[str, Locale] = {}
    for position, (code, name, fallback) in enumerate(LOCALES):  # English first: the others fall back to it
        locales[code], _created = Locale.objects.get_or_create(
            code=code, defaults={"name": name, "position": position, "fallback": locales.get(fallback)})
    return locales


def attributes_ensure(codes: Iterable[str]) -> dict[str, Attribute]:
    rows = [ATTRIBUTES_BY_CODE[code] for code in codes]
    attributes = _missing_created(Attribute, {row.code: {
        "type": row.type, "name": row.name, "labels": row.labels, "localizable": row.localizable, "units": row.units,
        "min_value": row.min_value, "max_value": row.max_value, "max_length": row.max_length,
    } for row in rows})
    existing_options = set(AttributeOption.objects.filter(attribute__in=list(attributes.values()))
                           .values_list("attribute__code", "code"))
    AttributeOption.objects.bulk_create([
        AttributeOption(attribute=attributes[row.code], code=option.code, name=option.name, labels=option.labels,
                        position=position)
        for row in rows for position, option in enumerate(row.options)
        if (row.code, option.code) not in existing_options
    ])
    return attributes


def families_ensure(rows: Iterable[FamilyRow] = FAMILIES) -> dict[str, Family]:
    rows = list(rows)
    attributes = attributes_ensure({code for row in rows for code, _level, _required in row.attributes})
    already = set(Family.objects.filter(code__in=[row.code for row in rows]).values_list("code", flat=True))
    families = _missing_created(Family, {row.code: {"name": row.name, "labels": row.labels} for row in rows})
    # Attributes are added to new families only: a family edited in the admin is not put back as it was.
    FamilyAttribute.objects.bulk_create([
        FamilyAttribute(family=families[row.code], attribute=attributes[code], level=level, required=required,
                        position=position)
        for row in rows if row.code not in already
        for position, (code, level, required) in enumerate(row.attributes)
    ])
    return families


def brands_ensure(rows: Iterable[BrandRow] = BRANDS) -> dict[str, Brand]:
    return _missing_created(Brand, {row.code: {"name": row.name, "website": row.website} for row in rows})


def categories_ensure(roots: Iterable[CategoryRow] = CATEGORY_TREE) -> dict[str, Category]:
    """The category tree, one level at a time so each level's parents have ids."""
    categories: dict[str, Category] = {}
    level: list[tuple[CategoryRow, str | None]] = [(row, None) for row in roots]
    while level:
        created = _missing_created(Category, {row.code: {
            "name": row.name, "labels": row.labels, "google_product_category": row.google_product_category,
            "parent": categories.get(parent_code) if parent_code else None, "position": position,
        } for position, (row, parent_code) in enumerate(level)})
        categories.update(created)
        level = [(child, row.code) for row, _parent in level for child in row.children]
    return categories


def price_lists_ensure() -> dict[str, PriceList]:
    return _missing_created(PriceList, {row.code: {"name": row.name, "currency": row.currency} for row in PRICE_LISTS})


def locations_ensure() -> dict[str, Location]:
    return _missing_created(Location, {row.code: {
        "name": row.name, "kind": row.kind, "country": row.country, "address": row.address,
    } for row in LOCATIONS})


def demo_reference_ensure() -> DemoReference:
    families = families_ensure()
    return DemoReference(
        locales=locales_ensure(), attributes=attributes_ensure(ATTRIBUTES_BY_CODE), families=families,
        brands=brands_ensure(), categories=categories_ensure(), price_lists=price_lists_ensure(),
        locations=locations_ensure(),
    )
