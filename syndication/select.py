"""Select: the variants in a channel's scope, in keyset chunks, with everything projection needs.

Each chunk costs four queries however many variants it holds: the variants with their price and stock, then one
per relation over the chunk's ids (products with their channel listing and variant count, translations, media).
Rows come back as plain tuples: building a model instance per variant cost more than the whole rest of the
projection. Category tree, locale chains, variant axes and their option labels are read once per run.
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

import orjson
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Sum, TextField
from django.db.models.functions import Cast

from catalog.models import (
    AttributeOption,
    Category,
    FamilyAttribute,
    Product,
    ProductMedia,
    StockLevel,
    Variant,
)
from catalog.queries import AnyOf, ResolvedTranslation, locale_chains, translations_resolved
from syndication.links import LinkBuilder, utm_parameters
from syndication.models import Channel, ChannelListing


@dataclass(frozen=True)
class CategoryNode:
    id: int
    parent_id: int | None
    name: str
    labels: dict[str, str]
    google_product_category: int | None


@dataclass(frozen=True)
class AxisSpec:
    code: str
    type: str
    name: str
    labels: dict[str, str]


@dataclass
class RunContext:
    """What stays the same for a whole run: read once, before the first chunk."""

    channel: Channel
    chain: list[str]
    categories: dict[int, CategoryNode]
    scope_category_ids: list[int] | None  # None: every category
    location_ids: list[int]
    utm: list[tuple[str, str]] = field(default_factory=list)
    axes: dict[int, list[AxisSpec]] = field(default_factory=dict)  # family id -> axes in order
    option_labels: dict[tuple[str, str], tuple[str, dict[str, str]]] = field(default_factory=dict)
    links: LinkBuilder | None = None
    currency: str = ""  # the price list's
    # Memos filled as values are met; each holds at most a few thousand entries (see project._memo).
    media_urls: dict[str, str] = field(default_factory=dict)  # file name -> absolute URL
    memos: dict[str, dict] = field(default_factory=lambda: defaultdict(dict))


class PriceRow(NamedTuple):
    """The price fields a feed needs (plain values: no model instance per variant)."""

    amount: Decimal
    sale_amount: Decimal | None
    sale_start: datetime.datetime | None
    sale_end: datetime.datetime | None


class VariantRow(NamedTuple):
    """The variant fields a feed needs, with its price in the channel's price list and its stock there."""

    id: int
    product_id: int
    sku: str
    gtin: str | None
    mpn: str
    axis_values: dict[str, object]
    attributes: dict[str, object]
    availability_override: str
    available_from: datetime.datetime | None
    price: PriceRow | None
    stock: int  # over the channel's stock locations


def _json_text(name: str) -> Cast:
    """A JSON column read as its text, decoded by _json (orjson is several times faster than Django's json.loads)."""
    return Cast(name, output_field=TextField())


def _count_text(subquery: Subquery) -> Cast:
    """A count or sum read as text and turned into an int by the caller.

    As an integer expression Django would run a converter over every row of the query (int() on a value the
    driver already made an int), and that per-row machinery cost more than the column itself.
    """
    return Cast(subquery, output_field=TextField())


def _json(text: str | None) -> object:
    if text == "{}":  # most variants have no attributes of their own
        return {}
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # what orjson refuses and json accepts (NaN in a value saved on SQLite)
        return json.loads(text)


class ListingRow(NamedTuple):
    """A product's overrides in this channel (ChannelListing), when it has any."""

    title: str
    description: str
    custom_labels: tuple[str, str, str, str, str]


class ProductRow(NamedTuple):
    id: int
    code: str
    family_id: int
    brand_name: str | None
    primary_category_id: int | None
    attributes: dict[str, object]
    variant_count: int
    listing: ListingRow | None


@dataclass
class ChunkLookups:
    """Rows related to one chunk of variants, keyed by id; every lookup is filled by one query."""

    products: dict[int, ProductRow] = field(default_factory=dict)
    translations: dict[int, ResolvedTranslation] = field(default_factory=dict)  # by product id
    media: dict[int, list[tuple[int | None, str]]] = field(default_factory=dict)  # product id -> (variant id, file)
    product_facts: dict[int, object] = field(default_factory=dict)  # filled by project, once per product


@dataclass
class Chunk:
    variants: list[VariantRow]
    lookups: ChunkLookups


def run_context_build(*, channel: Channel) -> RunContext:
    return run_contexts_build(channels=[channel])[0]


def run_contexts_build(*, channels: list[Channel]) -> list[RunContext]:
    """The run contexts of several channels: reference data (categories, locale chains, axes) is read once."""
    categories = {
        row["id"]: CategoryNode(**row)
        for row in Category.objects.order_by().values("id", "parent_id", "name", "labels", "google_product_category")
    }
    chains = locale_chains()
    axes, option_labels = _axes_read()
    channel_ids = [channel.pk for channel in channels]
    scope_roots, locations = defaultdict(list), defaultdict(list)
    for channel_id, category_id in Channel.categories.through.objects.filter(
            channel_id__in=channel_ids).values_list("channel_id", "category_id"):
        scope_roots[channel_id].append(category_id)
    for channel_id, location_id in Channel.stock_locations.through.objects.filter(
            channel_id__in=channel_ids).values_list("channel_id", "location_id"):
        locations[channel_id].append(location_id)
    children: dict[int | None, list[int]] = defaultdict(list)
    for node in categories.values():
        children[node.parent_id].append(node.id)
    contexts = []
    for channel in channels:
        scope = None
        if scope_roots[channel.pk]:
            scope, stack = set(), list(scope_roots[channel.pk])
            while stack:  # descendants of the chosen categories, from the table read above
                category_id = stack.pop()
                if category_id not in scope:
                    scope.add(category_id)
                    stack.extend(children[category_id])
            scope = sorted(scope)
        locale = channel.locale.code
        utm = utm_parameters(channel)
        contexts.append(RunContext(
            channel=channel, chain=chains.get(locale, [locale]), categories=categories, scope_category_ids=scope,
            location_ids=sorted(locations[channel.pk]), utm=utm, axes=axes, option_labels=option_labels,
            links=LinkBuilder(template=channel.link_template, locale=locale, utm=utm),
            currency=channel.price_list.currency,
        ))
    return contexts


def _axes_read() -> tuple[dict[int, list[AxisSpec]], dict[tuple[str, str], tuple[str, dict[str, str]]]]:
    """Every family's variant axes, and the labels of their options: reference data, a few hundred rows."""
    axes: dict[int, list[AxisSpec]] = {}
    for family_id, code, type_, name, labels in (
            FamilyAttribute.objects.filter(level=FamilyAttribute.Level.AXIS).order_by("family_id", "position", "id")
            .values_list("family_id", "attribute__code", "attribute__type", "attribute__name", "attribute__labels")):
        axes.setdefault(family_id, []).append(AxisSpec(code=code, type=type_, name=name, labels=labels))
    codes = sorted({axis.code for family_axes in axes.values() for axis in family_axes})
    option_labels = {
        (attribute_code, code): (name, labels) for attribute_code, code, name, labels in
        AttributeOption.objects.filter(attribute__code__in=codes).order_by(
            "attribute__code", "position", "code").values_list("attribute__code", "code", "name", "labels")
    } if codes else {}
    return axes, option_labels


def _scope_filter(context: RunContext, *, prefix: str, product_ref: str, from_product_id: int | None = None) -> Q:
    """The channel's scope as conditions on a product, reached through ``prefix`` ("" or "product__").

    ``from_product_id``: only products from this id on are asked about; the bound is repeated in the subqueries so
    that their scans start there too.
    """
    channel = context.channel
    bound = {} if from_product_id is None else {"product_id__gte": from_product_id}
    condition = Q(**{f"{prefix}status__in": channel.statuses})
    if context.scope_category_ids is not None:
        ids = context.scope_category_ids
        in_others = Product.categories.through.objects.filter(
            product_id=OuterRef(product_ref), category_id__in=ids, **bound)
        condition &= Q(**{f"{prefix}primary_category_id__in": ids}) | Exists(in_others)
    excluded = ChannelListing.objects.filter(channel=channel, product_id=OuterRef(product_ref), excluded=True, **bound)
    return condition & ~Exists(excluded)


def variants_in_channel_scope(*, context: RunContext) -> QuerySet[Variant]:
    return Variant.objects.filter(_scope_filter(context, prefix="product__", product_ref="product_id"))


def products_in_channel_scope(*, context: RunContext, from_product_id: int | None = None) -> QuerySet[Product]:
    products = Product.objects.filter(_scope_filter(context, prefix="", product_ref="pk",
                                                    from_product_id=from_product_id))
    return products if from_product_id is None else products.filter(pk__gte=from_product_id)


def variant_rows(queryset: QuerySet[Variant], *, context: RunContext) -> list[VariantRow]:
    """The variants as rows, their price (a join: one row per variant and price list) and stock summed in SQL."""
    queryset = queryset.annotate(
        axis_text=_json_text("axis_values"), attributes_text=_json_text("attributes"),
        price=FilteredRelation("prices", condition=Q(prices__price_list_id=context.channel.price_list_id)))
    stock = "pk"  # a placeholder column: no stock locations means no stock
    if context.location_ids:
        queryset = queryset.annotate(stock=_count_text(Subquery(
            StockLevel.objects.filter(variant_id=OuterRef("pk"), location_id__in=context.location_ids)
            .order_by().values("variant_id").annotate(total=Sum("quantity")).values("total"))))
        stock = "stock"
    rows = queryset.values_list(
        "id", "product_id", "sku", "gtin", "mpn", "axis_text", "attributes_text", "availability_override",
        "available_from", "price__amount", "price__sale_amount", "price__sale_start", "price__sale_end", stock)
    return [
        VariantRow(variant_id, product_id, sku, gtin, mpn, _json(axes), _json(attributes), override, available,
                   PriceRow(amount, sale_amount, sale_start, sale_end) if amount is not None else None,
                   int(quantity or 0) if context.location_ids else 0)
        for (variant_id, product_id, sku, gtin, mpn, axes, attributes, override, available, amount, sale_amount,
             sale_start, sale_end, quantity) in rows
    ]


def _variant_page(*, context: RunContext, chunk_size: int, after: tuple[int, int] | None,
                  window_size: int) -> list[VariantRow]:
    """The next variants after ``after`` (product id, variant id), at most ``chunk_size``, in that order.

    The variants are those of a window of the next ``window_size`` products in scope that have variants, found by
    the product primary key: joining the product table for the scope instead let PostgreSQL walk it from the
    first product on every chunk (a run of N variants then cost N²). The window starts at the product of
    ``after``, so with two products or more it reaches every product that still has variants to give: an empty
    page is the end of the stream.
    """
    products = products_in_channel_scope(context=context, from_product_id=after[0] if after else None)
    variants = Variant.objects.all()
    with_variants = Variant.objects.filter(product_id=OuterRef("pk"))
    if after is not None:
        product_id, variant_id = after
        # Each bound repeats what the query implies, so that PostgreSQL starts its index scans there instead of at
        # the first row (which made a chunk's cost grow with its position: N² for the run).
        with_variants = with_variants.filter(product_id__gte=product_id)
        variants = variants.filter(Q(product_id__gt=product_id) | Q(product_id=product_id, pk__gt=variant_id),
                                   product_id__gte=product_id)
    products = products.filter(Exists(with_variants))
    window = products.order_by("pk").values("pk")[:window_size]
    return variant_rows(variants.filter(product_id__in=window).order_by("product_id", "pk")[:chunk_size],
                        context=context)


def variant_chunks(*, context: RunContext, chunk_size: int) -> Iterator[Chunk]:
    """Chunks ordered by (product, variant) so a product's variants arrive together (the JSON groups need that)."""
    after: tuple[int, int] | None = None
    fewest_variants = 1  # per product, in the last chunk: before the first one, assume one
    while True:
        # Keyset, not OFFSET: OFFSET rescans every earlier row, so late chunks of a large channel crawl.
        # Enough products to fill the chunk if none has fewer variants than those of the last chunk (plus the one
        # the last chunk ended in): every variant of a larger window is read, sorted and thrown away. A product
        # with fewer variants only makes one chunk short.
        window_size = -(-chunk_size // fewest_variants) + 1
        rows = _variant_page(context=context, chunk_size=chunk_size, after=after, window_size=window_size)
        if not rows:
            return
        chunk = Chunk(variants=rows, lookups=chunk_lookups(context=context, variants=rows))
        fewest_variants = max(1, min((product.variant_count for product in chunk.lookups.products.values()),
                                     default=1))
        yield chunk
        after = (rows[-1].product_id, rows[-1].id)


def _products(*, context: RunContext, product_ids: list[int]) -> dict[int, ProductRow]:
    """Products with their brand name, variant count and this channel's listing (overrides), in one query."""
    siblings = (Variant.objects.filter(product_id=OuterRef("pk")).order_by().values("product_id")
                .annotate(total=Count("id")).values("total"))
    rows = (Product.objects.filter(AnyOf(F("id"), product_ids)).order_by()
            .annotate(listing=FilteredRelation("channel_listings",
                                               condition=Q(channel_listings__channel_id=context.channel.pk)),
                      variant_count=_count_text(Subquery(siblings)), attributes_text=_json_text("attributes"))
            .values_list("id", "code", "family_id", "brand__name", "primary_category_id", "attributes_text",
                         "variant_count", "listing__id", "listing__title", "listing__description",
                         *(f"listing__{name}" for name in ChannelListing.CUSTOM_LABEL_FIELDS)))
    products = {}
    for (product_id, code, family_id, brand, category_id, attributes, count, listing_id, title, description,
         *labels) in rows:
        listing = ListingRow(title, description, tuple(labels)) if listing_id is not None else None
        products[product_id] = ProductRow(product_id, code, family_id, brand, category_id, _json(attributes),
                                          int(count or 0), listing)
    return products


def chunk_lookups(*, context: RunContext, variants: Iterable[VariantRow]) -> ChunkLookups:
    channel = context.channel
    variant_ids = [variant.id for variant in variants]
    product_ids = sorted({variant.product_id for variant in variants})
    lookups = ChunkLookups()
    lookups.products = _products(context=context, product_ids=product_ids)
    lookups.translations = translations_resolved(product_ids=product_ids, locale_code=channel.locale.code,
                                                 chain=context.chain)
    for product_id, variant_id, file_name in (
        ProductMedia.objects.filter(AnyOf(F("product_id"), product_ids))
        .filter(Q(variant_id__isnull=True) | AnyOf(F("variant_id"), variant_ids))
        .order_by("product_id", "position", "id").values_list("product_id", "variant_id", "asset__file")
    ):
        lookups.media.setdefault(product_id, []).append((variant_id, file_name))
    return lookups
