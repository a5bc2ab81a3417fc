"""API test fixtures: clients authenticated by real tokens, as a role's user, and the small shop catalog."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from integrations.services import api_token_create
from roles.groups import INTEGRATION, groups_sync
from tests.factories import SuperUserFactory, UserFactory
from tests.syndication.conftest import feeds_root, shop  # noqa: F401  (the shop catalog and its feed folder)


@dataclass
class Clients:
    def token_client(self, *, role: str | None = INTEGRATION, read_only: bool = False, superuser: bool = False,
                     username: str | None = None) -> APIClient:
        """An APIClient sending ``Authorization: Token <key>`` for a new token of a user in ``role``."""
        if superuser:
            user = SuperUserFactory(username=username or "api_admin")
        else:
            user = UserFactory(username=username or f"api_{(role or 'nobody').lower().replace(' ', '_')}",
                               is_staff=False)
            if role:
                user.groups.add(Group.objects.get(name=role))
        _token, key = api_token_create(name="test", user=user, read_only=read_only)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        client.user = user
        return client


@pytest.fixture
def clients(db) -> Clients:
    from django.apps import apps

    groups_sync(apps=apps)  # the migration made them; transactional tests flush tables, so make sure
    return Clients()


@pytest.fixture
def integration(clients) -> APIClient:
    """The Integration role's token: read the catalog, write products, prices and stock, request feed runs."""
    return clients.token_client()


@pytest.fixture
def admin_api(clients) -> APIClient:
    return clients.token_client(superuser=True)
