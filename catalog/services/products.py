"""Products, their translations and variants."""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.attribute_values import product_activation_problems
from catalog.changes import products_changed_mark
from catalog.gtin import gtin_normalise
from catalog.history.context import history_context, history_scope
from catalog.history.records import history_rows_write, history_rows_write_by_id
from catalog.models import (
    Brand,
    Category,
    Family,
    Locale,
    Product,
    ProductTranslation,
    Variant,
)
from catalog.services.base import (
    UNSET,
    ProductVersionConflict,
    TranslationInput,
    VariantInput,
    _activation_check,
    _active_product_recheck,
    _full_clean,
    _prefixed,
    _product_touch,
    _save_or_explain,
    _Unset,
)

# -- products ---------------------------------------------------------------------------------------------------


@transaction.atomic
def product_create(
    *,
    code: str,
    family: Family,
    variants: Sequence[VariantInput],
    status: str = Product.Status.DRAFT,
    brand: Brand | None = None,
    primary_category: Category | None = None,
    categories: Iterable[Category] = (),
    attributes: dict[str, object] | None = None,
    translations: Sequence[TranslationInput] = (),
    user=None,
) -> Product:
    """Create a product with its translations and variants; every product has at least one variant."""
    if not variants:
        raise ValidationError({"variants": ValidationError(_("A product needs at least one variant."),
                                                            code="no_variants")})
    product = Product(
        code=code.strip(), family=family, brand=brand, primary_category=primary_category, status=status,
        attributes=attributes or {}, updated_by=user if user and user.is_authenticated else None,
    )
    _full_clean(product)
    with history_scope(), history_context(user=user):  # the product, its translations and variants: one version
        _product_create_saved(product=product, categories=categories, translations=translations, variants=variants)
    products_changed_mark(product_ids=[product.pk])
    return product


def _product_create_saved(*, product: Product, categories: Iterable[Category], translations: Sequence[TranslationInput],
                          variants: Sequence[VariantInput]) -> None:
    # The history row is written once the categories are in place: it records them.
    product.skip_history_when_saving = True
    try:
        _save_or_explain(product)
    finally:
        del product.skip_history_when_saving
    if categories:
        product.categories.set(categories)
    history_rows_write(model=Product, instances=[product], history_type="+")
    locales = {locale.code: locale for locale in Locale.objects.filter(
        code__in=[translation.locale_code for translation in translations])}
    for index, translation_input in enumerate(translations):
        _translation_build_and_save(product=product, locales=locales, data=translation_input,
                                    error_prefix=f"translations[{index}]")
    for index, variant_input in enumerate(variants):
        _variant_build_and_save(product=product, data=variant_input, error_prefix=f"variants[{index}]")
    if product.status == Product.Status.ACTIVE:
        _activation_check(product)


@transaction.atomic
def product_update(
    *,
    product_id: int,
    expected_version: int,
    user=None,
    code: str | _Unset = UNSET,
    family: Family | _Unset = UNSET,
    brand: Brand | _Unset | None = UNSET,
    primary_category: Category | _Unset | None = UNSET,
    categories: Iterable[Category] | _Unset = UNSET,
    status: str | _Unset = UNSET,
    attributes: dict[str, object] | _Unset = UNSET,
) -> Product:
    """Change a product's own fields. A stale ``expected_version`` raises ProductVersionConflict."""
    # of=("self",): PostgreSQL refuses FOR UPDATE across the outer join to the nullable updated_by.
    product = Product.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=product_id)
    if product.version != expected_version:
        raise ProductVersionConflict(
            code=product.code, expected=expected_version, found=product.version,
            updated_by=product.updated_by.get_username() if product.updated_by else "",
            updated_at=product.updated_at,
        )
    was_archived = product.status == Product.Status.ARCHIVED
    changes = {"code": code, "family": family, "brand": brand, "primary_category": primary_category,
               "status": status, "attributes": attributes}
    for name, value in changes.items():
        if value is not UNSET:
            setattr(product, name, value.strip() if name == "code" else value)
    product.updated_by = user if user and user.is_authenticated else None
    product.version += 1  # any form opened before this save now fails instead of overwriting it
    _full_clean(product)
    if categories is not UNSET:
        product.categories.set(categories)  # before the save, whose history row records the categories
    with history_context(user=user):
        _save_or_explain(product)
    if product.status == Product.Status.ACTIVE:
        _activation_check(product)
    newly_archived = [product.pk] if product.status == Product.Status.ARCHIVED and not was_archived else []
    products_changed_mark(product_ids=[product.pk], archived=newly_archived)
    return product


@transaction.atomic
def product_status_set(*, product_ids: Sequence[int], status: str, user=None) -> int:
    """Set the status of many products at once; activation is all-or-nothing and lists every product refused."""
    if status not in Product.Status.values:  # the bulk UPDATE below skips full_clean's choices check
        raise ValidationError({"status": ValidationError(
            _("%(value)s is not a product status (%(statuses)s)."), code="invalid_status",
            params={"value": status, "statuses": ", ".join(Product.Status.values)},
        )})
    products = list(
        Product.objects.select_for_update(of=("self",)).filter(pk__in=product_ids).select_related("family")
        .prefetch_related("translations", "variants")
    )
    if status == Product.Status.ACTIVE:
        refused = []
        for product in products:
            product.status = status
            problems = product_activation_problems(
                product=product, translations=list(product.translations.all()), variants=list(product.variants.all()),
            )
            try:
                product.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                problems.append(error)
            if problems:
                refused.append(ValidationError(
                    _("%(value)s cannot be activated: %(reasons)s"), code="not_ready",
                    params={"value": product.code, "reasons": "; ".join(ValidationError(problems).messages)},
                ))
        if refused:
            raise ValidationError({"status": refused})
    newly_archived = [product.pk for product in products if product.status != Product.Status.ARCHIVED] \
        if status == Product.Status.ARCHIVED else []
    changed = Product.objects.filter(pk__in=[product.pk for product in products]).update(
        status=status, version=F("version") + 1, updated_at=timezone.now(),
        updated_by=user if user and user.is_authenticated else None,
    )
    with history_context(user=user):
        history_rows_write_by_id(model=Product, ids=[product.pk for product in products])
    products_changed_mark(product_ids=[product.pk for product in products], archived=newly_archived)
    return changed


@transaction.atomic
def product_delete(*, product_id: int) -> None:
    deleted = dict(Product.objects.filter(pk=product_id).values_list("pk", "code"))
    deleted_variants = dict(Variant.objects.filter(product_id=product_id).values_list("sku", "product__code"))
    Product.objects.filter(pk=product_id).delete()
    products_changed_mark(deleted=deleted, deleted_variants=deleted_variants)


# -- translations -----------------------------------------------------------------------------------------------


def translation_fields_set(translation: ProductTranslation, *, product: Product, data: TranslationInput
                           ) -> ProductTranslation:
    """The input's values on the translation, as every write of one sets them (the import's chunk path too)."""
    translation.product = product  # shares the product's loaded family rules
    translation.title, translation.description = data.title.strip(), data.description or ""
    translation.short_description, translation.slug = data.short_description.strip(), data.slug.strip()
    translation.attributes = dict(data.attributes)
    return translation


def _translation_build_and_save(*, product: Product, locales: dict[str, Locale], data: TranslationInput,
                                error_prefix: str = "") -> ProductTranslation:
    locale = locales.get(data.locale_code)
    if locale is None:
        raise ValidationError({_prefixed(error_prefix, "locale"): ValidationError(
            _("%(value)s is not a configured locale."), code="unknown_locale", params={"value": data.locale_code},
        )})
    translation = translation_fields_set(
        ProductTranslation.objects.filter(product=product, locale=locale).first() or ProductTranslation(locale=locale),
        product=product, data=data)
    _full_clean(translation, error_prefix=error_prefix)
    _save_or_explain(translation)
    return translation




@transaction.atomic
def product_translation_save(
    *, product: Product, locale_code: str, title: str = "", description: str = "", short_description: str = "",
    slug: str = "", attributes: dict[str, object] | None = None,
) -> ProductTranslation:
    """Create or replace the product's translation in one locale."""
    translation = _translation_build_and_save(
        product=product, locales={locale.code: locale for locale in Locale.objects.filter(code=locale_code)},
        data=TranslationInput(locale_code=locale_code, title=title, description=description,
                              short_description=short_description, slug=slug, attributes=attributes or {}),
    )
    _active_product_recheck(product)
    _product_touch(product.pk)
    return translation


@transaction.atomic
def product_translation_delete(*, translation_id: int) -> None:
    translation = ProductTranslation.objects.select_related("product").get(pk=translation_id)
    product = translation.product
    translation.delete()
    if product.status == Product.Status.ACTIVE:
        _activation_check(product)
    _product_touch(product.pk)


# -- variants ---------------------------------------------------------------------------------------------------


def variant_fields_set(variant: Variant, *, product: Product, data: VariantInput) -> Variant:
    """The input's values on the variant, as every write of one sets them (the import's chunk path too)."""
    variant.product = product  # shares the product's loaded family rules
    variant.sku = data.sku.strip()
    variant.gtin = gtin_normalise(data.gtin) or None if data.gtin else None
    variant.mpn, variant.weight, variant.position = data.mpn.strip(), data.weight, data.position
    variant.axis_values, variant.attributes = dict(data.axis_values), dict(data.attributes)
    variant.availability_override, variant.available_from = data.availability_override, data.available_from
    return variant


def _variant_build_and_save(*, product: Product, data: VariantInput, error_prefix: str = "",
                            variant: Variant | None = None) -> Variant:
    variant = variant_fields_set(variant or Variant(), product=product, data=data)
    _full_clean(variant, error_prefix=error_prefix)
    _save_or_explain(variant)
    return variant


@transaction.atomic
def variant_create(*, product: Product, data: VariantInput) -> Variant:
    variant = _variant_build_and_save(product=product, data=data)
    _active_product_recheck(product)
    _product_touch(product.pk)
    return variant


@transaction.atomic
def variant_update(*, variant_id: int, data: VariantInput) -> Variant:
    variant = Variant.objects.select_related("product__family").get(pk=variant_id)
    variant = _variant_build_and_save(product=variant.product, data=data, variant=variant)
    _active_product_recheck(variant.product)
    _product_touch(variant.product_id)
    return variant


@transaction.atomic
def variant_delete(*, variant_id: int) -> None:
    variant = Variant.objects.select_for_update(of=("self",)).select_related("product").get(pk=variant_id)
    if not Variant.objects.filter(product_id=variant.product_id).exclude(pk=variant.pk).exists():
        raise ValidationError({"variants": ValidationError(
            _("%(value)s is the product's only variant; a product needs at least one."), code="last_variant",
            params={"value": variant.sku},
        )})
    variant.delete()
    products_changed_mark(deleted_variants={variant.sku: variant.product.code})
    _product_touch(variant.product_id)
