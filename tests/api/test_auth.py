"""Who may call the API: tokens (full or read-only), sessions, roles' model permissions; anonymous gets 401."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from integrations.models import ApiToken
from integrations.services import api_key_hash, api_token_create, api_tokens_revoke
from roles.groups import CHANNEL_MANAGER, VIEWER
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STOCK_ROW = {"rows": [{"sku": "MUG-1", "location": "warehouse", "quantity": 7}]}


def test_anonymous_requests_get_401_with_the_scheme_to_use(shop):
    response = APIClient().get("/api/v1/products/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Token realm="api"'
    assert APIClient().post("/api/v1/stock-levels/bulk/", STOCK_ROW, format="json").status_code == 401


@pytest.mark.parametrize("header", ["Token nope.nope", "Bearer nope.nope", "Token", "Token a b"])
def test_a_wrong_or_malformed_key_gets_401(shop, header):
    response = APIClient().get("/api/v1/products/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_the_key_is_stored_only_as_its_hash_and_works_as_bearer_too(shop, clients):
    user = UserFactory(username="erp", is_staff=False)
    token, key = api_token_create(name="ERP", user=user)
    assert key.startswith(f"{token.prefix}.") and token.key_hash == api_key_hash(key)
    assert not ApiToken.objects.filter(key_hash__contains=key.split(".")[1]).exists()
    assert token.last_used_at is None
    response = APIClient().get("/api/v1/locales/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 403  # authenticated, but the user has no role yet
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_and_expired_tokens_are_refused(shop, clients):
    user = UserFactory(username="till", is_staff=False)
    revoked, revoked_key = api_token_create(name="old till", user=user)
    api_tokens_revoke(token_ids=[revoked.pk])
    _expired, expired_key = api_token_create(name="temp", user=user,
                                             expires_at=timezone.now() - datetime.timedelta(seconds=1))
    for key in (revoked_key, expired_key):
        assert APIClient().get("/api/v1/products/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    user.is_active = False
    user.save()
    _token, key = api_token_create(name="inactive", user=user)
    assert APIClient().get("/api/v1/products/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_a_read_only_token_reads_but_may_not_write(shop, clients):
    client = clients.token_client(read_only=True)
    assert client.get("/api/v1/products/").status_code == 200
    response = client.post("/api/v1/stock-levels/bulk/", STOCK_ROW, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "This API token is read-only."}
    assert client.patch(f"/api/v1/products/{shop.mug.pk}/", {"version": 1, "status": "draft"},
                        format="json").status_code == 403
    shop.mug.refresh_from_db()
    assert shop.mug.status == "active"


def test_a_full_token_of_the_integration_role_writes_stock_and_products(shop, integration):
    assert integration.post("/api/v1/stock-levels/bulk/", STOCK_ROW, format="json").status_code == 200
    response = integration.patch(f"/api/v1/products/{shop.mug.pk}/", {"version": 1, "status": "draft"},
                                 format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "draft"


def test_model_permissions_decide_per_role(shop, clients, integration):
    viewer = clients.token_client(role=VIEWER)
    assert viewer.get("/api/v1/products/").status_code == 200
    assert viewer.post("/api/v1/stock-levels/bulk/", STOCK_ROW, format="json").status_code == 403
    nobody = clients.token_client(role=None)
    assert nobody.get("/api/v1/products/").status_code == 403
    # The Integration role may not delete products; a channel manager may not change the catalog.
    assert integration.delete(f"/api/v1/products/{shop.mug.pk}/").status_code == 403
    manager = clients.token_client(role=CHANNEL_MANAGER)
    assert manager.post("/api/v1/stock-levels/bulk/", STOCK_ROW, format="json").status_code == 403
    assert manager.get("/api/v1/channels/").status_code == 200


def test_the_browsable_api_works_with_the_admin_session(shop, client):
    admin = UserFactory(username="boss", is_superuser=True)
    client.force_login(admin)
    response = client.get("/api/v1/products/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"LINSHIRT" in response.content
    # Session writes keep Django's CSRF protection.
    csrf_client = APIClient(enforce_csrf_checks=True)
    csrf_client.force_login(admin)
    assert csrf_client.post("/api/v1/stock-levels/bulk/", STOCK_ROW, format="json").status_code == 403
