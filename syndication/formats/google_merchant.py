"""Google Merchant Center: RSS 2.0 with the g: namespace, one <item> per variant (FEEDS.md section 1)."""

import re
from collections.abc import Iterator
from contextlib import ExitStack
from urllib.parse import urlsplit

from django.utils import timezone
from lxml import etree

from syndication.formats.registry import FieldSpec, FormatSpec, register
from syndication.project import FeedItem
from syndication.write import FeedWriter, datetime_compact_offset, money_text

GOOGLE_NS = "http://base.google.com/ns/1.0"
URL_PATTERN = r"https?://[^\s]+"
# Control characters XML 1.0 cannot carry at all (lxml refuses them): dropped rather than failing the run.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

SPEC = FormatSpec(
    code="google_merchant", label="Google Merchant Center (RSS 2.0)", file_prefix="google", extension="xml",
    content_type="application/xml; charset=utf-8", identifier_required=True, availability_date_required=True,
    restricted_gtin_severity="error",
    fields=(
        FieldSpec("sku", required=True, max_length=50),
        FieldSpec("title", required=True, max_length=150),
        FieldSpec("description", required=True, max_length=5000),
        FieldSpec("link", required=True, max_length=2000, pattern=URL_PATTERN),
        FieldSpec("canonical_link", max_length=2000, pattern=URL_PATTERN),
        FieldSpec("image_link", required=True, max_length=2000, pattern=URL_PATTERN),
        FieldSpec("additional_image_links", max_items=10),
        FieldSpec("availability", required=True,
                  allowed=frozenset({"in_stock", "out_of_stock", "preorder", "backorder"})),
        FieldSpec("price", required=True),
        FieldSpec("currency", required=True, pattern=r"[A-Z]{3}"),
        FieldSpec("condition", allowed=frozenset({"new", "refurbished", "used"})),
        FieldSpec("brand", max_length=70),
        FieldSpec("mpn", max_length=70),
        FieldSpec("item_group_id", max_length=50),
        FieldSpec("color", max_length=100),
        FieldSpec("size", max_length=100),
        FieldSpec("material", max_length=200),
        FieldSpec("gender", allowed=frozenset({"male", "female", "unisex"})),
        FieldSpec("age_group", allowed=frozenset({"newborn", "infant", "toddler", "kids", "adult"})),
        FieldSpec("product_type", max_length=750),
    ),
)


def _g(name: str) -> str:
    return f"{{{GOOGLE_NS}}}{name}"


@register(SPEC)
class GoogleMerchantWriter(FeedWriter):
    def begin(self) -> None:
        self._contexts = ExitStack()
        # Written by hand for the exact spelling Google's examples use; lxml would write encoding='utf-8'.
        self.stream.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        self.xml = self._contexts.enter_context(etree.xmlfile(self.stream, encoding="utf-8"))
        self._contexts.enter_context(self.xml.element("rss", version="2.0", nsmap={"g": GOOGLE_NS}))
        self._contexts.enter_context(self.xml.element("channel"))
        shop = urlsplit(self.channel.link_template)
        for tag, text in (("title", self.channel.name), ("link", f"{shop.scheme}://{shop.netloc}"),
                          ("description", f"Channel {self.channel.code}")):
            with self.xml.element(tag):
                self.xml.write(XML_INVALID.sub("", text))

    def write_item(self, item: FeedItem) -> None:
        # Elements opened inside <rss> reuse its g: prefix; a whole item built as an etree.Element would
        # declare xmlns:g again on every item.
        with self.xml.element("item"):
            for name, value in self._fields(item):
                if value not in (None, ""):
                    with self.xml.element(_g(name)):
                        self.xml.write(XML_INVALID.sub("", str(value)))

    @staticmethod
    def _fields(item: FeedItem) -> Iterator[tuple[str, object]]:
        yield "id", item.sku
        yield "item_group_id", item.item_group_id
        yield "title", item.title
        yield "description", item.description
        yield "link", item.link
        if item.canonical_link != item.link:
            yield "canonical_link", item.canonical_link
        yield "image_link", item.image_link
        for url in item.additional_image_links:
            yield "additional_image_link", url
        yield "availability", item.availability
        if item.availability_date is not None:
            yield "availability_date", datetime_compact_offset(timezone.localtime(item.availability_date))
        yield "price", money_text(item.price, item.currency)
        if item.sale_price is not None:
            yield "sale_price", money_text(item.sale_price, item.currency)
            if item.sale_start and item.sale_end:
                yield "sale_price_effective_date", "/".join(
                    datetime_compact_offset(timezone.localtime(moment)) for moment in (item.sale_start, item.sale_end))
        yield "condition", item.condition
        yield "brand", item.brand
        yield "gtin", item.gtin
        yield "mpn", item.mpn
        if not item.identifier_exists:
            yield "identifier_exists", "no"
        yield "color", item.color
        yield "size", item.size
        yield "material", item.material
        yield "gender", item.gender
        yield "age_group", item.age_group
        yield "google_product_category", item.google_product_category
        yield "product_type", item.product_type
        for index, label in enumerate(item.custom_labels):
            yield f"custom_label_{index}", label

    def end(self) -> None:
        self._contexts.close()
