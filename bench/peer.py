"""The peer: Django's own ``Rss201rev2Feed`` writing the same Google items from the ceiling's rows.

It is how a Django project would write this feed without a pipeline of its own: ``add_item`` per row (with the
``g:`` fields through the ``add_item_elements`` hook), then ``write()``. It keeps every item in ``self.items``
until it writes, so its memory grows with the catalog: that is part of what it is compared on.
"""

import os
import time

from django.conf import settings
from django.db import connection
from django.utils.feedgenerator import Rss201rev2Feed

from bench.ceiling import GOOGLE_NS, ceiling_rows, ceiling_values, output_path
from bench.queries import QueryCounter
from syndication.models import Channel

# Written by Rss201rev2Feed itself (title, link, description, guid) or not part of the g: namespace.
OWN_FIELDS = {"id", "title", "link", "description"}


class GoogleMerchantFeed(Rss201rev2Feed):
    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:g": GOOGLE_NS}

    def add_item_elements(self, handler, item: dict) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("g:id", item["unique_id"])
        for name, value in item["google_fields"]:
            handler.addQuickElement(f"g:{name}", value)


def peer_measure(*, channel_code: str) -> dict[str, object]:
    channel = Channel.objects.select_related("price_list").get(code=channel_code)
    path = output_path(f"peer-{channel.code}.xml")
    media_url = f"{settings.SITE_URL}{settings.MEDIA_URL}"
    counter = QueryCounter()
    started = time.perf_counter()
    feed = GoogleMerchantFeed(title=channel.name, link=channel.link_template.split("/{", 1)[0],
                              description=f"Channel {channel.code}")
    with connection.execute_wrapper(counter):
        for row in ceiling_rows(channel):
            values = ceiling_values(row, channel, media_url)
            feed.add_item(title=values["title"], link=values["link"], description=values["description"],
                          unique_id=values["id"], unique_id_is_permalink=False,
                          google_fields=[(name, value) for name, value in values.items()
                                         if value and name not in OWN_FIELDS])
    with path.open("w", encoding="utf-8") as stream:
        feed.write(stream, "utf-8")
        stream.flush()
        os.fsync(stream.fileno())
    seconds = time.perf_counter() - started
    items = len(feed.items)
    return {"items": items, "seconds": seconds, "items_per_second": items / seconds, "queries": counter.total,
            "bytes": path.stat().st_size, "path": str(path)}
