"""The pipeline's fast paths give what the general code they stand in for gives, on awkward generated input."""

import copy
import csv
import io
import random
import re
from decimal import Decimal

import pytest
from lxml import etree
from stdnum import ean

from syndication import text, validate
from syndication.formats.google_merchant import XML_INVALID, xml_text
from syndication.formats.meta_catalog import csv_line
from syndication.formats.registry import format_get
from syndication.links import LinkBuilder, blank_parameters_removed, link_render, query_merge, tracking_removed
from syndication.project import FeedItem

HTML_PIECES = (
    "<p>", "</p>", "<li>", "</li>", "<ul>", "</ul>", "<br>", "<br/>", "<br />", "<li/>", "<b>", "</b>", "<P>", "</LI>",
    "<h3>", "</h3>", "<td>", "</td>", "<script>", "</script>", "<style>x</style>", "<template>", "</template>",
    "<!-- c -->", '<a href="x>y">', "<a href='q'>", "<a title=x>", "<p class=\"a\" id='b'>", "</p >", "</ p>", "< p>",
    "<", ">", "&amp;", "&nbsp;", "&#8217;", "&lt;b&gt;", "&", "&am", "&#", "\xa0", " ", "\n", "\t", "\r", "x", "Word",
    ".", "!", ":", "…", "é", "\u2028", "\u3000", "\x85",
    "<p\xa0x>", "<div/>", "</div>", "<?pi?>", "<!DOCTYPE html>", "</>", "<x-y>", "\x0b",
    "\x0c", "<p\x0c>", "&quot;",
)


def _plain_text_by_html_parser(value: str) -> str:
    """plain_text as it was before its fast paths: HTMLParser for anything with markup, a regex for whitespace."""
    value = text._CONTROL.sub("", value)
    if "<" not in value and "&" not in value:
        return re.sub(r"\s+", " ", value).strip()
    collector = text._TextCollector()
    collector.feed(value)
    collector.close()
    return re.sub(r"\s+", " ", "".join(collector.parts).replace("\xa0", " ")).strip()


def test_plain_text_without_html_parser_reads_html_as_html_parser_does():
    generator, fast = random.Random(1), 0
    for _ in range(20_000):
        value = "".join(generator.choice(HTML_PIECES) for _ in range(generator.randint(1, 12)))
        assert text.plain_text(value) == _plain_text_by_html_parser(value), repr(value)
        fast += text._simple_html_parts(text._CONTROL.sub("", value)) is not None
    assert fast > 2_000  # the fast path was taken often enough to have been compared


def test_xml_text_is_what_lxml_writes():
    generator = random.Random(2)
    alphabet = [chr(code) for code in (*range(0x80), 0x85, 0xA0, 0xE9, 0x2028, 0xFFFD, 0xFFFE, 0xFFFF, 0x1F600)]
    for _ in range(5_000):
        value = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 16)))
        stream = io.BytesIO()
        with etree.xmlfile(stream, encoding="utf-8") as xml, xml.element("a"):
            xml.write(XML_INVALID.sub("", value))
        assert stream.getvalue() == f"<a>{xml_text(value)}</a>".encode(), repr(value)


def test_check_digit_as_stdnum():
    generator = random.Random(3)
    for _ in range(20_000):
        gtin = "".join(generator.choice("0123456789") for _ in range(generator.choice((8, 12, 13, 14))))
        assert validate._check_digit_valid(gtin) == ean.is_valid(gtin), gtin


@pytest.fixture
def table_only():
    """Run a validation with the spec's written-out checks switched off (the table loop alone)."""
    def validate_by_table(item, spec):
        written_out = spec.fields_clean
        object.__setattr__(spec, "fields_clean", None)  # the spec is frozen; put back below
        try:
            return validate.feed_item_validate(item=item, spec=spec)
        finally:
            object.__setattr__(spec, "fields_clean", written_out)

    return validate_by_table


@pytest.mark.parametrize("format_code", ["google_merchant", "meta_catalog", "web_json"])
def test_written_out_field_checks_agree_with_the_table(format_code, table_only):
    spec = format_get(format_code)[0]
    assert spec.fields_clean is not None
    generator = random.Random(4)
    values = (None, "", [], "x", "x" * 60, "x" * 200, "x " * 2600, "in_stock", "preorder", "new", "used", "male",
              "adult", "all ages", "https://a.b/c", "ftp://x", "https://a b", "PLN", "pln", Decimal("1.00"), 0, 5,
              ["u"] * 3, ["u"] * 12, ("a",))
    names = [field.name for field in spec.fields]
    for _ in range(3_000):
        item = FeedItem(sku="S", product_code="P", title="t", description="d", link="https://x.y/",
                        image_link="https://x.y/i.jpg", price=Decimal("1.00"), currency="PLN", availability="in_stock",
                        brand="b", mpn="m")
        for name in generator.sample(names, generator.randint(0, 4)):
            value = generator.choice(values)
            if name == "availability" and not isinstance(value, str | None):  # validation looks it up in a set
                value = "backorder"
            setattr(item, name, value)
        written_out, table = copy.deepcopy(item), copy.deepcopy(item)
        assert validate.feed_item_validate(item=written_out, spec=spec) == table_only(table, spec)
        assert written_out == table  # the same fixes (truncation, dropped images) too


@pytest.mark.parametrize("template", [
    "https://shop.example.com/{locale}/p/{slug}?sku={sku}",
    "https://shop.example.com/p/{code}/{slug}?ref=feed&utm_source=old&v={sku}#top",
    "https://shop.example.com/{locale}/{slug}",
    "https://shop.example.com/item/{sku}?q=a%20b&e=",
    "https://shop.example.com/p/{code}?s={slug}&sku={sku}&utm_medium=x",
    "https://shop.example.com/{{braces}}/{slug}?a={sku}",
])
@pytest.mark.parametrize("utm", [[], [("utm_source", "google shopping"), ("utm_campaign", "a&b")]])
def test_compiled_links_are_the_template_functions_links(template, utm):
    builder = LinkBuilder(template=template, locale="pl", utm=utm)
    assert builder.compiled is not None
    generator = random.Random(5)
    alphabet = "aZ09-_.~/ +&=%#?żé"
    for _ in range(500):
        code, slug, sku = ("".join(generator.choice(alphabet) for _ in range(generator.randint(1, 8)))
                           for _ in range(3))
        page = link_render(template=template, code=code, slug=slug, sku=sku, locale="pl")
        canonical = tracking_removed(page) if "utm_" in template.lower() else page
        assert builder.page_links(code=code, slug=slug, sku=sku) == (query_merge(page, utm), canonical)
        group_page = link_render(template=template, code=code, slug=slug, sku="", locale="pl")
        assert builder.group_link(code=code, slug=slug) == blank_parameters_removed(tracking_removed(group_page))


def test_csv_line_is_what_the_csv_module_writes():
    generator = random.Random(6)
    alphabet = ['"', ",", "\r", "\n", "\0", "a", " ", "é", "\t", "\\", "'", ";"]
    for _ in range(5_000):
        values = tuple(generator.choice((None, 212, "".join(generator.choice(alphabet)
                                                           for _ in range(generator.randint(0, 6)))))
                       for _ in range(generator.randint(1, 6)))
        expected = io.StringIO()
        csv.writer(expected, quoting=csv.QUOTE_ALL).writerow(values)
        assert csv_line(values) == expected.getvalue().encode(), values
