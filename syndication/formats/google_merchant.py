"""Google Merchant Center: RSS 2.0 with the g: namespace, one <item> per variant (FEEDS.md section 1)."""

import re
from urllib.parse import urlsplit

from django.utils import timezone

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


# What lxml escapes in text (and \r, which it writes as a character reference), plus what XML cannot carry.
_NEEDS_ESCAPING = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """``value`` as XML character data, exactly as lxml's xmlfile writes it (most values need nothing done)."""
    if _NEEDS_ESCAPING.search(value) is None:
        return value
    return (XML_INVALID.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


ESCAPED_MEMO_LIMIT = 4096


@register(SPEC)
class GoogleMerchantWriter(FeedWriter):
    """Writes the XML as text: the item's elements are one string, escaped as lxml would, encoded once.

    An lxml element per field cost more than everything else in the pipeline; the output is the same bytes.
    """

    def begin(self) -> None:
        self._escaped: dict[str, str] = {}
        # Written by hand for the exact spelling Google's examples use; lxml would write encoding='utf-8'.
        shop = urlsplit(self.channel.link_template)
        self.stream.write(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:g="{GOOGLE_NS}" version="2.0"><channel>'
            f"<title>{xml_text(self.channel.name)}</title><link>{xml_text(f'{shop.scheme}://{shop.netloc}')}</link>"
            f"<description>{xml_text(f'Channel {self.channel.code}')}</description>".encode())

    def write_item(self, item: FeedItem) -> None:
        parts = ["<item>"]
        # A product's variants share their long values (description, product type): each is escaped once.
        escaped = self._escaped
        if len(escaped) > ESCAPED_MEMO_LIMIT:
            escaped.clear()
        for name, value in self._fields(item):
            if value is not None and value != "":
                text = value if type(value) is str else str(value)
                if (safe := escaped.get(text)) is None:
                    safe = escaped[text] = xml_text(text)
                parts.append(f"<g:{name}>{safe}</g:{name}>")
        parts.append("</item>")
        self.stream.write("".join(parts).encode())

    @staticmethod
    def _fields(item: FeedItem) -> list[tuple[str, object]]:
        fields = [("id", item.sku), ("item_group_id", item.item_group_id), ("title", item.title),
                  ("description", item.description), ("link", item.link)]
        if item.canonical_link != item.link:
            fields.append(("canonical_link", item.canonical_link))
        fields.append(("image_link", item.image_link))
        fields += [("additional_image_link", url) for url in item.additional_image_links]
        fields.append(("availability", item.availability))
        if item.availability_date is not None:
            fields.append(("availability_date", datetime_compact_offset(timezone.localtime(item.availability_date))))
        fields.append(("price", money_text(item.price, item.currency)))
        if item.sale_price is not None:
            fields.append(("sale_price", money_text(item.sale_price, item.currency)))
            if item.sale_start and item.sale_end:
                window = (item.sale_start, item.sale_end)
                fields.append(("sale_price_effective_date", "/".join(
                    datetime_compact_offset(timezone.localtime(moment)) for moment in window)))
        fields += [("condition", item.condition), ("brand", item.brand), ("gtin", item.gtin), ("mpn", item.mpn)]
        if not item.identifier_exists:
            fields.append(("identifier_exists", "no"))
        fields += [("color", item.color), ("size", item.size), ("material", item.material), ("gender", item.gender),
                   ("age_group", item.age_group), ("google_product_category", item.google_product_category),
                   ("product_type", item.product_type)]
        fields += [(f"custom_label_{index}", label) for index, label in enumerate(item.custom_labels)]
        return fields

    def end(self) -> None:
        self.stream.write(b"</channel></rss>")
