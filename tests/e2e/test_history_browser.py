"""A merchandiser in a real browser: edits a product, opens its History from the product page, reads what changed,
restores the first version after checking the confirmation page, and sees the restore recorded."""

import re

import pytest
from django.urls import reverse

from catalog import services
from catalog.models import Product, ProductTranslation
from tests.e2e.test_admin_browser import log_in
from tests.factories import FamilyFactory, SuperUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def product(locales):
    return services.product_create(
        code="TSHIRT-001", family=FamilyFactory(code="tees"),
        translations=[services.TranslationInput(locale_code="en", title="Organic cotton T-shirt"),
                      services.TranslationInput(locale_code="pl", title="Koszulka z bawełny", slug="koszulka")],
        variants=[services.VariantInput(sku="TSHIRT-001-M")])


def test_merchandiser_reads_the_history_and_restores_a_version(page, live_server, product):
    SuperUserFactory(username="anna")
    log_in(page, live_server, "anna")
    change_page = live_server.url + reverse("admin:catalog_product_change", args=[product.pk])
    page.goto(change_page)
    page.fill("#id_translation_pl-0-title", "Koszulka z lnu")
    page.select_option("#id_status", "archived")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/catalog/product/$"))

    page.goto(change_page)
    page.click(".object-tools a.historylink")
    page.wait_for_url(re.compile(r"/history/$"))
    newest = page.locator("tr.pim-history-entry").first
    assert "Product" in newest.inner_text() and "anna" in newest.inner_text() and "Admin" in newest.inner_text()
    assert "Archived" in newest.locator(".pim-new").all_inner_texts()
    translation = page.locator("tr.pim-history-translation").first
    assert "Koszulka z lnu" in translation.locator(".pim-new").all_inner_texts()
    assert "Koszulka z bawełny" in translation.locator(".pim-old").all_inner_texts()

    page.locator("tr.pim-history-product").last.locator("a.pim-restore-link").click()
    page.wait_for_url(re.compile(r"/restore/$"))
    confirmation = page.locator("#content-main").inner_text()
    assert "Archived" in confirmation and "Draft" in confirmation and "Koszulka z bawełny" in confirmation
    assert "Prices and stock" in confirmation
    page.click("input[name=_restore]")

    page.wait_for_url(re.compile(rf"/admin/catalog/product/{product.pk}/change/$"))
    assert "Restored the version" in page.locator(".messagelist .success").inner_text()
    restored = Product.objects.get(pk=product.pk)
    assert restored.status == Product.Status.DRAFT
    assert ProductTranslation.objects.get(product=product, locale__code="pl").title == "Koszulka z bawełny"

    page.click(".object-tools a.historylink")
    page.wait_for_url(re.compile(r"/history/$"))
    assert "Restored from version" in page.locator("tr.pim-history-product").first.inner_text()
