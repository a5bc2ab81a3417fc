"""Syndication's additions to the product admin: readiness per channel, the overrides inline, the not-ready filter."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Price, Product
from syndication.models import ChannelListing
from syndication.pipeline import product_channel_readiness
from syndication.product_admin import ChannelListingInline, ProductWithChannelsAdmin
from tests.syndication.conftest import channel_for, run_channel


def test_product_page_shows_readiness_per_channel_and_the_overrides(admin_client, shop, locales):
    google = channel_for(shop, locales, format="google_merchant", code="google-pl", name="Google PL")
    channel_for(shop, locales, format="web_json", code="web-en", name="Web EN", locale="en",
                categories=[shop.mug.primary_category])
    Price.objects.filter(variant=shop.red_l).delete()
    ChannelListing.objects.create(channel=google, product=shop.shirt, custom_label_0="summer")
    response = admin_client.get(reverse("admin:catalog_product_change", args=[shop.shirt.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Google PL</strong>: not ready" in page and "LINSHIRT-RED-L: price" in page
    assert "Web EN</strong>: not ready" in page and "scope" in page
    assert 'value="summer"' in page  # the inline with the listing


def test_not_ready_filter_uses_the_current_feeds_errors(admin_client, shop, locales):
    google = channel_for(shop, locales, format="google_merchant", code="google-pl", name="Google PL")
    Price.objects.filter(variant=shop.red_l).delete()
    run_channel(google)
    response = admin_client.get(reverse("admin:catalog_product_changelist"), {"not_ready_for": "google-pl"})
    assert response.status_code == 200
    shown = [product.code for product in response.context["cl"].result_list]
    assert shown == ["LINSHIRT"]


def test_the_overrides_formset_saves_through_the_service(rf, admin_user, shop, locales):
    from django.contrib import admin as django_admin

    assert isinstance(django_admin.site._registry[Product], ProductWithChannelsAdmin)

    google = channel_for(shop, locales, format="google_merchant", code="google-pl")
    inline = ChannelListingInline(Product, django_admin.site)
    request = rf.post("/")
    request.user = admin_user
    formset_class = inline.get_formset(request, shop.mug)
    prefix = formset_class.get_default_prefix()
    data = {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-0-channel": str(google.pk),
            f"{prefix}-0-excluded": "on", f"{prefix}-0-title": "Mug for Google", f"{prefix}-0-description": "",
            **{f"{prefix}-0-custom_label_{index}": "" for index in range(5)}}
    formset = formset_class(data, instance=shop.mug, prefix=prefix)
    assert formset.is_valid(), formset.errors
    saved = formset.save()
    listing = ChannelListing.objects.get(channel=google, product=shop.mug)
    assert saved == [listing] and formset.new_objects == [listing]
    assert listing.excluded and listing.title == "Mug for Google"


def test_readiness_costs_four_queries_a_channel_and_shares_the_rest(shop, locales):
    channels = [channel_for(shop, locales, format=format_code, code=f"channel-{number}")
                for number, format_code in enumerate(["google_merchant", "meta_catalog", "web_json"])]
    counts = []
    for size in (1, 3):
        with CaptureQueriesContext(connection) as captured:
            rows = product_channel_readiness(product_id=shop.shirt.pk, channels=channels[:size])
        assert len(rows) == size
        counts.append(len(captured))
    assert counts[1] - counts[0] == 2 * 4
