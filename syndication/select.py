"""Select: the variants in a channel's scope, in keyset chunks, with everything projection needs.

Each chunk costs the same fixed number of queries however many variants it holds: one for the variants (with
product and brand joined), then one per relation over the chunk's ids. Category tree and locale chain are read
once per run.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from catalog.models import (
    AttributeOption,
    Category,
    FamilyAttribute,
    Price,
    Product,
    ProductMedia,
    StockLevel,
    Variant,
)
from catalog.queries import ResolvedTranslation, locale_chain, translations_resolved
from syndication.links import utm_parameters
from syndication.models import Channel, ChannelListing


@dataclass(frozen=True)
class CategoryNode:
    id: int
    parent_id: int | None
    name: str
    labels: dict[str, str]
    google_product_category: int | None


@dataclass
class RunContext:
    """What stays the same for a whole run: read once, before the first chunk."""

    channel: Channel
    chain: list[str]
    categories: dict[int, CategoryNode]
    scope_category_ids: list[int] | None  # None: every category
    location_ids: list[int]
    utm: list[tuple[str, str]] = field(default_factory=list)
    media_urls: dict[str, str] = field(default_factory=dict)  # file name -> absolute URL, filled as met


@dataclass(frozen=True, slots=True)
class PriceRow:
    """The price fields a feed needs (plain values: no model instance per variant)."""

    amount: Decimal
    sale_amount: Decimal | None
    sale_start: datetime.datetime | None
    sale_end: datetime.datetime | None


@dataclass(frozen=True)
class AxisSpec:
    code: str
    type: str
    name: str
    labels: dict[str, str]


@dataclass
class ChunkLookups:
    """Rows related to one chunk of variants, keyed by id; every lookup is filled by one query."""

    translations: dict[int, ResolvedTranslation] = field(default_factory=dict)  # by product id
    prices: dict[int, "PriceRow"] = field(default_factory=dict)  # by variant id
    stock: dict[int, int] = field(default_factory=dict)  # variant id -> quantity over the channel's locations
    media: dict[int, list[tuple[int | None, str]]] = field(default_factory=dict)  # product id -> (variant id, file)
    listings: dict[int, ChannelListing] = field(default_factory=dict)  # by product id
    variant_counts: dict[int, int] = field(default_factory=dict)  # product id -> number of variants
    axes: dict[int, list[AxisSpec]] = field(default_factory=dict)  # family id -> axes in order
    option_labels: dict[tuple[str, str], tuple[str, dict[str, str]]] = field(default_factory=dict)
    product_facts: dict[int, object] = field(default_factory=dict)  # filled by project, once per product


@dataclass
class Chunk:
    variants: list[Variant]
    lookups: ChunkLookups


def run_context_build(*, channel: Channel) -> RunContext:
    categories = {
        row["id"]: CategoryNode(**row)
        for row in Category.objects.values("id", "parent_id", "name", "labels", "google_product_category")
    }
    scope_roots = list(channel.categories.values_list("id", flat=True))
    scope = None
    if scope_roots:
        children: dict[int | None, list[int]] = defaultdict(list)
        for node in categories.values():
            children[node.parent_id].append(node.id)
        scope, stack = set(), list(scope_roots)
        while stack:  # descendants of the chosen categories, from the table read above
            category_id = stack.pop()
            if category_id not in scope:
                scope.add(category_id)
                stack.extend(children[category_id])
        scope = sorted(scope)
    return RunContext(
        channel=channel, chain=locale_chain(channel.locale.code), categories=categories, scope_category_ids=scope,
        location_ids=list(channel.stock_locations.values_list("id", flat=True)), utm=utm_parameters(channel),
    )


def variants_in_channel_scope(*, context: RunContext) -> QuerySet[Variant]:
    channel = context.channel
    variants = Variant.objects.filter(product__status__in=channel.statuses)
    if context.scope_category_ids is not None:
        ids = context.scope_category_ids
        in_others = Product.categories.through.objects.filter(product_id=OuterRef("product_id"), category_id__in=ids)
        variants = variants.filter(Q(product__primary_category_id__in=ids) | Exists(in_others))
    excluded = ChannelListing.objects.filter(channel=channel, product_id=OuterRef("product_id"), excluded=True)
    return variants.filter(~Exists(excluded))


def variant_chunks(*, context: RunContext, chunk_size: int) -> Iterator[Chunk]:
    """Chunks ordered by (product, variant) so a product's variants arrive together (the JSON groups need that)."""
    variants = variants_in_channel_scope(context=context).select_related("product", "product__brand")
    last: tuple[int, int] | None = None
    while True:
        page = variants
        if last is not None:
            # Keyset, not OFFSET: OFFSET rescans every earlier row, so late chunks of a large channel crawl.
            page = page.filter(Q(product_id__gt=last[0]) | Q(product_id=last[0], pk__gt=last[1]))
        chunk = list(page.order_by("product_id", "pk")[:chunk_size])
        if not chunk:
            return
        yield Chunk(variants=chunk, lookups=chunk_lookups(context=context, variants=chunk))
        last = (chunk[-1].product_id, chunk[-1].pk)


def chunk_lookups(*, context: RunContext, variants: list[Variant]) -> ChunkLookups:
    channel = context.channel
    variant_ids = [variant.pk for variant in variants]
    product_ids = sorted({variant.product_id for variant in variants})
    family_ids = sorted({variant.product.family_id for variant in variants})
    lookups = ChunkLookups()
    lookups.translations = translations_resolved(product_ids=product_ids, locale_code=channel.locale.code,
                                                 chain=context.chain)
    lookups.prices = {row[0]: PriceRow(*row[1:]) for row in Price.objects.filter(
        variant_id__in=variant_ids, price_list_id=channel.price_list_id).values_list(
        "variant_id", "amount", "sale_amount", "sale_start", "sale_end")}
    if context.location_ids:
        lookups.stock = dict(
            StockLevel.objects.filter(variant_id__in=variant_ids, location_id__in=context.location_ids)
            .values("variant_id").annotate(total=Sum("quantity")).values_list("variant_id", "total")
        )
    for product_id, variant_id, file_name in (
        ProductMedia.objects.filter(product_id__in=product_ids)
        .filter(Q(variant_id__isnull=True) | Q(variant_id__in=variant_ids))
        .order_by("product_id", "position", "id").values_list("product_id", "variant_id", "asset__file")
    ):
        lookups.media.setdefault(product_id, []).append((variant_id, file_name))
    lookups.listings = {listing.product_id: listing for listing in ChannelListing.objects.filter(
        channel=channel, product_id__in=product_ids)}
    lookups.variant_counts = dict(
        Variant.objects.filter(product_id__in=product_ids).values("product_id").annotate(total=Count("id"))
        .values_list("product_id", "total")
    )
    axis_codes = set()
    for family_attribute in (FamilyAttribute.objects.filter(family_id__in=family_ids, level=FamilyAttribute.Level.AXIS)
                             .select_related("attribute").order_by("family_id", "position", "id")):
        attribute = family_attribute.attribute
        lookups.axes.setdefault(family_attribute.family_id, []).append(
            AxisSpec(code=attribute.code, type=attribute.type, name=attribute.name, labels=attribute.labels))
        axis_codes.add(attribute.code)
    if axis_codes:
        lookups.option_labels = {
            (attribute_code, code): (name, labels) for attribute_code, code, name, labels in
            AttributeOption.objects.filter(attribute__code__in=axis_codes).values_list(
                "attribute__code", "code", "name", "labels")
        }
    return lookups
