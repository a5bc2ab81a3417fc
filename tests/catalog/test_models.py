"""Model rules checked by full_clean() alone: the path a ModelForm (admin) or serializer takes before the service."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalog.models import (
    Attribute,
    FamilyAttribute,
    Price,
    Product,
    ProductMedia,
    ProductTranslation,
    Variant,
)
from tests.catalog.refusals import messages_of
from tests.factories import (
    AttributeFactory,
    FamilyFactory,
    PriceListFactory,
    ProductFactory,
    ProductMediaFactory,
    VariantFactory,
    apparel_family,
)

pytestmark = pytest.mark.django_db


def full_clean_messages(instance, field: str) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return messages_of(caught.value, field)


# -- attributes and families -------------------------------------------------------------------------------------


def test_measurement_attribute_needs_a_unit():
    attribute = Attribute(code="depth", name="Depth", type=Attribute.Type.MEASUREMENT, units=" , ")

    assert full_clean_messages(attribute, "units")


def test_attribute_maximum_cannot_be_below_the_minimum():
    attribute = Attribute(code="depth", name="Depth", type=Attribute.Type.NUMBER, min_value=Decimal("5"),
                          max_value=Decimal("2"))

    assert any("2" in message and "5" in message for message in full_clean_messages(attribute, "max_value"))


@pytest.mark.parametrize("code", ["Colour", "2colour", "colour-name", ""])
def test_attribute_codes_are_lower_case_identifiers(code):
    assert full_clean_messages(Attribute(code=code, name="X", type=Attribute.Type.TEXT), "code")


def test_localizable_attribute_cannot_be_on_variants():
    attribute = AttributeFactory(code="material", localizable=True)
    for level in (FamilyAttribute.Level.VARIANT, FamilyAttribute.Level.AXIS):
        family_attribute = FamilyAttribute(family=FamilyFactory(), attribute=attribute, level=level)
        assert any("material" in message for message in full_clean_messages(family_attribute, "attribute"))


@pytest.mark.parametrize("kind", [Attribute.Type.BOOLEAN, Attribute.Type.MULTI_SELECT, Attribute.Type.RICH_TEXT,
                                  Attribute.Type.DATE, Attribute.Type.URL])
def test_axis_must_be_a_type_that_tells_variants_apart(kind):
    family_attribute = FamilyAttribute(family=FamilyFactory(), attribute=AttributeFactory(code="axis", type=kind),
                                       level=FamilyAttribute.Level.AXIS)

    assert any("axis" in message for message in full_clean_messages(family_attribute, "attribute"))


# -- products, translations, variants ----------------------------------------------------------------------------


def test_product_code_is_unique_ignoring_case(locales):
    ProductFactory(code="Shirt-1")

    messages = full_clean_messages(Product(code="SHIRT-1", family=apparel_family()), "code")

    assert any("SHIRT-1" in message for message in messages)
    ProductFactory(code="Shirt-1").full_clean()  # the product itself is not its own duplicate


def test_unknown_status_is_refused(locales):
    assert full_clean_messages(Product(code="X", family=apparel_family(), status="deleted"), "status")


def test_translation_full_clean_sanitises_description_and_checks_slug(locales):
    ProductFactory(code="TAKEN")  # English slug "taken"
    product = ProductFactory(code="OTHER", title=False)
    translation = ProductTranslation(product=product, locale=locales["en"], title="Other", slug="taken",
                                     description='<p>Fine<script>alert(1)</script><img src=x onerror="alert(2)"></p>')

    assert any("taken" in message for message in full_clean_messages(translation, "slug"))
    assert translation.description == "<p>Fine</p>"
    translation.locale = locales["pl"]  # the same slug in another locale is fine
    translation.full_clean()


def test_variant_full_clean_normalises_gtin_and_names_duplicates(locales):
    VariantFactory(sku="FIRST", gtin="5901234123457")
    variant = Variant(product=ProductFactory(variants=0), sku="first", gtin="590-1234-12345-7")

    assert any("5901234123457" in message for message in full_clean_messages(variant, "gtin"))
    variant.gtin = "96385-074"
    variant.full_clean()  # SKUs are unique as typed; "first" is not "FIRST"
    assert variant.gtin == "96385074"


def test_variant_full_clean_names_a_duplicate_sku(locales):
    VariantFactory(sku="SKU-1")

    messages = full_clean_messages(Variant(product=ProductFactory(variants=0), sku="SKU-1"), "sku")

    assert any("SKU-1" in message for message in messages)


@pytest.mark.parametrize("sku", ["has space", "-first", "x" * 51, ""])
def test_sku_format_is_checked(locales, sku):
    assert full_clean_messages(Variant(product=ProductFactory(variants=0), sku=sku), "sku")


def test_variant_weight_cannot_be_negative(locales):
    assert full_clean_messages(Variant(product=ProductFactory(variants=0), sku="W-1", weight=Decimal("-0.1")),
                               "weight")


def test_media_variant_must_belong_to_the_product(locales):
    media = ProductMediaFactory()
    media.variant = VariantFactory()

    assert any(media.variant.sku in message for message in full_clean_messages(media, "variant"))
    media.variant = media.product.variants.get()
    media.full_clean()
    assert ProductMedia.objects.count() == 1


# -- prices --------------------------------------------------------------------------------------------------------


@pytest.fixture
def price(locales) -> Price:
    return Price(variant=VariantFactory(), price_list=PriceListFactory(currency="PLN"), amount=Decimal("100"))


def test_price_full_clean_accepts_a_valid_promotion(price):
    price.sale_amount = Decimal("79.99")
    price.sale_start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    price.sale_end = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)

    price.full_clean()


@pytest.mark.parametrize(("changes", "field", "named"), [
    ({"amount": Decimal("-1")}, "amount", "-1"),
    ({"amount": Decimal("99.999")}, "amount", "99.999"),
    ({"sale_amount": Decimal("100")}, "sale_amount", "100"),
    ({"sale_amount": Decimal("50.001")}, "sale_amount", "50.001"),
    ({"sale_start": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)}, "sale_amount", ""),
    ({"sale_amount": Decimal("50"), "sale_start": datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC),
      "sale_end": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)}, "sale_end", "2026-01-01"),
])
def test_price_full_clean_refuses(price, changes, field, named):
    for name, value in changes.items():
        setattr(price, name, value)

    assert any(named in message for message in full_clean_messages(price, field))


def test_price_decimals_follow_the_currency(locales):
    variant = VariantFactory()
    for currency, good, bad in [("JPY", "1000", "10.5"), ("PLN", "10.55", "10.555"), ("KWD", "1.125", "1.1255")]:
        price_list = PriceListFactory(currency=currency)
        Price(variant=variant, price_list=price_list, amount=Decimal(good)).full_clean()
        messages = full_clean_messages(Price(variant=variant, price_list=price_list, amount=Decimal(bad)), "amount")
        assert any(bad in message and currency in message for message in messages)
