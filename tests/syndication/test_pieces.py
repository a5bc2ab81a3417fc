"""The pipeline's small parts: link templates, UTM merging, plain text, cuts, GTIN prefixes, the format registry."""

import pytest
from django.core.exceptions import ValidationError

from syndication.formats.registry import FieldSpec, FormatSpec, format_choices, format_get, register_temporarily
from syndication.links import query_merge, tracking_removed
from syndication.models import link_template_check
from syndication.text import plain_text, truncate_on_word
from syndication.validate import gtin_problem
from syndication.write import FeedWriter


@pytest.mark.parametrize("template", [
    "https://shop.example.com/{locale}/p/{slug}?sku={sku}",
    "http://shop.example.pl/p/{code}",
    "https://shop.example.com/p/{slug}?size=M&ref=feed",
])
def test_good_link_templates(template):
    link_template_check(template)


@pytest.mark.parametrize(("template", "code"), [
    ("https://shop.example.com/p/{name}", "unknown_placeholder"),
    ("https://shop.example.com/p/{slug", "invalid_template"),
    ("/p/{slug}", "not_absolute"),
    ("ftp://shop.example.com/{slug}", "not_absolute"),
])
def test_bad_link_templates_are_refused_naming_the_value(template, code):
    with pytest.raises(ValidationError) as refused:
        link_template_check(template)
    assert refused.value.code == code and template in str(refused.value.messages)


def test_utm_merges_into_an_existing_query():
    merged = query_merge("https://shop.example.com/p/shirt?size=M&utm_source=old#top",
                         [("utm_source", "google"), ("utm_medium", "product_feed")])
    assert merged == "https://shop.example.com/p/shirt?size=M&utm_source=google&utm_medium=product_feed#top"
    assert query_merge("https://shop.example.com/p/shirt", [("utm_campaign", "google-pl")]) == (
        "https://shop.example.com/p/shirt?utm_campaign=google-pl")
    assert tracking_removed(merged) == "https://shop.example.com/p/shirt?size=M#top"
    assert query_merge("https://shop.example.com/p?q=a b", [("utm_source", "x&y")]) == (
        "https://shop.example.com/p?q=a+b&utm_source=x%26y")


def test_plain_text_strips_tags_decodes_entities_and_collapses_whitespace():
    assert plain_text("<p>Linen &amp; cotton</p><p>Slim&nbsp;fit</p>\n\n<ul><li>A</li><li>B!</li></ul>") == (
        "Linen & cotton Slim fit A. B!")
    assert plain_text("<h3>Specification</h3><ul><li>Size: M</li><li>Colour: blue</li></ul>") == (
        "Specification. Size: M. Colour: blue.")
    assert plain_text("<script>alert(1)</script>Safe &lt;b&gt;") == "Safe <b>"
    assert plain_text("  plain   text \t") == "plain text"


def test_cut_on_a_word_boundary():
    assert truncate_on_word("Acme linen shirt blue", 12) == "Acme linen"
    assert truncate_on_word("Acme linen shirt", 16) == "Acme linen shirt"
    assert truncate_on_word("Acme linen shirt", 10) == "Acme linen"
    assert truncate_on_word("Supercalifragilistic", 5) == "Super"


@pytest.mark.parametrize(("gtin", "code"), [
    ("5901234123457", None),
    ("036000291452", None),  # UPC-12
    ("96385074", None),  # GTIN-8
    ("5901234123458", "invalid_gtin_check_digit"),
    ("590123412345", "invalid_gtin_check_digit"),
    ("12345", "invalid_gtin_length"),
    ("9912345678909", "coupon_gtin"),
    ("9812345678902", "coupon_gtin"),
    ("2012345678909", "restricted_gtin"),
    ("412345678905", "restricted_gtin"),  # UPC-12 4xxxx = GTIN-13 04xxxx
    ("512345678900", "coupon_gtin"),  # UPC-12 5xxxx = GTIN-13 05xxxx
])
def test_gtin_rules(gtin, code):
    from stdnum import ean

    if code not in {"invalid_gtin_check_digit", "invalid_gtin_length"}:
        gtin = gtin[:-1] + ean.calc_check_digit(gtin[:-1])
    problem = gtin_problem(gtin)
    assert (problem[0] if problem else None) == code


class NullWriter(FeedWriter):
    def begin(self) -> None:
        self.stream.write(b"[")

    def write_item(self, item) -> None:
        self.stream.write(item.sku.encode() + b",")

    def end(self) -> None:
        self.stream.write(b"]")


def test_a_format_registers_without_touching_anything_else():
    spec = FormatSpec(code="throwaway", label="Throwaway", file_prefix="tmp", extension="txt",
                      content_type="text/plain; charset=utf-8", fields=(FieldSpec("sku", required=True),))
    with register_temporarily(spec, NullWriter):
        assert ("throwaway", "Throwaway") in format_choices()
        assert format_get("throwaway") == (spec, NullWriter)
        assert spec.file_name("x") == "tmp-x.txt"
    assert "throwaway" not in dict(format_choices())
    assert {"google_merchant", "meta_catalog", "web_json"} <= set(dict(format_choices()))


def testsale_windows():
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from syndication.project import sale_window
    from syndication.select import PriceRow

    now = timezone.now().replace(second=0, microsecond=0)
    day = datetime.timedelta(days=1)

    def window(start, end):
        return sale_window(PriceRow(Decimal("10"), Decimal("8"), start, end), now)

    assert sale_window(None, now) == (None, None, None)
    assert sale_window(PriceRow(Decimal("10"), None, None, None), now) == (None, None, None)
    assert window(None, None) == (Decimal("8"), None, None)  # open-ended, running now
    assert window(now - day, now - datetime.timedelta(seconds=1)) == (None, None, None)  # over
    assert window(None, now + day) == (Decimal("8"), now, now + day)  # starts now, as Google needs a start
    assert window(now - day, None) == (Decimal("8"), None, None)
    assert window(now + day, None) == (None, None, None)  # not yet, and no end to announce a window with
    assert window(now + day, now + 2 * day) == (Decimal("8"), now + day, now + 2 * day)  # announced ahead
