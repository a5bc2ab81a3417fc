"""A catalog of any size in a few bulk INSERTs, for query-count and scale tests (factories are too slow for 10k)."""

from decimal import Decimal

from catalog.gtin import gtin_with_check_digit
from catalog.models import (
    Brand,
    Category,
    Location,
    Price,
    PriceList,
    Product,
    ProductMedia,
    ProductTranslation,
    StockLevel,
    Variant,
)
from tests.factories import apparel_family
from tests.syndication.conftest import asset_stored

COLORS = ("blue", "red", "black")
SIZES = ("s", "m", "l", "xl")


def bulk_catalog(*, variants: int, locales, price_list: PriceList, location: Location, start: int = 0) -> None:
    """``variants`` active variants, four per product, with texts in en and pl, prices, stock and two images."""
    family = apparel_family()
    brand, _ = Brand.objects.get_or_create(code="bulk_brand", defaults={"name": "Bulk"})
    category, _ = Category.objects.get_or_create(code="bulk_category", defaults={"name": "Bulk",
                                                                                  "google_product_category": 212})
    assets = [asset_stored(), asset_stored()]
    product_count = (variants + len(SIZES) - 1) // len(SIZES)
    products = Product.objects.bulk_create([
        Product(code=f"BULK-{start + number:07d}", family=family, brand=brand, primary_category=category,
                status=Product.Status.ACTIVE, attributes={})
        for number in range(product_count)
    ], batch_size=2000)
    ProductTranslation.objects.bulk_create([
        ProductTranslation(product=product, locale=locales[code], title=f"Bulk shirt {product.code} {code}",
                           slug=f"{product.code.lower()}-{code}", description="<p>Soft &amp; <b>warm</b></p>")
        for product in products for code in ("en", "pl")
    ], batch_size=2000)
    ProductMedia.objects.bulk_create([
        ProductMedia(product=product, asset=asset, position=position)
        for product in products for position, asset in enumerate(assets)
    ], batch_size=2000)
    rows = []
    for index in range(variants):
        product = products[index // len(SIZES)]
        color, size = COLORS[product.pk % len(COLORS)], SIZES[index % len(SIZES)]
        number = start + index
        rows.append(Variant(product=product, sku=f"BULK-{number:07d}", gtin=gtin_with_check_digit(f"59{number:010d}"),
                            mpn=f"M{number}", axis_values={"color": color, "size": size},
                            axis_key=f"color={color}|size={size}", position=index % len(SIZES)))
    created = Variant.objects.bulk_create(rows, batch_size=2000)
    Price.objects.bulk_create([
        Price(variant=variant, price_list=price_list, amount=Decimal("99.90"),
              sale_amount=Decimal("79.90") if variant.pk % 5 == 0 else None)
        for variant in created
    ], batch_size=2000)
    StockLevel.objects.bulk_create([
        StockLevel(variant=variant, location=location, quantity=variant.pk % 3) for variant in created
    ], batch_size=2000)
