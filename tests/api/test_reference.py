"""Reference data through the API: the category tree, labels per locale, writes through the services."""

import pytest

from catalog.models import Brand, Category
from tests.factories import BrandFactory, CategoryFactory, ProductFactory, apparel_family

pytestmark = pytest.mark.django_db


def test_categories_read_as_a_tree_with_labels_per_locale(shop, integration):
    CategoryFactory(code="linen", name="Linen", parent=Category.objects.get(code="shirts"), labels={"pl": "Len"})
    body = integration.get("/api/v1/categories/?ordering=code").json()["results"]
    by_code = {category["code"]: category for category in body}
    assert by_code["linen"]["path"] == ["apparel", "shirts", "linen"] and by_code["linen"]["parent"] == "shirts"
    assert by_code["apparel"]["path"] == ["apparel"] and by_code["apparel"]["parent"] is None
    assert [category["code"] for category in integration.get(
        "/api/v1/categories/?parent__code=shirts").json()["results"]] == ["linen"]
    polish = integration.get("/api/v1/categories/?locale=pl&code=linen").json()["results"][0]
    assert polish["name"] == "Len" and polish["labels"] == {"pl": "Len"}
    detail = integration.get(f"/api/v1/categories/{by_code['linen']['id']}/?locale=it").json()
    assert detail["name"] == "Linen" and detail["path"] == ["apparel", "shirts", "linen"]


def test_families_and_attributes_show_the_rules(shop, integration):
    family = integration.get("/api/v1/families/?code=apparel").json()["results"][0]
    assert [(row["attribute"], row["level"], row["required"]) for row in family["attributes"]] == [
        ("color", "axis", False), ("size", "axis", False), ("material", "product", True),
        ("chest_width", "product", False), ("season", "product", False)]
    color = integration.get("/api/v1/attributes/?code=color&locale=pl").json()["results"][0]
    assert color["type"] == "single_select"
    assert [(option["code"], option["name"]) for option in color["options"]] == [
        ("blue", "Niebieski"), ("red", "Czerwony"), ("black", "Czarny")]
    assert integration.post("/api/v1/families/", {"code": "x", "name": "X"}, format="json").status_code == 405


def test_locales_locations_and_price_lists(shop, integration):
    locales = {locale["code"]: locale["fallback"] for locale in integration.get("/api/v1/locales/").json()["results"]}
    assert locales == {"en": None, "pl": "en", "it": "en", "ru": "en"}
    assert [row["code"] for row in integration.get("/api/v1/locations/?ordering=code").json()["results"]] == [
        "other_store", "warehouse"]
    assert integration.get("/api/v1/price-lists/").json()["results"][0]["currency"] == "PLN"


def test_reference_writes_go_through_the_services(shop, integration, admin_api):
    response = integration.post("/api/v1/brands/", {"code": "acme_pro", "name": "Acme Pro"}, format="json")
    assert response.status_code == 201, response.json()
    brand_id = response.json()["id"]
    response = integration.patch(f"/api/v1/brands/{brand_id}/", {"website": "not a url"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["website"]
    assert integration.patch(f"/api/v1/brands/{brand_id}/", {"name": "Acme Professional"},
                             format="json").json()["name"] == "Acme Professional"
    response = integration.post("/api/v1/price-lists/", {"code": "retail_xx", "name": "X", "currency": "XXY"},
                                format="json")
    assert response.status_code == 400 and list(response.json()) == ["currency"]
    response = integration.post("/api/v1/categories/", {"code": "mugs", "name": "Mugs", "parent": "kitchen",
                                                        "labels": {"pl": "Kubki"}}, format="json")
    assert response.status_code == 201 and response.json()["path"] == ["kitchen", "mugs"]
    apparel = Category.objects.get(code="apparel")
    response = integration.patch(f"/api/v1/categories/{apparel.pk}/", {"parent": "shirts"}, format="json")
    assert response.status_code == 400  # a loop
    assert integration.delete(f"/api/v1/brands/{brand_id}/").status_code == 403  # the Integration role
    used = BrandFactory(code="used")
    ProductFactory(brand=used, family=apparel_family())
    response = admin_api.delete(f"/api/v1/brands/{used.pk}/")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Used is still in use and cannot be deleted."]}
    assert admin_api.delete(f"/api/v1/brands/{brand_id}/").status_code == 204
    assert not Brand.objects.filter(pk=brand_id).exists()
