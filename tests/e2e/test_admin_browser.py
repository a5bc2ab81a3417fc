"""A merchandiser in a real browser: logs in, edits a product's Polish text, saves; and two people saving the same
product, where the second is told and keeps their input."""

import re

import pytest
from django.urls import reverse

from catalog.models import Product, ProductTranslation
from tests.factories import ProductFactory, ProductTranslationFactory, SuperUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


@pytest.fixture
def merchandiser(db):
    return SuperUserFactory(username="anna")


@pytest.fixture
def product(locales):
    product = ProductFactory(code="TSHIRT-001", title="Organic cotton T-shirt")
    ProductTranslationFactory(product=product, locale=locales["pl"], title="Koszulka z bawełny", slug="koszulka")
    return product


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def change_page(live_server, product) -> str:
    return live_server.url + reverse("admin:catalog_product_change", args=[product.pk])


def test_merchandiser_edits_the_polish_title_and_it_is_saved(page, live_server, merchandiser, product):
    log_in(page, live_server, "anna")
    page.goto(change_page(live_server, product))
    polish_title = page.locator("#id_translation_pl-0-title")
    assert polish_title.input_value() == "Koszulka z bawełny"

    polish_title.fill("Koszulka z bawełny organicznej")
    page.click("input[name=_save]")

    page.wait_for_url(re.compile(r"/admin/catalog/product/$"))
    assert page.locator(".messagelist .success").count() == 1
    translation = ProductTranslation.objects.get(product=product, locale__code="pl")
    assert translation.title == "Koszulka z bawełny organicznej"
    assert translation.slug == "koszulka"
    assert ProductTranslation.objects.get(product=product, locale__code="en").title == "Organic cotton T-shirt"
    product.refresh_from_db()
    assert product.updated_by.username == "anna"


def test_the_admin_speaks_polish_to_a_polish_browser(browser, live_server, merchandiser, product):
    context = browser.new_context(locale="pl-PL")
    page = context.new_page()
    try:
        log_in(page, live_server, "anna")
        page.goto(change_page(live_server, product))
        assert page.locator("input[name=_save]").get_attribute("value") == "Zapisz"
        assert page.locator("html").get_attribute("lang") == "pl"
    finally:
        context.close()


def test_second_of_two_people_saving_the_same_product_is_told_and_keeps_their_input(
        browser, live_server, merchandiser, product):
    SuperUserFactory(username="marek")
    contexts = [browser.new_context(locale="en-US") for _ in range(2)]
    anna, marek = (context.new_page() for context in contexts)
    try:
        log_in(anna, live_server, "anna")
        log_in(marek, live_server, "marek")
        anna.goto(change_page(live_server, product))
        marek.goto(change_page(live_server, product))

        anna.fill("#id_translation_pl-0-title", "Koszulka Anny")
        anna.click("input[name=_save]")
        anna.wait_for_url(re.compile(r"/admin/catalog/product/$"))

        marek.fill("#id_translation_pl-0-title", "Koszulka Marka")
        marek.click("input[name=_save]")
        alert = marek.locator(".pim-conflict")
        alert.wait_for()
        assert "anna" in alert.inner_text()
        assert "Koszulka Anny" in alert.locator(".pim-theirs").all_inner_texts()
        assert "Koszulka Marka" in alert.locator(".pim-yours").all_inner_texts()
        assert marek.locator("#id_translation_pl-0-title").input_value() == "Koszulka Marka"
        assert ProductTranslation.objects.get(product=product, locale__code="pl").title == "Koszulka Anny"

        # Having seen Anna's change, Marek saves again on purpose and his version wins.
        marek.click("input[name=_save]")
        marek.wait_for_url(re.compile(r"/admin/catalog/product/$"))
        assert ProductTranslation.objects.get(product=product, locale__code="pl").title == "Koszulka Marka"
        assert Product.objects.get(pk=product.pk).updated_by.username == "marek"
    finally:
        for context in contexts:
            context.close()
