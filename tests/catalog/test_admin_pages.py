# ruff: noqa: F811 - the admin fixtures are imported from tests.catalog.admin_pages and used as arguments
"""Every catalog admin page renders for a superuser: changelists, add pages and change pages."""

import pytest
from django.urls import reverse

from catalog.models import Category, Product
from tests.catalog.admin_pages import admin_client, admin_user, catalog, change_url, product_with_variants  # noqa: F401
from tests.factories import (
    AttributeOptionFactory,
    BrandFactory,
    CategoryFactory,
    PriceFactory,
    ProductMediaFactory,
    StockLevelFactory,
    asset_create,
)

pytestmark = pytest.mark.django_db

MODELS = ["locale", "attribute", "family", "brand", "category", "pricelist", "location", "asset", "product",
          "variant"]


@pytest.fixture
def filled_catalog(catalog):
    product = product_with_variants(catalog["family"], 2, brand=BrandFactory(code="acme", name="Acme"),
                                    primary_category=CategoryFactory(code="men", name="Men", parent=catalog["root"]))
    variant = product.variants.first()
    PriceFactory(variant=variant, price_list=catalog["price_lists"][0])
    StockLevelFactory(variant=variant, location=catalog["locations"][0])
    ProductMediaFactory(product=product)
    AttributeOptionFactory(attribute=catalog["family"].attributes.get(code="color"), code="green", name="Green")
    return {**catalog, "product": product, "variant": variant}


def _object_for(model_name: str, filled: dict):
    from django.apps import apps

    model = apps.get_model("catalog", model_name)
    return {"product": filled["product"], "variant": filled["variant"], "family": filled["family"],
            "category": Category.objects.get(code="men")}.get(model_name) or model.objects.first()


@pytest.mark.parametrize("model_name", MODELS)
def test_changelist_and_change_page_render(admin_client, filled_catalog, model_name):
    changelist = admin_client.get(reverse(f"admin:catalog_{model_name}_changelist"))
    assert changelist.status_code == 200
    obj = _object_for(model_name, filled_catalog)
    change = admin_client.get(reverse(f"admin:catalog_{model_name}_change", args=[obj.pk]))
    assert change.status_code == 200


@pytest.mark.parametrize("model_name", [name for name in MODELS if name != "variant"])
def test_add_page_renders(admin_client, filled_catalog, model_name):
    response = admin_client.get(reverse(f"admin:catalog_{model_name}_add"))
    assert response.status_code == 200


def test_variants_are_added_on_the_product_page_only(admin_client, filled_catalog):
    assert admin_client.get(reverse("admin:catalog_variant_add")).status_code == 403


def test_product_add_asks_for_the_family_first(admin_client, filled_catalog):
    response = admin_client.get(reverse("admin:catalog_product_add"))
    assert b'name="family"' in response.content and "adminform" not in response.context
    family = filled_catalog["family"]
    response = admin_client.get(reverse("admin:catalog_product_add") + f"?family={family.pk}")
    form = response.context["adminform"].form
    assert form.fields["family"].disabled and form.initial["family"] == str(family.pk)
    assert {"attribute__chest_width", "attribute__season", "attribute__waterproof"} <= set(form.fields)
    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == ["translation_en", "translation_pl", "translation_it", "translation_ru", "variants", "media"]


def test_labels_are_one_field_per_locale_not_json(admin_client, filled_catalog):
    response = admin_client.get(reverse("admin:catalog_attribute_change",
                                        args=[filled_catalog["family"].attributes.get(code="color").pk]))
    content = response.content.decode()
    assert 'name="label_pl"' in content and 'name="labels"' not in content
    assert 'name="options-0-label_pl"' in content
    assert "Niebieski" in content


def test_product_page_shows_typed_fields_and_category_paths(admin_client, filled_catalog):
    product = filled_catalog["product"]
    Product.objects.filter(pk=product.pk).update(attributes={"chest_width": {"amount": 52, "unit": "cm"},
                                                             "season": ["summer"], "waterproof": True})
    response = admin_client.get(change_url(product))
    content = response.content.decode()
    assert 'name="attribute__chest_width_0" value="52"' in content
    assert '<option value="cm" selected>cm</option>' in content
    assert 'name="attribute__season" value="summer"' in content and "checked" in content
    assert '<option value="true" selected>' in content
    assert "Apparel \u203a Men" in content  # the primary category shown as its tree path
    assert 'name="variants-0-axis__color"' in content and 'name="variants-0-price__retail_pl"' in content
    assert 'name="variants-0-stock__warehouse"' in content
    assert 'name="translation_pl-0-attribute__material"' in content
    assert "pim/media_order.js" in content


def test_category_list_is_indented_tree_and_parent_choices_are_indented(admin_client, filled_catalog):
    CategoryFactory(code="shirts", name="Shirts", parent=Category.objects.get(code="men"))
    response = admin_client.get(reverse("admin:catalog_category_changelist"))
    rows = [row.code for row in response.context["cl"].result_list]
    assert rows == ["apparel", "men", "shirts"]
    assert "padding-left:3.0em" in response.content.decode()
    response = admin_client.get(reverse("admin:catalog_category_add"))
    assert "\u00a0" * 8 + "Shirts" in response.content.decode()


def test_category_autocomplete_answers_with_paths(admin_client, filled_catalog):
    response = admin_client.get(reverse("admin:catalog_category_tree_autocomplete"), {
        "term": "men", "app_label": "catalog", "model_name": "product", "field_name": "categories"})
    men = Category.objects.get(code="men")
    assert response.json()["results"] == [{"id": str(men.pk), "text": "Apparel \u203a Men"}]


def test_asset_upload_goes_through_pillow_checks(admin_client, filled_catalog):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from catalog.models import Asset
    from tests.images import image_upload

    before = Asset.objects.count()
    response = admin_client.post(reverse("admin:catalog_asset_add"), {
        "upload": SimpleUploadedFile("notes.png", b"not an image", content_type="image/png"), "alt_en": "x"})
    assert response.status_code == 200
    assert "notes.png is not an image" in str(response.context["adminform"].form.errors["upload"])
    assert Asset.objects.count() == before
    response = admin_client.post(reverse("admin:catalog_asset_add"), {
        "upload": image_upload(name="red.png", color="#ff0000"), "alt_pl": "Czerwona koszula"})
    assert response.status_code == 302
    asset = Asset.objects.get(original_name="red.png")
    assert asset.alt_texts == {"pl": "Czerwona koszula"} and asset.thumbnail
    assert asset_create  # the factory helper stays importable for other tests
