"""Plain text for channels: tags stripped, entities decoded, whitespace collapsed, cut on a word boundary."""

import re
from html.parser import HTMLParser

# Block elements end a line of text; without a space "<p>a</p><p>b</p>" would read "ab".
_BLOCK_TAGS = frozenset({"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
                         "table", "blockquote", "section", "article", "header", "footer", "hr", "dd", "dt"})
_SKIPPED_TAGS = frozenset({"script", "style", "template"})
# Headings and list items carry no final punctuation in HTML; flattened, "Size: M Colour: blue" would run together.
_SENTENCE_TAGS = frozenset({"li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "th", "td"})
_PUNCTUATION = frozenset(".!?:;,…")
_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")  # never meant as text; XML cannot even carry most of them


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # decodes &amp; &nbsp; &#8217; in text
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


def plain_text(value: str) -> str:
    """``<p>Linen &amp; cotton.</p><ul><li>Slim</li><li>Blue</li></ul>`` -> ``Linen & cotton. Slim. Blue.``"""
    if not value:
        return ""
    value = _CONTROL.sub("", value)
    if "<" not in value and "&" not in value:
        return _WHITESPACE.sub(" ", value).strip()
    collector = _TextCollector()
    collector.feed(value)
    collector.close()
    return _WHITESPACE.sub(" ", "".join(collector.parts).replace("\xa0", " ")).strip()


def truncate_on_word(value: str, max_length: int) -> str:
    """At most ``max_length`` characters, cut before the last word that does not fit (mid-word only if unavoidable)."""
    if len(value) <= max_length:
        return value
    cut = value[: max_length + 1]
    boundary = cut.rfind(" ")
    if boundary > max_length // 2:
        return cut[:boundary].rstrip(" ,;:-")
    return value[:max_length].rstrip()
