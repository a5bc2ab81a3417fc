import datetime
import hashlib
import itertools
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from catalog import services as catalog_services
from catalog.models import Asset, Location, PriceList, Product, Variant
from syndication.models import Channel, FeedRun
from syndication.services import feed_run_create, feed_run_execute
from tests.factories import (
    CategoryFactory,
    LocationFactory,
    PriceListFactory,
    ProductFactory,
    ProductMediaFactory,
    ProductTranslationFactory,
    VariantFactory,
    apparel_family,
)
from tests.syndication.factories import ChannelFactory

NOW = timezone.now().replace(microsecond=0)
_asset_numbers = itertools.count(1)


def asset_stored() -> Asset:
    """An Asset row whose file is a stored JPEG. Feeds only read the file name: Pillow checks are catalog's tests."""
    number = next(_asset_numbers)
    sha256 = hashlib.sha256(f"asset-{number}".encode()).hexdigest()
    name = default_storage.save(f"assets/{sha256[:2]}/{sha256}.jpg", ContentFile(b"\xff\xd8\xff\xd9"))
    return Asset.objects.create(file=name, sha256=sha256, width=800, height=800, mime_type="image/jpeg", size=4)


@pytest.fixture(autouse=True)
def feeds_root(settings, tmp_path):
    settings.PIM_FEEDS_ROOT = tmp_path / "feeds"
    settings.SITE_URL = "https://pim.example.com"
    settings.MEDIA_URL = "/media/"
    return settings.PIM_FEEDS_ROOT


@dataclass
class Shop:
    """A small catalog: a linen shirt in blue M (in stock, on sale), blue L (backorder), red M (preorder)
    and red L (out of stock); a mug with no variants' axes, one image, only an English text."""

    price_list: PriceList
    warehouse: Location
    other_location: Location
    shirt: Product
    mug: Product
    blue_m: Variant
    blue_l: Variant
    red_m: Variant
    red_l: Variant
    mug_variant: Variant
    sale_start: datetime.datetime
    sale_end: datetime.datetime
    restock: datetime.datetime
    release: datetime.datetime


@pytest.fixture
def shop(locales) -> Shop:
    family = apparel_family()
    price_list = PriceListFactory(code="retail_pl", currency="PLN")
    warehouse = LocationFactory(code="warehouse")
    other_location = LocationFactory(code="other_store")
    apparel = CategoryFactory(code="apparel", name="Apparel", labels={"pl": "Odzież"}, google_product_category=166)
    shirts = CategoryFactory(code="shirts", name="Shirts, tops", parent=apparel, google_product_category=212)
    kitchen = CategoryFactory(code="kitchen", name="Kitchen")
    shirt = ProductFactory(code="LINSHIRT", family=family, brand__name="Acme", status=Product.Status.ACTIVE,
                           variants=0, title=False, primary_category=shirts, attributes={})
    ProductTranslationFactory(product=shirt, locale=locales["en"], title="Acme Linen Shirt", slug="linen-shirt",
                              description="<p>Breathable shirt made of 100% <strong>linen</strong>.</p>"
                                          "<ul><li>Regular&nbsp;fit</li><li>Fish &amp; chips</li></ul>",
                              attributes={"material": "Linen"})
    ProductTranslationFactory(product=shirt, locale=locales["pl"], title="Koszula lniana Acme", slug="koszula-lniana",
                              description="", attributes={"material": "Len"})
    variants = {}
    for position, (sku, color, size) in enumerate([("LINSHIRT-BLU-M", "blue", "m"), ("LINSHIRT-BLU-L", "blue", "l"),
                                                    ("LINSHIRT-RED-M", "red", "m"), ("LINSHIRT-RED-L", "red", "l")]):
        variants[sku] = VariantFactory(product=shirt, sku=sku, position=position,
                                       axis_values={"color": color, "size": size}, axis_key=f"{color}{size}")
    mug = ProductFactory(code="MUG", brand__name="Acme", status=Product.Status.ACTIVE, variants=0, title=False,
                         primary_category=kitchen)
    ProductTranslationFactory(product=mug, locale=locales["en"], title="Enamel mug", slug="enamel-mug",
                              description="A mug.")
    mug_variant = VariantFactory(product=mug, sku="MUG-1", gtin="5901234123457", mpn="")

    sale_start, sale_end = NOW - datetime.timedelta(days=1), NOW + datetime.timedelta(days=10)
    restock, release = NOW + datetime.timedelta(days=14), NOW + datetime.timedelta(days=30)
    blue_m, blue_l, red_m, red_l = variants.values()
    for variant in variants.values():
        sale = {"sale_amount": Decimal("159"), "sale_start": sale_start, "sale_end": sale_end} \
            if variant is blue_m else {}
        catalog_services.price_save(variant=variant, price_list=price_list, amount=Decimal("199"), **sale)
    catalog_services.price_save(variant=mug_variant, price_list=price_list, amount=Decimal("25.5"))
    catalog_services.stock_level_save(variant=blue_m, location=warehouse, quantity=3)
    catalog_services.stock_level_save(variant=red_l, location=other_location, quantity=50)  # not a channel location
    catalog_services.stock_level_save(variant=mug_variant, location=warehouse, quantity=1)
    Variant.objects.filter(pk=blue_l.pk).update(availability_override="backorder", available_from=restock)
    Variant.objects.filter(pk=red_m.pk).update(availability_override="preorder", available_from=release)
    ProductMediaFactory(product=shirt, position=0, asset=asset_stored())
    ProductMediaFactory(product=shirt, position=1, asset=asset_stored())
    ProductMediaFactory(product=shirt, variant=red_m, position=5, asset=asset_stored())
    ProductMediaFactory(product=mug, position=0, asset=asset_stored())
    for variant in (blue_m, blue_l, red_m, red_l):
        variant.refresh_from_db()
    return Shop(price_list=price_list, warehouse=warehouse, other_location=other_location, shirt=shirt, mug=mug,
                blue_m=blue_m, blue_l=blue_l, red_m=red_m, red_l=red_l, mug_variant=mug_variant,
                sale_start=sale_start, sale_end=sale_end, restock=restock, release=release)


def channel_for(shop: Shop, locales, *, format: str, code: str, locale: str = "pl", **fields) -> Channel:
    return ChannelFactory(code=code, format=format, locale=locales[locale], price_list=shop.price_list,
                          stock_locations=[shop.warehouse], **fields)


def run_channel(channel: Channel, **kwargs) -> FeedRun:
    run = feed_run_create(channel=channel, trigger=FeedRun.Trigger.MANUAL)
    result = feed_run_execute(run_id=run.pk, **kwargs)
    assert result is not None
    return result


def published_bytes(run: FeedRun, feeds_root) -> bytes:
    return (feeds_root / run.storage_path).read_bytes()


def inline_management_data(client, url: str) -> dict[str, object]:
    """The management-form fields of every inline on an admin page, as the page itself would post them."""
    response = client.get(url)
    data: dict[str, object] = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        for form in inline.formset.initial_forms:  # the rows already saved, posted back unchanged
            for name in form.fields:
                value = form[name].value()
                if value is True:
                    data[form.add_prefix(name)] = "on"
                elif value not in (None, False):
                    data[form.add_prefix(name)] = value
    return data


@pytest.fixture
def delivery_settings(settings, tmp_path):
    """Pushes in tests: short timeouts, three attempts, an outbox folder of the test's own, a known secrets key."""
    settings.PIM_DELIVERY_TIMEOUT_SECONDS = 1
    settings.PIM_DELIVERY_MAX_ATTEMPTS = 3
    settings.PIM_DELIVERY_BACKOFF_SECONDS = 30
    settings.PIM_DELIVERY_MAX_BACKOFF_SECONDS = 3600
    settings.PIM_DELIVERY_FILESYSTEM_ROOT = tmp_path / "outbox"
    settings.PIM_SECRETS_KEY = "delivery tests"
    return settings
