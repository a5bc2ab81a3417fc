"""Shared set-up of the admin tests: a logged-in superuser, a catalog to edit, and the product page's POST data
built from what the page itself renders (so the tests post exactly the fields a browser would)."""

import pytest
from django.forms import MultipleChoiceField, MultiValueField, Select
from django.test import Client
from django.urls import reverse

from catalog.models import Attribute, FamilyAttribute, Product
from tests.factories import (
    AttributeFactory,
    CategoryFactory,
    FamilyAttributeFactory,
    LocationFactory,
    PriceListFactory,
    ProductFactory,
    SuperUserFactory,
    VariantFactory,
    apparel_family,
)


@pytest.fixture
def admin_user(db):
    return SuperUserFactory(username="alice")


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def catalog(locales):
    """Apparel (colour/size axes, required localizable material), a variant-level required attribute, two price
    lists and two locations."""
    family = apparel_family()
    fit = AttributeFactory(code="fit_note", name="Fit note", type=Attribute.Type.TEXT)
    FamilyAttributeFactory(family=family, attribute=fit, level=FamilyAttribute.Level.VARIANT, position=9)
    waterproof = AttributeFactory(code="waterproof", name="Waterproof", type=Attribute.Type.BOOLEAN)
    FamilyAttributeFactory(family=family, attribute=waterproof, position=10)
    return {
        "family": family,
        "price_lists": [PriceListFactory(code="retail_pl", currency="PLN"),
                        PriceListFactory(code="retail_eu", currency="EUR")],
        "locations": [LocationFactory(code="warehouse"), LocationFactory(code="store")],
        "root": CategoryFactory(code="apparel", name="Apparel"),
    }


def product_with_variants(family, count: int, **kwargs) -> Product:
    product = ProductFactory(family=family, variants=0, **kwargs)
    colours, sizes = ["blue", "red", "black"], ["s", "m", "l", "xl"]
    for index in range(count):
        VariantFactory(product=product, position=index,
                       axis_values={"color": colours[index % 3], "size": sizes[(index // 3) % 4]},
                       axis_key=f"color={colours[index % 3]}|size={sizes[(index // 3) % 4]}|{index // 12}")
    return product


def change_url(product: Product) -> str:
    return reverse("admin:catalog_product_change", args=[product.pk])


def form_data(response) -> dict[str, object]:
    """The POST a browser would send for the rendered page: every form field with its current value."""
    context = response.context
    data: dict[str, object] = {}
    forms = [context["adminform"].form]
    for inline_admin_formset in context["inline_admin_formsets"]:
        formset = inline_admin_formset.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms += list(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            bound = form[name]
            value = bound.value()
            key = bound.html_name
            if field.disabled:
                continue
            if isinstance(field, MultipleChoiceField) and not value:
                continue  # a browser sends nothing for a multi-select with nothing chosen
            if value is None:
                value = ""
            if isinstance(field, MultiValueField):  # name_0, name_1; a select always sends its shown option
                parts = value if isinstance(value, list | tuple) else field.widget.decompress(value)
                for index, (part, widget) in enumerate(zip(parts, field.widget.widgets, strict=True)):
                    if part in (None, "") and isinstance(widget, Select) and widget.choices:
                        part = widget.choices[0][0]
                    data[f"{key}_{index}"] = "" if part is None else part
                continue
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
                continue
            data[key] = value
    data["_save"] = "Save"
    return data


def fill_new_variant(data: dict, prefix: str, *, sku: str, gtin: str, color: str, size: str,
                     prices: tuple[str, str] = ("199.00", "45.00"), stock: tuple[int, int] = (5, 1)) -> None:
    data.update({
        f"{prefix}-sku": sku, f"{prefix}-gtin": gtin, f"{prefix}-axis__color": color, f"{prefix}-axis__size": size,
        f"{prefix}-position": "0", f"{prefix}-price__retail_pl": prices[0], f"{prefix}-price__retail_eu": prices[1],
        f"{prefix}-stock__warehouse": str(stock[0]), f"{prefix}-stock__store": str(stock[1]),
    })

