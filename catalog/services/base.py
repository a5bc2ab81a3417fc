"""What every catalog service shares: the inputs, the version conflict, full_clean with prefixed keys, saves that
explain a lost race, and the re-check that keeps an active product complete."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.attribute_values import product_activation_problems
from catalog.changes import products_changed_mark
from catalog.models import (
    Product,
)


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset()  # "leave this field as it is" in partial updates, distinct from None


class ProductVersionConflict(Exception):
    """The product was saved by someone else since the caller loaded it; nothing was written."""

    def __init__(self, *, code: str, expected: int, found: int, updated_by: str, updated_at: datetime.datetime):
        self.code, self.expected, self.found = code, expected, found
        self.updated_by, self.updated_at = updated_by, updated_at
        super().__init__(
            f"Product {code} was saved by {updated_by or 'someone else'} at {updated_at:%Y-%m-%d %H:%M:%S} UTC "
            f"(version {found}); your changes were made to version {expected}."
        )


@dataclass
class TranslationInput:
    locale_code: str
    title: str = ""
    description: str = ""
    short_description: str = ""
    slug: str = ""
    attributes: dict[str, object] = field(default_factory=dict)


@dataclass
class VariantInput:
    sku: str
    gtin: str | None = None
    mpn: str = ""
    axis_values: dict[str, object] = field(default_factory=dict)
    attributes: dict[str, object] = field(default_factory=dict)
    weight: Decimal | None = None
    position: int = 0
    availability_override: str = ""
    available_from: datetime.datetime | None = None


def _full_clean(instance, *, error_prefix: str = "") -> None:
    """full_clean(), with error keys prefixed (``variants[2].gtin``) when the instance is part of a larger input."""
    try:
        instance.full_clean()
    except ValidationError as error:
        if not error_prefix or not hasattr(error, "error_dict"):
            raise
        raise ValidationError({_prefixed(error_prefix, name): errors for name, errors in error.error_dict.items()}
                              ) from None


def _save_or_explain(instance, **save_kwargs) -> None:
    """Turn a race lost to a concurrent writer (unique index) into the same error a form would show."""
    try:
        with transaction.atomic():
            instance.save(**save_kwargs)
    except IntegrityError as error:
        raise ValidationError(
            _("%(value)s conflicts with a row saved at the same time: %(reason)s"), code="integrity",
            params={"value": str(instance), "reason": str(error).splitlines()[0]},
        ) from None


def _product_touch(product_id: int) -> None:
    # Children changed: move updated_at so incremental readers (API updated_since) see the product again.
    Product.objects.filter(pk=product_id).update(updated_at=timezone.now())
    products_changed_mark(product_ids=[product_id])


def _activation_check(product: Product) -> None:
    problems = product_activation_problems(
        product=product, translations=list(product.translations.all()), variants=list(product.variants.all()),
    )
    if problems:
        raise ValidationError({"status": problems})


def _active_product_recheck(product: Product) -> None:
    # A translation or variant write must not leave an active product without what activation required. The
    # status is read again because the caller's instance may predate an activation by someone else.
    if Product.objects.filter(pk=product.pk, status=Product.Status.ACTIVE).exists():
        _activation_check(product)

def _prefixed(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name
