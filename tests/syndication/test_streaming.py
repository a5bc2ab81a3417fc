"""Writers stream: items reach the file while later items are still being produced (nothing collects the feed)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from syndication.formats.registry import format_get
from syndication.project import FeedItem
from tests.syndication.factories import ChannelFactory

ITEMS = 600


def item(number: int) -> FeedItem:
    return FeedItem(sku=f"SKU-{number:05d}", product_code=f"P-{number // 3:05d}", item_group_id=f"P-{number // 3:05d}",
                    title=f"Product {number} " + "words " * 30, product_title="Product", description="text " * 60,
                    link=f"https://shop.example.com/p/{number}", canonical_link=f"https://shop.example.com/p/{number}",
                    uri=f"https://shop.example.com/p/{number}", image_link="https://pim.example.com/media/a.jpg",
                    price=Decimal("10.00"), currency="PLN", availability="in_stock")


@pytest.mark.parametrize("format_code", ["google_merchant", "meta_catalog", "web_json"])
def test_items_are_on_the_stream_before_the_last_one_is_made(format_code, locales):
    channel = ChannelFactory(code=f"stream-{format_code.replace('_', '-')}", format=format_code, locale=locales["en"])
    spec, writer_class = format_get(format_code)
    stream = io.BytesIO()
    sizes_seen = []

    def items():
        for number in range(ITEMS):
            if number == ITEMS - 1:
                sizes_seen.append(len(stream.getvalue()))
            yield item(number)

    written = writer_class(stream=stream, channel=channel, spec=spec,
                           generated_at=timezone.now() - datetime.timedelta(minutes=1)).write(items())
    assert written == ITEMS
    # Before the last item existed, the file already held most of the feed (allowing for writer buffers).
    assert sizes_seen[0] > len(stream.getvalue()) * 0.8
