"""The whole pipeline on catalog's generate_catalog data at 10,000 variants, in the normal suite: seconds, not minutes.

Two formats (the XML one and the grouping JSON one) keep the test near 15 s on a busy SQLite machine; the CSV writer
is the simplest and is measured at 1,000 variants in test_queries.
"""

import json
import time

from django.core.management import call_command
from lxml import etree

from catalog.models import Locale, Location, PriceList, Variant
from syndication.models import FeedRun
from syndication.services import feed_run_create, feed_run_execute
from tests.syndication.factories import ChannelFactory

PRODUCTS, VARIANTS_PER_PRODUCT = 3334, 3  # 10,002 variants


def test_ten_thousand_variants_in_seconds(db, feeds_root):
    call_command("generate_catalog", products=PRODUCTS, variants_per_product=VARIANTS_PER_PRODUCT, no_progress=True)
    variants = Variant.objects.count()
    assert variants >= 10_000
    locations = list(Location.objects.all())
    channels = [
        ChannelFactory(code="google-pl", format="google_merchant", locale=Locale.objects.get(code="pl"),
                       price_list=PriceList.objects.get(code="retail_pl"), stock_locations=locations),
        ChannelFactory(code="web-ru", format="web_json", locale=Locale.objects.get(code="ru"),
                       price_list=PriceList.objects.get(code="retail_ru"), stock_locations=locations),
    ]
    for channel in channels:
        run = feed_run_create(channel=channel, trigger=FeedRun.Trigger.MANUAL)
        started = time.perf_counter()
        result = feed_run_execute(run_id=run.pk)
        elapsed = time.perf_counter() - started
        assert result.status == FeedRun.Status.SUCCEEDED, result.error
        assert result.items_written + result.items_skipped == variants
        assert result.items_written >= variants * 0.99, list(result.issues.values_list("code", "message")[:5])
        assert elapsed < 10, f"{channel.code}: {elapsed:.1f} s for {variants} variants"
        raw = (feeds_root / result.storage_path).read_bytes()
        if channel.format == "google_merchant":
            assert len(etree.fromstring(raw).findall("channel/item")) == result.items_written
        else:
            elements = json.loads(raw)["dataFeedElement"]
            assert sum(element["@type"] == "Product" for element in elements) == result.items_written
