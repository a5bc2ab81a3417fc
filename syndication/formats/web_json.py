"""Web JSON: a schema.org DataFeed, one Product per variant plus a ProductGroup per product with several variants.

Written element by element: each element is one orjson.dumps call, the list is never built in memory. Items
arrive grouped by product (select orders by product), so only one product's variants are held at a time.
"""

import datetime
import json

import orjson
from django.utils import timezone

from syndication.formats.registry import FieldSpec, FormatSpec, register
from syndication.project import Availability, FeedItem
from syndication.write import FeedWriter, amount_text

URL_PATTERN = r"https?://[^\s]+"
SCHEMA = "https://schema.org/"

AVAILABILITY = {
    Availability.IN_STOCK: f"{SCHEMA}InStock",
    Availability.OUT_OF_STOCK: f"{SCHEMA}OutOfStock",
    Availability.PREORDER: f"{SCHEMA}PreOrder",
    Availability.BACKORDER: f"{SCHEMA}BackOrder",
}

SPEC = FormatSpec(
    code="web_json", label="Web JSON (schema.org DataFeed)", file_prefix="web", extension="json",
    content_type="application/ld+json",
    fields=(
        FieldSpec("sku", required=True),
        FieldSpec("title", required=True, max_length=150),
        FieldSpec("description", max_length=5000),
        FieldSpec("link", required=True, pattern=URL_PATTERN),
        FieldSpec("image_link", required=True, pattern=URL_PATTERN),
        FieldSpec("additional_image_links", max_items=10),
        FieldSpec("price", required=True),
        FieldSpec("currency", required=True, pattern=r"[A-Z]{3}"),
    ),
)


def product_element(item: FeedItem, *, now: datetime.datetime) -> dict[str, object]:
    # A scheduled sale is not this snapshot's price: an Offer has no window of its own to announce it with.
    on_sale = item.sale_price is not None and (item.sale_start is None or item.sale_start <= now)
    offer: dict[str, object] = {
        "@type": "Offer", "price": amount_text(item.sale_price if on_sale else item.price),
        "priceCurrency": item.currency, "availability": AVAILABILITY[item.availability], "url": item.link,
    }
    if on_sale:
        offer["priceSpecification"] = {"@type": "UnitPriceSpecification", "priceType": f"{SCHEMA}StrikethroughPrice",
                                       "price": amount_text(item.price), "priceCurrency": item.currency}
        if item.sale_end:
            offer["priceValidUntil"] = timezone.localtime(item.sale_end).date().isoformat()
    if item.availability_date and item.availability in {Availability.PREORDER, Availability.BACKORDER}:
        offer["availabilityStarts"] = timezone.localtime(item.availability_date).isoformat()
    element: dict[str, object] = {"@type": "Product", "@id": item.uri or item.link, "sku": item.sku}
    if item.gtin:
        element[f"gtin{len(item.gtin)}"] = item.gtin  # the property matching the length: gtin8/12/13/14
    optional = {"mpn": item.mpn, "inProductGroupWithID": item.item_group_id, "name": item.title,
                "description": item.description, "url": item.link,
                "image": [item.image_link, *item.additional_image_links],
                "brand": {"@type": "Brand", "name": item.brand} if item.brand else None,
                "color": item.color, "size": item.size, "material": item.material, "offers": offer}
    element.update({key: value for key, value in optional.items() if value})
    return element


@register(SPEC)
class WebJsonWriter(FeedWriter):
    def begin(self) -> None:
        self.group: list[FeedItem] = []
        self.first = True
        head = json.dumps({"@context": "https://schema.org", "@type": "DataFeed",
                           "dateModified": timezone.localtime(self.generated_at).isoformat(timespec="seconds")},
                          ensure_ascii=False)
        self.stream.write(head[:-1].encode() + b', "dataFeedElement": [')

    def _element(self, element: dict[str, object]) -> None:
        self.stream.write((b"\n" if self.first else b",\n") + orjson.dumps(element, default=str))
        self.first = False

    def _group_flush(self) -> None:
        group, self.group = self.group, []
        if not group:
            return
        if group[0].item_group_id and len(group) > 1:
            first = group[0]
            varies_by = list(dict.fromkeys(axis for item in group for axis in item.axes
                                           if axis in {"color", "colour", "size", "material", "pattern"}))
            element = {"@type": "ProductGroup", "@id": first.group_link or f"{first.link}#group",
                       "productGroupID": first.item_group_id, "name": first.product_title}
            if first.brand:
                element["brand"] = {"@type": "Brand", "name": first.brand}
            if first.description:
                element["description"] = first.description
            element["variesBy"] = [f"{SCHEMA}{'color' if axis == 'colour' else axis}" for axis in varies_by]
            element["hasVariant"] = [{"@id": item.uri or item.link} for item in group]
            self._element(element)
        for item in group:
            self._element(product_element(item, now=self.generated_at))

    def write_item(self, item: FeedItem) -> None:
        if self.group and self.group[0].product_code != item.product_code:
            self._group_flush()
        self.group.append(item)

    def end(self) -> None:
        self._group_flush()
        self.stream.write(b"\n]}\n")
