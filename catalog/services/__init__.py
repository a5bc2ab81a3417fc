"""Every write to the catalog: keyword-only, one transaction each, validated by the models' full_clean().

The admin, the API, imports and shell scripts call these functions, so one set of rules holds everywhere.
Errors are ValidationErrors keyed by field that name the value; a failed call saves nothing.
"""

from catalog.history.restore import product_restore
from catalog.services.base import (
    UNSET,
    ProductVersionConflict,
    TranslationInput,
    VariantInput,
)
from catalog.services.inventory import (
    price_delete,
    price_save,
    stock_level_save,
)
from catalog.services.media import (
    asset_create,
    asset_update,
    product_media_delete,
    product_media_save,
)
from catalog.services.products import (
    product_create,
    product_delete,
    product_status_set,
    product_translation_delete,
    product_translation_save,
    product_update,
    variant_create,
    variant_delete,
    variant_update,
)
from catalog.services.reference import (
    reference_row_delete,
    reference_row_save,
)

__all__ = [
    "UNSET",
    "ProductVersionConflict",
    "TranslationInput",
    "VariantInput",
    "asset_create",
    "asset_update",
    "price_delete",
    "price_save",
    "product_create",
    "product_delete",
    "product_media_delete",
    "product_media_save",
    "product_restore",
    "product_status_set",
    "product_translation_delete",
    "product_translation_save",
    "product_update",
    "reference_row_delete",
    "reference_row_save",
    "stock_level_save",
    "variant_create",
    "variant_delete",
    "variant_update",
]
