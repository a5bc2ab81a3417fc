"""The management commands: load_demo, generate_catalog and ensure_admin, run as `manage.py` would run them."""

import io
import re
import stat
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.attribute_values import product_activation_problems
from catalog.demo import synthetic_catalog_generate
from catalog.gtin import validate_gtin
from catalog.management.commands.load_demo import Command as LoadDemoCommand
from catalog.models import (
    Asset,
    Attribute,
    AttributeOption,
    Brand,
    Category,
    Family,
    FamilyAttribute,
    Locale,
    Location,
    Price,
    PriceList,
    Product,
    ProductMedia,
    ProductTranslation,
    StockLevel,
    Variant,
)
from catalog.signals import demo_catalog_loaded

COUNTED = (Locale, Attribute, AttributeOption, Family, FamilyAttribute, Brand, Category, PriceList, Location, Product,
           ProductTranslation, Variant, Price, StockLevel, Asset, ProductMedia)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def run(command: str, *args: str) -> str:
    output = io.StringIO()
    call_command(command, *args, stdout=output, stderr=io.StringIO())
    return output.getvalue()


@pytest.fixture
def signals_received(monkeypatch):
    """What demo_catalog_loaded carried; other apps' receivers (syndication publishing demo feeds) are left out,
    so this tests the catalog alone and stays fast."""
    received = []

    def receiver(sender, **kwargs):
        received.append((sender, kwargs))

    monkeypatch.setattr(demo_catalog_loaded, "receivers", [])
    demo_catalog_loaded.connect(receiver, weak=False)
    return received


# -- load_demo ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_demo_twice_builds_a_complete_catalog_once(signals_received):
    first_output = run("load_demo")
    counts = row_counts()
    products_before = list(Product.objects.values_list("code", "version", "updated_at").order_by("code"))

    second_output = run("load_demo")

    assert row_counts() == counts
    assert list(Product.objects.values_list("code", "version", "updated_at").order_by("code")) == products_before
    assert "0 products with 0 variants" in second_output and "0 products with 0 variants" not in first_output
    assert signals_received == [
        (LoadDemoCommand, {"signal": demo_catalog_loaded, "products_created": counts["Product"]}),
        (LoadDemoCommand, {"signal": demo_catalog_loaded, "products_created": 0}),
    ]
    assert counts["Product"] >= 50 and counts["Variant"] >= 150
    assert set(Family.objects.values_list("code", flat=True)) >= {"clothing", "footwear", "audio", "tablets",
                                                                  "kitchenware"}
    _check_translations()
    _check_reference_data()
    _check_prices_and_promotion()
    _check_stock_and_availability()
    _check_images()
    _check_incomplete_products()
    _check_every_row_valid()


def _check_translations():
    products = Product.objects.count()
    titled = Counter(ProductTranslation.objects.exclude(title="").values_list("locale__code", flat=True))
    assert set(titled) == {"en", "pl", "it", "ru"}
    for locale_code in ("en", "pl", "it", "ru"):
        assert titled[locale_code] >= 0.9 * products, locale_code
    polish = ProductTranslation.objects.get(product__code="KP-BALTIC", locale__code="pl")
    assert polish.title == "Koszulka męska Kestrel & Pine Baltic"
    assert "<li>" in polish.description and polish.short_description and polish.slug
    russian = ProductTranslation.objects.get(product__code="KP-BALTIC", locale__code="ru")
    assert russian.title.startswith("Мужская футболка") and russian.attributes["material"]
    # Texts vary per product: no two products share a title or a description in one locale.
    for locale_code in ("en", "pl", "it", "ru"):
        translations = ProductTranslation.objects.filter(locale__code=locale_code)
        assert translations.values("title").distinct().count() == translations.count()
        assert translations.values("description").distinct().count() == translations.count()


def _check_reference_data():
    for attribute in Attribute.objects.filter(families__code="clothing"):
        assert {"pl", "it", "ru"} <= set(attribute.labels), attribute.code
    for option in AttributeOption.objects.filter(attribute__code__in=["color", "gender", "season"]):
        assert {"pl", "it", "ru"} <= set(option.labels), option.code
    assert Attribute.objects.get(code="screen_size").type == Attribute.Type.MEASUREMENT
    assert Attribute.objects.filter(type=Attribute.Type.BOOLEAN).exists()
    leaf = Category.objects.get(code="shirts_tops")
    assert (leaf.google_product_category, leaf.parent.google_product_category,
            leaf.parent.parent.google_product_category) == (212, 1604, 166)
    assert all({"pl", "it", "ru"} <= set(category.labels) for category in Category.objects.all())
    assert Brand.objects.count() >= 10


def _check_prices_and_promotion():
    now = timezone.now()
    assert set(PriceList.objects.values_list("currency", flat=True)) >= {"PLN", "EUR", "RUB", "USD"}
    variants = Variant.objects.count()
    for price_list in PriceList.objects.all():
        assert price_list.prices.count() == variants, price_list.code
    running = Price.objects.filter(sale_amount__isnull=False, sale_start__lte=now, sale_end__gt=now)
    assert running.values("price_list").distinct().count() == 1
    promotion_prices = running.filter(price_list__code="retail_pl")
    assert 0 < promotion_prices.count() < variants  # a subset of the list's variants
    assert all(price.sale_amount < price.amount for price in promotion_prices)


def _check_stock_and_availability():
    kinds = set(StockLevel.objects.values_list("location__kind", flat=True))
    assert kinds == {Location.Kind.WAREHOUSE, Location.Kind.STORE}
    assert StockLevel.objects.filter(quantity=0).exists() and StockLevel.objects.filter(quantity__gt=0).exists()
    now = timezone.now()
    for override in (Variant.AvailabilityOverride.PREORDER, Variant.AvailabilityOverride.BACKORDER):
        variant = Variant.objects.get(availability_override=override)
        assert variant.available_from > now


def _check_images():
    assert Asset.objects.exists()
    asset = Asset.objects.first()
    assert (asset.width, asset.height, asset.mime_type) == (800, 800, "image/jpeg")
    assert set(asset.alt_texts) >= {"en", "pl"}
    assert ProductMedia.objects.filter(variant__isnull=False).exists()
    assert ProductMedia.objects.filter(variant__isnull=True).exists()


def _check_incomplete_products():
    active = Product.objects.filter(status=Product.Status.ACTIVE)
    missing_locale = [product for product in active.prefetch_related("translations")
                      if len(product.translations.all()) < 4]
    assert missing_locale, "an active product without a translation in some locale"
    assert active.filter(media__isnull=True).exists(), "an active product without images"
    draft = Product.objects.get(status=Product.Status.DRAFT)
    draft.status = Product.Status.ACTIVE
    with pytest.raises(ValidationError) as refused:
        draft.full_clean()
    assert "attributes" in refused.value.message_dict  # the required gender is missing
    assert active.count() >= 0.9 * Product.objects.count()


def _check_every_row_valid():
    products = Product.objects.select_related("family").prefetch_related("translations", "variants")
    for product in products:
        product.full_clean()
        for translation in product.translations.all():
            translation.product = product
            translation.full_clean()
        for variant in product.variants.all():
            variant.product = product
            variant.full_clean()
        if product.status == Product.Status.ACTIVE:
            assert product_activation_problems(product=product, translations=list(product.translations.all()),
                                               variants=list(product.variants.all())) == [], product.code
    gtins = list(Variant.objects.values_list("gtin", flat=True))
    assert None not in gtins and len(set(gtins)) == len(gtins)
    for gtin in gtins:
        validate_gtin(gtin)
    for price in Price.objects.select_related("price_list")[:200]:
        price.full_clean()


# -- generate_catalog --------------------------------------------------------------------------------------------


def synthetic_counts() -> dict[str, int]:
    synthetic = {"code__startswith": "GEN-"}
    return {
        "products": Product.objects.filter(**synthetic).count(),
        "translations": ProductTranslation.objects.filter(**{f"product__{k}": v for k, v in synthetic.items()}).count(),
        "variants": Variant.objects.filter(product__code__startswith="GEN-").count(),
        "prices": Price.objects.filter(variant__product__code__startswith="GEN-").count(),
        "stock_levels": StockLevel.objects.filter(variant__product__code__startswith="GEN-").count(),
        "media": ProductMedia.objects.filter(product__code__startswith="GEN-").count(),
    }


@pytest.mark.django_db
def test_generate_catalog_adds_only_the_missing_products():
    run("generate_catalog", "--products", "30", "--variants-per-product", "2", "--batch-size", "7", "--no-progress")
    price_lists, locations = PriceList.objects.count(), Location.objects.count()
    assert price_lists == 4 and locations == 2
    first = synthetic_counts()
    assert first == {"products": 30, "translations": 60, "variants": 60, "prices": 60 * price_lists,
                     "stock_levels": 60 * locations, "media": 30}

    output = run("generate_catalog", "--products", "30", "--no-progress")
    assert synthetic_counts() == first
    assert "0 products" in output

    run("generate_catalog", "--products", "45", "--no-progress")  # 15 more, with the default 3 variants each
    codes = sorted(Product.objects.filter(code__startswith="GEN-").values_list("code", flat=True))
    assert codes == [f"GEN-{number:07d}" for number in range(1, 46)]
    assert synthetic_counts()["variants"] == 60 + 15 * 3
    assert Variant.objects.filter(product__code="GEN-0000045").count() == 3

    gtins = list(Variant.objects.values_list("gtin", flat=True))
    assert len(set(gtins)) == len(gtins) == 105
    skus = list(Variant.objects.values_list("sku", flat=True))
    assert len(set(skus)) == len(skus)
    _check_generated_rows_valid()


def _check_generated_rows_valid():
    sample = Product.objects.filter(code__in=["GEN-0000001", "GEN-0000017", "GEN-0000030", "GEN-0000031",
                                              "GEN-0000045"]).prefetch_related("translations", "variants__prices")
    assert len(sample) == 5
    for product in sample:
        assert product.status == Product.Status.ACTIVE
        product.full_clean()  # attribute values against the family: types, options, required ones
        translations, variants = list(product.translations.all()), list(product.variants.all())
        assert {translation.locale.code for translation in translations} == {"en", "pl"}
        for translation in translations:
            translation.product = product
            translation.full_clean()
        axis_keys = set()
        for variant in variants:
            variant.product = product
            stored_axis_key = variant.axis_key
            variant.full_clean()  # GTIN check digit, axis values against the family's options, SKU format
            assert variant.axis_key == stored_axis_key
            axis_keys.add(variant.axis_key)
            for price in variant.prices.all():
                price.full_clean()
        assert len(axis_keys) == len(variants)
        assert product_activation_problems(product=product, translations=translations, variants=variants) == []


@pytest.mark.django_db
def test_generate_catalog_queries_do_not_grow_with_the_batch(django_assert_num_queries):
    synthetic_catalog_generate(products=1, progress=False)  # reference data and pictures exist from here on
    with CaptureQueriesContext(connection) as small:
        synthetic_catalog_generate(products=11, batch_size=100, progress=False)
    with django_assert_num_queries(len(small)):
        synthetic_catalog_generate(products=51, batch_size=100, progress=False)
    assert Variant.objects.count() == 51 * 3


@pytest.mark.django_db
def test_generate_catalog_refuses_impossible_arguments():
    with pytest.raises(Exception, match="variants per product"):
        run("generate_catalog", "--products", "1", "--variants-per-product", "0", "--no-progress")
    assert not Product.objects.exists()


# -- ensure_admin ------------------------------------------------------------------------------------------------


def printed_password(output: str) -> str:
    match = re.search(r"^Password: (\S+)$", output, re.MULTILINE)
    assert match, output
    return match.group(1)


@pytest.mark.django_db
def test_ensure_admin_prints_a_password_that_logs_in(settings, tmp_path):
    settings.DEBUG, settings.VAR_DIR, settings.SITE_URL = True, tmp_path, "http://127.0.0.1:8000"
    output = run("ensure_admin")
    password = printed_password(output)
    assert "http://127.0.0.1:8000/admin/" in output and "Username: admin" in output
    assert Client().login(username="admin", password=password)
    assert get_user_model().objects.get(username="admin").is_superuser
    password_file = tmp_path / "admin_password"
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert password_file.read_text().strip() == password

    assert printed_password(run("ensure_admin")) == password
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_ensure_admin_does_not_reveal_a_changed_password(settings, tmp_path):
    settings.DEBUG, settings.VAR_DIR = True, tmp_path
    password = printed_password(run("ensure_admin"))
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("chosen-by-the-merchandiser")
    admin.save()

    output = run("ensure_admin")

    assert password not in output and "chosen-by-the-merchandiser" not in output
    assert "changepassword admin" in output


@pytest.mark.django_db
def test_ensure_admin_in_production_mode_only_points_to_createsuperuser(settings, tmp_path):
    settings.DEBUG, settings.VAR_DIR = False, tmp_path
    output = run("ensure_admin")
    assert "createsuperuser" in output and "Password" not in output
    assert not get_user_model().objects.exists()
    assert not (tmp_path / "admin_password").exists()
