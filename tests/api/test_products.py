"""Products through the API: nested reads, ?locale=, writes through the services, ETag / If-Match / version."""

import pytest

from catalog import services
from catalog.models import Product, ProductTranslation, Variant
from tests.factories import CategoryFactory, ProductTranslationFactory, apparel_family

pytestmark = pytest.mark.django_db

NEW_PRODUCT = {
    "code": "LINSHIRT-2", "family": "apparel", "status": "draft", "primary_category": "shirts",
    "translations": [{"locale": "en", "title": "Linen shirt 2", "slug": "linen-shirt-2",
                      "attributes": {"material": "Linen"}}],
    "variants": [{"sku": "L2-BLU-M", "gtin": "4006381333931", "axis_values": {"color": "blue", "size": "m"}},
                 {"sku": "L2-BLU-L", "axis_values": {"color": "blue", "size": "l"}, "weight": "0.250"}],
}


def test_the_detail_nests_translations_variants_prices_stock_and_images(shop, integration):
    response = integration.get(f"/api/v1/products/{shop.shirt.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "LINSHIRT" and body["family"] == "apparel" and body["primary_category"] == "shirts"
    assert {translation["locale"]: translation["title"] for translation in body["translations"]} == {
        "en": "Acme Linen Shirt", "pl": "Koszula lniana Acme"}
    blue_m = body["variants"][0]
    assert blue_m["sku"] == "LINSHIRT-BLU-M" and blue_m["axis_values"] == {"color": "blue", "size": "m"}
    assert blue_m["prices"] == [{
        "price_list": "retail_pl", "currency": "PLN", "amount": "199.00", "sale_amount": "159.00",
        "sale_start": shop.sale_start.isoformat().replace("+00:00", "Z"),
        "sale_end": shop.sale_end.isoformat().replace("+00:00", "Z"), "updated_at": blue_m["prices"][0]["updated_at"],
    }]
    assert [(level["location"], level["quantity"]) for level in blue_m["stock"]] == [("warehouse", 3)]
    assert [media["variant"] for media in body["media"]] == [None, None, "LINSHIRT-RED-M"]
    assert body["media"][0]["url"].startswith("http://testserver/media/assets/")
    assert response.headers["ETag"] == f'"{shop.shirt.pk}-1-{body_micros(shop.shirt)}"'


def body_micros(product: Product) -> int:
    product.refresh_from_db()
    return int(product.updated_at.timestamp()) * 1_000_000 + product.updated_at.microsecond


def test_locale_gives_one_translation_along_the_fallback_chain(shop, integration, locales):
    ProductTranslationFactory(product=shop.shirt, locale=locales["it"], title="", slug="camicia",
                              short_description="Camicia di lino", attributes={})
    body = integration.get(f"/api/v1/products/{shop.shirt.pk}/?locale=it").json()
    assert body["translations"] == [{
        "locale": "it", "title": "Acme Linen Shirt", "description": ProductTranslation.objects.get(
            product=shop.shirt, locale__code="en").description,
        "short_description": "Camicia di lino", "slug": "camicia", "attributes": {"material": "Linen"},
        "sources": {"title": "en", "description": "en", "short_description": "it", "slug": "it",
                    "attributes.material": "en"},
    }]
    listed = integration.get("/api/v1/products/?locale=pl").json()["results"]
    assert [product["translations"][0]["title"] for product in listed] == ["Koszula lniana Acme", "Enamel mug"]
    response = integration.get("/api/v1/products/?locale=xx")
    assert response.status_code == 400
    assert "xx is not a configured locale" in response.json()["locale"][0]


def test_unknown_or_malformed_ids_are_404(shop, integration):
    for path in ("/api/v1/products/999999/", "/api/v1/products/abc/", "/api/v1/products/99999999999999999999999/",
                 "/api/v1/variants/-1/", "/api/v1/products/%C2%B2/", "/api/v1/brands/%D9%A1/"):
        response = integration.get(path)
        assert response.status_code == 404, path
        assert "detail" in response.json()


def test_if_none_match_gets_304(shop, integration):
    etag = integration.get(f"/api/v1/products/{shop.mug.pk}/").headers["ETag"]
    response = integration.get(f"/api/v1/products/{shop.mug.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.headers["ETag"] == etag
    services.stock_level_save(variant=shop.mug_variant, location=shop.warehouse, quantity=9)  # a child changed
    assert integration.get(f"/api/v1/products/{shop.mug.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_create_goes_through_the_services_with_translations_and_variants(shop, integration):
    response = integration.post("/api/v1/products/", NEW_PRODUCT, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    product = Product.objects.get(code="LINSHIRT-2")
    assert response.headers["Location"] == f"http://testserver/api/v1/products/{product.pk}/"
    assert response.headers["ETag"].startswith(f'"{product.pk}-1-')
    assert product.updated_by == integration.user
    assert [variant["sku"] for variant in body["variants"]] == ["L2-BLU-M", "L2-BLU-L"]
    assert body["variants"][1]["weight"] == "0.250"
    assert body["translations"][0]["attributes"] == {"material": "Linen"}


def test_every_invalid_value_is_a_400_naming_the_field_and_nothing_is_saved(shop, integration):
    bad = {**NEW_PRODUCT, "family": "nope", "status": "gone"}
    response = integration.post("/api/v1/products/", bad, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"family", "status"}
    bad = {**NEW_PRODUCT, "variants": [{**NEW_PRODUCT["variants"][0], "gtin": "5901234123458"},
                                       {**NEW_PRODUCT["variants"][1], "axis_values": {"color": "green", "size": "l"}}]}
    response = integration.post("/api/v1/products/", bad, format="json")
    assert response.status_code == 400
    errors = response.json()
    # The first refusal stops the create: the GTIN, not yet the colour.
    assert errors == {"variants[0].gtin": ["5901234123458 is not a valid GTIN: the check digit is wrong."]}
    assert not Product.objects.filter(code="LINSHIRT-2").exists()
    assert not Variant.objects.filter(sku__startswith="L2-").exists()
    for body in ([], "text", {"code": 5, "family": ["apparel"], "variants": "x"}, {"code": "X"}):
        response = integration.post("/api/v1/products/", body, format="json")
        assert response.status_code == 400, body
    response = integration.post("/api/v1/products/", b"{not json", content_type="application/json")
    assert response.status_code == 400 and "JSON parse error" in response.json()["detail"]
    response = integration.post("/api/v1/products/", {**NEW_PRODUCT, "attributes": {"note": "a\x00b"}}, format="json")
    assert response.status_code == 400


def test_activation_is_refused_with_the_reasons(shop, integration):
    response = integration.post("/api/v1/products/", {**NEW_PRODUCT, "status": "active", "translations": []},
                                format="json")
    assert response.status_code == 400
    assert response.json()["status"] == ["An active product needs a title in at least one locale.",
                                         "material is required."]


def test_update_with_the_current_version_then_a_stale_one_gets_409(shop, integration):
    url = f"/api/v1/products/{shop.mug.pk}/"
    response = integration.patch(url, {"version": 1, "status": "archived"}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    response = integration.patch(url, {"version": 1, "status": "active"}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "version_conflict" and body["current_version"] == 2 and body["your_version"] == 1
    assert body["updated_by"] == integration.user.username
    shop.mug.refresh_from_db()
    assert shop.mug.status == "archived"


def test_if_match_guards_writes_and_a_stale_one_gets_412(shop, integration):
    url = f"/api/v1/products/{shop.mug.pk}/"
    etag = integration.get(url).headers["ETag"]
    services.stock_level_save(variant=shop.mug_variant, location=shop.warehouse, quantity=4)  # someone else
    response = integration.patch(url, {"status": "draft"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    fresh = response.headers["ETag"]
    assert fresh != etag
    assert integration.delete(url, HTTP_IF_MATCH=etag).status_code in (403, 412)
    response = integration.patch(url, {"status": "draft"}, format="json", HTTP_IF_MATCH=fresh)
    assert response.status_code == 200
    assert response.headers["ETag"] != fresh
    assert integration.patch(url, {"status": "draft"}, format="json", HTTP_IF_MATCH=f"W/{fresh}").status_code == 412


def test_a_write_without_version_or_if_match_is_refused(shop, integration):
    response = integration.patch(f"/api/v1/products/{shop.mug.pk}/", {"status": "draft"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["version"]


def test_put_replaces_the_products_own_fields(shop, integration):
    shop.mug.categories.add(CategoryFactory(code="gifts"))
    response = integration.put(f"/api/v1/products/{shop.mug.pk}/",
                               {"version": 1, "code": "MUG", "family": shop.mug.family.code, "status": "active"},
                               format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["brand"] is None and body["categories"] == [] and body["primary_category"] is None
    response = integration.put(f"/api/v1/products/{shop.mug.pk}/", {"version": 2}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"code", "family", "status"}


def test_patch_can_activate_with_the_translations_it_brings(shop, integration, locales):
    product = Product.objects.get(pk=integration.post("/api/v1/products/", {**NEW_PRODUCT, "translations": []},
                                                      format="json").json()["id"])
    response = integration.patch(f"/api/v1/products/{product.pk}/", {
        "version": product.version, "status": "active",
        "translations": [{"locale": "pl", "title": "Koszula 2", "attributes": {"material": "Len"}}]}, format="json")
    assert response.status_code == 200, response.json()
    product.refresh_from_db()
    assert product.status == "active" and product.translations.get().title == "Koszula 2"
    response = integration.patch(f"/api/v1/products/{product.pk}/", {
        "version": product.version, "translations": [{"locale": "xx", "title": "?"}]}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["translations[0].locale"]


def test_delete_needs_the_delete_permission_and_honours_if_match(shop, admin_api, integration):
    url = f"/api/v1/products/{shop.mug.pk}/"
    assert integration.delete(url).status_code == 403
    assert admin_api.delete(url, HTTP_IF_MATCH='"0-0-0"').status_code == 412
    assert admin_api.delete(url).status_code == 204
    assert not Product.objects.filter(pk=shop.mug.pk).exists()
    assert admin_api.delete(url).status_code == 404


def test_variants_list_create_update_delete(shop, integration, admin_api):
    apparel_family()
    listed = integration.get("/api/v1/variants/?product_code=linshirt").json()["results"]
    assert [variant["sku"] for variant in listed] == ["LINSHIRT-BLU-M", "LINSHIRT-BLU-L", "LINSHIRT-RED-M",
                                                      "LINSHIRT-RED-L"]
    response = integration.post("/api/v1/variants/", {"product": shop.shirt.pk, "sku": "LINSHIRT-BLK-M",
                                                      "axis_values": {"color": "black", "size": "m"}}, format="json")
    assert response.status_code == 201, response.json()
    variant_id = response.json()["id"]
    response = integration.patch(f"/api/v1/variants/{variant_id}/", {"mpn": "ACME-1"}, format="json")
    assert response.status_code == 200
    assert response.json()["axis_values"] == {"color": "black", "size": "m"} and response.json()["mpn"] == "ACME-1"
    assert integration.post("/api/v1/variants/", {"product": shop.shirt.pk, "sku": "LINSHIRT-BLK-L",
                                                  "axis_values": {"color": "black", "size": "l"}},
                            format="json").status_code == 201
    response = integration.patch(f"/api/v1/variants/{variant_id}/", {"axis_values": {"color": "black", "size": "l"}},
                                 format="json")
    assert response.status_code == 400
    assert "variant LINSHIRT-BLK-L of this product already has these axis values" in response.json()[
        "axis_values"][0]
    response = integration.post("/api/v1/variants/", {"product": 10**12, "sku": "X"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["product"]
    assert integration.delete(f"/api/v1/variants/{variant_id}/").status_code == 403
    assert admin_api.delete(f"/api/v1/variants/{variant_id}/").status_code == 204
    response = admin_api.delete(f"/api/v1/variants/{shop.mug_variant.pk}/")
    assert response.status_code == 400
    assert response.json() == {"variants": ["MUG-1 is the product's only variant; a product needs at least one."]}
