"""Reactions to catalog signals: the demo catalog gets four published demo channels."""

import logging

from django.conf import settings
from django.dispatch import receiver

from catalog.models import Locale, Location, PriceList, Variant
from catalog.signals import demo_catalog_loaded
from syndication.models import Channel, FeedRun
from syndication.services import channel_create, feed_run_create, feed_run_execute, feed_run_request

logger = logging.getLogger(__name__)

DEMO_CHANNELS = (
    {"code": "google-pl", "name": "Google Merchant PL", "format": "google_merchant", "locale": "pl",
     "price_list": "retail_pl", "country": "PL", "utm_source": "google", "utm_medium": "product_feed",
     "link_template": "https://shop.example.pl/{locale}/p/{slug}?sku={sku}"},
    {"code": "google-us", "name": "Google Merchant US", "format": "google_merchant", "locale": "en",
     "price_list": "retail_us", "country": "US", "utm_source": "google", "utm_medium": "product_feed",
     "link_template": "https://shop.example.com/p/{slug}?sku={sku}"},
    {"code": "meta-it", "name": "Meta catalog IT", "format": "meta_catalog", "locale": "it",
     "price_list": "retail_eu", "country": "IT", "utm_source": "facebook", "utm_medium": "product_feed",
     "link_template": "https://shop.example.it/{locale}/p/{slug}?sku={sku}"},
    {"code": "web-ru", "name": "Web JSON RU", "format": "web_json", "locale": "ru",
     "price_list": "retail_ru", "country": "RU", "utm_source": "", "utm_medium": "",
     "link_template": "https://shop.example.ru/p/{slug}?sku={sku}"},
)
DEMO_LOCATIONS = ("warehouse_lodz", "store_warsaw")
PENDING = (FeedRun.Status.QUEUED, FeedRun.Status.RUNNING)


@receiver(demo_catalog_loaded, dispatch_uid="syndication_demo_channels")
def demo_channels_publish(sender: object = None, **kwargs: object) -> list[Channel]:
    """Create the demo channels that are missing and publish every one that has no feed yet (safe to repeat)."""
    locales = {locale.code: locale for locale in Locale.objects.all()}
    price_lists = {price_list.code: price_list for price_list in PriceList.objects.all()}
    location_ids = list(Location.objects.filter(code__in=DEMO_LOCATIONS).values_list("pk", flat=True))
    # The demo catalog alone publishes in seconds; beside a large generated catalog the worker does it instead.
    inline = Variant.objects.count() <= settings.PIM_DEMO_INLINE_PUBLISH_LIMIT
    channels = []
    for row in DEMO_CHANNELS:
        channel = Channel.objects.filter(code=row["code"]).first()
        if channel is None:
            if row["locale"] not in locales or row["price_list"] not in price_lists:
                logger.warning("demo channel %s skipped: locale or price list missing", row["code"])
                continue
            channel = channel_create(**{**row, "locale": locales[row["locale"]],
                                        "price_list": price_lists[row["price_list"]], "utm_campaign": row["code"]},
                                     stock_location_ids=location_ids)
        if channel.current_run_id is None and not channel.runs.filter(status__in=PENDING).exists():
            if inline:
                run = feed_run_create(channel=channel, trigger=FeedRun.Trigger.DEMO)
                feed_run_execute(run_id=run.pk)
                channel.refresh_from_db()
            else:
                feed_run_request(channel=channel, trigger=FeedRun.Trigger.DEMO)
        channels.append(channel)
    return channels
