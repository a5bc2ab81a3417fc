"""Loads the demo catalog through the catalog services, so every demo row passed the same validation as an edit.

Idempotent: reference data is created only when missing and products whose code exists are skipped, so a second
run changes nothing. Everything happens in one transaction: a failed run leaves no half-loaded product behind.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from catalog import services
from catalog.demo import texts
from catalog.demo.drawing import product_picture
from catalog.demo.product_data import PRODUCTS, ProductRow
from catalog.demo.reference import DemoReference, demo_reference_ensure
from catalog.demo.reference_data import (
    ATTRIBUTES_BY_CODE,
    BRANDS_BY_CODE,
    COLOUR_HEX,
    LOCALE_CODES,
    PRICE_LISTS,
    PROMOTION_PRICE_LIST,
    price_from_pln,
)
from catalog.demo.vocabulary import KINDS
from catalog.gtin import gtin_with_check_digit
from catalog.models import Asset, Location, Product, Variant
from catalog.signals import demo_catalog_loaded

PROMOTION_DISCOUNT = Decimal("0.8")
STORAGE_STEP_PRICE = Decimal("300")  # PLN added per storage step of a tablet


@dataclass
class DemoLoadSummary:
    products_created: int
    products_skipped: int
    variants_created: int
    images_created: int

    def __str__(self) -> str:
        return (f"Demo catalog: {self.products_created} products with {self.variants_created} variants and "
                f"{self.images_created} images created; {self.products_skipped} products already present.")


def product_code(row: ProductRow) -> str:
    model = slugify(row.model.translate(str.maketrans("łŁ", "lL"))).upper()
    return f"{BRANDS_BY_CODE[row.brand].short}-{model}"


def demo_product_codes() -> list[str]:
    return [product_code(row) for row in PRODUCTS]


def demo_catalog_load(*, sender: object = None, now: datetime.datetime | None = None) -> DemoLoadSummary:
    """Create the demo catalog where it is missing, then send ``demo_catalog_loaded``."""
    now = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    summary = DemoLoadSummary(0, 0, 0, 0)
    with transaction.atomic():
        reference = demo_reference_ensure()
        assets_before = Asset.objects.count()
        # Codes are unique ignoring case, so a "kp-baltic" made by hand also counts as present.
        existing = set(Product.objects.annotate(code_lower=Lower("code")).filter(
            code_lower__in=[code.lower() for code in demo_product_codes()]).values_list("code_lower", flat=True))
        for position, row in enumerate(PRODUCTS, start=1):
            if product_code(row).lower() in existing:
                summary.products_skipped += 1
                continue
            summary.variants_created += _product_load(row=row, position=position, reference=reference, now=now)
            summary.products_created += 1
        summary.images_created = Asset.objects.count() - assets_before
    # After the commit, so receivers (syndication's demo channels) see the whole catalog.
    demo_catalog_loaded.send(sender=sender, products_created=summary.products_created)
    return summary


def _product_load(*, row: ProductRow, position: int, reference: DemoReference, now: datetime.datetime) -> int:
    kind = KINDS[row.kind]
    code = product_code(row)
    product = services.product_create(
        code=code, family=reference.families[kind.family], brand=reference.brands[row.brand],
        primary_category=reference.categories[kind.category], status=row.status, attributes=dict(row.attributes),
        translations=[_translation_input(row, locale, position) for locale in LOCALE_CODES
                      if locale not in row.missing_locales],
        variants=_variant_inputs(row=row, position=position, code=code, now=now),
    )
    variants = list(product.variants.order_by("position"))
    for variant in variants:
        _prices_save(variant=variant, row=row, reference=reference, now=now)
        _stock_save(variant=variant, reference=reference)
    if row.has_images:
        _images_save(product=product, row=row, position=position, variants=variants)
    return len(variants)


def _translation_input(row: ProductRow, locale: str, position: int) -> services.TranslationInput:
    family_codes = texts.FAMILY_ATTRIBUTE_CODES[KINDS[row.kind].family]
    localized = {"material": texts.material(row, locale), "care_instructions": texts.care_instructions(row, locale)}
    return services.TranslationInput(
        locale_code=locale, title=texts.title(row, locale), description=texts.description(row, locale, position),
        short_description=texts.short_description(row, locale), slug=texts.slug(row, locale),
        attributes={code: value for code, value in localized.items() if value and code in family_codes},
    )


def _variant_inputs(*, row: ProductRow, position: int, code: str,
                    now: datetime.datetime) -> list[services.VariantInput]:
    family = KINDS[row.kind].family
    brand = BRANDS_BY_CODE[row.brand]
    second_axis = texts.SECOND_AXIS.get(family)
    weight = _shipping_weight(row)
    inputs = []
    combinations = [(colour, size) for colour in row.colours for size in (row.sizes or (None,))]
    for index, (colour, size) in enumerate(combinations):
        axis_values: dict[str, object] = {"color": colour}
        suffix = colour.upper()
        if size is not None and second_axis:
            axis_values[second_axis] = texts.second_axis_value(family, size)
            suffix += "-" + (f"{size}GB" if family == "tablets" else str(size).upper())
        availability, available_from = "", None
        if row.availability and row.availability[0] == index:
            availability, available_from = row.availability[1], now + datetime.timedelta(days=row.availability[2])
        inputs.append(services.VariantInput(
            sku=f"{code}-{suffix}",
            # The GS1 company prefix of the (invented) maker, then an item number from the row's position.
            gtin=gtin_with_check_digit(f"{brand.company_prefix}{position * 20 + index:05d}"),
            mpn=f"{brand.short}{position:03d}-{suffix}", axis_values=axis_values, weight=weight, position=index,
            availability_override=availability, available_from=available_from,
        ))
    return inputs


def _shipping_weight(row: ProductRow) -> Decimal | None:
    net_weight = row.attributes.get("net_weight")
    if not isinstance(net_weight, dict):
        return None
    kilograms = Decimal(str(net_weight["amount"])) / (1000 if net_weight["unit"] == "g" else 1)
    return (kilograms * Decimal("1.15")).quantize(Decimal("0.001"))  # with its packaging


def _prices_save(*, variant: Variant, row: ProductRow, reference: DemoReference, now: datetime.datetime) -> None:
    storage = variant.axis_values.get("storage")
    steps = row.sizes.index(storage["amount"]) if isinstance(storage, dict) else 0
    base = row.price + STORAGE_STEP_PRICE * steps
    for price_list_row in PRICE_LISTS:
        amount = price_from_pln(base, price_list_row)
        sale: dict[str, object] = {}
        if row.on_sale and price_list_row.code == PROMOTION_PRICE_LIST:
            sale = {"sale_amount": (amount * PROMOTION_DISCOUNT).quantize(Decimal("1")) - Decimal("0.01"),
                    "sale_start": now - datetime.timedelta(days=2), "sale_end": now + datetime.timedelta(days=14)}
        services.price_save(variant=variant, price_list=reference.price_lists[price_list_row.code], amount=amount,
                            **sale)


def _stock_save(*, variant: Variant, reference: DemoReference) -> None:
    chance = random.Random(variant.sku)  # the same quantities on every machine
    for location in reference.locations.values():
        if variant.availability_override:
            quantity = 0  # preorder / backorder: nothing on the shelf yet
        elif location.kind == Location.Kind.STORE:
            quantity = chance.choice((0, 0, 1, 2, 3, 5))
        else:
            quantity = chance.choice((0, 4, 8, 12, 20, 35, 60, 120))
        services.stock_level_save(variant=variant, location=location, quantity=quantity)


def _images_save(*, product: Product, row: ProductRow, position: int, variants: list[Variant]) -> None:
    kind = KINDS[row.kind]
    colour_attribute = ATTRIBUTES_BY_CODE["color"]
    for colour_index, colour in enumerate(row.colours):
        content = product_picture(drawing=kind.drawing, colour=COLOUR_HEX[colour],
                                  accent=BRANDS_BY_CODE[row.brand].accent, variation=position)
        asset = services.asset_create(
            file=SimpleUploadedFile(f"{product.code.lower()}-{colour}.jpg", content, content_type="image/jpeg"),
            alt_texts={
                locale: f"{texts.title(row, locale)} \N{EN DASH} {texts.option_label(colour_attribute, colour, locale)}"
                for locale in LOCALE_CODES if locale not in row.missing_locales
            },
        )
        if colour_index == 0:
            services.product_media_save(product=product, asset=asset, position=0)
        if len(row.colours) > 1:  # each colour's picture also shows on that colour's variants
            for variant in variants:
                if variant.axis_values["color"] == colour:
                    services.product_media_save(product=product, asset=asset, variant=variant,
                                                position=colour_index + 1)
