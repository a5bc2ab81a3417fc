"""The Meta CSV, read back with the csv module and checked against FEEDS.md section 2."""

import csv
import io

import pytest

from syndication.formats.meta_catalog import COLUMNS
from syndication.models import FeedRun
from tests.syndication.conftest import channel_for, published_bytes, run_channel


@pytest.fixture
def meta_rows(shop, locales, feeds_root):
    channel = channel_for(shop, locales, format="meta_catalog", code="meta-it", locale="it", utm_source="Facebook",
                          link_template="https://shop.example.com/{locale}/p/{slug}?size=M&ref=Feed")
    run = run_channel(channel)
    assert run.status == FeedRun.Status.SUCCEEDED, run.error
    raw = published_bytes(run, feeds_root)
    return raw, {row["id"]: row for row in csv.DictReader(io.StringIO(raw.decode("utf-8"), newline=""))}


def test_header_and_quoting(meta_rows):
    raw, rows = meta_rows
    lines = raw.decode("utf-8").split("\r\n")
    assert lines[0] == ",".join(f'"{column}"' for column in COLUMNS)
    assert lines[0].startswith('"id","item_group_id","title","description","availability","condition","price"')
    # QUOTE_ALL: every field quoted, spaces and commas included, the empty ones too.
    assert all(line.startswith('"') and line.endswith('"') for line in lines[1:] if line)
    assert len(rows) == 5


def test_values_in_meta_spelling(meta_rows, shop):
    _raw, rows = meta_rows
    assert rows["LINSHIRT-BLU-M"]["availability"] == "in stock"
    assert rows["LINSHIRT-BLU-L"]["availability"] == "available for order"
    assert rows["LINSHIRT-RED-M"]["availability"] == "preorder"
    assert rows["LINSHIRT-RED-L"]["availability"] == "out of stock"
    blue_m = rows["LINSHIRT-BLU-M"]
    assert (blue_m["price"], blue_m["sale_price"]) == ("199.00 PLN", "159.00 PLN")
    assert blue_m["sale_price_effective_date"] == (
        f"{shop.sale_start:%Y-%m-%dT%H:%M}+00:00/{shop.sale_end:%Y-%m-%dT%H:%M}+00:00")
    assert rows["LINSHIRT-BLU-L"]["sale_price"] == "" and rows["LINSHIRT-BLU-L"]["sale_price_effective_date"] == ""
    assert blue_m["condition"] == "new" and blue_m["brand"] == "Acme"
    # The varying fields are filled on every row of the group, out-of-stock rows included.
    assert {row["item_group_id"] for sku, row in rows.items() if sku.startswith("LINSHIRT")} == {"LINSHIRT"}
    assert rows["LINSHIRT-RED-L"]["color"] == "Red" and rows["LINSHIRT-RED-L"]["size"] == "L"
    assert rows["MUG-1"]["item_group_id"] == ""


def test_links_merge_utm_into_the_existing_query(meta_rows):
    _raw, rows = meta_rows
    # Italian falls back to English for the slug and texts; existing parameters stay, UTM values lower-cased.
    assert rows["LINSHIRT-BLU-M"]["link"] == (
        "https://shop.example.com/it/p/linen-shirt?size=M&ref=Feed&utm_source=facebook&utm_medium=product_feed"
        "&utm_campaign=meta-it")
    assert rows["LINSHIRT-BLU-M"]["title"] == "Acme Linen Shirt - Blue - M"
    assert rows["LINSHIRT-BLU-M"]["description"] == "Breathable shirt made of 100% linen. Regular fit. Fish & chips."
    assert "<" not in rows["LINSHIRT-BLU-M"]["description"] and "&amp;" not in rows["LINSHIRT-BLU-M"]["description"]


def test_additional_images_in_one_cell(meta_rows):
    _raw, rows = meta_rows
    red_m = rows["LINSHIRT-RED-M"]
    extra = red_m["additional_image_link"].split(",")
    assert len(extra) == 2 and all(url.startswith("https://pim.example.com/media/") for url in extra)
    assert red_m["image_link"] not in extra
