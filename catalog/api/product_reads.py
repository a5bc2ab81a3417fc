"""The product read path of the API: plain dicts from ``values_list()`` rows, in exactly the shape (keys, order,
value formats) ProductSerializer gives, which stays the reference for the schema and the tests.

Why: a page of 100 products is about 5,000 related rows. As model instances through prefetch_related and then
through DRF fields (about 85,000 get_attribute calls) it cost ~170 ms; as tuples turned straight into dicts it
costs a fraction of that, with the same fixed number of queries (one per relation, none per product).
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from functools import cache

import orjson
from django.db import connection
from django.db.models import F, Func, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from catalog.api.product_serializers import VariantSerializer
from catalog.currencies import currency_decimals
from catalog.models import Asset, Price, Product, ProductMedia, ProductTranslation, StockLevel, Variant
from catalog.queries import AnyOf, translations_resolved

# The page query's columns: pagination reads the ordering fields (id, code, updated_at) from these rows too.
PRODUCT_COLUMNS = ("id", "code", "family__code", "brand__code", "primary_category__code", "status", "attributes",
                   "version", "created_at", "updated_at")


def product_row(product: Product) -> dict:
    """One loaded product (family, brand and primary category selected with it) as a page row."""
    return {"id": product.pk, "code": product.code, "family__code": product.family.code,
            "brand__code": product.brand.code if product.brand_id else None,
            "primary_category__code": product.primary_category.code if product.primary_category_id else None,
            "status": product.status, "attributes": product.attributes, "version": product.version,
            "created_at": product.created_at, "updated_at": product.updated_at}


@cache
def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-currency_decimals(currency))


@cache
def _weight_field():
    # The DecimalField ModelSerializer derives from the model (its places and string form), used as it is.
    return VariantSerializer().fields["weight"]


def _text(name: str) -> Cast:
    """A column read as text. Date-times: the driver's and Django's per-value parsing into aware datetimes cost more
    than the rest of the page, and the output is text again anyway. JSON: orjson decodes it (_json) several times
    faster than Django's converter."""
    return Cast(name, output_field=TextField())


class _MomentText(Func):
    """A date-time column as text. On PostgreSQL already in DRF's UTC form ("2026-01-02T03:04:05.500000Z", no
    fraction when it is 0), so nothing is left to do per value; elsewhere the stored text, finished by _moment."""

    output_field = TextField()
    template = "CAST(%(expressions)s AS text)"

    def as_postgresql(self, compiler, connection, **extra):
        utc = "%(expressions)s AT TIME ZONE 'UTC'"
        template = (f"to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') "
                    f"|| COALESCE(NULLIF(to_char({utc}, '.US'), '.000000'), '') || 'Z'")
        return super().as_sql(compiler, connection, template=template, **extra)


def _moment_column(name: str, zone) -> Func:
    return _MomentText(name) if zone is None else _text(name)


def _moment(text: str | None, zone) -> str | None:
    """DRF's DateTimeField output (ISO 8601 in the current time zone, UTC as "Z") for a column read as text:
    "2026-01-02 03:04:05.5+00" on PostgreSQL, "2026-01-02 03:04:05.500000" (UTC) on SQLite."""
    if not text:
        return None
    if zone is None:  # UTC, as the database session is: only the separators and the fraction's digits differ
        if text[-1] == "Z":  # formatted by the database
            return text
        if text.endswith("+00"):
            text = text[:-3]
        elif text.endswith("+00:00"):
            text = text[:-6]
        if len(text) >= 19 and text[10] == " " and not ("+" in text[10:] or "-" in text[10:]):
            seconds, _, fraction = text[11:].partition(".")
            # isoformat(): six digits, or none when the microseconds are 0
            fraction = "." + fraction.ljust(6, "0") if fraction.strip("0") else ""
            return f"{text[:10]}T{seconds}{fraction}Z"
    value = datetime.datetime.fromisoformat(text)
    return _moment_of(timezone.make_aware(value, connection.timezone) if timezone.is_naive(value) else value, zone)


def _moment_of(value: datetime.datetime | None, zone) -> str | None:
    """The same for a datetime (the page's own rows, which pagination reads as datetimes)."""
    if not value:
        return None
    text = value.astimezone(zone or datetime.UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _json(text: str | None) -> object:
    if text == "{}":  # most rows have no values of their own
        return {}
    if text is None:
        return None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # what orjson refuses and json accepts (NaN in a value saved on SQLite)
        return json.loads(text)


def _grouped(rows: Iterable[tuple]) -> defaultdict:
    """Rows by their first column, keeping the query's order within each group."""
    groups = defaultdict(list)
    for row in rows:
        groups[row[0]].append(row)
    return groups


def products_read(rows: list[dict], *, request=None, locale_chain: list[str] | None = None) -> list[dict]:
    """ProductSerializer(many=True).data for the page ``rows`` (dicts of PRODUCT_COLUMNS): six queries."""
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    zone = None if timezone.get_current_timezone_name() == "UTC" else timezone.get_current_timezone()
    categories = _grouped(
        Product.categories.through.objects.filter(AnyOf(F("product_id"), ids)).order_by("category__code")
        .values_list("product_id", "category__code"))
    translations = _translations(ids, locale_chain)
    variants = _variants(ids, zone)
    media = _media(ids, request)
    return [{
        "id": row["id"], "code": row["code"], "family": row["family__code"], "brand": row["brand__code"],
        "primary_category": row["primary_category__code"],
        "categories": [code for _product, code in categories.get(row["id"], ())],
        "status": row["status"], "attributes": row["attributes"], "version": row["version"],
        "created_at": _moment_of(row["created_at"], zone), "updated_at": _moment_of(row["updated_at"], zone),
        "translations": translations(row["id"]), "variants": variants.get(row["id"], []),
        "media": media.get(row["id"], []),
    } for row in rows]


def _translations(ids: list[int], chain: list[str] | None):
    """A function giving a product's ``translations`` list, as ProductSerializer.get_translations does."""
    if chain:
        resolved = translations_resolved(product_ids=ids, locale_code=chain[0], chain=chain)

        def along_chain(product_id: int) -> list[dict]:
            found = resolved.get(product_id)
            if found is None:
                return [{"locale": chain[0], "title": "", "description": "", "short_description": "", "slug": "",
                         "attributes": {}, "sources": {}}]
            return [{"locale": chain[0], "title": found.title, "description": found.description,
                     "short_description": found.short_description, "slug": found.slug,
                     "attributes": found.attributes, "sources": found.sources}]
        return along_chain
    stored = _grouped(
        ProductTranslation.objects.filter(AnyOf(F("product_id"), ids)).order_by("locale__position")
        .values_list("product_id", "locale__code", "title", "description", "short_description", "slug",
                     _text("attributes")))

    def every_locale(product_id: int) -> list[dict]:
        return [{"locale": code, "title": title, "description": description, "short_description": short,
                 "slug": slug, "attributes": _json(attributes), "sources": None}
                for _product, code, title, description, short, slug, attributes in stored.get(product_id, ())]
    return every_locale


def _variants(ids: list[int], zone) -> dict[int, list[dict]]:
    rows = list(Variant.objects.filter(AnyOf(F("product_id"), ids)).order_by("position", "pk").values_list(
        "product_id", "id", "product__code", "sku", "gtin", "mpn", _text("axis_values"), _text("attributes"),
        "weight", "position",
        "availability_override", _moment_column("available_from", zone), _moment_column("created_at", zone),
        _moment_column("updated_at", zone)))
    variant_ids = [row[1] for row in rows]
    prices = _grouped(
        Price.objects.filter(AnyOf(F("variant_id"), variant_ids)).order_by("price_list__code").values_list(
            "variant_id", "price_list__code", "price_list__currency", "amount", "sale_amount",
            _moment_column("sale_start", zone), _moment_column("sale_end", zone),
            _moment_column("updated_at", zone))) if variant_ids else {}
    stock = _grouped(
        StockLevel.objects.filter(AnyOf(F("variant_id"), variant_ids)).order_by("location__code").values_list(
            "variant_id", "location__code", "quantity", _moment_column("updated_at", zone))) if variant_ids else {}
    weight = _weight_field()
    variants = defaultdict(list)
    for (product_id, variant_id, product_code, sku, gtin, mpn, axis_values, attributes, weight_value, position,
         override, available_from, created_at, updated_at) in rows:
        variants[product_id].append({
            "id": variant_id, "product": product_id, "product_code": product_code, "sku": sku, "gtin": gtin,
            "mpn": mpn, "axis_values": _json(axis_values), "attributes": _json(attributes),
            "weight": None if weight_value is None else weight.to_representation(weight_value),
            "position": position, "availability_override": override,
            "available_from": _moment(available_from, zone), "created_at": _moment(created_at, zone),
            "updated_at": _moment(updated_at, zone),
            "prices": [{
                "price_list": code, "currency": currency, "amount": str(amount.quantize(_quantum(currency))),
                "sale_amount": None if sale is None else str(sale.quantize(_quantum(currency))),
                "sale_start": _moment(start, zone), "sale_end": _moment(end, zone),
                "updated_at": _moment(changed, zone),
            } for _variant, code, currency, amount, sale, start, end, changed in prices.get(variant_id, ())],
            "stock": [{"location": code, "quantity": quantity, "updated_at": _moment(changed, zone)}
                      for _variant, code, quantity, changed in stock.get(variant_id, ())],
        })
    return variants


def _media(ids: list[int], request) -> dict[int, list[dict]]:
    storage = Asset._meta.get_field("file").storage
    thumbnail_storage = Asset._meta.get_field("thumbnail").storage

    def absolute(name: str | None, file_storage) -> str | None:
        if not name:
            return None
        url = file_storage.url(name)
        return request.build_absolute_uri(url) if request else url

    media = defaultdict(list)
    for (product_id, media_id, file, thumbnail, width, height, mime_type, alt_texts, position,
         sku) in ProductMedia.objects.filter(AnyOf(F("product_id"), ids)).order_by("position", "pk").values_list(
            "product_id", "id", "asset__file", "asset__thumbnail", "asset__width", "asset__height",
            "asset__mime_type", _text("asset__alt_texts"), "position", "variant__sku"):
        media[product_id].append({
            "id": media_id, "url": absolute(file, storage), "thumbnail_url": absolute(thumbnail, thumbnail_storage),
            "width": width, "height": height, "mime_type": mime_type,
            # DictField(child=CharField()): keys and values as text, null kept
            "alt_texts": {str(key): None if text is None else str(text) for key, text in _json(alt_texts).items()},
            "position": position, "variant": sku,
        })
    return media
