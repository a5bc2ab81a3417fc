"""Bulk stock and price upserts: all rows or none, every bad row listed, unchanged rows not written."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import Price, Product, StockLevel
from catalog.signals import products_changed
from tests.factories import LocationFactory, PriceListFactory, ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)  # products_changed is announced after the commit

STOCK_URL, PRICES_URL = "/api/v1/stock-levels/bulk/", "/api/v1/prices/bulk/"


@pytest.fixture
def announcements():
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs["product_ids"])

    products_changed.connect(listener, dispatch_uid="test_bulk_listener")
    yield heard
    products_changed.disconnect(dispatch_uid="test_bulk_listener")


def stock(shop) -> dict[tuple[str, str], int]:
    return {(sku, location): quantity for sku, location, quantity in StockLevel.objects.values_list(
        "variant__sku", "location__code", "quantity")}


def test_stock_rows_are_created_updated_or_left_alone(shop, integration, announcements):
    store = LocationFactory(code="store_krakow", kind="store")
    Product.objects.update(updated_at=timezone.now() - datetime.timedelta(days=1))
    response = integration.post(STOCK_URL, {"rows": [
        {"sku": "LINSHIRT-BLU-M", "location": "warehouse", "quantity": 3},  # as stored
        {"sku": "LINSHIRT-BLU-M", "location": "store_krakow", "quantity": 5},
        {"sku": "MUG-1", "location": "warehouse", "quantity": 0},
    ]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"created": 1, "updated": 1, "unchanged": 1}
    levels = stock(shop)
    assert levels[("LINSHIRT-BLU-M", "store_krakow")] == 5 and levels[("MUG-1", "warehouse")] == 0
    assert announcements[-1] == frozenset({shop.shirt.pk, shop.mug.pk})  # feeds that follow the catalog follow
    recent = timezone.now() - datetime.timedelta(minutes=5)
    assert set(Product.objects.filter(updated_at__gte=recent).values_list("code", flat=True)) == {"LINSHIRT", "MUG"}
    # The same push again changes nothing, and touches no product.
    announcements.clear()
    Product.objects.update(updated_at=timezone.now() - datetime.timedelta(days=1))
    response = integration.post(STOCK_URL, {"rows": [
        {"sku": "LINSHIRT-BLU-M", "location": "store_krakow", "quantity": 5}]}, format="json")
    assert response.json() == {"created": 0, "updated": 0, "unchanged": 1}
    assert not Product.objects.filter(updated_at__gte=recent).exists()
    assert store.stock_levels.count() == 1


def test_one_bad_stock_row_refuses_all_and_every_problem_is_listed(shop, integration):
    before = stock(shop)
    response = integration.post(STOCK_URL, {"rows": [
        {"sku": "MUG-1", "location": "warehouse", "quantity": 99},  # fine, but not saved
        {"sku": "NOPE", "location": "warehouse", "quantity": 1},
        {"sku": "MUG-1", "location": "moon", "quantity": 1},
        {"sku": "LINSHIRT-RED-L", "location": "warehouse", "quantity": -4},
        {"sku": "MUG-1", "location": "warehouse", "quantity": 7},
        "not a row",
        {"sku": "LINSHIRT-RED-L", "location": "warehouse", "quantity": "many"},
    ]}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(error["index"], error["field"]) for error in errors] == [
        (1, "sku"), (2, "location"), (3, "quantity"), (4, "sku"), (5, "non_field_errors"), (6, "quantity")]
    assert errors[0] == {"index": 1, "field": "sku", "value": "NOPE", "reason": "No variant has the SKU NOPE."}
    assert errors[1]["reason"] == "There is no location moon."
    assert errors[2]["value"] == -4
    assert errors[3]["reason"] == "Row 0 already sets MUG-1 in warehouse: send each pair once."
    assert stock(shop) == before


def test_the_body_must_be_rows_and_not_too_many(shop, integration, settings):
    for body in ([{"sku": "MUG-1"}], {"rows": "x"}, {}):
        response = integration.post(STOCK_URL, body, format="json")
        assert response.status_code == 400 and list(response.json()) == ["rows"]
    settings.PIM_API_BULK_MAX_ROWS = 2
    rows = [{"sku": "MUG-1", "location": "warehouse", "quantity": quantity} for quantity in range(3)]
    response = integration.post(STOCK_URL, {"rows": rows}, format="json")
    assert response.status_code == 413
    assert response.json() == {"detail": "3 rows: at most 2 per request; split them into several requests."}
    assert integration.post(STOCK_URL, {"rows": []}, format="json").json() == {"created": 0, "updated": 0,
                                                                                "unchanged": 0}


def test_prices_with_promotions_and_fields_left_out(shop, integration):
    start, end = "2030-06-01T00:00:00+02:00", "2030-06-30T23:59:00+02:00"
    response = integration.post(PRICES_URL, {"rows": [
        {"sku": "MUG-1", "price_list": "retail_pl", "sale_amount": "19.99", "sale_start": start, "sale_end": end},
        {"sku": "LINSHIRT-RED-L", "price_list": "retail_pl", "amount": "189", "sale_amount": None},
    ]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"created": 0, "updated": 2, "unchanged": 0}
    mug = Price.objects.get(variant=shop.mug_variant)
    assert (mug.amount, mug.sale_amount) == (Decimal("25.5"), Decimal("19.99"))  # amount left out: kept
    assert mug.sale_start == datetime.datetime(2030, 5, 31, 22, 0, tzinfo=datetime.UTC)
    # Clearing the sale fields clears the promotion.
    response = integration.post(PRICES_URL, {"rows": [
        {"sku": "MUG-1", "price_list": "retail_pl", "sale_amount": None, "sale_start": None, "sale_end": None}]},
        format="json")
    assert response.json() == {"created": 0, "updated": 1, "unchanged": 0}
    mug.refresh_from_db()
    assert (mug.sale_amount, mug.sale_start, mug.sale_end) == (None, None, None)


def test_bad_price_rows_name_the_rule_and_nothing_is_saved(shop, integration):
    PriceListFactory(code="retail_jp", currency="JPY")
    PriceListFactory(code="retail_eu", currency="EUR")
    ProductFactory(code="NEW", variants=0)
    before = list(Price.objects.values_list("variant_id", "price_list_id", "amount", "sale_amount"))
    response = integration.post(PRICES_URL, {"rows": [
        {"sku": "MUG-1", "price_list": "retail_pl", "amount": "10.001"},
        {"sku": "MUG-1", "price_list": "retail_jp", "amount": "1000.5"},
        {"sku": "LINSHIRT-RED-L", "price_list": "retail_pl", "sale_amount": "250"},
        {"sku": "LINSHIRT-RED-M", "price_list": "retail_jp", "sale_amount": "100"},
        {"sku": "LINSHIRT-BLU-L", "price_list": "retail_pl", "sale_start": "2030-06-01T00:00:00Z"},
        {"sku": "LINSHIRT-BLU-M", "price_list": "retail_eu", "amount": "0"},
        {"sku": "LINSHIRT-BLU-M", "price_list": "nope", "amount": "abc"},
        {"sku": "LINSHIRT-RED-M", "price_list": "retail_pl", "amount": "12", "sale_amount": "9",
         "sale_start": "2030-06-02T00:00:00Z", "sale_end": "2030-06-01T00:00:00Z"},
        {"sku": "MUG-1", "price_list": "retail_eu", "amount": "1e20"},
    ]}, format="json")
    assert response.status_code == 400
    problems = [(error["index"], error["field"], error["reason"]) for error in response.json()["errors"]]
    assert problems == [
        (0, "amount", "10.001 has more decimals than PLN allows (2)."),
        (1, "amount", "1000.5 has more decimals than JPY allows (0)."),
        (2, "sale_amount", "Sale amount 250 must be below the amount 199.0000."),
        (3, "amount", "A price needs an amount."),
        (4, "sale_amount", "A sale window needs a sale amount."),
        (5, "amount", "0 must be above zero."),
        (6, "amount", "A valid number is required."),
        (7, "sale_end", "Sale end 2030-06-01T00:00:00+00:00 must be after the sale start "
                        "2030-06-02T00:00:00+00:00."),
        (8, "amount", "Ensure that there are no more than 14 digits in total."),
    ]
    assert list(Price.objects.values_list("variant_id", "price_list_id", "amount", "sale_amount")) == before


def test_bulk_writes_need_the_price_and_stock_permissions(shop, clients):
    from roles.groups import VIEWER

    viewer = clients.token_client(role=VIEWER)
    row = {"sku": "MUG-1", "price_list": "retail_pl", "amount": "10"}
    assert viewer.post(PRICES_URL, {"rows": [row]}, format="json").status_code == 403
    assert Price.objects.get(variant=shop.mug_variant).amount == Decimal("25.5")


def test_a_few_thousand_rows_in_one_request(shop, integration, django_assert_max_num_queries):
    products = ProductFactory.create_batch(50, variants=0)
    from tests.factories import VariantFactory

    skus = [VariantFactory(product=products[index % 50], axis_key=str(index)).sku for index in range(500)]
    locations = [LocationFactory(code=f"store_{number}") for number in range(6)]
    rows = [{"sku": sku, "location": location.code, "quantity": number % 13}
            for number, (sku, location) in enumerate((sku, location) for sku in skus for location in locations)]
    with django_assert_max_num_queries(40):
        response = integration.post(STOCK_URL, {"rows": rows}, format="json")
    assert response.status_code == 200
    assert response.json()["created"] == 3000
    assert StockLevel.objects.filter(location__in=locations).count() == 3000
