"""The raw ceiling: the same rows and fields, read by one ``values_list(...).iterator()`` and written straight out.

No projection (no fallback chain, no text cleaning, no link building beyond ``str.format``, no validation): the
fastest a feed of this shape can be made in Python on this database, so the project's speed divided by this one
says how much the pipeline costs on top of reading and writing. Each format uses the writer the project uses for
it (lxml's incremental ``xmlfile``, ``csv``) or a faster one (orjson).
"""

import csv
import io
import os
import time
from collections.abc import Iterator
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path

import orjson
from django.conf import settings
from django.db import connection
from django.db.models import FilteredRelation, OuterRef, Q, Subquery, Sum
from lxml import etree

from bench.queries import QueryCounter
from catalog.models import ProductMedia, StockLevel
from syndication.models import Channel
from syndication.select import run_context_build, variants_in_channel_scope

GOOGLE_NS = "http://base.google.com/ns/1.0"
FIELDS = (
    "sku", "product__code", "text__title", "text__description", "text__slug", "text__attributes", "price__amount",
    "stock", "image", "product__brand__name", "gtin", "mpn", "axis_values", "product__attributes",
    "product__primary_category__name", "product__primary_category__google_product_category",
)
META_COLUMNS = (
    "id", "item_group_id", "title", "description", "availability", "condition", "price", "sale_price",
    "sale_price_effective_date", "link", "image_link", "additional_image_link", "brand", "gtin", "mpn",
    "google_product_category", "product_type", "color", "size", "gender", "age_group", "material",
    "custom_label_0", "custom_label_1", "custom_label_2", "custom_label_3", "custom_label_4",
)


def ceiling_rows(channel: Channel) -> Iterator[tuple]:
    """The channel's variants (the pipeline's own scope query) with their fields joined in, in one query."""
    context = run_context_build(channel=channel)
    stock = (StockLevel.objects.filter(variant_id=OuterRef("pk"), location_id__in=context.location_ids)
             .order_by().values("variant_id").annotate(total=Sum("quantity")).values("total"))
    image = ProductMedia.objects.filter(product_id=OuterRef("product_id"), variant__isnull=True).order_by(
        "position", "id").values("asset__file")[:1]
    return (
        variants_in_channel_scope(context=context)
        .annotate(text=FilteredRelation("product__translations",
                                        condition=Q(product__translations__locale_id=channel.locale_id)),
                  price=FilteredRelation("prices", condition=Q(prices__price_list_id=channel.price_list_id)),
                  stock=Subquery(stock), image=Subquery(image))
        .order_by("product_id", "pk").values_list(*FIELDS).iterator(chunk_size=2000)
    )


def ceiling_values(row: tuple, channel: Channel, media_url: str) -> dict[str, str]:
    """The row as feed values, with nothing but formatting (the few fields every format shares)."""
    (sku, code, title, description, slug, text_attributes, amount, stock, image, brand, gtin, mpn, axes,
     attributes, category, google_category) = row
    return {
        "id": sku, "item_group_id": code, "title": title or "", "description": description or "",
        "link": channel.link_template.format(locale="x", slug=slug or "", sku=sku, code=code),
        "image_link": f"{media_url}{image}" if image else "",
        "availability": "in_stock" if (stock or 0) > 0 else "out_of_stock", "condition": "new",
        "price": f"{(amount or Decimal(0)):.2f} {channel.price_list.currency}", "brand": brand or "",
        "gtin": gtin or "", "mpn": mpn or "", "color": axes.get("color", ""), "size": axes.get("size", ""),
        "material": (text_attributes or {}).get("material", ""), "gender": attributes.get("gender", ""),
        "age_group": attributes.get("age_group", ""), "google_product_category": str(google_category or ""),
        "product_type": category or "",
    }


def _write_xml(stream, rows: Iterator[tuple], channel: Channel, media_url: str) -> int:
    count = 0
    with ExitStack() as contexts:
        stream.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        xml = contexts.enter_context(etree.xmlfile(stream, encoding="utf-8"))
        contexts.enter_context(xml.element("rss", version="2.0", nsmap={"g": GOOGLE_NS}))
        contexts.enter_context(xml.element("channel"))
        for row in rows:
            with xml.element("item"):
                for name, value in ceiling_values(row, channel, media_url).items():
                    if value:
                        with xml.element(f"{{{GOOGLE_NS}}}{name}"):
                            xml.write(value)
            count += 1
    return count


def _write_csv(stream, rows: Iterator[tuple], channel: Channel, media_url: str) -> int:
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, quoting=csv.QUOTE_ALL)
    writer.writerow(META_COLUMNS)
    count = 0
    for row in rows:
        values = ceiling_values(row, channel, media_url)
        writer.writerow([values.get(column, "") for column in META_COLUMNS])
        count += 1
    text.flush()
    text.detach()
    return count


def _write_json(stream, rows: Iterator[tuple], channel: Channel, media_url: str) -> int:
    stream.write(b'{"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [')
    count = 0
    for row in rows:
        values = ceiling_values(row, channel, media_url)
        element = {"@type": "Product", "@id": values["link"], "sku": values["id"], "gtin13": values["gtin"],
                   "mpn": values["mpn"], "inProductGroupWithID": values["item_group_id"], "name": values["title"],
                   "description": values["description"], "url": values["link"], "image": [values["image_link"]],
                   "brand": {"@type": "Brand", "name": values["brand"]}, "color": values["color"],
                   "size": values["size"], "material": values["material"],
                   "offers": {"@type": "Offer", "price": values["price"].split()[0],
                              "priceCurrency": channel.price_list.currency,
                              "availability": f"https://schema.org/{values['availability']}", "url": values["link"]}}
        stream.write((b"\n" if not count else b",\n") + orjson.dumps(element))
        count += 1
    stream.write(b"\n]}\n")
    return count


def output_path(name: str) -> Path:
    """Beside the feeds of the benchmark's var folder; overwritten by the next measurement."""
    folder = Path(settings.VAR_DIR) / "bench-output"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


WRITERS = {"google_merchant": ("xml", _write_xml), "meta_catalog": ("csv", _write_csv),
           "web_json": ("json", _write_json)}


def ceiling_measure(*, channel_code: str) -> dict[str, object]:
    channel = Channel.objects.select_related("price_list").get(code=channel_code)
    extension, write = WRITERS[channel.format]
    path = output_path(f"ceiling-{channel.code}.{extension}")
    media_url = f"{settings.SITE_URL}{settings.MEDIA_URL}"
    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter), path.open("wb") as stream:
        items = write(stream, ceiling_rows(channel), channel, media_url)
        stream.flush()
        os.fsync(stream.fileno())  # as the pipeline does before it publishes
    seconds = time.perf_counter() - started
    return {"items": items, "seconds": seconds, "items_per_second": items / seconds, "queries": counter.total,
            "bytes": path.stat().st_size, "path": str(path)}
