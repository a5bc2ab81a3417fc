# ruff: noqa: F811 - the admin fixtures are imported from tests.catalog.admin_pages and used as arguments
"""The product's History page: every kind of row with a readable diff, newest first, keyset pages, a query count
that does not grow with the history, and the roles (a Viewer sees the history but cannot restore)."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from catalog import services
from catalog.history.timeline import Cursor, product_history_page
from catalog.models import Product
from roles.groups import MERCHANDISER, VIEWER, groups_sync
from tests.catalog.admin_pages import admin_client, admin_user, catalog  # noqa: F401
from tests.factories import (
    CategoryFactory,
    LocationFactory,
    PriceListFactory,
    ProductFactory,
    UserFactory,
    VariantFactory,
)

pytestmark = pytest.mark.django_db


def history_url(product: Product) -> str:
    return reverse("admin:catalog_product_history", args=[product.pk])


@pytest.fixture
def product(locales):
    product = ProductFactory(code="MUG", title="Enamel mug", variants=0)
    VariantFactory(product=product, sku="MUG-1", mpn="")
    return product


def _edits(product: Product, rounds: int) -> None:
    """``rounds`` edits of each kind of row: product, translation, variant, price, stock."""
    variant = product.variants.get()
    price_list, warehouse = PriceListFactory(code="retail"), LocationFactory(code="warehouse")
    for number in range(1, rounds + 1):
        product = services.product_update(product_id=product.pk, expected_version=product.version,
                                          attributes={}, status="archived" if number % 2 else "draft")
        services.product_translation_save(product=product, locale_code="en", title=f"Enamel mug {number}",
                                          description="Long text. " * 40 + str(number))
        services.variant_update(variant_id=variant.pk, data=services.VariantInput(sku="MUG-1", mpn=f"MPN-{number}"))
        services.price_save(variant=variant, price_list=price_list, amount=Decimal("10") + number)
        services.stock_level_save(variant=variant, location=warehouse, quantity=number)


def test_the_history_page_lists_every_kind_of_change_with_a_readable_diff(admin_client, admin_user, product):
    sale = CategoryFactory(code="sale", name="Summer sale")
    _edits(product, 1)
    product.refresh_from_db()
    services.product_update(product_id=product.pk, expected_version=product.version, categories=[sale])

    response = admin_client.get(history_url(product))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Summer sale" in html and "Other categories" in html  # categories by name, field by its label
    assert "Archived" in html and "Draft" in html  # status by its label, old and new
    assert "Enamel mug 1" in html and "Enamel mug" in html
    assert "<details" in html  # the long description is trimmed, expandable
    assert "MPN-1" in html and "11.00" in html  # variant, price (as money)
    assert "retail" in html.lower() and "warehouse" in html.lower()  # price list and location name the rows
    entries = re.findall(r'class="pim-history-entry pim-history-(\w+)"', html)
    assert entries[0] == "product" and {"translation", "variant", "price", "stock"} <= set(entries)
    assert html.count('class="button pim-restore-link"') == Product.history.filter(id=product.pk).count()


def test_the_query_count_does_not_grow_with_the_history(admin_client, product, django_assert_max_num_queries):
    _edits(product, 2)
    with django_assert_max_num_queries(25) as few:  # 20 today: session, user, product, union, rows, names
        assert admin_client.get(history_url(product)).status_code == 200
    _edits(Product.objects.get(pk=product.pk), 12)
    with django_assert_max_num_queries(len(few)):
        assert admin_client.get(history_url(product)).status_code == 200


def test_pages_are_keyset_and_cover_every_entry_once(product):
    _edits(product, 6)
    seen, cursor = [], None
    while True:
        page = product_history_page(product_id=product.pk, before=cursor, per_page=7)
        seen += [(entry.kind.code, entry.row.history_id) for entry in page.entries]
        if page.next_cursor is None:
            break
        cursor = Cursor.parse(str(page.next_cursor))
    everything = product_history_page(product_id=product.pk, per_page=1000)
    assert seen == [(entry.kind.code, entry.row.history_id) for entry in everything.entries]
    assert len(seen) == len(set(seen)) > 7
    dates = [entry.row.history_date for entry in everything.entries]
    assert dates == sorted(dates, reverse=True)


def test_a_malformed_cursor_shows_the_newest_page(admin_client, product):
    assert admin_client.get(history_url(product) + "?before=nonsense_x_y").status_code == 200
    assert Cursor.parse("2025-01-01T00:00:00+00:00_x_1") is None


@pytest.fixture
def role_client(db, client):
    from django.apps import apps

    groups_sync(apps=apps)

    def client_for(role: str):
        user = UserFactory(username=role.lower().replace(" ", "_"), is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return client

    return client_for


def test_a_viewer_sees_the_history_but_cannot_restore(role_client, product):
    _edits(product, 1)
    client = role_client(VIEWER)
    response = client.get(history_url(product))
    assert response.status_code == 200 and "Enamel mug 1" in response.content.decode()
    assert "pim-restore-link" not in response.content.decode()
    record = Product.history.filter(id=product.pk).last()
    restore_url = reverse("admin:catalog_product_restore", args=[product.pk, record.history_id])
    assert client.get(restore_url).status_code == 403
    assert client.post(restore_url, {"version": product.version}).status_code == 403


def test_a_merchandiser_may_restore(role_client, product):
    _edits(product, 1)
    client = role_client(MERCHANDISER)
    assert "pim-restore-link" in client.get(history_url(product)).content.decode()
