"""The Google RSS feed, parsed back with lxml (namespaces) and checked field by field against FEEDS.md section 1."""

from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import etree

from syndication.models import FeedIssue, FeedRun
from syndication.services import channel_listing_save
from tests.syndication.conftest import channel_for, published_bytes, run_channel

G = "{http://base.google.com/ns/1.0}"


def parsed_items(run, feeds_root) -> tuple[etree._Element, dict[str, etree._Element]]:
    root = etree.fromstring(published_bytes(run, feeds_root))
    return root, {item.findtext(f"{G}id"): item for item in root.iter("item")}


def texts(item, name: str) -> list[str]:
    return [element.text for element in item.findall(f"{G}{name}")]


@pytest.fixture
def google_run(shop, locales, feeds_root):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    return channel, run_channel(channel)


def test_document_is_rss_2_with_the_g_namespace(google_run, feeds_root):
    channel, run = google_run
    assert run.status == FeedRun.Status.SUCCEEDED, run.error
    raw = published_bytes(run, feeds_root)
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<rss')
    root, items = parsed_items(run, feeds_root)
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.nsmap["g"] == "http://base.google.com/ns/1.0"
    assert root.find("channel/title").text == channel.name
    assert root.find("channel/link").text == "https://shop.example.com"
    assert set(items) == {"LINSHIRT-BLU-M", "LINSHIRT-BLU-L", "LINSHIRT-RED-M", "LINSHIRT-RED-L", "MUG-1"}
    assert run.items_written == 5 and run.items_skipped == 0
    assert run.file_name == "google-google-pl.xml"


def test_availability_price_sale_window_and_dates(google_run, shop, feeds_root):
    _channel, run = google_run
    _root, items = parsed_items(run, feeds_root)
    blue_m, blue_l, red_m, red_l = (items[sku] for sku in
                                    ("LINSHIRT-BLU-M", "LINSHIRT-BLU-L", "LINSHIRT-RED-M", "LINSHIRT-RED-L"))
    assert texts(blue_m, "availability") == ["in_stock"]
    assert texts(blue_m, "price") == ["199.00 PLN"]
    assert texts(blue_m, "sale_price") == ["159.00 PLN"]
    start, end = texts(blue_m, "sale_price_effective_date")[0].split("/")
    assert start == shop.sale_start.strftime("%Y-%m-%dT%H:%M+0000")
    assert end == shop.sale_end.strftime("%Y-%m-%dT%H:%M+0000")
    assert texts(blue_l, "availability") == ["backorder"]
    assert texts(blue_l, "availability_date") == [shop.restock.strftime("%Y-%m-%dT%H:%M+0000")]
    assert texts(blue_l, "sale_price") == []
    assert texts(red_m, "availability") == ["preorder"]
    assert texts(red_m, "availability_date") == [shop.release.strftime("%Y-%m-%dT%H:%M+0000")]
    # Stock in a location the channel does not use does not count.
    assert texts(red_l, "availability") == ["out_of_stock"]
    assert texts(red_l, "availability_date") == []
    assert texts(items["MUG-1"], "price") == ["25.50 PLN"]


def test_texts_in_the_channel_locale_with_fallback_and_plain(google_run, feeds_root):
    _channel, run = google_run
    _root, items = parsed_items(run, feeds_root)
    blue_m = items["LINSHIRT-BLU-M"]
    # Polish title and axis labels (Niebieski); the description is empty in Polish, so English, tags stripped.
    assert texts(blue_m, "title") == ["Koszula lniana Acme - Niebieski - M"]
    assert texts(blue_m, "description") == ["Breathable shirt made of 100% linen. Regular fit. Fish & chips."]
    assert texts(blue_m, "color") == ["Niebieski"] and texts(blue_m, "size") == ["M"]
    assert texts(blue_m, "material") == ["Len"]
    assert texts(items["MUG-1"], "title") == ["Enamel mug"]  # no Polish translation at all


def test_links_with_utm_canonical_and_images(google_run, shop, feeds_root):
    _channel, run = google_run
    _root, items = parsed_items(run, feeds_root)
    blue_m = items["LINSHIRT-BLU-M"]
    link = urlsplit(texts(blue_m, "link")[0])
    assert (link.scheme, link.netloc, link.path) == ("https", "shop.example.com", "/pl/p/koszula-lniana")
    assert parse_qs(link.query) == {"sku": ["LINSHIRT-BLU-M"], "utm_source": ["google"],
                                    "utm_medium": ["product_feed"], "utm_campaign": ["google-pl"]}
    assert texts(blue_m, "canonical_link") == ["https://shop.example.com/pl/p/koszula-lniana?sku=LINSHIRT-BLU-M"]
    images = texts(blue_m, "image_link") + texts(blue_m, "additional_image_link")
    assert len(images) == 2 and all(url.startswith("https://pim.example.com/media/assets/") for url in images)
    assert all("utm_" not in url for url in images)
    red_m_images = texts(items["LINSHIRT-RED-M"], "image_link") + texts(items["LINSHIRT-RED-M"],
                                                                         "additional_image_link")
    assert len(red_m_images) == 3 and red_m_images[1:] == images  # its own image first, then the product's


def test_identifiers_groups_and_categories(google_run, feeds_root):
    _channel, run = google_run
    _root, items = parsed_items(run, feeds_root)
    blue_m, mug = items["LINSHIRT-BLU-M"], items["MUG-1"]
    assert texts(blue_m, "item_group_id") == ["LINSHIRT"]
    assert texts(mug, "item_group_id") == []  # a single-variant product is no group
    assert texts(mug, "gtin") == ["5901234123457"] and texts(mug, "mpn") == []
    assert texts(blue_m, "brand") == ["Acme"] and texts(blue_m, "condition") == ["new"]
    assert texts(blue_m, "google_product_category") == ["212"]
    assert texts(blue_m, "product_type") == ["Odzież > Shirts  tops"]  # no comma may stay inside a level


def test_listing_overrides_and_custom_labels(shop, locales, feeds_root):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    channel_listing_save(channel=channel, product=shop.shirt, title="Summer shirt", custom_label_0="summer",
                         custom_label_4="margin-high")
    channel_listing_save(channel=channel, product=shop.mug, excluded=True)
    _root, items = parsed_items(run_channel(channel), feeds_root)
    assert "MUG-1" not in items
    assert texts(items["LINSHIRT-RED-L"], "title") == ["Summer shirt - Czerwony - L"]
    assert texts(items["LINSHIRT-RED-L"], "custom_label_0") == ["summer"]
    assert texts(items["LINSHIRT-RED-L"], "custom_label_4") == ["margin-high"]
    assert texts(items["LINSHIRT-RED-L"], "custom_label_1") == []


def test_bad_items_are_left_out_with_issues_and_long_titles_cut(shop, locales, feeds_root):
    from catalog.gtin import gtin_with_check_digit
    from catalog.models import Price, ProductTranslation, Variant

    Price.objects.filter(variant=shop.red_l).delete()  # no price: required
    coupon = gtin_with_check_digit("991234567890")  # a valid check digit, but a coupon prefix
    Variant.objects.filter(pk=shop.mug_variant.pk).update(gtin=coupon)
    long_title = "Enamel mug " + "with a very long name " * 10
    ProductTranslation.objects.filter(product=shop.mug).update(title=long_title)
    Variant.objects.filter(pk=shop.blue_m.pk).update(gtin=None, mpn="")  # branded, no identifier
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    run = run_channel(channel)
    _root, items = parsed_items(run, feeds_root)
    assert set(items) == {"LINSHIRT-BLU-L", "LINSHIRT-RED-M"}
    assert run.items_skipped == 3 and run.items_written == 2
    issues = {(issue.sku, issue.field, issue.code, issue.severity) for issue in FeedIssue.objects.filter(run=run)}
    assert ("LINSHIRT-RED-L", "price", "missing", "error") in issues
    assert ("MUG-1", "gtin", "coupon_gtin", "error") in issues
    assert ("MUG-1", "title", "truncated", "warning") in issues
    assert ("LINSHIRT-BLU-M", "mpn", "missing_identifier", "error") in issues


def test_long_title_is_cut_on_a_word_boundary_with_a_warning(shop, locales, feeds_root):
    from catalog.models import ProductTranslation

    words = "Enamel mug " + "with a very long name " * 10
    ProductTranslation.objects.filter(product=shop.mug).update(title=words)
    run = run_channel(channel_for(shop, locales, format="google_merchant", code="google-pl"))
    _root, items = parsed_items(run, feeds_root)
    title = texts(items["MUG-1"], "title")[0]
    assert len(title) <= 150 and words.startswith(title) and words[len(title)] == " "
    issue = FeedIssue.objects.get(run=run, sku="MUG-1", field="title")
    assert issue.severity == "warning" and issue.code == "truncated"


def test_control_characters_never_break_the_xml(shop, locales, feeds_root):
    from catalog.models import Brand, ProductTranslation

    # \x00 is left out: PostgreSQL refuses it before any feed could see it.
    ProductTranslation.objects.filter(product=shop.mug).update(description="Mug\x02 with\x0b a\x1f handle")
    Brand.objects.filter(pk=shop.mug.brand_id).update(name="Ac\x01me")
    run = run_channel(channel_for(shop, locales, format="google_merchant", code="google-pl"))
    _root, items = parsed_items(run, feeds_root)
    assert texts(items["MUG-1"], "description") == ["Mug with a handle"]
    assert texts(items["MUG-1"], "brand") == ["Acme"]
