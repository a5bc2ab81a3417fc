"""Read paths that must stay fast: a fixed number of queries whatever the number of products."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import In

from catalog.gtin import gtin_normalise
from catalog.models import (
    Category,
    Locale,
    Price,
    Product,
    ProductMedia,
    ProductTranslation,
    StockLevel,
    Variant,
)

TRANSLATED_FIELDS = ("title", "description", "short_description", "slug")


class AnyOf(In):
    """``column = ANY(%s)`` on PostgreSQL, an ordinary ``IN (...)`` elsewhere: ``filter(AnyOf(F("id"), ids))``.

    One array parameter instead of one per id: a chunk's query of 1,000 ids is compiled, sent and parsed as fast as
    one of 10 (Django and psycopg spend about 1 ms per 1,000 ``%s`` placeholders, every chunk, every relation).
    """

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))


def locale_chains() -> dict[str, list[str]]:
    """Every locale's fallback chain, e.g. {"it": ["it", "en"]}, from one query over the (small) locale table."""
    fallbacks = dict(Locale.objects.values_list("code", "fallback__code"))
    chains = {}
    for code in fallbacks:
        chain, cursor = [], code
        while cursor and cursor not in chain:  # a loop saved before validation existed must not hang a read
            chain.append(cursor)
            cursor = fallbacks.get(cursor)
        chains[code] = chain
    return chains


def locale_chain(locale_code: str) -> list[str]:
    return locale_chains().get(locale_code, [locale_code])


@dataclass
class ResolvedTranslation:
    """A product's texts in one locale, each field taken from the first locale of the chain that has it."""

    product_id: int
    title: str = ""
    description: str = ""
    short_description: str = ""
    slug: str = ""
    attributes: dict[str, object] = field(default_factory=dict)
    # Field name -> the locale code the value came from, so readiness can say "falls back to en".
    sources: dict[str, str] = field(default_factory=dict)


def translations_resolved(*, product_ids: Iterable[int], locale_code: str,
                          chain: list[str] | None = None) -> dict[int, ResolvedTranslation]:
    """Translations for many products in one locale with per-field fallback: one query (two without ``chain``)."""
    chain = chain or locale_chain(locale_code)
    rank = {code: index for index, code in enumerate(chain)}
    rows = sorted(
        # No ORDER BY (the model's ordering joins product and locale only to sort what is sorted here anyway).
        ProductTranslation.objects.filter(AnyOf(F("product_id"), list(product_ids)), locale__code__in=chain)
        .order_by().values_list("product_id", "locale__code", "attributes", *TRANSLATED_FIELDS),
        key=lambda row: rank[row[1]],
    )
    resolved: dict[int, ResolvedTranslation] = {}
    for product_id, code, attributes, *texts in rows:  # best locale first, so the first non-empty value wins
        attributes = attributes or {}
        result = resolved.get(product_id)
        if result is None:  # the best locale's row: every value it has is taken
            resolved[product_id] = ResolvedTranslation(
                product_id, *texts, attributes=dict(attributes),
                sources={**{name: code for name, text in zip(TRANSLATED_FIELDS, texts, strict=True) if text},
                         **{f"attributes.{key}": code for key in attributes}})
            continue
        for name, text in zip(TRANSLATED_FIELDS, texts, strict=True):
            if text and not getattr(result, name):
                setattr(result, name, text)
                result.sources[name] = code
        for key, value in attributes.items():
            if key not in result.attributes:
                result.attributes[key] = value
                result.sources[f"attributes.{key}"] = code
    return resolved


def product_title_expression(chain: list[str]):
    """An SQL expression for a product's title along a fallback chain, for annotating and ordering querysets."""
    titles = [
        NullIf(Subquery(ProductTranslation.objects.filter(product=OuterRef("pk"), locale__code=code)
                        .values("title")[:1]), Value(""))
        for code in chain
    ]
    return Coalesce(*titles, Value("")) if len(titles) > 1 else Coalesce(titles[0], Value(""))


def products_with_title(queryset: QuerySet[Product], *, locale_code: str) -> QuerySet[Product]:
    return queryset.annotate(title=product_title_expression(locale_chain(locale_code)))


def products_missing_translation(queryset: QuerySet[Product], *, locale_code: str) -> QuerySet[Product]:
    """Products with no title in exactly this locale (fallbacks do not count: something is still to translate)."""
    translated = ProductTranslation.objects.filter(product=OuterRef("pk"), locale__code=locale_code).exclude(title="")
    return queryset.filter(~Exists(translated))


def products_in_category(queryset: QuerySet[Product], *, category: Category) -> QuerySet[Product]:
    """Products whose primary or other category is the category or one of its descendants."""
    category_ids = Category.objects.descendants(category, include_self=True).values("pk")
    in_others = Product.categories.through.objects.filter(product_id=OuterRef("pk"), category_id__in=category_ids)
    return queryset.filter(Q(primary_category_id__in=category_ids) | Exists(in_others))


def category_tree() -> list[Category]:
    """All categories in depth-first order with ``tree_depth`` set, for indented choices."""
    return list(Category.objects.with_tree_fields().order_siblings_by("position", "code").annotate(
        parent_code=F("parent__code")))


def category_paths(*, separator: str = " \u203a ") -> dict[int, str]:
    """Every category's path from the root, e.g. {7: "Apparel \u203a Men \u203a Shirts"}, from one query."""
    rows = {pk: (parent_id, name) for pk, parent_id, name in Category.objects.values_list("pk", "parent_id", "name")}
    paths: dict[int, str] = {}
    for pk in rows:
        names, cursor, seen = [], pk, set()
        while cursor is not None and cursor in rows and cursor not in seen:
            seen.add(cursor)
            parent_id, name = rows[cursor]
            names.append(name)
            cursor = parent_id
        paths[pk] = separator.join(reversed(names))
    return paths


def product_search_filter(term: str) -> Q:
    """Code, SKU, GTIN or title: Exists subqueries, so a product matching twice is still listed once."""
    term = term.strip()
    matches = Q(code__icontains=term) | Exists(
        Variant.objects.filter(product=OuterRef("pk"), sku__icontains=term)
    ) | Exists(ProductTranslation.objects.filter(product=OuterRef("pk"), title__icontains=term))
    digits = gtin_normalise(term)
    if digits.isdigit():
        matches |= Exists(Variant.objects.filter(product=OuterRef("pk"), gtin__startswith=digits))
    return matches


def variants_with_details(queryset: QuerySet[Variant]) -> QuerySet[Variant]:
    """Variants with their prices and stock levels (and those rows' price list and location): two queries more."""
    return queryset.prefetch_related(
        Prefetch("prices", queryset=Price.objects.select_related("price_list").order_by("price_list__code")),
        Prefetch("stock_levels", queryset=StockLevel.objects.select_related("location").order_by("location__code")),
    )


def products_with_details(queryset: QuerySet[Product], *, translations: bool = True) -> QuerySet[Product]:
    """Products with everything the API shows of them, in a fixed number of queries whatever the page size:
    categories, translations (left out when the caller resolves one locale itself), variants with prices and stock,
    images."""
    lookups = [
        Prefetch("categories", queryset=Category.objects.only("pk", "code").order_by("code")),
        Prefetch("variants", queryset=variants_with_details(Variant.objects.order_by("position", "pk"))),
        Prefetch("media", queryset=ProductMedia.objects.select_related("asset", "variant").order_by("position", "pk")),
    ]
    if translations:
        lookups.append(Prefetch("translations", queryset=ProductTranslation.objects.select_related("locale")))
    return queryset.select_related("family", "brand", "primary_category").prefetch_related(*lookups)
