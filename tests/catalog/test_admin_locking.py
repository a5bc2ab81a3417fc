# ruff: noqa: F811 - the admin fixtures are imported from tests.catalog.admin_pages and used as arguments
"""Two merchandisers on one product: the second save is shown the conflict (who, when, what differs), keeps its
input on the page and does not overwrite the first. Also: the product page's query count does not grow with
the number of variants."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog import services
from catalog.models import Product, Variant
from tests.catalog.admin_pages import admin_client, admin_user, catalog, change_url, form_data, product_with_variants  # noqa: F401
from tests.factories import ProductMediaFactory, SuperUserFactory

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    client.force_login(SuperUserFactory(username=username))
    return client


def test_second_save_sees_the_conflict_and_keeps_its_input(catalog):
    product = product_with_variants(catalog["family"], 2)
    anna, bruno = _client("anna"), _client("bruno")
    url = change_url(product)
    anna_data, bruno_data = form_data(anna.get(url)), form_data(bruno.get(url))

    anna_data.update({"translation_en-0-title": "Anna's title", "attribute__waterproof": "true"})
    assert anna.post(url, anna_data).status_code == 302

    bruno_data.update({"translation_en-0-title": "Bruno's title", "attribute__waterproof": "false",
                       "variants-0-mpn": "BRUNO-MPN"})
    response = bruno.post(url, bruno_data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    message = " ".join(form.non_field_errors())
    assert "anna saved this product at" in message and "Nothing was saved" in message
    conflict = response.context["version_conflict"]
    assert conflict.updated_by == "anna"
    differences = {difference.label: (difference.theirs, difference.yours) for difference in conflict.differences}
    assert differences["Waterproof"] == ("Yes", "No")
    assert differences["Translation: English (en): Title"] == ("Anna's title", "Bruno's title")
    content = response.content.decode()
    assert "Bruno&#x27;s title" in content and "BRUNO-MPN" in content  # Bruno's input is re-shown

    product.refresh_from_db()
    assert product.attributes["waterproof"] is True and product.updated_by.username == "anna"
    assert product.translations.get(locale__code="en").title == "Anna's title"
    assert not Variant.objects.filter(mpn="BRUNO-MPN").exists()

    # Having seen Anna's version, Bruno saves again on purpose: the re-shown page carries the new version.
    retry = form_data(response)
    assert int(retry["version"]) == product.version
    assert bruno.post(url, retry).status_code == 302
    product.refresh_from_db()
    assert product.attributes["waterproof"] is False and product.updated_by.username == "bruno"


def test_conflict_raised_by_the_service_at_save_time_is_shown_the_same_way(catalog, monkeypatch):
    """A save that slips in between the form's version check and the service (a race) is refused by
    services.product_update; the page is re-shown with the conflict and nothing of it is saved."""
    product = product_with_variants(catalog["family"], 1)
    client = _client("carla")
    url = change_url(product)
    data = form_data(client.get(url))
    data.update({"translation_en-0-title": "Carla's title", "variants-0-mpn": "CARLA-MPN"})

    def lost_race(**kwargs):
        raise services.ProductVersionConflict(code=product.code, expected=kwargs["expected_version"],
                                              found=kwargs["expected_version"] + 1, updated_by="dario",
                                              updated_at=timezone.now())

    monkeypatch.setattr(services, "product_update", lost_race)
    response = client.post(url, data)
    assert response.status_code == 200
    message = " ".join(response.context["adminform"].form.non_field_errors())
    assert "saved by dario" in message
    assert "Carla&#x27;s title" in response.content.decode()
    assert product.translations.get(locale__code="en").title != "Carla's title"
    assert not Variant.objects.filter(mpn="CARLA-MPN").exists()


def _page_queries(client: Client, product: Product) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(change_url(product))
    assert response.status_code == 200
    return len(queries)


def test_product_page_query_count_does_not_grow_with_variants(admin_client, catalog):
    small = product_with_variants(catalog["family"], 2)
    large = product_with_variants(catalog["family"], 20)
    for product in (small, large):
        ProductMediaFactory(product=product)
        for variant in product.variants.all():  # an image per variant, as apparel usually has
            ProductMediaFactory(product=product, variant=variant)
    _page_queries(admin_client, small)  # warm per-process caches (content types, sessions)
    assert _page_queries(admin_client, large) == _page_queries(admin_client, small)
