# ruff: noqa: F811 - the admin fixtures are imported from tests.catalog.admin_pages and used as arguments
"""The product list: constant query count, filters (category with descendants, missing translation), search
without duplicate rows, bulk activate / archive through the service, and the estimating paginator."""

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.admin.product_list import EstimatedCountPaginator
from catalog.models import Locale, Product
from tests.catalog.admin_pages import admin_client, admin_user, catalog  # noqa: F401
from tests.factories import (
    CategoryFactory,
    FamilyFactory,
    ProductFactory,
    ProductMediaFactory,
    ProductTranslationFactory,
    VariantFactory,
)

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:catalog_product_changelist"


def _codes(response) -> list[str]:
    return sorted(product.code for product in response.context["cl"].result_list)


def _list_queries(admin_client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return len(queries)


def _products(count: int, family, locales) -> None:
    for _index in range(count):
        product = ProductFactory(family=family, variants=0)
        for size in ("s", "m"):
            VariantFactory(product=product, axis_values={"color": "red", "size": size}, axis_key=f"size={size}")
        ProductTranslationFactory(product=product, locale=locales["pl"], title=f"Koszula {product.code}")
    ProductMediaFactory(product=Product.objects.first())


def test_list_query_count_does_not_grow_with_products(admin_client, catalog, locales):
    _products(10, catalog["family"], locales)
    small = _list_queries(admin_client)
    _products(90, catalog["family"], locales)
    assert _list_queries(admin_client) == small
    assert _list_queries(admin_client, q="Koszula", status="draft") <= small


def test_list_shows_title_in_admin_language_with_fallback_thumbnail_and_variant_count(admin_client, catalog,
                                                                                      locales):
    product = ProductFactory(family=FamilyFactory(code="plain"), variants=0, title="Blue shirt")
    VariantFactory.create_batch(3, product=product, axis_key=factory.Sequence(str))
    ProductTranslationFactory(product=product, locale=locales["pl"], title="Niebieska koszula")
    ProductMediaFactory(product=product)
    untranslated = ProductFactory(family=catalog["family"], title="Only English")
    response = admin_client.get(reverse(CHANGELIST), HTTP_ACCEPT_LANGUAGE="pl")
    rows = {row.code: row for row in response.context["cl"].result_list}
    assert rows[product.code].title == "Niebieska koszula"
    assert rows[untranslated.code].title == "Only English"  # pl falls back to en
    assert rows[product.code].variant_total == 3
    content = response.content.decode()
    assert 'class="pim-thumb"' in content and "/thumbs/" in content
    response = admin_client.get(reverse(CHANGELIST), {"o": "2"}, HTTP_ACCEPT_LANGUAGE="pl")  # sort by title
    assert [row.title for row in response.context["cl"].result_list] == ["Niebieska koszula", "Only English"]
    response = admin_client.get(reverse(CHANGELIST), {"o": "-2"}, HTTP_ACCEPT_LANGUAGE="pl")
    assert [row.title for row in response.context["cl"].result_list] == ["Only English", "Niebieska koszula"]


def test_category_filter_includes_descendants(admin_client, catalog):
    men = CategoryFactory(code="men", name="Men", parent=catalog["root"])
    shirts = CategoryFactory(code="shirts", name="Shirts", parent=men)
    women = CategoryFactory(code="women", name="Women", parent=catalog["root"])
    in_shirts = ProductFactory(family=catalog["family"], primary_category=shirts)
    in_men_other = ProductFactory(family=catalog["family"])
    in_men_other.categories.add(men)
    ProductFactory(family=catalog["family"], primary_category=women)
    response = admin_client.get(reverse(CHANGELIST), {"category": men.pk})
    assert _codes(response) == sorted([in_shirts.code, in_men_other.code])
    content = response.content.decode()
    assert "\u00a0" * 6 + "Shirts" in content  # choices indented by depth


def test_missing_translation_filter(admin_client, catalog, locales):
    translated = ProductFactory(family=catalog["family"])
    ProductTranslationFactory(product=translated, locale=locales["pl"], title="Koszula")
    missing = ProductFactory(family=catalog["family"])
    empty_title = ProductFactory(family=catalog["family"])
    ProductTranslationFactory(product=empty_title, locale=locales["pl"], title="")
    response = admin_client.get(reverse(CHANGELIST), {"missing_translation": "pl"})
    assert _codes(response) == sorted([missing.code, empty_title.code])


@pytest.mark.parametrize("term", ["sku", "gtin", "title", "code"])
def test_search_by_sku_gtin_title_code_lists_each_product_once(admin_client, catalog, locales, term):
    product = ProductFactory(family=catalog["family"], code="SEARCH-ME", variants=0, title="Linen trousers")
    VariantFactory(product=product, sku="TROUSER-32", gtin="5901234123457", axis_key="size=m")
    VariantFactory(product=product, sku="TROUSER-34", axis_key="size=l")
    ProductTranslationFactory(product=product, locale=locales["pl"], title="Lniane trousers")
    ProductFactory(family=catalog["family"], code="OTHER")
    query = {"sku": "TROUSER-3", "gtin": "5901234123457", "title": "trousers", "code": "search-me"}[term]
    response = admin_client.get(reverse(CHANGELIST), {"q": query})
    assert [row.code for row in response.context["cl"].result_list] == ["SEARCH-ME"]


def test_bulk_activate_refuses_all_when_one_is_incomplete(admin_client, catalog, locales):
    ready = ProductFactory(family=catalog["family"], variants=0)
    VariantFactory(product=ready, axis_values={"color": "red", "size": "m"})
    ready.translations.update(attributes={"material": "Wool"})
    incomplete = ProductFactory(family=catalog["family"], code="NO-MATERIAL")
    response = admin_client.post(reverse(CHANGELIST), {
        "action": "activate", "_selected_action": [ready.pk, incomplete.pk]}, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert any("Nothing was changed" in message and "NO-MATERIAL" in message for message in messages)
    assert set(Product.objects.values_list("status", flat=True)) == {Product.Status.DRAFT}
    response = admin_client.post(reverse(CHANGELIST), {"action": "activate", "_selected_action": [ready.pk]},
                                 follow=True)
    assert Product.objects.get(pk=ready.pk).status == Product.Status.ACTIVE
    response = admin_client.post(reverse(CHANGELIST), {
        "action": "archive", "_selected_action": [ready.pk, incomplete.pk]}, follow=True)
    assert set(Product.objects.values_list("status", flat=True)) == {Product.Status.ARCHIVED}
    assert Product.objects.get(pk=ready.pk).updated_by.username == "alice"


def test_paginator_counts_exactly_below_the_limit_and_estimates_above_on_postgresql(catalog, settings):
    for _index in range(5):
        ProductFactory(family=catalog["family"], variants=0)
    queryset = Product.objects.order_by("pk")
    settings.PIM_ADMIN_EXACT_COUNT_LIMIT = 10**9  # above any estimate: a table never analysed may be estimated high
    assert EstimatedCountPaginator(queryset, 2).count == 5
    settings.PIM_ADMIN_EXACT_COUNT_LIMIT = 0
    with CaptureQueriesContext(connection) as queries:
        count = EstimatedCountPaginator(queryset, 2).count
    counted = any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)
    if connection.vendor == "postgresql":
        assert not counted and any(query["sql"].startswith("EXPLAIN") for query in queries.captured_queries)
        assert count > 0
    else:
        assert counted and count == 5


def test_locales_in_filter(admin_client, catalog):
    response = admin_client.get(reverse(CHANGELIST))
    assert all(str(locale) in response.content.decode() for locale in Locale.objects.all())
