"""Saving the product page: the product, then its translations, variants, prices, stock and media, all through
catalog.services, inside the admin's one transaction.

Activation is the last step: services.product_update checks an active product against the children already in
the database, and those are saved after the product. The page was checked as a whole in the forms' clean(), so
the product is saved as a draft first, its children next, and services.product_status_set activates it.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest

from catalog import services
from catalog.forms.product_children import MediaFormSet, TranslationFormSet, VariantForm, VariantFormSet
from catalog.history.context import history_scope
from catalog.models import Product, Variant

INPUT_ERROR_KEY = re.compile(r"^(?P<kind>translations|variants)\[(?P<index>\d+)\]\.(?P<field>.+)$")


class PageSaveRefused(Exception):
    """A service refused part of the page: every write of this request is rolled back and the page re-shown with
    the errors on the rows they belong to (keyed by form prefix; "" is the product form)."""

    def __init__(self, problems: dict[str, ValidationError]):
        self.problems = problems
        super().__init__(problems)


@dataclass
class PageFormsets:
    translations: list[TranslationFormSet]
    variants: VariantFormSet | None
    media: MediaFormSet | None
    others: list[BaseFormSet]


def page_formsets(formsets: list[BaseFormSet]) -> PageFormsets:
    page = PageFormsets(translations=[], variants=None, media=None, others=[])
    for formset in formsets:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if isinstance(formset, TranslationFormSet):
            page.translations.append(formset)
        elif isinstance(formset, VariantFormSet):
            page.variants = formset
        elif isinstance(formset, MediaFormSet):
            page.media = formset
        else:
            page.others.append(formset)
    return page


def _refuse(prefix: str | None, error: ValidationError) -> PageSaveRefused:
    return PageSaveRefused({prefix or "": error})


def _translation_input(form: ModelForm) -> services.TranslationInput:
    data = form.cleaned_data
    return services.TranslationInput(
        locale_code=form.locale.code, title=data.get("title") or "", description=data.get("description") or "",
        short_description=data.get("short_description") or "", slug=data.get("slug") or "",
        attributes=dict(form.instance.attributes),
    )


def _variant_input(form: VariantForm) -> services.VariantInput:
    data = form.cleaned_data
    return services.VariantInput(
        sku=data["sku"], gtin=data.get("gtin") or None, mpn=data.get("mpn") or "",
        axis_values=dict(form.instance.axis_values), attributes=dict(form.instance.attributes),
        weight=data.get("weight"), position=data.get("position") or 0,
        availability_override=data.get("availability_override") or "", available_from=data.get("available_from"),
    )


def _changed_translation_forms(page: PageFormsets) -> list[ModelForm]:
    return [form for formset in page.translations for form in formset.kept_forms() if form.has_changed()]


def product_page_save(*, request: HttpRequest, form: ModelForm, formsets: list[BaseFormSet], change: bool
                      ) -> PageFormsets:
    """Save the page's product, translations, variants, prices, stock and media, or raise PageSaveRefused; the
    caller's transaction makes it all or nothing. Returns the formsets this function does not know (``others``)."""
    # One version per row for the whole page: saved as a draft and activated at the end is one product version.
    with history_scope():
        return _page_save(request=request, form=form, formsets=formsets, change=change)


def _page_save(*, request: HttpRequest, form: ModelForm, formsets: list[BaseFormSet], change: bool) -> PageFormsets:
    page = page_formsets(formsets)
    data = form.cleaned_data
    target_status = data["status"]
    first_status = Product.Status.DRAFT if target_status == Product.Status.ACTIVE else target_status
    product_fields = {
        "brand": data.get("brand"), "primary_category": data.get("primary_category"),
        "categories": list(data.get("categories") or ()), "attributes": dict(form.instance.attributes),
        "status": first_status,
    }
    if change:
        product = _product_update(request=request, form=form, fields=product_fields)
        _translations_save(product=product, page=page)
        variants = _variants_save(product=product, formset=page.variants)
    else:
        product, variants = _product_create(request=request, form=form, page=page, fields=product_fields)
    _prices_and_stock_save(variants=variants)
    _media_save(product=product, formset=page.media)
    if target_status == Product.Status.ACTIVE:
        try:
            services.product_status_set(product_ids=[product.pk], status=target_status, user=request.user)
        except ValidationError as error:
            raise _refuse(form.prefix, error) from None
    return page


def _product_update(*, request: HttpRequest, form: ModelForm, fields: dict) -> Product:
    try:
        return services.product_update(
            product_id=form.instance.pk, expected_version=form.cleaned_data.get("version") or 0, user=request.user,
            code=form.cleaned_data["code"], **fields,
        )
    except services.ProductVersionConflict as conflict:
        raise _refuse(form.prefix, ValidationError(str(conflict), code="version_conflict")) from None
    except ValidationError as error:
        raise _refuse(form.prefix, error) from None


def _product_create(*, request: HttpRequest, form: ModelForm, page: PageFormsets, fields: dict
                    ) -> tuple[Product, list[tuple[VariantForm, Variant]]]:
    translation_forms = _changed_translation_forms(page)
    variant_forms = page.variants.kept_forms() if page.variants else []
    try:
        product = services.product_create(
            code=form.cleaned_data["code"], family=form.cleaned_data["family"], user=request.user,
            translations=[_translation_input(child) for child in translation_forms],
            variants=[_variant_input(child) for child in variant_forms], **fields,
        )
    except ValidationError as error:
        raise _create_error_routed(error, form=form, translation_forms=translation_forms,
                                   variant_forms=variant_forms) from None
    saved = {variant.sku: variant for variant in product.variants.all()}
    variants = [(child, saved[child.cleaned_data["sku"].strip()]) for child in variant_forms]
    page.variants.new_objects.extend(variant for _child, variant in variants)
    # The admin logs and redirects with the object it built from the form: give it the saved identity.
    form.instance.pk, form.instance.version = product.pk, product.version
    form.instance._state.adding = False
    return product, variants


def _create_error_routed(error: ValidationError, *, form: ModelForm, translation_forms: list,
                         variant_forms: list) -> PageSaveRefused:
    """product_create keys child errors as "variants[2].gtin": send each to its row's form."""
    if not hasattr(error, "error_dict"):
        return _refuse(form.prefix, error)
    problems: dict[str, dict[str, list]] = {}
    for key, messages in error.error_dict.items():
        match = INPUT_ERROR_KEY.match(key)
        prefix, field = form.prefix or "", key
        if match:
            rows = translation_forms if match["kind"] == "translations" else variant_forms
            index = int(match["index"])
            if index < len(rows):
                prefix, field = rows[index].prefix, match["field"]
        problems.setdefault(prefix, {}).setdefault(field, []).extend(messages)
    return PageSaveRefused({prefix: ValidationError(errors) for prefix, errors in problems.items()})


def _translations_save(*, product: Product, page: PageFormsets) -> None:
    for formset in page.translations:
        for child in formset.forms:
            if formset._should_delete_form(child):
                if child.instance.pk:
                    services.product_translation_delete(translation_id=child.instance.pk)
                    formset.deleted_objects.append(child.instance)
                continue
            if not child.has_changed():
                continue
            try:
                translation = services.product_translation_save(product=product, **vars(_translation_input(child)))
            except ValidationError as error:
                raise _refuse(child.prefix, error) from None
            if child.instance.pk:
                formset.changed_objects.append((translation, child.changed_data))
            else:
                formset.new_objects.append(translation)


def _variants_save(*, product: Product, formset: VariantFormSet | None) -> list[tuple[VariantForm, Variant]]:
    if formset is None:
        return []
    saved = []
    for child in formset.kept_forms():
        variant = child.instance
        try:
            if variant.pk and child.has_changed():
                variant = services.variant_update(variant_id=variant.pk, data=_variant_input(child))
                formset.changed_objects.append((variant, child.changed_data))
            elif not variant.pk:
                variant = services.variant_create(product=product, data=_variant_input(child))
                formset.new_objects.append(variant)
        except ValidationError as error:
            raise _refuse(child.prefix, error) from None
        saved.append((child, variant))
    # Deleted last: removing the only saved variant is refused unless the page adds another one.
    for child in formset.deleted_forms:
        if child.instance.pk:
            try:
                services.variant_delete(variant_id=child.instance.pk)
            except ValidationError as error:
                raise _refuse(formset.prefix, error) from None
            formset.deleted_objects.append(child.instance)
    return saved


def _prices_and_stock_save(*, variants: list[tuple[VariantForm, Variant]]) -> None:
    for child, variant in variants:
        try:
            for price_list, amount, existing in child.price_changes():
                if amount is None:
                    services.price_delete(price_id=existing.pk)
                    continue
                services.price_save(
                    variant=variant, price_list=price_list, amount=amount,
                    sale_amount=existing.sale_amount if existing else None,
                    sale_start=existing.sale_start if existing else None,
                    sale_end=existing.sale_end if existing else None,
                )
            for location, quantity in child.stock_changes():
                services.stock_level_save(variant=variant, location=location, quantity=quantity)
        except ValidationError as error:
            raise _refuse(child.prefix, error) from None


def _media_save(*, product: Product, formset: MediaFormSet | None) -> None:
    if formset is None:
        return
    for child in formset.deleted_forms:
        if child.instance.pk:
            services.product_media_delete(media_id=child.instance.pk)
            formset.deleted_objects.append(child.instance)
    for child in formset.kept_forms():
        if not child.has_changed():
            continue
        data = child.cleaned_data
        try:
            asset = services.asset_create(file=data["upload"]) if data.get("upload") else data["asset"]
            media = services.product_media_save(
                product=product, asset=asset, position=data.get("position") or 0, variant=data.get("variant"),
                media=child.instance if child.instance.pk else None,
            )
        except ValidationError as error:
            raise _refuse(child.prefix, _upload_error_keyed(error)) from None
        (formset.changed_objects.append((media, child.changed_data)) if child.instance.pk
         else formset.new_objects.append(media))


def _upload_error_keyed(error: ValidationError) -> ValidationError:
    # asset_create keys image problems by the Asset's "file"; on this row the file came from "upload".
    if hasattr(error, "error_dict") and "file" in error.error_dict:
        return ValidationError({"upload" if key == "file" else key: value for key, value in error.error_dict.items()})
    return error
