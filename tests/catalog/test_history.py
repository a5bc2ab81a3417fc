# ruff: noqa: F811 - the admin fixtures are imported from tests.catalog.admin_pages and used as arguments
"""History rows: every write path (service calls from the shell, the admin product page, bulk actions) records who,
when, through what and the values, one version per logical save."""

from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse

from catalog import bulk, services
from catalog.history.context import HistorySource, history_context, history_scope
from catalog.models import Price, Product, ProductTranslation, StockLevel, Variant
from pim.middleware import HistorySourceMiddleware
from tests.catalog.admin_pages import (  # noqa: F401
    admin_client,
    admin_user,
    catalog,
    change_url,
    form_data,
    product_with_variants,
)
from tests.factories import (
    CategoryFactory,
    LocationFactory,
    PriceListFactory,
    ProductFactory,
    UserFactory,
    VariantFactory,
)

pytestmark = pytest.mark.django_db


def test_service_edits_from_the_shell_are_recorded_with_their_values(locales):
    product = ProductFactory(code="MUG", title="Mug")
    services.product_update(product_id=product.pk, expected_version=product.version, status="archived",
                            attributes={})
    rows = list(Product.history.filter(id=product.pk).order_by("history_date", "history_id"))
    assert [(row.history_type, row.status, row.history_source) for row in rows] == [
        ("+", "draft", HistorySource.SHELL), ("~", "archived", HistorySource.SHELL)]
    assert rows[-1].history_user is None and rows[-1].version == product.version + 1


def test_a_save_that_changes_only_the_version_writes_no_product_version(locales):
    product = ProductFactory(code="MUG", title="Mug")
    services.product_update(product_id=product.pk, expected_version=product.version)
    assert Product.history.filter(id=product.pk).count() == 1


def test_history_context_names_the_user_and_the_reason(locales):
    user = UserFactory(username="maria")
    product = ProductFactory(code="MUG", title="Mug")
    with history_context(source=HistorySource.API, user=user, reason="ERP sync"):
        services.product_translation_save(product=product, locale_code="en", title="Enamel mug")
    row = ProductTranslation.history.filter(product_id=product.pk).first()
    assert (row.title, row.history_user, row.history_source, row.history_change_reason) == (
        "Enamel mug", user, HistorySource.API, "ERP sync")


def test_categories_are_recorded_with_each_product_version(locales):
    shoes, sale = CategoryFactory(code="shoes"), CategoryFactory(code="sale")
    family = ProductFactory(code="X").family
    product = services.product_create(code="RUN-1", family=family, categories=[shoes],
                                      variants=[services.VariantInput(sku="RUN-1-42")])
    services.product_update(product_id=product.pk, expected_version=product.version, categories=[shoes, sale])
    rows = list(Product.history.filter(id=product.pk).order_by("history_date", "history_id"))
    assert [row.category_ids for row in rows] == [[shoes.pk], sorted([shoes.pk, sale.pk])]


def test_a_created_product_and_its_children_are_one_moment(locales):
    family = ProductFactory(code="X").family
    product = services.product_create(
        code="RUN-1", family=family, translations=[services.TranslationInput(locale_code="en", title="Runner")],
        variants=[services.VariantInput(sku="RUN-1-42")])
    product_row = Product.history.get(id=product.pk)
    dates = {row.history_date for model in (ProductTranslation, Variant)
             for row in model.history.filter(product_id=product.pk)}
    assert dates == {product_row.history_date}  # "as of this version" includes its translations and variants


def test_prices_stock_and_deletes_through_services_are_recorded(locales):
    variant = VariantFactory(sku="MUG-1")
    price_list, warehouse = PriceListFactory(code="retail"), LocationFactory(code="warehouse")
    price = services.price_save(variant=variant, price_list=price_list, amount=Decimal("10"))
    services.price_save(variant=variant, price_list=price_list, amount=Decimal("12"))
    services.stock_level_save(variant=variant, location=warehouse, quantity=4)
    services.price_delete(price_id=price.pk)
    assert [(row.history_type, row.amount) for row in Price.history.order_by("history_date", "history_id")] == [
        ("+", Decimal("10")), ("~", Decimal("12")), ("-", Decimal("12"))]
    assert StockLevel.history.get().quantity == 4


def test_admin_page_save_records_the_user_and_the_admin_source_once_per_row(admin_client, admin_user, catalog):
    product = product_with_variants(catalog["family"], 2, status=Product.Status.ACTIVE,
                                    attributes={"chest_width": {"amount": 50, "unit": "cm"}})
    services.product_translation_save(product=product, locale_code="en", title="Shirt",
                                      attributes={"material": "Cotton"})
    page = admin_client.get(change_url(product))
    data = form_data(page)
    data["translation_en-0-title"] = "Oxford shirt"
    data["variants-0-mpn"] = "MPN-NEW"
    before = Product.history.filter(id=product.pk).count()
    response = admin_client.post(change_url(product), data)
    assert response.status_code == 302

    translation_row = ProductTranslation.history.filter(product_id=product.pk).first()
    variant_row = Variant.history.filter(product_id=product.pk, mpn="MPN-NEW").get()
    for row in (translation_row, variant_row):
        assert (row.history_user, row.history_source) == (admin_user, HistorySource.ADMIN)
    assert translation_row.title == "Oxford shirt"
    # Saved as a draft, children, then activated again: one product version for the page, with the status it ended
    # with and the page's moment (the version to restore "as the page was saved").
    product.refresh_from_db()
    rows = list(Product.history.filter(id=product.pk))
    assert len(rows) == before + 1
    assert (rows[0].status, rows[0].version, rows[0].history_user) == ("active", product.version, admin_user)
    assert rows[0].history_date == translation_row.history_date == variant_row.history_date


def test_a_page_saved_without_changes_writes_no_history(admin_client, catalog):
    product = product_with_variants(catalog["family"], 1, attributes={})
    data = form_data(admin_client.get(change_url(product)))
    before = {model: model.history.count() for model in (Product, ProductTranslation, Variant, Price, StockLevel)}
    assert admin_client.post(change_url(product), data).status_code == 302
    assert {model: model.history.count() for model in before} == before


def test_admin_page_save_changing_the_product_is_one_product_version(admin_client, admin_user, catalog):
    product = product_with_variants(catalog["family"], 1, status=Product.Status.ACTIVE,
                                    attributes={"chest_width": {"amount": 50, "unit": "cm"}})
    services.product_translation_save(product=product, locale_code="en", title="Shirt",
                                      attributes={"material": "Cotton"})
    data = form_data(admin_client.get(change_url(product)))
    data["attribute__chest_width_0"] = "55"
    before = Product.history.filter(id=product.pk).count()
    assert admin_client.post(change_url(product), data).status_code == 302
    rows = list(Product.history.filter(id=product.pk))
    assert len(rows) == before + 1
    assert (rows[0].status, rows[0].attributes["chest_width"]["amount"], rows[0].history_user) == (
        "active", 55, admin_user)


def test_bulk_actions_record_every_product_with_the_bulk_source(admin_client, admin_user, catalog):
    products = [product_with_variants(catalog["family"], 1) for _ in range(3)]
    category = CategoryFactory(code="summer")
    response = admin_client.post(reverse("admin:catalog_product_changelist"), {
        "action": "bulk_category_add", "_selected_action": [product.pk for product in products],
        "category": category.pk, "bulk_edit_confirmed": "1"})
    assert response.status_code == 302
    rows = Product.history.filter(id__in=[product.pk for product in products], category_ids=[category.pk])
    assert rows.count() == 3
    assert {(row.history_source, row.history_user_id, row.history_change_reason) for row in rows} == {
        (HistorySource.BULK, admin_user.pk, "Add to a category")}

    response = admin_client.post(reverse("admin:catalog_product_changelist"), {
        "action": "archive", "_selected_action": [product.pk for product in products]})
    assert response.status_code == 302
    assert Product.history.filter(id__in=[product.pk for product in products], status="archived",
                                  history_source=HistorySource.BULK).count() == 3


def test_bulk_services_write_history_with_a_fixed_number_of_queries(locales, django_assert_max_num_queries):
    category = CategoryFactory(code="summer")
    few = [ProductFactory().pk for _ in range(2)]
    many = [ProductFactory().pk for _ in range(30)]
    with django_assert_max_num_queries(20) as small:
        bulk.product_categories_add(product_ids=few, category=category)
    with django_assert_max_num_queries(len(small)):
        bulk.product_categories_add(product_ids=many, category=category)
    with django_assert_max_num_queries(len(small) + 2):
        services.product_status_set(product_ids=many, status="archived")
    assert Product.history.filter(id__in=many, status="archived").count() == 30


def test_the_middleware_tags_admin_and_api_requests():
    seen = []

    def view(request):
        from catalog.history.context import history_context_current

        seen.append(history_context_current().source)

    middleware = HistorySourceMiddleware(view)
    factory = RequestFactory()
    for path in ("/admin/catalog/product/1/change/", "/api/v1/stock/", "/feeds/x.xml"):
        middleware(factory.get(path))
    assert seen == [HistorySource.ADMIN, HistorySource.API, HistorySource.SHELL]


def test_an_api_request_records_its_authenticated_user_and_source(locales, settings):
    """Through the real middleware stack: the user is read when the row is written (APIs authenticate in the view)."""
    from django.http import HttpResponse
    from django.urls import path

    user = UserFactory(username="erp")
    product = ProductFactory(code="MUG", title="Mug")

    def stock_view(request):
        request.user = user  # what an API's authentication does inside the view
        services.product_translation_save(product=product, locale_code="en", title="From the API")
        return HttpResponse("ok")

    urlconf = type("urls", (), {"urlpatterns": [path("api/test-stock/", stock_view)]})
    settings.ROOT_URLCONF = urlconf
    from django.test import Client

    assert Client().post("/api/test-stock/").status_code == 200
    row = ProductTranslation.history.filter(product_id=product.pk).first()
    assert (row.title, row.history_user, row.history_source) == ("From the API", user, HistorySource.API)


def test_a_scope_folds_repeated_saves_of_a_row_into_one_version(locales):
    product = ProductFactory(code="MUG", title="Mug")
    with history_scope():
        services.product_translation_save(product=product, locale_code="en", title="One")
        services.product_translation_save(product=product, locale_code="en", title="Two")
    rows = list(ProductTranslation.history.filter(product_id=product.pk, title__in=["One", "Two"]))
    assert [row.title for row in rows] == ["Two"]
