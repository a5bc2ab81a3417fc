"""Meta (Facebook / Instagram) catalog: CSV, every field quoted, Meta's value spellings (FEEDS.md section 2)."""

from django.utils import timezone

from syndication.formats.registry import FieldSpec, FormatSpec, register
from syndication.project import Availability, FeedItem
from syndication.write import FeedWriter, datetime_colon_offset, money_text

URL_PATTERN = r"https?://[^\s]+"

AVAILABILITY = {
    Availability.IN_STOCK: "in stock",
    Availability.OUT_OF_STOCK: "out of stock",
    Availability.PREORDER: "preorder",
    Availability.BACKORDER: "available for order",
}

COLUMNS = (
    "id", "item_group_id", "title", "description", "availability", "condition", "price", "sale_price",
    "sale_price_effective_date", "link", "image_link", "additional_image_link", "brand", "gtin", "mpn",
    "google_product_category", "product_type", "color", "size", "gender", "age_group", "material",
    "custom_label_0", "custom_label_1", "custom_label_2", "custom_label_3", "custom_label_4",
)

SPEC = FormatSpec(
    code="meta_catalog", label="Meta catalog (CSV)", file_prefix="meta", extension="csv",
    content_type="text/csv; charset=utf-8; header=present",
    fields=(
        FieldSpec("sku", required=True, max_length=100),
        FieldSpec("title", required=True, max_length=150),
        FieldSpec("description", required=True, max_length=5000),
        FieldSpec("link", required=True, pattern=URL_PATTERN),
        FieldSpec("image_link", required=True, pattern=URL_PATTERN),
        FieldSpec("additional_image_links", max_items=10),
        FieldSpec("price", required=True),
        FieldSpec("currency", required=True, pattern=r"[A-Z]{3}"),
        FieldSpec("brand", required=True, max_length=100),
        FieldSpec("condition", allowed=frozenset({"new", "refurbished", "used"})),
        FieldSpec("color", max_length=100),
        FieldSpec("size", max_length=100),
        FieldSpec("material", max_length=200),
        FieldSpec("gender", allowed=frozenset({"male", "female", "unisex"})),
        FieldSpec("age_group", allowed=frozenset({"adult", "all ages", "teen", "kids", "toddler", "infant",
                                                  "newborn"})),
        FieldSpec("product_type", max_length=750),
    ),
)


def csv_line(values: tuple[object, ...]) -> bytes:
    """One CSV record with every field quoted, as ``csv.writer(quoting=csv.QUOTE_ALL)`` writes it.

    The csv module spent longer on a 27-field row than the rest of the item's writing; with every field quoted,
    the only escaping is doubling quotes, which str.replace does in C.
    """
    cells = [value if type(value) is str else ("" if value is None else str(value)) for value in values]
    return ('"' + '","'.join([cell.replace('"', '""') if '"' in cell else cell for cell in cells]) + '"\r\n').encode()


@register(SPEC)
class MetaCatalogWriter(FeedWriter):
    def begin(self) -> None:
        # \r\n line ends and every field quoted, as the csv module writes and Meta's own examples do.
        self.stream.write(csv_line(COLUMNS))

    def write_item(self, item: FeedItem) -> None:
        window = ""
        if item.sale_price is not None and item.sale_start and item.sale_end:
            window = "/".join(datetime_colon_offset(timezone.localtime(moment))
                              for moment in (item.sale_start, item.sale_end))
        currency = item.currency
        # In COLUMNS order.
        self.stream.write(csv_line((
            item.sku, item.item_group_id, item.title, item.description, AVAILABILITY[item.availability],
            item.condition, money_text(item.price, currency), money_text(item.sale_price, currency), window,
            item.link, item.image_link,
            # One cell, comma-separated: commas inside a URL must not split it.
            ",".join(url.replace(",", "%2C") for url in item.additional_image_links),
            item.brand, item.gtin, item.mpn, item.google_product_category or "", item.product_type, item.color,
            item.size, item.gender, item.age_group, item.material, *item.custom_labels,
        )))

    def end(self) -> None:
        pass
