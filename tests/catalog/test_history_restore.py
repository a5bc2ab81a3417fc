# ruff: noqa: F811 - the admin fixtures are imported from tests.catalog.admin_pages and used as arguments
"""Restoring a version: the product's fields, categories, translations and variant fields come back, prices and stock
stay; it is a new version recorded in history, checked against optimistic locking and followed by the feeds."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from catalog import services
from catalog.history.context import HistorySource
from catalog.history.restore import restore_plan
from catalog.models import Price, Product, ProductTranslation, Variant
from catalog.signals import products_changed
from tests.catalog.admin_pages import admin_client, admin_user, catalog  # noqa: F401
from tests.factories import CategoryFactory, PriceListFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(locales):
    """Version 1 as created; then everything changed: fields, categories, texts, a translation added and one
    removed, a variant's fields, a variant added, a price."""
    shoes, sale = CategoryFactory(code="shoes", name="Shoes"), CategoryFactory(code="sale", name="Sale")
    family = ProductFactory(code="OTHER").family
    product = services.product_create(
        code="RUN-1", family=family, categories=[shoes], status=Product.Status.DRAFT,
        translations=[services.TranslationInput(locale_code="en", title="Runner", slug="runner"),
                      services.TranslationInput(locale_code="it", title="Corridore")],
        variants=[services.VariantInput(sku="RUN-1-42", mpn="M-42", weight=Decimal("0.5"))])
    first = Product.history.get(id=product.pk)
    variant = product.variants.get()
    price_list = PriceListFactory(code="retail")
    services.price_save(variant=variant, price_list=price_list, amount=Decimal("100"))

    product = services.product_update(product_id=product.pk, expected_version=product.version, code="RUN-ONE",
                                      categories=[sale], status=Product.Status.ARCHIVED)
    services.product_translation_save(product=product, locale_code="en", title="Road runner", slug="road-runner")
    services.product_translation_save(product=product, locale_code="pl", title="Biegacz")
    services.product_translation_delete(translation_id=product.translations.get(locale__code="it").pk)
    services.variant_update(variant_id=variant.pk, data=services.VariantInput(sku="RUN-1-42-EU", mpn="M-42B"))
    product = services.product_update(product_id=product.pk, expected_version=product.version,
                                      attributes={})
    services.price_save(variant=variant, price_list=price_list, amount=Decimal("120"))
    return {"product": Product.objects.get(pk=product.pk), "first": first, "shoes": shoes, "variant": variant}


def test_the_plan_says_what_restoring_changes_and_what_it_keeps(story):
    plan = restore_plan(product=story["product"], history_id=story["first"].history_id)
    changes = {change.label: (change.old, change.new) for change in plan.product_changes}
    assert changes["Code"] == ("RUN-ONE", "RUN-1")
    assert changes["Status"] == ("Archived", "Draft")
    assert changes["Other categories"] == ("Sale", "Shoes")
    translations = {item.subject: item for item in plan.translations}
    assert {subject.split(" ")[0] for subject in translations} == {"English", "Italiano", "Polski"}
    english = translations["English (en)"].changes
    assert (english[0].label, english[0].old, english[0].new) == ("Title", "Road runner", "Runner")
    assert translations["Polski (pl)"].row is None  # added since: removed by the restore
    assert translations["Italiano (it)"].current is None  # removed since: added back
    assert {change.label: change.new for change in plan.variants[0].changes} == {"SKU": "RUN-1-42", "MPN": "M-42",
                                                                                "Weight (kg)": "0.50"}


@pytest.mark.django_db(transaction=True)
def test_a_restore_is_announced_once_committed_like_any_edit(story):
    product = story["product"]
    heard = []

    def listener(sender, product_ids, **kwargs):
        heard.append(product_ids)

    products_changed.connect(listener, dispatch_uid="restore_test")
    try:
        services.product_restore(product=product, history_id=story["first"].history_id,
                                 expected_version=product.version)
    finally:
        products_changed.disconnect(dispatch_uid="restore_test")
    assert heard == [frozenset({product.pk})]  # one announcement: channels following the catalog regenerate


def test_restore_puts_the_version_back_as_a_new_version(story):
    user = UserFactory(username="olga")
    product = story["product"]
    restored = services.product_restore(product=product, history_id=story["first"].history_id,
                                        expected_version=product.version, user=user)
    assert (restored.code, restored.status, restored.version) == ("RUN-1", "draft", product.version + 1)
    assert list(restored.categories.all()) == [story["shoes"]]
    titles = dict(ProductTranslation.objects.filter(product=restored).values_list("locale__code", "title"))
    assert titles == {"en": "Runner", "it": "Corridore"}
    assert ProductTranslation.objects.get(product=restored, locale__code="en").slug == "runner"
    variant = Variant.objects.get(pk=story["variant"].pk)
    assert (variant.sku, variant.mpn, variant.weight) == ("RUN-1-42", "M-42", Decimal("0.500"))
    assert Price.objects.get(variant=variant).amount == Decimal("120")  # prices are not restored

    newest = Product.history.filter(id=product.pk).first()
    assert (newest.version, newest.history_user, newest.code) == (restored.version, user, "RUN-1")
    assert newest.history_change_reason.startswith(f"Restored from version {story['first'].version} (")
    translation_rows = ProductTranslation.history.filter(product_id=product.pk, history_date=newest.history_date)
    assert {row.history_type for row in translation_rows} == {"~", "+", "-"}  # changed, added back, removed
    assert {row.history_change_reason for row in translation_rows} == {newest.history_change_reason}


def test_restore_of_a_stale_page_is_a_version_conflict_and_changes_nothing(story):
    product = story["product"]
    with pytest.raises(services.ProductVersionConflict):
        services.product_restore(product=product, history_id=story["first"].history_id,
                                 expected_version=product.version - 1)
    product.refresh_from_db()
    assert product.code == "RUN-ONE"


def test_restore_refuses_a_version_of_another_product(story):
    other = ProductFactory(code="OTHER-2")
    with pytest.raises(ValidationError, match="not a version of product"):
        services.product_restore(product=other, history_id=story["first"].history_id,
                                 expected_version=other.version)


def test_restore_goes_through_validation(story):
    product = story["product"]
    ProductFactory(code="run-1")  # the old code is taken meanwhile (codes compare ignoring case)
    with pytest.raises(ValidationError, match="A product with the code RUN-1 already exists"):
        services.product_restore(product=product, history_id=story["first"].history_id,
                                 expected_version=product.version)
    assert Product.objects.get(pk=product.pk).code == "RUN-ONE"


def test_admin_restore_confirms_then_restores(admin_client, admin_user, story):
    product = story["product"]
    url = reverse("admin:catalog_product_restore", args=[product.pk, story["first"].history_id])
    page = admin_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "RUN-ONE" in html and "RUN-1" in html and "Prices and stock" in html
    assert f'name="version" value="{product.version}"' in html

    response = admin_client.post(url, {"version": product.version})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:catalog_product_change", args=[product.pk])
    restored = Product.objects.get(pk=product.pk)
    assert restored.code == "RUN-1"
    newest = Product.history.filter(id=product.pk).first()
    assert (newest.history_source, newest.history_user) == (HistorySource.ADMIN, admin_user)


def test_admin_restore_after_someone_else_saved_tells_and_shows_the_new_comparison(admin_client, story):
    product = story["product"]
    url = reverse("admin:catalog_product_restore", args=[product.pk, story["first"].history_id])
    seen_version = product.version
    services.product_update(product_id=product.pk, expected_version=product.version, code="RUN-TWO",
                            user=UserFactory(username="piotr"))
    response = admin_client.post(url, {"version": seen_version})
    html = response.content.decode()
    assert response.status_code == 200
    assert "piotr saved this product" in html and "Nothing was restored" in html
    assert "RUN-TWO" in html  # the comparison is made again against what is saved now
    assert f'name="version" value="{seen_version + 1}"' in html
    assert Product.objects.get(pk=product.pk).code == "RUN-TWO"


def test_admin_restore_shows_a_refusal_on_the_page(admin_client, story):
    product = story["product"]
    ProductFactory(code="RUN-1")
    url = reverse("admin:catalog_product_restore", args=[product.pk, story["first"].history_id])
    response = admin_client.post(url, {"version": product.version})
    assert response.status_code == 200 and "Nothing was restored" in response.content.decode()


def test_unknown_version_is_not_found(admin_client, story):
    other = ProductFactory(code="OTHER-3")
    url = reverse("admin:catalog_product_restore", args=[other.pk, story["first"].history_id])
    assert admin_client.get(url).status_code == 404


def test_rows_from_before_the_history_are_never_lost_by_a_restore(locales, settings):
    settings.SIMPLE_HISTORY_ENABLED = False  # a catalog saved before the history was installed
    family = ProductFactory(code="OTHER").family
    product = services.product_create(
        code="OLD-1", family=family,
        translations=[services.TranslationInput(locale_code="en", title="Old"),
                      services.TranslationInput(locale_code="pl", title="Stary")],
        variants=[services.VariantInput(sku="OLD-1-A", mpn="A")])
    settings.SIMPLE_HISTORY_ENABLED = True
    product = services.product_update(product_id=product.pk, expected_version=product.version, status="archived")
    first = Product.history.get(id=product.pk)  # the first recorded version
    services.product_translation_save(product=product, locale_code="pl", title="Stary (nowy)")  # first row: "~"
    services.variant_update(variant_id=product.variants.get().pk, data=services.VariantInput(sku="OLD-1-A", mpn="B"))

    plan = restore_plan(product=product, history_id=first.history_id)
    assert plan.translations == [] and plan.variants == []  # their values then were never recorded
    assert sorted(plan.not_recorded) == ["Translation Polski (pl)", "Variant OLD-1-A"]
    restored = services.product_restore(product=product, history_id=first.history_id,
                                        expected_version=Product.objects.get(pk=product.pk).version)
    titles = dict(ProductTranslation.objects.filter(product=restored).values_list("locale__code", "title"))
    assert titles == {"en": "Old", "pl": "Stary (nowy)"}  # English never changed; Polish kept as it is


def test_the_baseline_command_records_rows_without_history_once(locales, settings):
    settings.SIMPLE_HISTORY_ENABLED = False
    sale = CategoryFactory(code="sale", name="Sale")
    product = ProductFactory(code="OLD-2", title="Old two")
    product.categories.add(sale)
    settings.SIMPLE_HISTORY_ENABLED = True
    call_command("history_baseline", stdout=io.StringIO())
    call_command("history_baseline", stdout=io.StringIO())
    row = Product.history.get(id=product.pk)
    assert (row.history_type, row.category_ids, row.history_date) == ("~", [sale.pk], product.updated_at)
    assert ProductTranslation.history.filter(product_id=product.pk).count() == 1
    assert Variant.history.filter(product_id=product.pk).count() == 1
