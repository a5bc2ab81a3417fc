"""Reference data: locales, attributes, families, brands, categories, price lists, locations."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from catalog.changes import products_changed_mark
from catalog.services.base import (
    _full_clean,
    _save_or_explain,
)

# -- reference data (locales, attributes, families, brands, categories, price lists, locations) -------------------


@transaction.atomic
def reference_row_save(*, instance: object) -> object:
    """Validate and save one reference-data row (the admin's path for rows without a dedicated service)."""
    _full_clean(instance)
    _save_or_explain(instance)
    products_changed_mark(catalog_wide=True)
    return instance


@transaction.atomic
def reference_row_delete(*, instance: object) -> None:
    """Delete one reference-data row; rows still in use (PROTECT) raise a ValidationError naming the row."""
    from django.db.models import ProtectedError, RestrictedError

    try:
        with transaction.atomic():
            instance.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(
            _("%(value)s is still in use and cannot be deleted."), code="protected", params={"value": str(instance)},
        ) from None
    products_changed_mark(catalog_wide=True)
