"""Changelist bulk edits: a confirmation page first, then one service call (one transaction) for all the products:
status, add to / remove from a category, channel exclusion, custom label."""

import pytest
from django.contrib.admin import helpers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product
from syndication.models import Channel, ChannelListing
from tests.factories import CategoryFactory, ProductFactory
from tests.syndication.conftest import channel_for

CHANGELIST = "admin:catalog_product_changelist"


def action_post(admin_client, action: str, products, query: str = "", **confirmed):
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [product.pk for product in products],
            "select_across": "0", "index": "0"}
    if confirmed:
        data.update({"bulk_edit_confirmed": "1", **confirmed})
    return admin_client.post(reverse(CHANGELIST) + query, data)


@pytest.fixture
def products(locales):
    return [ProductFactory(code=f"BULK-{number}") for number in range(3)]


def test_set_status_asks_first_then_changes_every_selected_product(admin_client, products):
    page = action_post(admin_client, "bulk_status_set", products[:2])
    assert page.status_code == 200
    text = page.content.decode()
    assert "BULK-0" in text and "BULK-1" in text and "BULK-2" not in text
    assert not Product.objects.exclude(status=Product.Status.DRAFT).exists()  # nothing before confirming

    versions = {product.pk: product.version for product in products}
    done = action_post(admin_client, "bulk_status_set", products[:2], status="archived")
    assert done.status_code == 302
    changed = {product.code: (product.status, product.version) for product in Product.objects.all()}
    assert changed == {"BULK-0": ("archived", versions[products[0].pk] + 1),
                       "BULK-1": ("archived", versions[products[1].pk] + 1),
                       "BULK-2": ("draft", versions[products[2].pk])}


def test_activation_that_fails_for_one_product_changes_none(admin_client, products):
    ProductFactory(code="NO-TITLE", title=False)
    chosen = [*products, Product.objects.get(code="NO-TITLE")]
    response = action_post(admin_client, "bulk_status_set", chosen, status="active")
    assert response.status_code == 302
    assert not Product.objects.filter(status=Product.Status.ACTIVE).exists()
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("NO-TITLE" in message and "Nothing was changed" in message for message in messages)


def test_add_to_and_remove_from_a_category(admin_client, products):
    sale = CategoryFactory(code="sale", name="Sale")
    products[0].categories.add(sale)
    page = action_post(admin_client, "bulk_category_add", products)
    assert page.status_code == 200 and "Sale" in page.content.decode()

    assert action_post(admin_client, "bulk_category_add", products, category=sale.pk).status_code == 302
    assert set(sale.products.values_list("code", flat=True)) == {"BULK-0", "BULK-1", "BULK-2"}
    assert Product.objects.get(pk=products[0].pk).version == products[0].version  # already there: unchanged

    assert action_post(admin_client, "bulk_category_remove", products[:2], category=sale.pk).status_code == 302
    assert set(sale.products.values_list("code", flat=True)) == {"BULK-2"}


def test_category_add_takes_the_same_number_of_queries_for_3_or_30_products(admin_client, locales):
    sale = CategoryFactory(code="sale")
    few, many = ([ProductFactory(code=f"{size}-{number}") for number in range(size)] for size in (3, 30))
    counts = []
    for chosen in (few, many):
        with CaptureQueriesContext(connection) as queries:
            assert action_post(admin_client, "bulk_category_add", chosen, category=sale.pk).status_code == 302
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_channel_exclusion_and_custom_label(admin_client, shop, locales):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    chosen = [shop.shirt, shop.mug]
    ChannelListing.objects.create(channel=channel, product=shop.shirt, title="Own title")
    page = action_post(admin_client, "bulk_channel_exclusion", chosen)
    assert page.status_code == 200 and channel.name in page.content.decode()

    assert action_post(admin_client, "bulk_channel_exclusion", chosen, channel=channel.pk,
                       excluded="1").status_code == 302
    assert set(ChannelListing.objects.filter(channel=channel, excluded=True).values_list("product__code", flat=True)
               ) == {"LINSHIRT", "MUG"}
    assert ChannelListing.objects.get(channel=channel, product=shop.shirt).title == "Own title"  # kept

    assert action_post(admin_client, "bulk_custom_label", chosen, channel=channel.pk, label="3",
                       value=" summer-sale ").status_code == 302
    assert set(ChannelListing.objects.filter(channel=channel).values_list("custom_label_3", flat=True)) == {
        "summer-sale"}
    assert Channel.objects.get(pk=channel.pk).regenerate_after is not None  # the feed follows the change


def test_a_too_long_label_is_refused_on_its_field_and_nothing_changes(admin_client, shop, locales):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    response = action_post(admin_client, "bulk_custom_label", [shop.shirt], channel=channel.pk, label="0",
                           value="x" * 101)
    assert response.status_code == 200 and "at most 100 characters" in response.content.decode()
    assert not ChannelListing.objects.exists()
