"""Tombstones: deletions, archivings and channel exclusions, for incremental readers; 410 past the window."""

import datetime
from urllib.parse import quote

import pytest
from django.utils import timezone

from catalog import services
from catalog.models import Product
from integrations.models import Tombstone
from integrations.tasks import tombstones_purge
from syndication import services as syndication_services
from tests.syndication.conftest import channel_for

pytestmark = pytest.mark.django_db(transaction=True)  # tombstones are written once the change commits

SHIRT_SKUS = {"LINSHIRT-BLU-M", "LINSHIRT-BLU-L", "LINSHIRT-RED-M", "LINSHIRT-RED-L"}


def reasons(client, query: str = "") -> set[tuple[str, str, str | None]]:
    response = client.get(f"/api/v1/tombstones/?{query}")
    assert response.status_code == 200, response.json()
    return {(row["reason"], row["item"]["sku"], row["channel"]) for row in response.json()["results"]}


def test_a_deleted_product_leaves_a_tombstone_per_variant_shaped_like_the_feed(shop, integration, admin_api):
    since = timezone.now()
    assert admin_api.delete(f"/api/v1/products/{shop.mug.pk}/").status_code == 204
    body = integration.get(f"/api/v1/tombstones/?updated_since={quote(since.isoformat())}").json()
    assert body["results"] == [{
        "id": body["results"][0]["id"], "@type": "DataFeedItem", "dateDeleted": body["results"][0]["dateDeleted"],
        "reason": "deleted", "channel": None,
        "item": {"@type": "Product", "sku": "MUG-1", "inProductGroupWithID": "MUG"},
    }]
    assert datetime.datetime.fromisoformat(body["results"][0]["dateDeleted"]) >= since
    assert "sync_cutoff" in body


def test_a_deleted_variant_and_an_archived_product(shop, integration):
    services.variant_delete(variant_id=shop.red_l.pk)
    services.product_status_set(product_ids=[shop.shirt.pk, shop.mug.pk], status=Product.Status.ARCHIVED)
    services.product_status_set(product_ids=[shop.mug.pk], status=Product.Status.ARCHIVED)  # already: no repeat
    assert reasons(integration) == {("deleted", "LINSHIRT-RED-L", None), ("archived", "MUG-1", None),
                                    *{("archived", sku, None) for sku in SHIRT_SKUS - {"LINSHIRT-RED-L"}}}
    assert Tombstone.objects.count() == 5


def test_channel_exclusions_are_tombstones_of_that_channel_and_inclusion_lists_the_product_again(
        shop, locales, integration):
    google = channel_for(shop, locales, format="google_merchant", code="google-pl")
    meta = channel_for(shop, locales, format="meta_catalog", code="meta-pl")
    syndication_services.channel_listing_save(channel=google, product=shop.mug, excluded=True)
    syndication_services.channel_listings_bulk_set(channel=meta, product_ids=[shop.shirt.pk, shop.mug.pk],
                                                   excluded=True)
    syndication_services.channel_listing_save(channel=google, product=shop.mug, title="Mug!")  # still excluded
    assert reasons(integration, "channel=google-pl") == {("excluded", "MUG-1", "google-pl")}
    assert reasons(integration, "channel=meta-pl") == {("excluded", sku, "meta-pl") for sku in SHIRT_SKUS | {"MUG-1"}}
    assert integration.get("/api/v1/tombstones/?channel=nope").status_code == 400
    # Included again: no tombstone, but the product shows up again for updated_since readers.
    Product.objects.update(updated_at=timezone.now() - datetime.timedelta(days=1))
    since = quote((timezone.now() - datetime.timedelta(seconds=1)).isoformat())
    syndication_services.channel_listings_bulk_set(channel=meta, product_ids=[shop.mug.pk], excluded=False)
    listed = integration.get(f"/api/v1/products/?updated_since={since}").json()["results"]
    assert [product["code"] for product in listed] == ["MUG"]
    assert Tombstone.objects.count() == 6


def test_old_tombstones_are_purged_and_an_updated_since_before_the_window_is_410(shop, integration, settings):
    settings.PIM_TOMBSTONE_RETENTION_DAYS = 30
    services.variant_delete(variant_id=shop.red_l.pk)
    Tombstone.objects.create(kind="deleted", sku="OLD-1", product_code="OLD",
                             at=timezone.now() - datetime.timedelta(days=31))
    assert tombstones_purge() == 1
    assert list(Tombstone.objects.values_list("sku", flat=True)) == ["LINSHIRT-RED-L"]
    old = quote((timezone.now() - datetime.timedelta(days=31)).isoformat())
    assert integration.get(f"/api/v1/tombstones/?updated_since={old}").status_code == 410
