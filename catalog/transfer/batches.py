"""The chunk-level path of an import for what dominates large files: new products (with their translations and
variants) and existing products whose only change is their texts.

Every rule of product_create and product_translation_save holds, checked the way those services check it but for a
whole chunk at once: each instance's own validation (fields and values, Model.clean_values) in memory; what needs
the database once per chunk (slugs taken in a locale, GTINs taken, products active now); then one INSERT or upsert
per table with its history rows (catalog.transfer.bulk). Errors are keyed as the services key them
(``translations[1].slug``, ``variants[2].gtin``, ``status``), so the import reports them the same way.

Codes and SKUs need no query here: the chunk's state already holds every product and variant the file names, read
in the chunk's transaction. A row written meanwhile by someone else makes the INSERT fail; the caller then writes
that chunk's products one at a time through the services, which explain the conflict.
"""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from catalog.attribute_values import (
    product_activation_problems,
    translation_attributes_clean,
    variant_attributes_clean,
)
from catalog.changes import products_changed_mark
from catalog.history.context import history_scope
from catalog.models import Product, ProductTranslation, Variant
from catalog.services import TranslationInput
from catalog.services.products import translation_fields_set, variant_fields_set

from .bulk import one_of, products_create, rows_create, upsert
from .differences import ProductPlan, RowPlan
from .rows import ProductWish
from .state import ChunkState, FamilyLayout, Reference

TRANSLATION_COLUMNS = ("product_id", "locale_id", "title", "description", "short_description", "slug", "attributes")
VARIANT_COLUMNS = ("product_id", "sku", "gtin", "mpn", "axis_values", "axis_key", "attributes", "weight", "position",
                   "availability_override", "available_from")
MEMO_TYPES = frozenset((str, int, bool, datetime.datetime, type(None)))  # hashable, compared by value
# Left out of clean_fields(): foreign keys point at the import's reference data or at the product being written
# (their existence checks are a query per instance; the database's constraints still refuse a dangling one), and the
# JSON values the models' own clean_fields() leaves to clean_values().
PRODUCT_UNCHECKED = ["family", "brand", "primary_category", "updated_by", "attributes"]
TRANSLATION_UNCHECKED = ["product", "locale", "attributes"]
VARIANT_UNCHECKED = ["product", "attributes", "axis_values"]


@dataclass
class Pending:
    """One product of the chunk on the bulk path, and what became of it."""

    wish: ProductWish
    plan: ProductPlan
    rows: list[RowPlan]  # rows not rejected before the write
    layout: FamilyLayout
    product: Product | None = None  # the existing product (text edits) or the one built to be created
    error: ValidationError | None = None  # product-level, keyed as the service keys it: every row is rejected
    refused: dict[int, ValidationError] = field(default_factory=dict)  # index in ``rows`` -> that variant's error
    translations: list[ProductTranslation] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)  # of the rows kept, in their order

    @property
    def kept(self) -> list[RowPlan]:
        return [row for index, row in enumerate(self.rows) if index not in self.refused]


def _validated(instance, *, exclude: list[str], valid: set[tuple], prefix: str = "") -> ValidationError | None:
    """full_clean() without its queries: clean_fields() then clean_values(), their errors together (as full_clean
    gathers them), keys prefixed like the services' (``variants[2].gtin``).

    A field's own validation depends on its value alone (uniqueness is checked per chunk, foreign keys are left to
    the database), and a file repeats the same status, weight or position on thousands of rows: a value that passed
    once (``valid``, kept for the import) is not validated again."""
    model = type(instance)
    values = instance.__dict__
    known, fresh = set(exclude), []
    for name, attname in _checked_fields(model, tuple(exclude)):
        value = values[attname]
        kind = type(value)
        if kind is Decimal:
            value = str(value)  # 1.5 == 1.50, but only one of them may fit a field's decimal places
        elif kind not in MEMO_TYPES:
            continue
        key = (model, name, kind, value)
        if key in valid:
            known.add(name)
        else:
            fresh.append((key, attname, values[attname]))
    errors: dict[str, list] = {}
    try:
        instance.clean_fields(exclude=known)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    else:
        # A value the field converted (the text "0.25" of a decimal) is converted again next time: not remembered.
        valid.update(key for key, attname, original in fresh if values[attname] is original)
    try:
        instance.clean_values()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if not errors:
        return None
    return ValidationError({f"{prefix}.{name}" if prefix else name: value for name, value in errors.items()})


_CHECKED_FIELDS: dict[tuple, list[tuple[str, str]]] = {}


def _checked_fields(model, exclude: tuple[str, ...]) -> list[tuple[str, str]]:
    """(name, attname) of the model's fields that clean_fields() checks, but for ``exclude``."""
    key = (model, exclude)
    if key not in _CHECKED_FIELDS:
        _CHECKED_FIELDS[key] = [(model_field.name, model_field.attname) for model_field in model._meta.fields
                                if model_field.name not in exclude and not model_field.generated]
    return _CHECKED_FIELDS[key]


def _with_attributes(error: ValidationError | None, check, *, prefix: str) -> ValidationError | None:
    """clean_values() skips the attribute rules of a child whose product is not saved yet: run them here."""
    if error is not None:
        return error
    try:
        check()
    except ValidationError as problem:
        return ValidationError({f"{prefix}.{name}": value for name, value in problem.error_dict.items()})
    return None


def _json(value: dict) -> str:
    return json.dumps(value)  # as JSONField writes it


def _translation_build(*, product: Product, reference: Reference, data: TranslationInput,
                       pk: int | None = None) -> ProductTranslation:
    return translation_fields_set(ProductTranslation(pk=pk, locale=reference.locales[data.locale_code]),
                                  product=product, data=data)


def _slugs_taken(translations: list[tuple[Pending, int, ProductTranslation]]) -> None:
    """One query for the chunk: a slug another translation has in the same locale is an error of that translation."""
    wanted = {(translation.locale_id, translation.slug) for _item, _index, translation in translations
              if translation.slug}
    if not wanted:
        return
    # locale, slug and slug <> '': the partial unique index (locale, slug) answers it
    owners = {(locale_id, slug): pk for locale_id, slug, pk in ProductTranslation.objects.filter(
        one_of("slug", {slug for _locale, slug in wanted}, "text"), ~Q(slug=""),
        locale_id__in={locale_id for locale_id, _slug in wanted}).order_by().values_list("locale_id", "slug", "pk")
        if (locale_id, slug) in wanted}
    for item, index, translation in translations:
        owner = owners.get((translation.locale_id, translation.slug))
        if item.error is None and owner is not None and owner != translation.pk:
            item.error = ValidationError({f"translations[{index}].{name}": value for name, value in
                                          translation.slug_taken_error().error_dict.items()})


# -- new products -------------------------------------------------------------------------------------------------


def new_products_validate(items: list[Pending], *, reference: Reference, user) -> None:
    """Build each item's product, translations and variants and validate them in memory (no query: this runs while
    the previous chunk is being written); sets ``error`` or ``refused``. new_products_verify does the rest."""
    updated_by = user if user is not None and user.is_authenticated else None
    for item in items:
        update = item.plan.update
        product = item.product = Product(
            code=item.wish.code.strip(), family=item.wish.family, brand=update["brand"],
            primary_category=update["primary_category"], status=update["status"], attributes=update["attributes"],
            updated_by=updated_by)
        product._family_rules = (item.wish.family.pk, item.layout.rules)  # rules_for_product() reuses them
        item.error = _validated(product, exclude=PRODUCT_UNCHECKED, valid=reference.valid_fields)
        if item.error is not None:
            continue
        for index, data in enumerate(item.plan.translations):
            translation = _translation_build(product=product, reference=reference, data=data)
            prefix = f"translations[{index}]"
            item.error = _with_attributes(
                _validated(translation, exclude=TRANSLATION_UNCHECKED, valid=reference.valid_fields, prefix=prefix),
                lambda translation=translation: setattr(translation, "attributes", translation_attributes_clean(
                    translation=translation)), prefix=prefix)
            if item.error is not None:
                break
            item.translations.append(translation)
        if item.error is None:
            _variants_validate(item, reference=reference)


def _variants_validate(item: Pending, *, reference: Reference) -> None:
    axes: dict[str, str] = {}  # axis key -> SKU of the first variant kept with it
    for index, row in enumerate(item.rows):
        variant = variant_fields_set(Variant(), product=item.product, data=row.variant_input)
        prefix = f"variants[{index}]"
        error = _with_attributes(
            _validated(variant, exclude=VARIANT_UNCHECKED, valid=reference.valid_fields, prefix=prefix),
            lambda variant=variant: variant_attributes_clean(variant=variant), prefix=prefix)
        if error is None and variant.axis_key and variant.axis_key in axes:
            error = ValidationError({f"{prefix}.{name}": value for name, value in variant.axes_taken_error(
                twin_sku=axes[variant.axis_key]).error_dict.items()})
        if error is not None:
            item.refused[index] = error
            continue
        if variant.axis_key:
            axes[variant.axis_key] = variant.sku
        item.variants.append(variant)


def new_products_verify(items: list[Pending]) -> None:
    """What needs the database, once for the chunk, in the transaction that writes it: slugs taken (a product-level
    error, reported instead of its variants' own, as product_create reports it), GTINs taken, then activation."""
    _slugs_taken([(item, index, translation) for item in items if item.error is None
                  for index, translation in enumerate(item.translations)])
    for item in items:
        if item.error is not None:
            item.refused, item.variants = {}, []
    checked = [item for item in items if item.error is None]
    _gtins_taken(checked)
    for item in checked:
        if item.product.status != Product.Status.ACTIVE or not item.variants:
            continue
        if problems := product_activation_problems(product=item.product, translations=item.translations,
                                                   variants=item.variants):
            item.error = ValidationError({"status": problems})


def _gtins_taken(items: list[Pending]) -> None:
    gtins = {variant.gtin for item in items for variant in item.variants if variant.gtin}
    if not gtins:
        return
    taken = set(Variant.objects.filter(one_of("gtin", gtins, "text")).order_by().values_list("gtin", flat=True))
    for item in items:
        kept = []
        for variant, (index, _row) in zip(item.variants, [(index, row) for index, row in enumerate(item.rows)
                                                           if index not in item.refused], strict=True):
            if variant.gtin in taken:
                item.refused[index] = ValidationError({f"variants[{index}].gtin": [
                    variant.unique_error_message(Variant, ("gtin",))]})
            else:
                kept.append(variant)
        item.variants = kept


def new_products_write(items: list[Pending]) -> None:
    """Insert the checked products (items with an error or no variant left are skipped) with their categories,
    translations, variants and history: a few statements for the whole chunk, one version per product."""
    items = [item for item in items if item.error is None and item.variants]
    if not items:
        return
    products = [item.product for item in items]
    with history_scope():  # one date for the chunk: each product's version includes its translations and variants
        products_create(products, category_ids=[sorted({category.pk for category in item.plan.update["categories"]})
                                                 for item in items])
        translations = [translation for item in items for translation in item.translations]
        for translation in translations:
            translation.product_id = translation.product.pk
        rows_create(ProductTranslation, TRANSLATION_COLUMNS, ("product_id", "locale_id"),
                    [_translation_row(translation) for translation in translations],
                    constants={"updated_at": timezone.now()})
        now = timezone.now()
        variants = [variant for item in items for variant in item.variants]
        ids = rows_create(Variant, VARIANT_COLUMNS, ("sku",), [
            (variant.product.pk, variant.sku, variant.gtin, variant.mpn, _json(variant.axis_values), variant.axis_key,
             _json(variant.attributes), variant.weight, variant.position, variant.availability_override,
             variant.available_from) for variant in variants], constants={"created_at": now, "updated_at": now})
        for variant in variants:  # their prices and stock are written next
            variant.pk = ids[(variant.sku,)]
    products_changed_mark(product_ids=[product.pk for product in products])


def _translation_row(translation: ProductTranslation) -> tuple:
    return (translation.product_id, translation.locale_id, translation.title, translation.description,
            translation.short_description, translation.slug, _json(translation.attributes))


# -- text edits of existing products --------------------------------------------------------------------------------


def text_edits_validate(items: list[Pending], *, reference: Reference, state: ChunkState) -> None:
    """product_translation_save's rules for every translation of the items, in memory; sets ``error``."""
    for item in items:
        for index, data in enumerate(item.plan.translations):
            existing = state.translations.get((item.product.pk, reference.locales[data.locale_code].pk))
            translation = _translation_build(product=item.product, reference=reference, data=data,
                                             pk=existing.pk if existing else None)
            item.error = _validated(translation, exclude=TRANSLATION_UNCHECKED, valid=reference.valid_fields,
                                    prefix=f"translations[{index}]")
            if item.error is not None:
                break
            item.translations.append(translation)


def text_edits_verify(items: list[Pending]) -> None:
    """What needs the database, in the transaction that writes the chunk: slugs taken, active products' rules."""
    _slugs_taken([(item, index, translation) for item in items if item.error is None
                  for index, translation in enumerate(item.translations)])
    _active_products_recheck([item for item in items if item.error is None])


def _active_products_recheck(items: list[Pending]) -> None:
    """An active product must keep what activation required: its status is read again (someone may have activated
    it since the chunk was read), then its other translations and its variants, one query each for the chunk."""
    by_id = {item.product.pk: item for item in items}
    active = set(Product.objects.filter(one_of("id", by_id, "bigint"), status=Product.Status.ACTIVE).order_by()
                 .values_list("pk", flat=True)) if by_id else set()
    if not active:
        return
    others: dict[int, list[ProductTranslation]] = {product_id: [] for product_id in active}
    for translation in ProductTranslation.objects.filter(one_of("product_id", active, "bigint")).order_by() \
            .only("product_id", "locale_id", "title", "attributes"):
        if not any(own.locale_id == translation.locale_id for own in by_id[translation.product_id].translations):
            others[translation.product_id].append(translation)
    variants: dict[int, list[Variant]] = {product_id: [] for product_id in active}
    for variant in Variant.objects.filter(one_of("product_id", active, "bigint")).order_by() \
            .only("product_id", "sku", "attributes"):
        variants[variant.product_id].append(variant)
    for product_id in active:
        item = by_id[product_id]
        if problems := product_activation_problems(product=item.product, translations=item.translations
                                                   + others[product_id], variants=variants[product_id]):
            item.error = ValidationError({"status": problems})


def text_edits_write(items: list[Pending]) -> None:
    """One upsert of the checked translations (history included); the products are touched by the caller."""
    translations = [translation for item in items if item.error is None for translation in item.translations]
    if translations:
        upsert(ProductTranslation, TRANSLATION_COLUMNS, ("product_id", "locale_id"),
               [_translation_row(translation) for translation in translations],
               constants={"updated_at": timezone.now()})


def write_or_fall_back(write, items: list[Pending]) -> bool:
    """Run ``write(items)`` in a savepoint; False (nothing written) when a row written meanwhile by someone else
    broke a unique index, so the caller can take those products one at a time."""
    try:
        with transaction.atomic():
            write(items)
    except IntegrityError:
        return False
    return True

