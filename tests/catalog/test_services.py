"""catalog.services: every write validated, errors keyed by field naming the value, nothing partly saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalog import services
from catalog.models import Price, PriceList, Product, ProductTranslation, StockLevel, Variant
from catalog.services import ProductVersionConflict, TranslationInput, VariantInput
from tests.catalog.refusals import messages_of, refused, row_counts
from tests.factories import (
    LocationFactory,
    PriceListFactory,
    ProductFactory,
    ProductTranslationFactory,
    UserFactory,
    VariantFactory,
    apparel_family,
    gadget_family,
)

pytestmark = pytest.mark.django_db

SIZES = ("s", "m", "l", "xl")


def apparel_variant(index: int, **overrides) -> VariantInput:
    values = {"sku": f"TEE-{index}", "axis_values": {"color": "blue", "size": SIZES[index % 4]}}
    return VariantInput(**{**values, **overrides})


def apparel_create(code: str = "TEE", *, variants: list[VariantInput] | None = None, **kwargs) -> Product:
    variants = [apparel_variant(index) for index in range(2)] if variants is None else variants
    defaults = {"family": apparel_family(), "translations": [TranslationInput(locale_code="en", title="Tee")]}
    return services.product_create(code=code, variants=variants, **{**defaults, **kwargs})


def active_ready_apparel(code: str) -> Product:
    return apparel_create(code, variants=[apparel_variant(0, sku=f"{code}-1")], translations=[
        TranslationInput(locale_code="en", title=f"Tee {code}", slug=code.lower(), attributes={"material": "Cotton"}),
    ])


# -- product_create ---------------------------------------------------------------------------------------------


def test_product_create_saves_product_translations_and_variants(locales):
    product = apparel_create(variants=[apparel_variant(index, gtin=gtin) for index, gtin in
                                       enumerate(["590 1234 12345-7", "96385074", None])],
                             translations=[TranslationInput(locale_code="en", title="Tee", slug="tee"),
                                           TranslationInput(locale_code="pl", title="Koszulka", slug="koszulka")])

    assert product.version == 1
    assert sorted(product.translations.values_list("locale__code", "title")) == [("en", "Tee"), ("pl", "Koszulka")]
    assert list(product.variants.order_by("sku").values_list("gtin", flat=True)) == ["5901234123457", "96385074", None]


def test_product_create_without_variants_is_refused(locales):
    with refused("variants"):
        apparel_create(variants=[])


@pytest.mark.parametrize(("third_variant", "field", "value"), [
    ({"gtin": "5901234123458"}, "variants[2].gtin", "5901234123458"),
    ({"gtin": "590123412345"}, "variants[2].gtin", "590123412345"),
    ({"gtin": "12345"}, "variants[2].gtin", "12345"),
    ({"sku": "TEE-0"}, "variants[2].sku", "TEE-0"),
    ({"sku": "bad sku!"}, "variants[2].sku", ""),
    ({"axis_values": {"color": "BLUE", "size": "s"}}, "variants[2].axis_values", "BLUE"),
    ({"axis_values": {"color": "blue", "size": "s"}}, "variants[2].axis_values", "TEE-0"),
    ({"axis_values": {"color": "blue"}}, "variants[2].axis_values", "size"),
    ({"attributes": {"colour_name": "x"}}, "variants[2].attributes", "colour_name"),
    ({"weight": Decimal("-1")}, "variants[2].weight", ""),
])
def test_product_create_with_a_bad_third_variant_saves_nothing(locales, third_variant, field, value):
    variants = [apparel_variant(0), apparel_variant(1), apparel_variant(6, **third_variant)]

    with refused(field, value):
        apparel_create("NEW-TEE", variants=variants)

    assert not Product.objects.filter(code="NEW-TEE").exists()
    assert not Variant.objects.filter(sku__in=["TEE-0", "TEE-1"]).exists()


@pytest.mark.django_db(transaction=True)
def test_a_refused_product_create_commits_nothing(locales):
    """Without the test's wrapping transaction: the service's own atomic block must undo the first two variants."""
    variants = [apparel_variant(0), apparel_variant(1), apparel_variant(2, gtin="5901234123458")]

    with refused("variants[2].gtin", "5901234123458"):
        apparel_create("NEW-TEE", variants=variants)

    assert row_counts() == {"Product": 0, "ProductTranslation": 0, "Variant": 0, "Price": 0, "StockLevel": 0,
                            "Asset": 0}


@pytest.mark.parametrize(("translation", "field", "value"), [
    (TranslationInput(locale_code="xx", title="?"), "translations[1].locale", "xx"),
    (TranslationInput(locale_code="pl", attributes={"chest_width": "50 cm"}), "translations[1].attributes",
     "chest_width"),
    (TranslationInput(locale_code="pl", title="x" * 301), "translations[1].title", ""),
])
def test_product_create_with_a_bad_translation_saves_nothing(locales, translation, field, value):
    with refused(field, value):
        apparel_create("NEW-TEE", translations=[TranslationInput(locale_code="en", title="Tee"), translation])

    assert not Product.objects.filter(code="NEW-TEE").exists()


def test_product_code_is_unique_ignoring_case(locales):
    ProductFactory(code="TEE-RED")

    with refused("code", "tee-red"):
        apparel_create("tee-red")


def test_product_code_change_to_a_taken_code_is_refused(locales):
    ProductFactory(code="TEE-RED")
    product = ProductFactory(code="TEE-BLUE")

    with refused("code", "Tee-Red"):
        services.product_update(product_id=product.pk, expected_version=product.version, code="Tee-Red")

    product.refresh_from_db()
    assert (product.code, product.version) == ("TEE-BLUE", 1)


@pytest.mark.parametrize("code", ["bad code", "-dash-first", "x" * 51, ""])
def test_product_code_format_is_checked(locales, code):
    with refused("code"):
        apparel_create(code)


def test_sku_is_unique_and_the_error_names_it(locales):
    VariantFactory(sku="TAKEN-1")
    product = ProductFactory(family=apparel_family(), variants=0)

    with refused("sku", "TAKEN-1"):
        services.variant_create(product=product, data=apparel_variant(0, sku="TAKEN-1"))


@pytest.mark.parametrize(("typed", "stored"), [
    ("96385074", "96385074"),
    ("036000291452", "036000291452"),
    ("590-1234-12345-7", "5901234123457"),
    (" 5901234 123457 ", "5901234123457"),
    ("10012345678902", "10012345678902"),
])
def test_valid_gtins_of_every_length_are_normalised(locales, typed, stored):
    product = ProductFactory(family=apparel_family(), variants=0)

    variant = services.variant_create(product=product, data=apparel_variant(0, gtin=typed))

    variant.refresh_from_db()
    assert variant.gtin == stored


@pytest.mark.parametrize(("gtin", "code"), [
    ("5901234123458", "invalid_gtin_check_digit"),
    ("96385075", "invalid_gtin_check_digit"),
    ("1234567", "invalid_gtin_length"),
    ("123456789", "invalid_gtin_length"),
    ("590123412345700", "invalid_gtin_length"),
    ("59012341234AB", "invalid_gtin_length"),
])
def test_invalid_gtins_are_refused_naming_the_value(locales, gtin, code):
    product = ProductFactory(family=apparel_family(), variants=0)

    with refused("gtin", gtin) as caught:
        services.variant_create(product=product, data=apparel_variant(0, gtin=gtin))

    assert code in [error.code for error in caught.value.error_dict["gtin"]]


def test_gtin_is_unique_when_set_and_optional(locales):
    product = ProductFactory(family=apparel_family(), variants=0)
    services.variant_create(product=product, data=apparel_variant(0, gtin="5901234123457"))
    for index in (1, 2):  # many variants may have no GTIN
        services.variant_create(product=product, data=apparel_variant(index, gtin=""))

    with refused("gtin", "5901234123457"):
        services.variant_create(product=product, data=apparel_variant(3, gtin="590-1234-123457"))

    assert list(product.variants.order_by("sku").values_list("gtin", flat=True)) == ["5901234123457", None, None]


def test_variant_update_refused_keeps_the_saved_values(locales):
    product = apparel_create()
    variant = product.variants.get(sku="TEE-0")

    with refused("axis_values", "TEE-1"):
        services.variant_update(variant_id=variant.pk, data=apparel_variant(0, axis_values={"color": "blue",
                                                                                            "size": "m"}))

    variant.refresh_from_db()
    assert variant.axis_values == {"color": "blue", "size": "s"}


def test_slug_is_unique_per_locale(locales):
    apparel_create("TEE-A", translations=[TranslationInput(locale_code="en", title="A", slug="tee")])
    other = apparel_create("TEE-B", variants=[apparel_variant(0, sku="B-1")],
                           translations=[TranslationInput(locale_code="pl", title="B", slug="tee")])

    with refused("slug", "tee"):
        services.product_translation_save(product=other, locale_code="en", title="B", slug="tee")

    assert other.translations.get().locale.code == "pl"


def test_every_product_keeps_at_least_one_variant(locales):
    product = apparel_create()
    first, second = product.variants.order_by("sku")

    services.variant_delete(variant_id=first.pk)
    with refused("variants", second.sku):
        services.variant_delete(variant_id=second.pk)

    assert list(product.variants.values_list("sku", flat=True)) == [second.sku]


# -- prices and stock -------------------------------------------------------------------------------------------


@pytest.fixture
def variant(locales) -> Variant:
    return VariantFactory()


def test_price_save_accepts_a_promotion(variant):
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    price = services.price_save(variant=variant, price_list=PriceListFactory(currency="PLN"), amount=Decimal("99.90"),
                                sale_amount=Decimal("79.90"), sale_start=start,
                                sale_end=start + datetime.timedelta(days=7))

    price.refresh_from_db()
    assert (price.amount, price.sale_amount) == (Decimal("99.90"), Decimal("79.90"))


@pytest.mark.parametrize(("currency", "amounts", "field", "value"), [
    ("PLN", {"amount": Decimal("0")}, "amount", "0"),
    ("PLN", {"amount": Decimal("-5.00")}, "amount", "-5.00"),
    ("PLN", {"amount": Decimal("10.555")}, "amount", "10.555"),
    ("JPY", {"amount": Decimal("10.5")}, "amount", "10.5"),
    ("PLN", {"amount": Decimal("10"), "sale_amount": Decimal("0")}, "sale_amount", "0"),
    ("PLN", {"amount": Decimal("10"), "sale_amount": Decimal("10")}, "sale_amount", "10"),
    ("PLN", {"amount": Decimal("10"), "sale_amount": Decimal("12.50")}, "sale_amount", "12.50"),
    ("JPY", {"amount": Decimal("1000"), "sale_amount": Decimal("899.5")}, "sale_amount", "899.5"),
])
def test_bad_amounts_are_refused(variant, currency, amounts, field, value):
    price_list = PriceListFactory(currency=currency)

    with refused(field, value):
        services.price_save(variant=variant, price_list=price_list, **amounts)


def test_whole_yen_are_accepted(variant):
    price = services.price_save(variant=variant, price_list=PriceListFactory(currency="JPY"), amount=Decimal("1000"),
                                sale_amount=Decimal("900.00"))

    assert price.sale_amount == Decimal("900")


def test_sale_must_start_before_it_ends(variant):
    start = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)

    with refused("sale_end", "2026-02-28"):
        services.price_save(variant=variant, price_list=PriceListFactory(), amount=Decimal("10"),
                            sale_amount=Decimal("8"), sale_start=start, sale_end=start - datetime.timedelta(days=1))
    with refused("sale_end", "2026-03-01"):
        services.price_save(variant=variant, price_list=PriceListFactory(), amount=Decimal("10"),
                            sale_amount=Decimal("8"), sale_start=start, sale_end=start)


def test_sale_window_needs_a_sale_amount(variant):
    with refused("sale_amount"):
        services.price_save(variant=variant, price_list=PriceListFactory(), amount=Decimal("10"),
                            sale_start=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC))


def test_refused_price_change_keeps_the_saved_price(variant):
    price_list = PriceListFactory()
    services.price_save(variant=variant, price_list=price_list, amount=Decimal("10"))

    # amount 20 is fine on its own; the refused call must not have stored it
    with refused("sale_amount", "25"):
        services.price_save(variant=variant, price_list=price_list, amount=Decimal("20"), sale_amount=Decimal("25"))

    assert Price.objects.values_list("amount", "sale_amount").get() == (Decimal("10"), None)


@pytest.mark.parametrize("currency", ["ABC", "pln", "EURO", ""])
def test_price_list_currency_must_be_iso_4217(currency):
    price_list = PriceList(code="shop", name="Shop", currency=currency)

    with pytest.raises(ValidationError) as caught:
        price_list.full_clean()

    assert any(currency in message for message in messages_of(caught.value, "currency"))


def test_stock_level_cannot_be_negative(variant):
    location = LocationFactory()
    services.stock_level_save(variant=variant, location=location, quantity=3)

    with refused("quantity"):
        services.stock_level_save(variant=variant, location=location, quantity=-1)

    assert StockLevel.objects.get().quantity == 3


# -- optimistic locking -----------------------------------------------------------------------------------------


def test_product_update_with_the_current_version_bumps_it(locales):
    product = apparel_create()
    editor = UserFactory(username="alice")

    updated = services.product_update(product_id=product.pk, expected_version=1, user=editor,
                                      attributes={"chest_width": "52 cm"})

    product.refresh_from_db()
    assert (updated.version, product.version) == (2, 2)
    assert product.attributes == {"chest_width": {"amount": 52, "unit": "cm"}}
    assert product.updated_by == editor


def test_product_update_with_a_stale_version_names_who_saved_and_changes_nothing(locales):
    product = apparel_create()
    services.product_update(product_id=product.pk, expected_version=1, user=UserFactory(username="alice"),
                            attributes={"chest_width": "52 cm"})
    before = row_counts()

    with pytest.raises(ProductVersionConflict) as caught:
        services.product_update(product_id=product.pk, expected_version=1, user=UserFactory(username="bob"),
                                attributes={"chest_width": "60 cm"}, status=Product.Status.ARCHIVED)

    conflict = caught.value
    assert (conflict.code, conflict.expected, conflict.found, conflict.updated_by) == ("TEE", 1, 2, "alice")
    assert all(text in str(conflict) for text in ("TEE", "alice", "version 2", "version 1"))
    product.refresh_from_db()
    assert (product.version, product.status, product.updated_by.username) == (2, Product.Status.DRAFT, "alice")
    assert product.attributes == {"chest_width": {"amount": 52, "unit": "cm"}}
    assert row_counts() == before


def test_refused_product_update_does_not_bump_the_version(locales):
    product = apparel_create()

    with refused("attributes", "999"):
        services.product_update(product_id=product.pk, expected_version=1, attributes={"chest_width": "999 cm"})

    product.refresh_from_db()
    assert (product.version, product.attributes) == (1, {})


# -- statuses and activation ------------------------------------------------------------------------------------


def test_product_update_to_active_when_not_ready_changes_nothing(locales):
    product = apparel_create()  # no material in any locale

    with refused("status", "material"):
        services.product_update(product_id=product.pk, expected_version=1, status=Product.Status.ACTIVE,
                                attributes={"chest_width": "52 cm"})

    product.refresh_from_db()
    assert (product.status, product.version, product.attributes) == (Product.Status.DRAFT, 1, {})


def test_draft_products_save_without_required_values(locales):
    product = services.product_create(code="GADGET", family=gadget_family(), variants=[
        VariantInput(sku="G-1", axis_values={"storage": "64gb", "finish": "matte"})])

    assert product.status == Product.Status.DRAFT
    assert product.variants.get().attributes == {}


def test_active_product_needs_required_product_values(locales):
    with refused("attributes", "warranty_years"):
        services.product_create(code="GADGET", family=gadget_family(), status=Product.Status.ACTIVE, variants=[
            VariantInput(sku="G-1", axis_values={"storage": "64gb", "finish": "matte"},
                         attributes={"serial_prefix": "AB"})],
            translations=[TranslationInput(locale_code="en", title="Gadget", attributes={"tagline": "Small"})])


@pytest.mark.parametrize(("translations", "variant_attributes", "named"), [
    ([TranslationInput(locale_code="en", attributes={"tagline": "Small"})], {"serial_prefix": "AB"}, "title"),
    ([TranslationInput(locale_code="en", title="Gadget")], {"serial_prefix": "AB"}, "tagline"),
    ([TranslationInput(locale_code="en", title="Gadget", attributes={"tagline": "Small"})], {}, "serial_prefix"),
])
def test_activation_problems_refuse_an_active_product(locales, translations, variant_attributes, named):
    with refused("status", named):
        services.product_create(
            code="GADGET", family=gadget_family(), status=Product.Status.ACTIVE, attributes={"warranty_years": 2},
            translations=translations,
            variants=[VariantInput(sku="G-1", axis_values={"storage": "64gb", "finish": "matte"},
                                   attributes=variant_attributes)],
        )


def test_required_localizable_value_may_be_in_any_locale(locales):
    product = services.product_create(
        code="GADGET", family=gadget_family(), status=Product.Status.ACTIVE, attributes={"warranty_years": 2},
        translations=[TranslationInput(locale_code="en", title="Gadget"),
                      TranslationInput(locale_code="pl", attributes={"tagline": "Mały"})],
        variants=[VariantInput(sku="G-1", axis_values={"storage": "64gb", "finish": "matte"},
                               attributes={"serial_prefix": "AB"})],
    )

    assert product.status == Product.Status.ACTIVE


def test_removing_the_only_title_of_an_active_product_is_refused(locales):
    product = active_ready_apparel("TEE")
    services.product_update(product_id=product.pk, expected_version=1, status=Product.Status.ACTIVE)

    with refused("status", "title"):
        services.product_translation_delete(translation_id=product.translations.get().pk)

    assert product.translations.count() == 1


def test_translation_and_variant_writes_cannot_break_an_active_product(locales):
    product = active_ready_apparel("TEE")
    services.product_update(product_id=product.pk, expected_version=1, status=Product.Status.ACTIVE)
    stale = Product.objects.get(pk=product.pk)
    Product.objects.filter(pk=product.pk).update(status=Product.Status.DRAFT)
    services.product_translation_save(product=stale, locale_code="en", title="")  # a draft may lose its title
    Product.objects.filter(pk=product.pk).update(status=Product.Status.ACTIVE)
    stale.status = Product.Status.DRAFT  # the caller's copy is out of date: the service must read the status again

    with refused("status", "title"):
        services.product_translation_save(product=stale, locale_code="en", title="", slug="tee")
    with refused("status", "material"):
        services.product_translation_save(product=stale, locale_code="en", title="Tee")

    gadget = services.product_create(
        code="GADGET", family=gadget_family(), status=Product.Status.ACTIVE, attributes={"warranty_years": 2},
        translations=[TranslationInput(locale_code="en", title="Gadget", attributes={"tagline": "Small"})],
        variants=[VariantInput(sku="G-1", axis_values={"storage": "64gb", "finish": "matte"},
                               attributes={"serial_prefix": "AB"})],
    )
    with refused("status", "serial_prefix", "G-2"):
        services.variant_create(product=gadget, data=VariantInput(
            sku="G-2", axis_values={"storage": "128gb", "finish": "matte"}))


def test_status_set_activates_ready_products(locales):
    products = [active_ready_apparel(code) for code in ("TEE-A", "TEE-B")]

    changed = services.product_status_set(product_ids=[product.pk for product in products],
                                          status=Product.Status.ACTIVE, user=UserFactory(username="carol"))

    assert changed == 2
    assert set(Product.objects.values_list("status", "version", "updated_by__username")) == {
        (Product.Status.ACTIVE, 2, "carol")}


def test_status_set_activation_is_all_or_nothing_and_names_every_refused_product(locales):
    ready = active_ready_apparel("READY")
    untitled = apparel_create("UNTITLED", variants=[apparel_variant(0, sku="U-1")], translations=[])
    no_material = apparel_create("NO-MATERIAL", variants=[apparel_variant(0, sku="N-1")])
    ids = [ready.pk, untitled.pk, no_material.pk]

    with refused("status", "UNTITLED", "NO-MATERIAL") as caught:
        services.product_status_set(product_ids=ids, status=Product.Status.ACTIVE)

    messages = messages_of(caught.value, "status")
    assert len(messages) == 2 and not any("READY" in message for message in messages)
    assert any("material" in message for message in messages)
    assert set(Product.objects.values_list("status", "version")) == {(Product.Status.DRAFT, 1)}


def test_status_set_archives_without_checks(locales):
    product = apparel_create(translations=[])

    assert services.product_status_set(product_ids=[product.pk], status=Product.Status.ARCHIVED) == 1
    product.refresh_from_db()
    assert (product.status, product.version) == (Product.Status.ARCHIVED, 2)


def test_status_set_refuses_an_unknown_status(locales):
    product = apparel_create()

    with refused("status", "deleted"):
        services.product_status_set(product_ids=[product.pk], status="deleted")

    product.refresh_from_db()
    assert (product.status, product.version) == (Product.Status.DRAFT, 1)


def test_translation_description_is_sanitised(locales):
    product = apparel_create()

    translation = services.product_translation_save(
        product=product, locale_code="pl", title="Koszulka",
        description='<p onclick="steal()">Miękka <script>alert(1)</script><a href="javascript:x()">bawełna</a></p>',
    )

    stored = ProductTranslation.objects.get(pk=translation.pk).description
    assert "<script" not in stored and "onclick" not in stored and "javascript:" not in stored
    assert stored.startswith("<p>Miękka") and "bawełna" in stored


def test_factory_translation_is_valid(locales):
    translation = ProductTranslationFactory()

    translation.full_clean()
