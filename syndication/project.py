"""Project: one format-neutral FeedItem per variant, from the variant and its chunk's lookups (no queries here).

Everything a product's variants share (texts, links without the SKU, images, category path, attribute values)
is worked out once per product in ProductFacts; what repeats across products (axis labels, cleaned attribute
texts) is memoised per run. Per variant what remains is a few dictionary reads and one link format.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from urllib.parse import quote, urljoin

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from catalog.currencies import currency_decimals
from catalog.models import Attribute, Variant
from syndication.select import AxisSpec, ChunkLookups, PriceRow, ProductRow, RunContext, VariantRow
from syndication.text import plain_text


class Availability:
    IN_STOCK = "in_stock"
    OUT_OF_STOCK = "out_of_stock"
    PREORDER = "preorder"
    BACKORDER = "backorder"


# Attribute codes whose values fill the feeds' fields of the same meaning.
COLOR_CODES = ("color", "colour")
SIZE_CODES = ("size", "shoe_size_eu")
MEMO_LIMIT = 4096  # entries per run memo: values repeat (colours, sizes, materials); a memo never grows with the feed
PREORDER, BACKORDER = Variant.AvailabilityOverride.PREORDER, Variant.AvailabilityOverride.BACKORDER


@dataclass
class ProjectionNote:
    """A problem noticed while projecting (e.g. no slug for the link); validation turns it into a FeedIssue."""

    field: str
    code: str
    message: str
    severity: str = "error"


@dataclass(slots=True)
class FeedItem:
    sku: str
    product_code: str
    title: str = ""
    product_title: str = ""
    description: str = ""
    link: str = ""
    canonical_link: str = ""
    image_link: str = ""
    additional_image_links: list[str] = field(default_factory=list)
    availability: str = Availability.OUT_OF_STOCK
    availability_date: datetime.datetime | None = None
    price: Decimal | None = None
    sale_price: Decimal | None = None
    sale_start: datetime.datetime | None = None
    sale_end: datetime.datetime | None = None
    currency: str = ""
    condition: str = "new"
    brand: str = ""
    gtin: str = ""
    mpn: str = ""
    color: str = ""
    size: str = ""
    material: str = ""
    gender: str = ""
    age_group: str = ""
    product_type: str = ""
    google_product_category: int | None = None
    custom_labels: tuple[str, str, str, str, str] = ("", "", "", "", "")
    item_group_id: str = ""  # set only when the product has several variants
    axes: list[str] = field(default_factory=list)  # attribute codes the variants differ by (color, size)
    group_link: str = ""  # the product's link for the variant-free page (web JSON ProductGroup)
    uri: str = ""  # a stable identifier unique per variant (web JSON @id)
    notes: list[ProjectionNote] = field(default_factory=list)
    identifier_exists: bool = True


@cache
def _currency_exponent(currency: str) -> Decimal:
    return Decimal(1).scaleb(-currency_decimals(currency))


def money(amount: Decimal | None, currency: str) -> Decimal | None:
    """The amount in the currency's decimals: 199 PLN -> 199.00, 1999.5 JPY -> 2000."""
    if amount is None:
        return None
    return amount.quantize(_currency_exponent(currency), rounding=ROUND_HALF_UP)


def absolute_media_url(file_name: str) -> str:
    # storage.url() is "/media/..." on disk and already absolute on object storage; urljoin handles both.
    return urljoin(settings.SITE_URL + "/", default_storage.url(file_name))


def _memo(context: RunContext, name: str) -> dict:
    memo = context.memos[name]
    if len(memo) >= MEMO_LIMIT:  # a catalog of unique values gains nothing from it: start over, stay bounded
        memo.clear()
    return memo


def _plain_text(value: str, context: RunContext) -> str:
    memo = _memo(context, "plain_text")
    text = memo.get(value)
    if text is None:
        text = memo[value] = plain_text(value)
    return text


def _axis_label(axis: AxisSpec, value: object, context: RunContext) -> str:
    if value is None or value == "":
        return ""
    if axis.type == Attribute.Type.SINGLE_SELECT:
        name, labels = context.option_labels.get((axis.code, str(value)), (str(value), {}))
        return next((labels[code] for code in context.chain if labels.get(code)), name)
    if isinstance(value, dict):  # a measurement
        return f"{value.get('amount')} {value.get('unit', '')}".strip()
    return str(value)


def _axis_label_memoised(axis: AxisSpec, value: object, context: RunContext) -> str:
    if type(value) is not str:  # 1 and True hash alike but read differently: only strings are memoised
        return _axis_label(axis, value, context)
    memo = _memo(context, "axis_labels")
    key = (axis.code, value)
    label = memo.get(key)
    if label is None:
        label = memo[key] = _axis_label(axis, value, context)
    return label


SaleWindow = tuple[Decimal | None, datetime.datetime | None, datetime.datetime | None]


def sale_window(price: PriceRow | None, now: datetime.datetime) -> SaleWindow:
    """The sale amount and the window to announce, or nothing when the sale is over or not yet announceable.

    A start without an end cannot be written as a Google window, so such a sale appears once it has begun
    (the next scheduled run picks it up) instead of being announced open-ended too early.
    """
    if price is None or price.sale_amount is None:
        return None, None, None
    start, end = price.sale_start, price.sale_end
    if end is not None and end <= now:
        return None, None, None
    if end is None:
        return (price.sale_amount, None, None) if start is None or start <= now else (None, None, None)
    return price.sale_amount, (start or now.replace(second=0, microsecond=0)), end


# material, gender, age_group (plain text) and color (as it is) from attribute values.
AttributeTexts = tuple[str, str, str, str]


def _attribute_texts(attributes: dict[str, object], context: RunContext) -> AttributeTexts:
    material, gender, age_group = (
        _plain_text(value, context) if isinstance(value := attributes.get(name), str) else ""
        for name in ("material", "gender", "age_group"))
    color = attributes.get("color") or attributes.get("colour")
    return material, gender, age_group, color if isinstance(color, str) else ""


@dataclass
class ProductFacts:
    """What every variant of a product shares in one channel: computed once per product and chunk."""

    title: str
    description: str
    attributes: dict[str, object]
    slug: str
    group_link: str
    image_urls: list[str]
    product_type: str
    google_product_category: int | None
    custom_labels: tuple[str, str, str, str, str]
    brand: str
    item_group_id: str
    attribute_texts: AttributeTexts = ("", "", "", "")
    variant_image_urls: dict[int, list[str]] = field(default_factory=dict)  # variant id -> its own images
    axes: list[AxisSpec] = field(default_factory=list)
    # The placeholder values, encoded once for every variant's link.
    code: str = ""


def _product_facts(product: ProductRow, context: RunContext, lookups: ChunkLookups) -> ProductFacts:
    facts = lookups.product_facts.get(product.id)
    if facts is not None:
        return facts
    translation = lookups.translations.get(product.id)
    listing = product.listing
    # Texts, in the channel's locale along the fallback chain; channel overrides win.
    title = (listing and listing.title) or (translation.title if translation else "")
    description = (listing and listing.description) or (
        translation.description or translation.short_description if translation else "")
    slug = translation.slug if translation else ""
    group_link = ""
    if slug or not context.links.needs_slug:
        group_link = context.links.group_link(code=product.code, slug=slug) + "#group"
    product_type, google_id = _category_facts(product.primary_category_id, context)
    image_urls, variant_image_urls = [], {}
    for owner, name in lookups.media.get(product.id, ()):
        if owner is None:
            image_urls.append(_media_url(name, context))
        else:
            variant_image_urls.setdefault(owner, []).append(_media_url(name, context))
    attributes = {**product.attributes, **(translation.attributes if translation else {})}
    facts = ProductFacts(
        title=plain_text(title), description=plain_text(description), attributes=attributes, slug=slug,
        group_link=group_link, image_urls=list(dict.fromkeys(url for url in image_urls if url)),
        product_type=product_type, google_product_category=google_id,
        custom_labels=tuple(plain_text(label) for label in listing.custom_labels)
        if listing is not None else ("", "", "", "", ""),
        brand=product.brand_name or "",
        item_group_id=product.code if product.variant_count > 1 else "",
        attribute_texts=_attribute_texts(attributes, context), variant_image_urls=variant_image_urls,
        axes=context.axes.get(product.family_id, []), code=product.code,
    )
    lookups.product_facts[product.id] = facts
    return facts


def _media_url(file_name: str, context: RunContext) -> str:
    url = context.media_urls.get(file_name)
    if url is None:
        if len(context.media_urls) >= MEMO_LIMIT:
            context.media_urls.clear()
        url = context.media_urls[file_name] = absolute_media_url(file_name)
    return url


def feed_item_project(*, variant: VariantRow, context: RunContext, lookups: ChunkLookups,
                      now: datetime.datetime | None = None) -> FeedItem:
    now = now or timezone.now()
    facts = _product_facts(lookups.products[variant.product_id], context, lookups)
    item = FeedItem(sku=variant.sku, product_code=facts.code, product_title=facts.title,
                    description=facts.description, group_link=facts.group_link, brand=facts.brand,
                    product_type=facts.product_type, google_product_category=facts.google_product_category,
                    custom_labels=facts.custom_labels, item_group_id=facts.item_group_id)

    if facts.axes:
        axis_labels, axis_values = [], variant.axis_values
        for axis in facts.axes:
            label = _axis_label_memoised(axis, axis_values.get(axis.code), context)
            if label:
                axis_labels.append(label)
                item.axes.append(axis.code)
            if axis.code in COLOR_CODES:
                item.color = label
            elif axis.code in SIZE_CODES:
                item.size = label
        item.title = " - ".join([facts.title, *axis_labels]) if facts.title else ""
    else:
        item.title = facts.title
    texts = (_attribute_texts({**facts.attributes, **variant.attributes}, context) if variant.attributes
             else facts.attribute_texts)
    item.material, item.gender, item.age_group, color = texts
    if not item.color and color:
        item.color = color

    # Links: the channel's template, UTM merged into whatever query string it already has.
    links = context.links
    if not facts.slug and links.needs_slug:
        item.notes.append(ProjectionNote("link", "missing_slug",
                                         f"no slug in {' / '.join(context.chain)} to build the link"))
    else:
        item.link, item.canonical_link = links.page_links(code=facts.code, slug=facts.slug, sku=variant.sku)
        # Without {sku} every variant shares the page URL, and an @id must name one variant.
        item.uri = item.canonical_link if links.has_sku else (
            f"{item.canonical_link}#{quote(variant.sku, safe='')}")

    # Images: the variant's own first, then the product's, in position order; never tagged with UTM.
    own = facts.variant_image_urls.get(variant.id)
    urls = list(dict.fromkeys(url for url in (*own, *facts.image_urls) if url)) if own else facts.image_urls
    if urls:
        item.image_link, item.additional_image_links = urls[0], urls[1:]

    # Availability: an explicit preorder / backorder wins over stock.
    override = variant.availability_override
    if override == PREORDER:
        item.availability = Availability.PREORDER
        item.availability_date = variant.available_from
    elif override == BACKORDER:
        item.availability = Availability.BACKORDER
        item.availability_date = variant.available_from
    elif variant.stock > 0:
        item.availability = Availability.IN_STOCK

    # Price and promotion from the channel's price list, in the currency's decimals.
    currency = item.currency = context.currency
    price = variant.price
    if price is not None:
        item.price = money(price.amount, currency)
        if price.sale_amount is not None:
            sale_amount, item.sale_start, item.sale_end = sale_window(price, now)
            item.sale_price = money(sale_amount, currency)

    # Identifiers (Google ignores spaces and dashes; every channel gets digits only).
    gtin = variant.gtin or ""
    item.gtin = gtin if gtin.isdigit() or not gtin else "".join(character for character in gtin
                                                                  if character.isdigit())
    item.mpn = variant.mpn
    item.identifier_exists = bool(item.gtin or item.mpn)
    return item


def _category_facts(category_id: int | None, context: RunContext) -> tuple[str, int | None]:
    """The category path ("Apparel > Shirts") and the nearest Google category id up the tree."""
    memo = context.memos["categories"]  # one entry per category at most
    facts = memo.get(category_id)
    if facts is None:
        facts = memo[category_id] = _category_path(category_id, context)
    return facts


def _category_path(category_id: int | None, context: RunContext) -> tuple[str, int | None]:
    path, google_id, seen = [], None, set()
    while category_id is not None and category_id not in seen and category_id in context.categories:
        seen.add(category_id)
        node = context.categories[category_id]
        # Google splits product_type values on commas, so none may remain inside a level.
        path.append(next((node.labels[code] for code in context.chain if node.labels.get(code)), node.name)
                    .replace(",", " "))
        if google_id is None:
            google_id = node.google_product_category
        category_id = node.parent_id
    return " > ".join(reversed(path)), google_id
