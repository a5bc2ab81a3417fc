"""Prices (with promotions) and stock levels."""

import datetime
from decimal import Decimal

from django.db import transaction

from catalog.models import (
    Location,
    Price,
    PriceList,
    StockLevel,
    Variant,
)
from catalog.services.base import (
    _full_clean,
    _product_touch,
    _save_or_explain,
)

# -- prices and stock -------------------------------------------------------------------------------------------


@transaction.atomic
def price_save(
    *, variant: Variant, price_list: PriceList, amount: Decimal, sale_amount: Decimal | None = None,
    sale_start: datetime.datetime | None = None, sale_end: datetime.datetime | None = None,
) -> Price:
    """Create or replace the variant's price in a price list, promotion window included."""
    price = Price.objects.filter(variant=variant, price_list=price_list).first() or Price(
        variant=variant, price_list=price_list)
    price.amount, price.sale_amount, price.sale_start, price.sale_end = amount, sale_amount, sale_start, sale_end
    _full_clean(price)
    _save_or_explain(price)
    _product_touch(variant.product_id)
    return price


@transaction.atomic
def price_delete(*, price_id: int) -> None:
    price = Price.objects.select_related("variant").get(pk=price_id)
    price.delete()
    _product_touch(price.variant.product_id)


@transaction.atomic
def stock_level_save(*, variant: Variant, location: Location, quantity: int) -> StockLevel:
    stock_level = StockLevel.objects.filter(variant=variant, location=location).first() or StockLevel(
        variant=variant, location=location)
    stock_level.quantity = quantity
    _full_clean(stock_level)
    _save_or_explain(stock_level)
    _product_touch(variant.product_id)
    return stock_level
