"""Rich text is stored as a small, safe subset of HTML; everything else is removed on save."""

import nh3

RICH_TEXT_TAGS = frozenset({"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4", "a"})
RICH_TEXT_ATTRIBUTES = {"a": {"href", "title"}}


def rich_text_clean(html: str) -> str:
    if not html:
        return ""
    return nh3.clean(html, tags=set(RICH_TEXT_TAGS), attributes={k: set(v) for k, v in RICH_TEXT_ATTRIBUTES.items()},
                     url_schemes={"http", "https", "mailto"}).strip()
