"""Channel listings in the history: saved with the product page (admin), set in bulk (bulk action, only listings
that change), and shown on the product's History page under their channel's name."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from catalog.history.context import HistorySource
from syndication import services
from syndication.models import ChannelListing
from tests.catalog.admin_pages import form_data
from tests.syndication.conftest import channel_for

pytestmark = pytest.mark.django_db


def test_a_listing_saved_with_the_product_page_is_recorded_with_the_admin_source(admin_client, admin_user, shop,
                                                                               locales):
    google = channel_for(shop, locales, format="google_merchant", code="google-pl", name="Google PL")
    services.channel_listing_save(channel=google, product=shop.mug, title="Mug")
    url = reverse("admin:catalog_product_change", args=[shop.mug.pk])
    data = form_data(admin_client.get(url))
    title_field = next(name for name in data if name.endswith("-0-title") and "listing" in name)
    data[title_field] = "Enamel mug for Google"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    rows = list(ChannelListing.history.filter(product_id=shop.mug.pk))
    assert [(row.title, row.history_type) for row in rows] == [("Enamel mug for Google", "~"), ("Mug", "+")]
    assert (rows[0].history_source, rows[0].history_user) == (HistorySource.ADMIN, admin_user)
    assert (rows[1].history_source, rows[1].history_user) == (HistorySource.SHELL, None)


def test_bulk_exclusion_records_the_listings_it_changes_with_the_bulk_source(admin_client, admin_user, shop,
                                                                               locales):
    google = channel_for(shop, locales, format="google_merchant", code="google-pl")
    services.channel_listing_save(channel=google, product=shop.mug, excluded=True)
    response = admin_client.post(reverse("admin:catalog_product_changelist"), {
        "action": "bulk_channel_exclusion", helpers.ACTION_CHECKBOX_NAME: [shop.shirt.pk, shop.mug.pk],
        "bulk_edit_confirmed": "1", "channel": google.pk, "excluded": "1"})
    assert response.status_code == 302
    rows = ChannelListing.history.filter(history_source=HistorySource.BULK)
    assert [(row.product_id, row.history_type, row.excluded) for row in rows] == [(shop.shirt.pk, "+", True)]
    assert rows[0].history_user == admin_user  # the mug was excluded already: no write, no row

    services.channel_listings_bulk_set(channel=google, product_ids=[shop.shirt.pk, shop.mug.pk], excluded=False)
    assert ChannelListing.history.filter(history_type="~", excluded=False).count() == 2


def test_the_product_history_page_shows_listing_changes_by_channel(admin_client, shop, locales):
    google = channel_for(shop, locales, format="google_merchant", code="google-pl", name="Google PL")
    services.channel_listing_save(channel=google, product=shop.mug, custom_label_0="summer")
    services.channel_listing_save(channel=google, product=shop.mug, custom_label_0="winter")
    html = admin_client.get(reverse("admin:catalog_product_history", args=[shop.mug.pk])).content.decode()
    assert 'pim-history-listing"' in html and "Google PL" in html
    assert "Custom label 0" in html and "summer" in html and "winter" in html
