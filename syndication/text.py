"""Plain text for channels: tags stripped, entities decoded, whitespace collapsed, cut on a word boundary."""

import re
from html import unescape
from html.parser import HTMLParser

# Block elements end a line of text; without a space "<p>a</p><p>b</p>" would read "ab".
_BLOCK_TAGS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
                         "table", "blockquote", "section", "article", "header", "footer", "hr", "dd", "dt"})
_SKIPPED_TAGS = frozenset({"script", "style", "template"})
# Headings and list items carry no final punctuation in HTML; flattened, "Size: M Colour: blue" would run together.
_SENTENCE_TAGS = frozenset({"li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "th", "td"})
_PUNCTUATION = frozenset(".!?:;,…")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")  # never meant as text; XML cannot even carry most of them


# A start or end tag of the plainest kind: a letters-and-digits name, attributes with quoted values or none,
# ASCII spaces only (HTMLParser reads "<p\xa0x>" as a tag named "p\xa0x").
_SIMPLE_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[ \t\n\r\f]+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    r"(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:\"[^\"<>]*\"|'[^'<>]*'))?)*)[ \t\n\r\f]*(/?)>")


class _TextParts:
    """What _TextCollector does with tags and text, shared by the HTMLParser path and the fast one."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _SENTENCE_TAGS:
            last = next((part.rstrip() for part in reversed(self.parts) if part.strip()), "")
            self.parts.append(" " if not last or last[-1] in _PUNCTUATION else ". ")
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _simple_html_parts(value: str) -> list[str] | None:
    """The text parts of HTML made only of plain tags, as HTMLParser would give them; None for anything else.

    HTMLParser is a general tokenizer (comments, CDATA, broken markup) and costs tens of microseconds per
    description; product descriptions are mostly <p>, <ul>, <li>, <b>. Anything unusual (a "<" that does not
    open a plain tag, script or style, comments, unquoted attributes) goes to HTMLParser instead.
    """
    # split() gives text, then the tag's four groups, then text again, and so on.
    pieces = _SIMPLE_TAG.split(value)
    collector = _TextParts()
    parts = collector.parts
    for index in range(0, len(pieces) - 1, 5):
        text, closing, name, attributes, self_closing = pieces[index:index + 5]
        if text:
            if "<" in text:
                return None
            parts.append(unescape(text))
        name = name.lower()
        if name in _SKIPPED_TAGS or (closing and (attributes or self_closing)):
            return None
        if closing:
            collector.handle_endtag(name)
        else:
            if name in _BLOCK_TAGS:
                parts.append(" ")
            if self_closing:  # HTMLParser.handle_startendtag: a start tag, then an end tag
                collector.handle_endtag(name)
    text = pieces[-1]
    if text:
        if "<" in text:
            return None
        parts.append(unescape(text))
    return parts


class _TextCollector(_TextParts, HTMLParser):
    def __init__(self) -> None:
        _TextParts.__init__(self)
        HTMLParser.__init__(self, convert_charrefs=True)  # decodes &amp; &nbsp; &#8217; in text


def plain_text(value: str) -> str:
    """``<p>Linen &amp; cotton.</p><ul><li>Slim</li><li>Blue</li></ul>`` -> ``Linen & cotton. Slim. Blue.``"""
    if not value:
        return ""
    value = _CONTROL.sub("", value)
    if "<" not in value and "&" not in value:
        return " ".join(value.split())  # whitespace collapsed: str.split() and regex \s agree on what it is
    parts = _simple_html_parts(value)
    if parts is None:
        collector = _TextCollector()
        collector.feed(value)
        collector.close()
        parts = collector.parts
    return " ".join("".join(parts).split())  # \xa0 (from &nbsp;) is whitespace to split() too


def truncate_on_word(value: str, max_length: int) -> str:
    """At most ``max_length`` characters, cut before the last word that does not fit (mid-word only if unavoidable)."""
    if len(value) <= max_length:
        return value
    cut = value[: max_length + 1]
    boundary = cut.rfind(" ")
    if boundary > max_length // 2:
        return cut[:boundary].rstrip(" ,;:-")
    return value[:max_length].rstrip()
