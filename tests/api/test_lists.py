"""Product and variant lists: filters, updated_since with its cut-off and 410, keyset pages, constant queries."""

import datetime
from urllib.parse import quote

import pytest
from django.utils import timezone

from catalog import services
from catalog.models import Product
from tests.factories import (
    BrandFactory,
    CategoryFactory,
    ProductFactory,
    ProductMediaFactory,
    ProductTranslationFactory,
)

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [product["code"] for product in response.json()["results"]]


def test_filters(shop, integration):
    draft = ProductFactory(code="DRAFT-1", status=Product.Status.DRAFT, brand=BrandFactory(code="other_brand"))
    tops = CategoryFactory(code="tops", parent=shop.shirt.primary_category)  # below apparel > shirts
    draft.categories.add(tops)
    get = integration.get
    assert set(codes(get("/api/v1/products/?status=active"))) == {"LINSHIRT", "MUG"}
    assert set(codes(get("/api/v1/products/?status=active&status=draft"))) == {"LINSHIRT", "MUG", "DRAFT-1"}
    assert codes(get("/api/v1/products/?family=apparel")) == ["LINSHIRT"]
    assert codes(get("/api/v1/products/?brand=other_brand")) == ["DRAFT-1"]
    # A category and everything below it, as primary or other category.
    assert set(codes(get("/api/v1/products/?category=apparel"))) == {"LINSHIRT", "DRAFT-1"}
    assert codes(get("/api/v1/products/?category=tops")) == ["DRAFT-1"]
    assert codes(get("/api/v1/products/?category=kitchen")) == ["MUG"]
    assert codes(get("/api/v1/products/?sku=LINSHIRT-RED-L")) == ["LINSHIRT"]
    assert codes(get("/api/v1/products/?gtin=590-1234-12345-7")) == ["MUG"]
    assert codes(get("/api/v1/products/?code=mug")) == ["MUG"]
    assert codes(get("/api/v1/products/?search=enamel")) == ["MUG"]
    assert codes(get("/api/v1/products/?search=RED-M")) == ["LINSHIRT"]
    assert codes(get("/api/v1/products/?ordering=-code")) == ["MUG", "LINSHIRT", "DRAFT-1"]


@pytest.mark.parametrize("query, field", [
    ("status=gone", "status"), ("category=nope", "category"), ("updated_since=yesterday", "updated_since"),
    ("ordering=title", "ordering"), ("page_size=0", "page_size"), ("page_size=501", "page_size"),
    ("page_size=%C2%B2", "page_size"), ("cursor=garbage", "cursor"), ("search=a%00b", "search"), ("sku=%00", "sku"),
])
def test_bad_parameters_are_400_naming_them(shop, integration, query, field):
    response = integration.get(f"/api/v1/products/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_variant_filters(shop, integration):
    def skus(query: str) -> list[str]:
        response = integration.get(f"/api/v1/variants/?{query}")
        assert response.status_code == 200, response.json()
        return [variant["sku"] for variant in response.json()["results"]]

    assert skus("sku=MUG-1") == ["MUG-1"]
    assert skus("gtin=5901234123457") == ["MUG-1"]
    assert skus(f"product={shop.mug.pk}") == ["MUG-1"]
    assert skus("ordering=-sku&page_size=2") == ["MUG-1", "LINSHIRT-RED-M"]
    assert integration.get("/api/v1/variants/?product=99999999999999999999").status_code == 400


def test_updated_since_is_inclusive_and_follows_children(shop, integration):
    Product.objects.update(updated_at=timezone.now() - datetime.timedelta(days=2))
    moment = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    Product.objects.filter(pk=shop.mug.pk).update(updated_at=moment)
    since = quote(moment.isoformat())
    assert codes(integration.get(f"/api/v1/products/?updated_since={since}")) == ["MUG"]  # at the instant itself
    # A stock change moves the product: the shirt is listed again (and after the mug, in updated_at order).
    services.stock_level_save(variant=shop.red_m, location=shop.warehouse, quantity=2)
    assert codes(integration.get(f"/api/v1/products/?updated_since={since}")) == ["MUG", "LINSHIRT"]
    variants = integration.get(f"/api/v1/variants/?updated_since={since}").json()["results"]
    assert {variant["sku"] for variant in variants} == {"MUG-1", "LINSHIRT-BLU-M", "LINSHIRT-BLU-L",
                                                        "LINSHIRT-RED-M", "LINSHIRT-RED-L"}
    # "+02:00" sent unencoded arrives as " 02:00": still read as the offset.
    local = moment.astimezone(datetime.timezone(datetime.timedelta(hours=2))).isoformat()
    assert codes(integration.get(f"/api/v1/products/?updated_since={local}")) == ["MUG", "LINSHIRT"]


def test_updated_since_before_the_retention_window_is_410(shop, integration, settings):
    settings.PIM_TOMBSTONE_RETENTION_DAYS = 30
    old = quote((timezone.now() - datetime.timedelta(days=31)).isoformat())
    for path in ("products", "variants", "tombstones"):
        response = integration.get(f"/api/v1/{path}/?updated_since={old}")
        assert response.status_code == 410, path
        assert "30-day tombstone retention window" in response.json()["detail"]
    recent = quote((timezone.now() - datetime.timedelta(days=29)).isoformat())
    assert integration.get(f"/api/v1/products/?updated_since={recent}").status_code == 200


def test_a_walk_over_keyset_pages_sees_every_row_once_while_rows_change(shop, integration, settings):
    settings.PIM_API_SYNC_OVERLAP_SECONDS = 120
    ProductFactory.create_batch(8)
    before = timezone.now()
    first = integration.get("/api/v1/products/?page_size=4").json()
    cutoff = first["sync_cutoff"]
    assert datetime.datetime.fromisoformat(cutoff) <= before - datetime.timedelta(seconds=119)
    seen = [product["code"] for product in first["results"]]
    # A product of the first page changes mid-walk: updated_at order puts it at the end, so it is seen again.
    services.stock_level_save(variant=shop.mug_variant, location=shop.warehouse, quantity=5)
    url = first["next"]
    while url:
        page = integration.get(url).json()
        assert page["sync_cutoff"] == cutoff  # one cut-off for the whole walk
        seen += [product["code"] for product in page["results"]]
        url = page["next"]
    assert len(seen) == 11 and set(seen) == set(Product.objects.values_list("code", flat=True))
    assert seen[-1] == "MUG" and seen.count("MUG") == 2


def test_descending_and_code_orderings_page_correctly(shop, integration):
    ProductFactory.create_batch(5)
    for ordering in ("-updated_at", "code", "-code", "id", "-id"):
        seen, url = [], f"/api/v1/products/?page_size=2&ordering={ordering}"
        while url:
            page = integration.get(url).json()
            seen += [product["id"] for product in page["results"]]
            url = page["next"]
        expected = list(Product.objects.order_by(*{
            "-updated_at": ("-updated_at", "-id"), "code": ("code", "id"), "-code": ("-code", "-id"),
            "id": ("id",), "-id": ("-id",)}[ordering]).values_list("id", flat=True))
        assert seen == expected, ordering
    # A cursor made for one ordering is refused with another.
    next_url = integration.get("/api/v1/products/?page_size=2&ordering=code").json()["next"]
    assert integration.get(next_url.replace("ordering=code", "ordering=id")).status_code == 400


def _catalog_page(count: int) -> None:
    for product in ProductFactory.create_batch(count, variants=1):
        variant = product.variants.get()
        services.price_save(variant=variant, price_list=_price_list(), amount=100)
        services.stock_level_save(variant=variant, location=_location(), quantity=1)
        ProductTranslationFactory(product=product, locale=_locale("pl"), title=f"PL {product.code}",
                                  slug=f"pl-{product.code.lower()}")
        product.categories.add(_category())


def _price_list():
    from tests.factories import PriceListFactory

    return PriceListFactory(code="retail_q")


def _location():
    from tests.factories import LocationFactory

    return LocationFactory(code="warehouse_q")


def _locale(code):
    from catalog.models import Locale

    return Locale.objects.get(code=code)


def _category():
    return CategoryFactory(code="queries")


@pytest.mark.parametrize("query", ["", "locale=pl&", "status=active&category=queries&"])
def test_list_queries_do_not_grow_with_the_page_size(locales, integration, django_assert_max_num_queries, query,
                                                     settings):
    settings.MEDIA_URL = "/media/"
    _catalog_page(10)
    ProductMediaFactory(product=Product.objects.first())
    Product.objects.update(status="active")
    with django_assert_max_num_queries(20) as small:
        assert len(integration.get(f"/api/v1/products/?{query}page_size=10").json()["results"]) == 10
    _catalog_page(90)
    Product.objects.update(status="active")
    for product in Product.objects.all()[:30]:
        ProductMediaFactory(product=product)
    with django_assert_max_num_queries(len(small)):
        assert len(integration.get(f"/api/v1/products/?{query}page_size=100").json()["results"]) == 100


def test_variant_list_queries_do_not_grow(locales, integration, django_assert_max_num_queries):
    _catalog_page(10)
    with django_assert_max_num_queries(12) as small:
        integration.get("/api/v1/variants/?page_size=10")
    _catalog_page(90)
    with django_assert_max_num_queries(len(small)):
        assert len(integration.get("/api/v1/variants/?page_size=100").json()["results"]) == 100
