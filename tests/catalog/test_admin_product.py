# ruff: noqa: F811 - the admin fixtures are imported from tests.catalog.admin_pages and used as arguments
"""The product page: creating and editing a product with its translations, variants, prices, stock and media,
all stored through catalog.services; bad input re-shows the page with the error on its field and saves nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Price, Product, ProductMedia, ProductTranslation, StockLevel, Variant
from tests.catalog.admin_pages import (  # noqa: F401
    admin_client,
    admin_user,
    catalog,
    change_url,
    fill_new_variant,
    form_data,
    product_with_variants,
)
from tests.factories import BrandFactory, CategoryFactory, PriceFactory, ProductTranslationFactory, gtin13_for
from tests.images import image_upload

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Product, ProductTranslation, Variant, Price, StockLevel, ProductMedia)}


def _add_page(admin_client, family):
    url = reverse("admin:catalog_product_add") + f"?family={family.pk}"
    return url, admin_client.get(url)


def test_create_active_product_with_translations_variants_prices_stock_and_image(admin_client, admin_user, catalog):
    brand = BrandFactory(code="acme", name="Acme")
    men = CategoryFactory(code="men", name="Men", parent=catalog["root"])
    url, page = _add_page(admin_client, catalog["family"])
    data = form_data(page)
    data.update({
        "code": "SHIRT-1", "status": "active", "brand": brand.pk, "primary_category": men.pk,
        "categories": [catalog["root"].pk], "attribute__chest_width_0": "52.5", "attribute__chest_width_1": "cm",
        "attribute__season": ["summer", "spring"], "attribute__waterproof": "false",
        "translation_en-0-title": "Oxford shirt", "translation_en-0-attribute__material": "Cotton",
        "translation_pl-0-title": "Koszula oxford", "translation_pl-0-slug": "koszula-oxford",
        "media-0-upload": image_upload(name="front.png", color="#224466"), "media-0-position": "0",
    })
    fill_new_variant(data, "variants-0", sku="SHIRT-1-BL-M", gtin=gtin13_for(901), color="blue", size="m")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and _errors(response)

    product = Product.objects.get(code="SHIRT-1")
    assert product.status == Product.Status.ACTIVE
    assert product.updated_by == admin_user  # set by services.product_create / product_status_set
    assert product.attributes == {"chest_width": {"amount": 52.5, "unit": "cm"}, "season": ["summer", "spring"],
                                  "waterproof": False}
    assert (product.brand, product.primary_category, list(product.categories.all())) == (brand, men,
                                                                                         [catalog["root"]])
    translations = {translation.locale.code: translation for translation in product.translations.all()}
    assert set(translations) == {"en", "pl"}
    assert translations["en"].attributes == {"material": "Cotton"} and translations["pl"].slug == "koszula-oxford"
    variant = product.variants.get()
    assert (variant.sku, variant.axis_values) == ("SHIRT-1-BL-M", {"color": "blue", "size": "m"})
    assert {price.price_list.code: price.amount for price in variant.prices.all()} == {
        "retail_pl": Decimal("199.00"), "retail_eu": Decimal("45.00")}
    assert {level.location.code: level.quantity for level in variant.stock_levels.all()} == {"warehouse": 5,
                                                                                             "store": 1}
    media = product.media.get()
    assert media.asset.original_name == "front.png" and media.asset.width == 64


def _errors(response) -> dict:
    context = response.context
    errors = {"product": dict(context["adminform"].form.errors)}
    errors["messages"] = [str(message) for message in context.get("messages", [])]
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        if any(form.errors for form in formset.forms):
            errors[formset.prefix] = [dict(form.errors) for form in formset.forms if form.errors]
        if formset.non_form_errors():
            errors[formset.prefix + ":non_form"] = list(formset.non_form_errors())
    return errors


def _form(response, prefix: str):
    if prefix == "product":
        return response.context["adminform"].form
    formset_prefix, index = prefix.rsplit("-", 1)
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == formset_prefix:
            return inline.formset.forms[int(index)]
    raise AssertionError(prefix)


@pytest.fixture
def saved_product(catalog):
    product = product_with_variants(catalog["family"], 2)
    ProductTranslationFactory(product=product, locale=catalog["family"] and __import__(
        "catalog.models", fromlist=["Locale"]).Locale.objects.get(code="pl"), title="Koszula")
    first = product.variants.order_by("position").first()
    PriceFactory(variant=first, price_list=catalog["price_lists"][0], amount=Decimal("200"),
                 sale_amount=Decimal("150"))
    return Product.objects.get(pk=product.pk)


BAD_INPUTS = {
    "bad_gtin": ({"variants-0-gtin": "5901234123458"}, "variants-0", "gtin", "check digit"),
    "sale_not_below_amount": ({"variants-0-price__retail_pl": "120"}, "variants-0", "price__retail_pl",
                              "Sale amount 150"),
    "option_not_in_list": ({"attribute__season": ["monsoon"]}, "product", "attribute__season", "monsoon"),
    "duplicate_axes": ({"variants-1-axis__color": "blue", "variants-1-axis__size": "s"}, "variants-1",
                       "axis__color", "already has these axis values"),
    "missing_required_for_active": ({"status": "active"}, "translation_en-0", "attribute__material",
                                    "material is required"),
    "measurement_out_of_range": ({"attribute__chest_width_0": "500"}, "product", "attribute__chest_width",
                                 "less than or equal to 200"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(admin_client, saved_product, case):
    changes, form_prefix, field, message = BAD_INPUTS[case]
    page = admin_client.get(change_url(saved_product))
    data = form_data(page)
    data["translation_en-0-title"] = "Changed title that must not be saved"
    data["variants-0-mpn"] = "CHANGED"
    data.update(changes)
    before = _counts()
    response = admin_client.post(change_url(saved_product), data)
    assert response.status_code == 200, "the page is re-shown, not redirected"
    field_errors = " ".join(_form(response, form_prefix).errors.get(field, []))
    assert message in field_errors, _errors(response)
    assert _counts() == before
    product = Product.objects.get(pk=saved_product.pk)
    assert (product.version, product.status) == (saved_product.version, saved_product.status)
    assert not Variant.objects.filter(mpn="CHANGED").exists()
    assert not ProductTranslation.objects.filter(title__startswith="Changed").exists()
    # The user's input is re-shown, not lost.
    assert _form(response, "variants-0")["mpn"].value() == "CHANGED"


def test_edit_saves_children_and_activates_last(admin_client, admin_user, saved_product):
    page = admin_client.get(change_url(saved_product))
    data = form_data(page)
    data.update({"status": "active", "translation_en-0-title": "Shirt", "translation_en-0-attribute__material":
                 "Linen", "variants-0-price__retail_eu": "49.90", "variants-1-stock__store": "7"})
    response = admin_client.post(change_url(saved_product), data)
    assert response.status_code == 302, _errors(response)
    product = Product.objects.get(pk=saved_product.pk)
    assert product.status == Product.Status.ACTIVE and product.version > saved_product.version
    assert product.translations.get(locale__code="en").attributes == {"material": "Linen"}
    first, second = product.variants.order_by("position")
    assert first.prices.get(price_list__code="retail_eu").amount == Decimal("49.90")
    assert first.prices.get(price_list__code="retail_pl").sale_amount == Decimal("150")  # promotion kept
    assert second.stock_levels.get(location__code="store").quantity == 7


def test_deleting_the_last_variant_is_refused(admin_client, catalog):
    product = product_with_variants(catalog["family"], 1)
    data = form_data(admin_client.get(change_url(product)))
    data["variants-0-DELETE"] = "on"
    response = admin_client.post(change_url(product), data)
    assert response.status_code == 200
    non_form = " ".join(_errors(response).get("variants:non_form", []))
    assert "A product needs at least one variant" in non_form
    assert product.variants.count() == 1


def test_variant_can_be_replaced_in_one_save(admin_client, catalog):
    product = product_with_variants(catalog["family"], 1)
    data = form_data(admin_client.get(change_url(product)))
    data["variants-0-DELETE"] = "on"
    data["variants-TOTAL_FORMS"] = "2"
    fill_new_variant(data, "variants-1", sku="NEW-SKU", gtin=gtin13_for(777), color="red", size="l")
    response = admin_client.post(change_url(product), data)
    assert response.status_code == 302, _errors(response)
    assert list(product.variants.values_list("sku", flat=True)) == ["NEW-SKU"]


def test_media_rows_reorder_and_limit_variant_choice(admin_client, catalog):
    product = product_with_variants(catalog["family"], 2)
    other = product_with_variants(catalog["family"], 1)
    url = change_url(product)
    data = form_data(admin_client.get(url))
    data.update({"media-0-upload": image_upload(name="a.png", color="#101010"), "media-0-position": "1"})
    assert admin_client.post(url, data).status_code == 302
    data = form_data(admin_client.get(url))  # the saved row and one empty row
    data.update({"media-1-upload": image_upload(name="b.png", color="#202020"), "media-1-position": "0",
                 "media-1-variant": str(other.variants.get().pk)})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "not one of the available choices" in " ".join(_form(response, "media-1").errors["variant"])
    data["media-1-variant"] = str(product.variants.first().pk)
    data["media-1-upload"] = image_upload(name="b.png", color="#202020")
    response = admin_client.post(url, data)
    assert response.status_code == 302, _errors(response)
    assert [media.asset.original_name for media in product.media.order_by("position")] == ["b.png", "a.png"]


def test_upload_that_is_not_an_image_is_refused_on_the_row(admin_client, catalog):
    from django.core.files.uploadedfile import SimpleUploadedFile

    product = product_with_variants(catalog["family"], 1)
    data = form_data(admin_client.get(change_url(product)))
    data["media-0-upload"] = SimpleUploadedFile("fake.png", b"GIF89a-not-really", content_type="image/png")
    response = admin_client.post(change_url(product), data)
    assert response.status_code == 200
    assert "fake.png" in " ".join(_form(response, "media-0").errors["upload"])
    assert not ProductMedia.objects.exists()


def test_product_delete_goes_through_the_service(admin_client, catalog):
    product = product_with_variants(catalog["family"], 2)
    url = reverse("admin:catalog_product_delete", args=[product.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Product.objects.filter(pk=product.pk).exists() and not Variant.objects.exists()


def test_untouched_empty_translation_rows_are_not_created(admin_client, catalog):
    from catalog.models import Attribute, FamilyAttribute
    from tests.factories import AttributeFactory, FamilyAttributeFactory

    length = AttributeFactory(code="sleeve", type=Attribute.Type.MEASUREMENT, units="cm,in", localizable=True)
    FamilyAttributeFactory(family=catalog["family"], attribute=length, level=FamilyAttribute.Level.PRODUCT)
    product = product_with_variants(catalog["family"], 1)
    data = form_data(admin_client.get(change_url(product)))
    assert data["translation_pl-0-attribute__sleeve_1"] == "cm"
    response = admin_client.post(change_url(product), data)
    assert response.status_code == 302, _errors(response)
    assert list(product.translations.values_list("locale__code", flat=True)) == ["en"]
