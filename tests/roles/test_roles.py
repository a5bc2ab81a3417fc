"""The four roles: what each group may and may not do in the admin (the API's checks are in tests/api)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from catalog.models import Product
from roles.groups import CHANNEL_MANAGER, INTEGRATION, MERCHANDISER, ROLES, VIEWER, groups_sync
from syndication.links import channel_feed_url
from tests.factories import UserFactory
from tests.syndication.conftest import channel_for


@pytest.fixture
def role_client(db):
    from django.apps import apps

    groups_sync(apps=apps)  # the migration made them; transactional tests flush tables, so make sure

    def client_for(role: str, *, staff: bool = True) -> Client:
        user = UserFactory(username=role.lower().replace(" ", "_"), is_staff=staff)
        user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        return client

    return client_for


def test_the_migration_created_the_four_groups_with_permissions(db):
    groups = {group.name: {f"{permission.content_type.app_label}.{permission.codename}"
                           for permission in group.permissions.select_related("content_type")}
              for group in Group.objects.filter(name__in=list(ROLES))}
    assert set(groups) == {MERCHANDISER, CHANNEL_MANAGER, VIEWER, INTEGRATION}
    assert {"catalog.change_product", "syndication.change_channellisting"} <= groups[MERCHANDISER]
    assert "syndication.change_channel" not in groups[MERCHANDISER]
    assert {"syndication.change_channel", "catalog.view_product"} <= groups[CHANNEL_MANAGER]
    assert "catalog.change_product" not in groups[CHANNEL_MANAGER]
    assert all(codename.split(".")[1].startswith("view_") for codename in groups[VIEWER])
    assert {"catalog.change_price", "catalog.change_stocklevel", "syndication.add_feedrun"} <= groups[INTEGRATION]


def test_merchandiser_edits_products_but_only_views_channels_without_their_token(role_client, shop, locales):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    client = role_client(MERCHANDISER)
    product_page = client.get(reverse("admin:catalog_product_change", args=[shop.mug.pk]))
    assert product_page.status_code == 200 and 'name="_save"' in product_page.content.decode()

    channel_page = client.get(reverse("admin:syndication_channel_change", args=[channel.pk]))
    assert channel_page.status_code == 200
    assert channel.feed_token not in channel_page.content.decode()
    assert client.get(reverse("admin:syndication_channel_add")).status_code == 403
    assert client.post(reverse("admin:syndication_channel_change", args=[channel.pk]), {}).status_code == 403


def test_channel_manager_sees_the_feed_url_and_changes_channels_but_not_products(role_client, shop, locales):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    client = role_client(CHANNEL_MANAGER)
    channel_page = client.get(reverse("admin:syndication_channel_change", args=[channel.pk]))
    assert channel_feed_url(channel).replace("&", "&amp;") in channel_page.content.decode()
    assert client.get(reverse("admin:syndication_channel_add")).status_code == 200

    product_url = reverse("admin:catalog_product_change", args=[shop.mug.pk])
    product_page = client.get(product_url)
    assert product_page.status_code == 200 and 'name="_save"' not in product_page.content.decode()
    assert client.post(product_url, {"code": "HACKED"}).status_code == 403
    assert Product.objects.get(pk=shop.mug.pk).code == "MUG"


def test_viewer_reads_everything_and_changes_nothing(role_client, shop, locales):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    client = role_client(VIEWER)
    changelist = client.get(reverse("admin:catalog_product_changelist"))
    assert changelist.status_code == 200 and "MUG" in changelist.content.decode()
    assert 'name="action"' not in changelist.content.decode()  # no bulk actions offered
    product_url = reverse("admin:catalog_product_change", args=[shop.mug.pk])
    assert 'name="_save"' not in client.get(product_url).content.decode()
    assert client.post(product_url, {"code": "HACKED"}).status_code == 403
    assert client.get(reverse("admin:catalog_product_add")).status_code == 403
    page = client.get(reverse("admin:syndication_channel_change", args=[channel.pk]))
    assert page.status_code == 200 and channel.feed_token not in page.content.decode()
    assert Product.objects.get(pk=shop.mug.pk).code == "MUG"


def test_integration_users_are_kept_out_of_the_admin(role_client, shop):
    client = role_client(INTEGRATION, staff=False)
    response = client.get(reverse("admin:catalog_product_changelist"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
