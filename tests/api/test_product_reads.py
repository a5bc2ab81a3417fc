"""The product read path (catalog.api.product_reads) against ProductSerializer, the reference it must match key for
key, value for value and in the same key order: lists and details, with and without ?locale=, in two time zones."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from catalog import services
from catalog.api.product_reads import PRODUCT_COLUMNS, product_row, products_read
from catalog.api.product_serializers import ProductSerializer
from catalog.api.renderers import FastJSONRenderer
from catalog.models import Product, Variant
from catalog.queries import locale_chains, products_with_details, translations_resolved
from tests.factories import (
    CategoryFactory,
    LocationFactory,
    PriceListFactory,
    ProductFactory,
    ProductMediaFactory,
    ProductTranslationFactory,
    VariantFactory,
)
from tests.syndication.conftest import asset_stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(shop, locales):
    """The shop, plus a product without brand, category or translations, and one with only some Italian texts,
    a yen price list, several stock locations, weights, a null GTIN, alt texts and thumbnails, and date-times
    with and without microseconds."""
    yen = PriceListFactory(code="jp_retail", currency="JPY")
    bare = ProductFactory(code="BARE", brand=None, variants=0, title=False, attributes={"colour": "red", "n": 3})
    bare_variant = VariantFactory(product=bare, sku="BARE-1", gtin=None, weight=Decimal("0.25"),
                                  attributes={"size": "xl", "list": [1, 2.5, None]})
    services.price_save(variant=bare_variant, price_list=yen, amount=Decimal("1234"),
                        sale_amount=Decimal("999"),
                        sale_start=datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC))
    services.price_save(variant=shop.mug_variant, price_list=yen, amount=Decimal("300"))
    for code, quantity in (("zeta_store", 7), ("alpha_store", 0)):
        services.stock_level_save(variant=bare_variant, location=LocationFactory(code=code), quantity=quantity)
    Variant.objects.filter(pk=bare_variant.pk).update(
        available_from=datetime.datetime(2026, 5, 6, 7, 8, 9, 120000, tzinfo=datetime.UTC),
        created_at=datetime.datetime(2026, 5, 6, 7, 8, 9, tzinfo=datetime.UTC))
    asset = asset_stored()
    asset.thumbnail = asset.file.name
    asset.alt_texts = {"en": "A red thing", "pl": "Czerwona rzecz"}
    asset.save()
    ProductMediaFactory(product=bare, variant=bare_variant, position=2, asset=asset)
    ProductMediaFactory(product=bare, position=2, asset=asset_stored())

    partial = ProductFactory(code="PARTIAL", variants=0, title=False, primary_category=CategoryFactory(code="zz"))
    for position, key in ((2, "c"), (0, "a"), (0, "b")):  # ties on position go by id
        VariantFactory(product=partial, position=position, axis_key=key, axis_values={"size": key})
    partial.categories.add(CategoryFactory(code="b_other"), CategoryFactory(code="a_other"))
    ProductTranslationFactory(product=partial, locale=locales["it"], title="", description="Solo descrizione",
                              attributes={"material": "Lino"})
    ProductTranslationFactory(product=partial, locale=locales["en"], title="Partial", description="",
                              slug="partial", attributes={"material": "Linen", "care": "Wash"})
    shop.shirt.categories.add(CategoryFactory(code="a_other"))
    return shop


def _request(path: str = "/api/v1/products/") -> Request:
    return Request(APIRequestFactory().get(path))


def _as_json(data) -> list | dict:
    """What a client reads, key order included (dicts compare equal whatever their order)."""
    return json.loads(JSONRenderer().render(data))


def _serialized(products: list[Product], *, request: Request, locale: str | None, many: bool):
    chain = locale_chains()[locale] if locale else None
    context = {"request": request, "locale_chain": chain}
    if chain:
        context["resolved_translations"] = translations_resolved(
            product_ids=[product.pk for product in products], locale_code=chain[0], chain=chain)
    return ProductSerializer(products if many else products[0], many=many, context=context).data


def _keys(value) -> object:
    if isinstance(value, dict):
        return [(key, _keys(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_keys(item) for item in value]
    return None


@pytest.mark.parametrize("zone", ["UTC", "Europe/Warsaw"])
@pytest.mark.parametrize("locale", [None, "en", "pl", "it"])
def test_the_read_path_gives_what_the_serializer_gives(varied, locale, zone):
    request = _request()
    chain = locale_chains()[locale] if locale else None
    with timezone.override(zone):
        products = list(products_with_details(Product.objects.order_by("code"), translations=chain is None))
        expected = _as_json(_serialized(products, request=request, locale=locale, many=True))
        rows = list(Product.objects.order_by("code").values(*PRODUCT_COLUMNS))
        fast = _as_json(products_read(rows, request=request, locale_chain=chain))
        assert fast == expected and _keys(fast) == _keys(expected)
        assert len(fast) == 4 and any(product["media"] for product in fast)
        for product in products:  # the detail's rows come from the loaded product
            one = _as_json(products_read([product_row(product)], request=request, locale_chain=chain))
            assert one == [_as_json(_serialized([product], request=request, locale=locale, many=False))]


@pytest.mark.parametrize("locale", [None, "it"])
def test_the_api_list_and_detail_answer_what_the_serializer_gives(varied, integration, locale):
    query = f"?locale={locale}" if locale else ""
    products = list(products_with_details(Product.objects.order_by("updated_at", "id"),
                                          translations=locale is None))
    listed = integration.get(f"/api/v1/products/{query}").json()["results"]
    assert listed == _as_json(_serialized(products, request=_request(), locale=locale, many=True))
    for product in products:
        detail = integration.get(f"/api/v1/products/{product.pk}/{query}").json()
        assert detail == _as_json(_serialized([product], request=_request(), locale=locale, many=False))


def test_money_and_times_in_the_fast_path_follow_the_currency_and_drf(varied):
    bare = Product.objects.get(code="BARE")
    [body] = products_read(list(Product.objects.filter(pk=bare.pk).values(*PRODUCT_COLUMNS)), request=None)
    [variant] = body["variants"]
    assert [(price["price_list"], price["amount"], price["sale_amount"]) for price in variant["prices"]] == [
        ("jp_retail", "1234", "999")]
    assert variant["weight"] == "0.250" and variant["gtin"] is None
    assert variant["available_from"] == "2026-05-06T07:08:09.120000Z"
    assert variant["created_at"] == "2026-05-06T07:08:09Z"
    assert variant["prices"][0]["sale_start"] == "2026-01-02T03:04:05Z"
    assert [level["location"] for level in variant["stock"]] == ["alpha_store", "zeta_store"]
    assert body["media"][0]["url"].startswith("/media/assets/") and body["media"][0]["variant"] == "BARE-1"


def test_the_browsable_api_and_indented_json_still_render(varied, integration):
    page = integration.get("/api/v1/products/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and b"LINSHIRT-BLU-M" in page.content
    detail = integration.get(f"/api/v1/products/{varied.shirt.pk}/", HTTP_ACCEPT="text/html")
    assert detail.status_code == 200 and b"LINSHIRT-BLU-M" in detail.content
    indented = integration.get("/api/v1/products/", HTTP_ACCEPT="application/json; indent=2")
    assert indented.content.startswith(b'{\n  "next": null') and indented.json()["results"][0]["variants"]


@pytest.mark.parametrize("data", [
    {"text": "line\u2028separator\u2029ż", "n": [1, 2.5, None, True]},  # orjson, escaped as DRF does
    {"amount": Decimal("1.50"), "at": datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC)},  # DRF's encoder
])
def test_the_fast_renderer_writes_what_drfs_json_renderer_writes(data):
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)
