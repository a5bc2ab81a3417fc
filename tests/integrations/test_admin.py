"""API tokens in the admin: the key is shown once, after creation, and only its hash is kept."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from integrations.models import ApiToken
from tests.factories import SuperUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_creating_a_token_shows_its_key_once(client, locales):
    admin = SuperUserFactory(username="root")
    erp = UserFactory(username="erp", is_staff=False)
    client.force_login(admin)
    response = client.post(reverse("admin:integrations_apitoken_add"),
                           {"name": "ERP prices", "user": erp.pk, "read_only": "", "expires_at_0": "",
                            "expires_at_1": ""})
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    key = response.context["key"]
    token = ApiToken.objects.get()
    assert key.startswith(token.prefix) and key.encode() in response.content
    assert token.user == erp and not token.read_only
    # The key works, and no later page shows it again.
    assert APIClient().get("/api/v1/locales/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 403  # no role
    change_page = client.get(reverse("admin:integrations_apitoken_change", args=[token.pk]))
    list_page = client.get(reverse("admin:integrations_apitoken_changelist"))
    for page in (change_page, list_page):
        assert page.status_code == 200 and key.encode() not in page.content
        assert token.prefix.encode() in page.content


def test_revoking_from_the_list(client, locales):
    from integrations.services import api_token_create

    admin = SuperUserFactory(username="root")
    token, key = api_token_create(name="till", user=UserFactory(username="till", is_staff=False))
    client.force_login(admin)
    response = client.post(reverse("admin:integrations_apitoken_changelist"),
                           {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert APIClient().get("/api/v1/locales/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_tombstones_are_read_only_in_the_admin(client, locales):
    client.force_login(SuperUserFactory(username="root"))
    assert client.get(reverse("admin:integrations_tombstone_changelist")).status_code == 200
    assert client.get("/admin/integrations/tombstone/add/").status_code == 403
