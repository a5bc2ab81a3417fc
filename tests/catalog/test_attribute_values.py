"""Typed attribute values checked against the family on every write path (services and full_clean)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalog import services
from catalog.models import Product
from catalog.services import VariantInput
from tests.catalog.refusals import messages_of, refused
from tests.factories import ProductFactory, apparel_family, gadget_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def gadget(locales) -> Product:
    """A draft gadget with one variant, made through the service."""
    return services.product_create(code="GADGET", family=gadget_family(), variants=[
        VariantInput(sku="G-1", axis_values={"storage": "64gb", "finish": "matte"})])


def attributes_update(product: Product, values: dict[str, object]) -> Product:
    product.refresh_from_db()
    return services.product_update(product_id=product.pk, expected_version=product.version, attributes=values)


def stored(product: Product) -> dict[str, object]:
    product.refresh_from_db()
    return product.attributes


def gadget_variant(sku: str, **overrides) -> VariantInput:
    values = {"sku": sku, "axis_values": {"storage": "128gb", "finish": "gloss"}}
    return VariantInput(**{**values, **overrides})


# -- accepted values and their stored shapes --------------------------------------------------------------------


@pytest.mark.parametrize(("code", "typed", "kept"), [
    ("note", "  short  ", "short"),
    ("battery_hours", "12", 12),
    ("battery_hours", "12,5", 12.5),
    ("battery_hours", 100, 100),
    ("battery_hours", Decimal("12.50"), 12.5),
    ("screen", {"amount": Decimal("15.0"), "unit": "in"}, {"amount": 15, "unit": "in"}),
    ("screen", "12.5 cm", {"amount": 12.5, "unit": "cm"}),
    ("screen", "6 in", {"amount": 6, "unit": "in"}),
    ("screen", "7", {"amount": 7, "unit": "cm"}),
    ("screen", 13.3, {"amount": 13.3, "unit": "cm"}),
    ("screen", {"amount": "15", "unit": "in"}, {"amount": 15, "unit": "in"}),
    ("waterproof", True, True),
    ("waterproof", "yes", True),
    ("waterproof", "TRUE", True),
    ("waterproof", "1", True),
    ("waterproof", "on", True),
    ("waterproof", False, False),
    ("waterproof", "no", False),
    ("waterproof", "0", False),
    ("waterproof", "Off", False),
    ("released", "2026-03-01", "2026-03-01"),
    ("released", datetime.date(2025, 12, 24), "2025-12-24"),
    ("released", datetime.datetime(2025, 12, 24, 18, 30, tzinfo=datetime.UTC), "2025-12-24"),
    ("connector", "usb_c", "usb_c"),
    ("features", ["wifi", "nfc", "wifi"], ["wifi", "nfc"]),
    ("features", "wifi, bluetooth", ["wifi", "bluetooth"]),
    ("manual_url", "https://example.com/manual.pdf", "https://example.com/manual.pdf"),
    ("manual_url", "http://example.com/", "http://example.com/"),
])
def test_valid_values_are_stored_in_their_shape(gadget, code, typed, kept):
    attributes_update(gadget, {code: typed})

    assert stored(gadget) == {code: kept}


def test_rich_text_values_are_sanitised(gadget):
    attributes_update(gadget, {"details": '<p onclick="x()">Hi<script>alert(1)</script> <b style="color:red">bold</b> '
                                          '<a href="javascript:x()">there</a><iframe src="https://evil"></iframe></p>'})

    details = stored(gadget)["details"]
    for removed in ("<script", "alert", "onclick", "style", "javascript:", "iframe"):
        assert removed not in details
    assert details.startswith("<p>Hi <b>bold</b> <a") and details.endswith(">there</a></p>")


def test_empty_values_are_dropped(gadget):
    attributes_update(gadget, {"note": "", "features": [], "battery_hours": None, "connector": "usb_c"})

    assert stored(gadget) == {"connector": "usb_c"}


# -- refused values: keyed by "attributes", naming the attribute and the value, nothing saved --------------------


@pytest.mark.parametrize(("code", "typed", "named"), [
    ("note", "eleven char", "11"),
    ("note", 5, "5"),
    ("details", ["not", "text"], "not"),
    ("battery_hours", "abc", "abc"),
    ("battery_hours", "0", "0"),
    ("battery_hours", "100.5", "100.5"),
    ("battery_hours", "nan", "nan"),
    ("battery_hours", True, "True"),
    ("warranty_years", "1e400", "1e400"),
    ("warranty_years", "-Infinity", "-Infinity"),
    ("screen", "12.5 m", "m"),
    ("screen", "12.5 furlong", "furlong"),
    ("screen", "abc cm", "abc"),
    ("screen", "0.5 cm", "0.5"),
    ("screen", {"amount": 200, "unit": "cm"}, "200"),
    ("screen", [12, "cm"], "12"),
    ("waterproof", "maybe", "maybe"),
    ("waterproof", 2, "2"),
    ("released", "2026-13-01", "2026-13-01"),
    ("released", "01/03/2026", "01/03/2026"),
    ("connector", "usb_a", "usb_a"),
    ("connector", ["usb_c"], "usb_c"),
    ("features", ["wifi", "zigbee"], "zigbee"),
    ("features", 5, "5"),
    ("manual_url", "ftp://example.com/manual.pdf", "ftp://example.com/manual.pdf"),
    ("manual_url", "javascript:alert(1)", "javascript:alert(1)"),
    ("manual_url", "not a url", "not a url"),
])
def test_invalid_values_are_refused(gadget, code, typed, named):
    with refused("attributes", code, named):
        attributes_update(gadget, {code: typed})

    gadget.refresh_from_db()
    assert (gadget.attributes, gadget.version) == ({}, 1)


def test_every_problem_is_reported_at_once(gadget):
    with refused("attributes", "battery_hours", "connector", "manual_url") as caught:
        attributes_update(gadget, {"battery_hours": "abc", "connector": "usb_a", "manual_url": "ftp://x"})

    assert len(messages_of(caught.value, "attributes")) == 3


def test_attributes_must_be_a_mapping(gadget):
    with refused("attributes", "note"):
        attributes_update(gadget, ["note"])


def test_unknown_attribute_code_for_the_family_is_refused(gadget):
    with refused("attributes", "colour", "gadget"):
        attributes_update(gadget, {"colour": "red"})


def test_attribute_of_another_family_is_refused(gadget):
    apparel_family()  # "material" exists, but not in the gadget family

    with refused("attributes", "material"):
        attributes_update(gadget, {"material": "Cotton"})


@pytest.mark.parametrize("code", ["tagline", "serial_prefix", "storage", "finish"])
def test_product_values_take_only_non_localizable_product_attributes(gadget, code):
    with refused("attributes", code):
        attributes_update(gadget, {code: "64gb"})


# -- localizable values live on translations --------------------------------------------------------------------


def test_localizable_values_are_saved_on_translations(gadget):
    translation = services.product_translation_save(product=gadget, locale_code="pl", title="Gadżet",
                                                    attributes={"tagline": "  Mały  "})

    translation.refresh_from_db()
    assert translation.attributes == {"tagline": "Mały"}


@pytest.mark.parametrize("code", ["note", "serial_prefix", "storage", "colour"])
def test_translations_take_only_localizable_values(gadget, code):
    with refused("attributes", code):
        services.product_translation_save(product=gadget, locale_code="pl", title="Gadżet", attributes={code: "x"})

    assert not gadget.translations.exists()


# -- variant values and axes ------------------------------------------------------------------------------------


def test_variant_values_and_axes_are_cleaned(gadget):
    variant = services.variant_create(product=gadget, data=gadget_variant(
        "G-2", axis_values={"storage": "128gb", "finish": " Gloss "}, attributes={"serial_prefix": " AB "}))

    variant.refresh_from_db()
    assert (variant.axis_values, variant.attributes) == ({"storage": "128gb", "finish": "Gloss"},
                                                         {"serial_prefix": "AB"})


@pytest.mark.parametrize(("field", "values", "named"), [
    ("attributes", {"note": "x"}, "note"),
    ("attributes", {"tagline": "x"}, "tagline"),
    ("attributes", {"storage": "64gb"}, "storage"),
    ("axis_values", {"storage": "128gb", "finish": "gloss", "serial_prefix": "AB"}, "serial_prefix"),
    ("axis_values", {"storage": "256gb", "finish": "gloss"}, "256gb"),
    ("axis_values", {"storage": "128gb"}, "finish"),
    ("axis_values", {"storage": "128gb", "finish": ""}, "finish"),
    ("axis_values", {}, "storage"),
])
def test_variant_values_are_checked_by_level(gadget, field, values, named):
    with refused(field, named):
        services.variant_create(product=gadget, data=gadget_variant("G-2", **{field: values}))


def test_axis_values_are_unique_within_a_product_ignoring_case(gadget):
    with refused("axis_values", "G-1", "Matte"):
        services.variant_create(product=gadget, data=gadget_variant(
            "G-2", axis_values={"storage": "64gb", "finish": "Matte"}))

    services.variant_create(product=gadget, data=gadget_variant("G-3", axis_values={"storage": "64gb",
                                                                                    "finish": "Matte finish"}))


def test_same_axis_values_are_fine_on_another_product(gadget):
    other = services.product_create(code="GADGET-2", family=gadget.family, variants=[
        VariantInput(sku="H-1", axis_values={"storage": "64gb", "finish": "matte"})])

    assert other.variants.get().axis_key == gadget.variants.get().axis_key


def test_axis_change_to_a_twin_is_refused_on_update(gadget):
    second = services.variant_create(product=gadget, data=gadget_variant("G-2"))

    with refused("axis_values", "G-1"):
        services.variant_update(variant_id=second.pk, data=gadget_variant(
            "G-2", axis_values={"storage": "64gb", "finish": "MATTE"}))

    second.refresh_from_db()
    assert second.axis_values == {"storage": "128gb", "finish": "gloss"}


# -- required values: only for active products ------------------------------------------------------------------


def test_required_values_are_checked_by_full_clean_only_when_active(locales):
    product = ProductFactory(family=gadget_family(), variants=0)
    product.full_clean()

    product.status = Product.Status.ACTIVE
    with pytest.raises(ValidationError) as caught:
        product.full_clean()

    assert any("warranty_years" in message for message in messages_of(caught.value, "attributes"))
    product.attributes = {"warranty_years": 2}
    product.full_clean()


def test_required_value_cannot_be_removed_from_an_active_product(gadget):
    services.variant_update(variant_id=gadget.variants.get().pk, data=gadget_variant(
        "G-1", axis_values={"storage": "64gb", "finish": "matte"}, attributes={"serial_prefix": "AB"}))
    services.product_translation_save(product=gadget, locale_code="en", title="Gadget",
                                      attributes={"tagline": "Small"})
    services.product_update(product_id=gadget.pk, expected_version=1, status=Product.Status.ACTIVE,
                            attributes={"warranty_years": 2})

    with refused("attributes", "warranty_years"):
        attributes_update(gadget, {"warranty_years": ""})
    with refused("status", "tagline"):
        services.product_translation_save(product=gadget, locale_code="en", title="Gadget")
    with refused("status", "serial_prefix", "G-1"):
        services.variant_update(variant_id=gadget.variants.get().pk, data=gadget_variant(
            "G-1", axis_values={"storage": "64gb", "finish": "matte"}))

    assert stored(gadget) == {"warranty_years": 2}
