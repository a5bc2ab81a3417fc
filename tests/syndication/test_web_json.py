"""The schema.org DataFeed, read back with json and checked against FEEDS.md section 3."""

import json
from decimal import Decimal

import pytest

from catalog import services as catalog_services
from syndication.models import FeedRun
from tests.syndication.conftest import channel_for, published_bytes, run_channel


@pytest.fixture
def feed(shop, locales, feeds_root):
    shop.price_list.currency = "RUB"
    shop.price_list.save()
    # A sale that has not started yet: announced by Google's window, not the JSON offer's price.
    catalog_services.price_save(variant=shop.red_l, price_list=shop.price_list, amount=Decimal("199"),
                                sale_amount=Decimal("99"), sale_start=shop.restock, sale_end=shop.release)
    channel = channel_for(shop, locales, format="web_json", code="web-ru", locale="ru", utm_source="",
                          utm_medium="", utm_campaign="", link_template="https://shop.example.com/p/{slug}?sku={sku}")
    run = run_channel(channel)
    assert run.status == FeedRun.Status.SUCCEEDED, run.error
    return json.loads(published_bytes(run, feeds_root))


def test_data_feed_envelope(feed):
    assert feed["@context"] == "https://schema.org" and feed["@type"] == "DataFeed"
    assert "T" in feed["dateModified"] and feed["dateModified"].endswith("+00:00")
    types = [element["@type"] for element in feed["dataFeedElement"]]
    assert types.count("Product") == 5 and types.count("ProductGroup") == 1


def test_product_group(feed):
    group = next(element for element in feed["dataFeedElement"] if element["@type"] == "ProductGroup")
    products = {element["sku"]: element for element in feed["dataFeedElement"] if element["@type"] == "Product"}
    assert group["productGroupID"] == "LINSHIRT" and group["name"] == "Acme Linen Shirt"
    assert group["brand"] == {"@type": "Brand", "name": "Acme"}
    assert group["variesBy"] == ["https://schema.org/color", "https://schema.org/size"]
    assert {reference["@id"] for reference in group["hasVariant"]} == {
        products[sku]["@id"] for sku in products if sku.startswith("LINSHIRT")}
    assert group["@id"] == "https://shop.example.com/p/linen-shirt#group"


def test_products_and_offers(feed, shop):
    products = {element["sku"]: element for element in feed["dataFeedElement"] if element["@type"] == "Product"}
    blue_m, blue_l, red_m, mug = (products[sku] for sku in ("LINSHIRT-BLU-M", "LINSHIRT-BLU-L", "LINSHIRT-RED-M",
                                                            "MUG-1"))
    assert blue_m["inProductGroupWithID"] == "LINSHIRT" and "inProductGroupWithID" not in mug
    assert mug["gtin13"] == "5901234123457" and "gtin" not in mug
    assert blue_m["url"] == "https://shop.example.com/p/linen-shirt?sku=LINSHIRT-BLU-M"
    assert blue_m["image"][0].startswith("https://pim.example.com/media/")
    offer = blue_m["offers"]
    # During a sale the offer's price is the sale price; the regular one is the strikethrough price.
    assert offer["price"] == "159.00" and offer["priceCurrency"] == "RUB"
    assert offer["priceSpecification"]["price"] == "199.00"
    assert offer["priceValidUntil"] == shop.sale_end.date().isoformat()
    assert offer["availability"] == "https://schema.org/InStock"
    assert blue_l["offers"]["availability"] == "https://schema.org/BackOrder"
    assert blue_l["offers"]["availabilityStarts"] == shop.restock.isoformat()
    assert red_m["offers"]["availability"] == "https://schema.org/PreOrder"
    assert products["LINSHIRT-RED-L"]["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert mug["offers"]["price"] == "25.50"
    future_sale = products["LINSHIRT-RED-L"]["offers"]
    assert future_sale["price"] == "199.00" and "priceSpecification" not in future_sale


def test_ids_stay_unique_when_the_link_has_no_sku(shop, locales, feeds_root):
    channel = channel_for(shop, locales, format="web_json", code="web-en", locale="en",
                          link_template="https://shop.example.com/p/{slug}")
    feed = json.loads(published_bytes(run_channel(channel), feeds_root))
    ids = [element["@id"] for element in feed["dataFeedElement"]]
    assert len(ids) == len(set(ids)) == 6
    products = {element["sku"]: element for element in feed["dataFeedElement"] if element["@type"] == "Product"}
    assert products["LINSHIRT-BLU-M"]["@id"] == "https://shop.example.com/p/linen-shirt#LINSHIRT-BLU-M"
    assert products["LINSHIRT-BLU-M"]["url"] == "https://shop.example.com/p/linen-shirt?utm_source=google&" \
                                                "utm_medium=product_feed&utm_campaign=web-en"
