"""Product and variant writes from the API, through catalog.services, each request in one transaction.

Like the admin's page save (catalog/admin/product_save.py): an activation that needs the translations sent in the
same request is done last, once they are saved.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from catalog import services
from catalog.models import Product, Variant

PRODUCT_FIELDS = ("code", "family", "brand", "primary_category", "categories", "status", "attributes")
CLEARED_BY_PUT = {"brand": None, "primary_category": None, "categories": [], "attributes": {}}
VARIANT_FIELDS = ("sku", "gtin", "mpn", "axis_values", "attributes", "weight", "position", "availability_override",
                  "available_from")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def product_etag(product: Product) -> str:
    """Strong: the product's version and updated_at, which every write to it or its children moves."""
    micros = (product.updated_at - EPOCH) // datetime.timedelta(microseconds=1)
    return f'"{product.pk}-{product.version}-{micros}"'


def _prefixed(error: ValidationError, prefix: str) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return ValidationError({prefix: error.error_list})
    return ValidationError({f"{prefix}.{name}": errors for name, errors in error.error_dict.items()})


def _translation_input(data: dict) -> services.TranslationInput:
    values = dict(data)
    return services.TranslationInput(locale_code=values.pop("locale"), **values)


@transaction.atomic
def product_create_from_api(*, data: dict, user) -> Product:
    return services.product_create(
        code=data["code"], family=data["family"], status=data["status"], brand=data.get("brand"),
        primary_category=data.get("primary_category"), categories=data.get("categories", ()),
        attributes=data.get("attributes") or {}, user=user,
        translations=[_translation_input(translation) for translation in data.get("translations", ())],
        variants=[services.VariantInput(**variant) for variant in data["variants"]],
    )


@transaction.atomic
def product_update_from_api(*, product: Product, expected_version: int, data: dict, partial: bool, user) -> Product:
    """``product`` is the row the caller locked and checked If-Match against."""
    fields = {name: data[name] for name in PRODUCT_FIELDS if name in data}
    if not partial:
        fields = {**CLEARED_BY_PUT, **fields}
    translations = data.get("translations") or []
    # product_update checks an activation against the translations already saved: with new ones in the same
    # request, save the product as it is, then the translations, then activate.
    activate_last = bool(translations) and fields.get("status") == Product.Status.ACTIVE \
        and product.status != Product.Status.ACTIVE
    if activate_last:
        fields["status"] = product.status
    updated = services.product_update(product_id=product.pk, expected_version=expected_version, user=user, **fields)
    for index, translation in enumerate(translations):
        try:
            services.product_translation_save(product=updated, **vars(_translation_input(translation)))
        except ValidationError as error:
            raise _prefixed(error, f"translations[{index}]") from None
    if activate_last:
        services.product_status_set(product_ids=[updated.pk], status=Product.Status.ACTIVE, user=user)
    return updated


def variant_input(*, data: dict, current: Variant | None = None) -> services.VariantInput:
    """The request's fields over the variant's current ones (PATCH), or over the defaults (POST, PUT)."""
    values = {name: getattr(current, name) for name in VARIANT_FIELDS} if current is not None else {}
    values.update({name: data[name] for name in VARIANT_FIELDS if name in data})
    for name, empty in (("mpn", ""), ("availability_override", ""), ("gtin", None)):
        if values.get(name) is None:
            values[name] = empty
    return services.VariantInput(**values)
