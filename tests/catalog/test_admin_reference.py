# ruff: noqa: F811 - the admin fixtures are imported from tests.catalog.admin_pages and used as arguments
"""Reference data and the variant page: per-locale names saved into the JSON field, family rules enforced on
the inline rows, promotions edited on the variant page through services.price_save."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Attribute, FamilyAttribute, Price
from tests.catalog.admin_pages import admin_client, admin_user, catalog, form_data  # noqa: F401
from tests.factories import AttributeFactory, PriceFactory, ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


def test_attribute_names_per_locale_are_saved_into_labels(admin_client, catalog):
    color = Attribute.objects.get(code="color")
    url = reverse("admin:catalog_attribute_change", args=[color.pk])
    data = form_data(admin_client.get(url))
    data.update({"label_pl": "Kolor", "label_it": "  ", "options-0-label_it": "Blu"})
    response = admin_client.post(url, data)
    assert response.status_code == 302
    color.refresh_from_db()
    assert color.labels == {"pl": "Kolor"}
    assert color.options.get(code="blue").labels == {"pl": "Niebieski", "it": "Blu"}


def test_family_inline_refuses_a_localizable_axis(admin_client, catalog):
    family = catalog["family"]
    url = reverse("admin:catalog_family_change", args=[family.pk])
    data = form_data(admin_client.get(url))
    material = Attribute.objects.get(code="material")
    row = next(key.removesuffix("-attribute") for key, value in data.items()
               if key.endswith("-attribute") and str(value) == str(material.pk))
    data[f"{row}-level"] = FamilyAttribute.Level.AXIS
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "material is localizable" in response.content.decode()
    assert FamilyAttribute.objects.get(family=family, attribute=material).level == FamilyAttribute.Level.PRODUCT


def test_family_inline_adds_an_attribute(admin_client, catalog):
    family = catalog["family"]
    extra = AttributeFactory(code="pattern", type=Attribute.Type.TEXT)
    url = reverse("admin:catalog_family_change", args=[family.pk])
    data = form_data(admin_client.get(url))
    total = int(data["family_attributes-TOTAL_FORMS"])
    data["family_attributes-TOTAL_FORMS"] = str(total + 1)
    data.update({f"family_attributes-{total}-attribute": str(extra.pk), f"family_attributes-{total}-level": "product",
                 f"family_attributes-{total}-position": "20"})
    assert admin_client.post(url, data).status_code == 302
    assert family.family_attributes.filter(attribute=extra).exists()


def test_variant_page_edits_the_promotion(admin_client, catalog):
    variant = VariantFactory(product=ProductFactory(family=catalog["family"], variants=0),
                             axis_values={"color": "red", "size": "s"})
    PriceFactory(variant=variant, price_list=catalog["price_lists"][0], amount=Decimal("100"))
    url = reverse("admin:catalog_variant_change", args=[variant.pk])
    data = form_data(admin_client.get(url))
    data.update({"prices-0-sale_amount": "120", "prices-0-sale_start_0": "2026-12-01",
                 "prices-0-sale_start_1": "00:00:00", "prices-0-sale_end_0": "2026-12-24",
                 "prices-0-sale_end_1": "00:00:00"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Sale amount 120 must be below the amount 100" in response.content.decode()
    assert Price.objects.get(variant=variant).sale_amount is None
    data["prices-0-sale_amount"] = "79.99"
    assert admin_client.post(url, data).status_code == 302
    price = Price.objects.get(variant=variant)
    assert price.sale_amount == Decimal("79.99") and price.sale_end.day == 24


def test_variant_delete_goes_through_the_service_which_keeps_the_last_one(admin_client, catalog):
    product = ProductFactory(family=catalog["family"], variants=0)
    first = VariantFactory(product=product, axis_values={"color": "red", "size": "s"}, axis_key="a")
    second = VariantFactory(product=product, axis_values={"color": "red", "size": "m"}, axis_key="b")
    assert admin_client.post(reverse("admin:catalog_variant_delete", args=[second.pk]), {"post": "yes"}
                             ).status_code == 302
    response = admin_client.post(reverse("admin:catalog_variant_delete", args=[first.pk]), {"post": "yes"},
                                 follow=True)
    assert any("only variant" in str(message) for message in response.context["messages"])
    assert list(product.variants.all()) == [first]
