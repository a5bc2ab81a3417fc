from .attributes import Attribute, AttributeOption, Family, FamilyAttribute
from .imports import ImportJob
from .locales import Locale
from .media import Asset, ProductMedia
from .prices import Price, PriceList
from .products import Product, ProductTranslation
from .stock import Location, StockLevel
from .taxonomy import Brand, Category
from .variants import Variant

__all__ = [
    "Asset", "Attribute", "AttributeOption", "Brand", "Category", "Family", "FamilyAttribute", "ImportJob", "Locale",
    "Location", "Price", "PriceList", "Product", "ProductMedia", "ProductTranslation", "StockLevel", "Variant",
]
