"""The catalog's admin, split by what each module edits. Importing the package registers every admin."""

from .assets import AssetAdmin
from .products import ProductAdmin
from .reference import (
    AttributeAdmin,
    BrandAdmin,
    CategoryAdmin,
    FamilyAdmin,
    LocaleAdmin,
    LocationAdmin,
    PriceListAdmin,
)
from .transfer import ImportJobAdmin
from .variants import VariantAdmin

__all__ = [
    "AssetAdmin", "AttributeAdmin", "BrandAdmin", "CategoryAdmin", "FamilyAdmin", "ImportJobAdmin", "LocaleAdmin",
    "LocationAdmin", "PriceListAdmin", "ProductAdmin", "VariantAdmin",
]
