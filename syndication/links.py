"""Product links from a channel's template, with its UTM parameters merged into the query string."""

import re
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.urls import reverse

from syndication.models import Channel

UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")


def link_render(*, template: str, code: str, slug: str, sku: str, locale: str) -> str:
    """The template with each placeholder URL-quoted (a slug may hold non-ASCII letters, a SKU a slash)."""
    return template.format(code=quote(code, safe=""), slug=quote(slug, safe=""), sku=quote(sku, safe=""),
                           locale=quote(locale, safe=""))


def utm_parameters(channel: Channel) -> list[tuple[str, str]]:
    # Analytics tools treat "Google" and "google" as two sources, so values are lower-cased.
    return [(name, value.strip().lower()) for name in UTM_FIELDS if (value := getattr(channel, name).strip())]


def query_merge(url: str, parameters: list[tuple[str, str]]) -> str:
    """Add ``parameters`` to the URL's query, replacing same-named ones and keeping the rest (e.g. size=M)."""
    if not parameters:
        return url
    parts = urlsplit(url)
    names = {name for name, _value in parameters}
    kept = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if name not in names]
    return urlunsplit(parts._replace(query=urlencode([*kept, *parameters])))


def tracking_removed(url: str) -> str:
    """The URL without utm_* parameters: Google's canonical_link."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if not name.lower().startswith("utm_")]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def blank_parameters_removed(url: str) -> str:
    """The URL without empty query parameters (``?sku=`` once the SKU is left out for a product page)."""
    parts = urlsplit(url)
    kept = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if value]
    return urlunsplit(parts._replace(query=urlencode(kept)))


# Placeholder stand-ins made of letters only: quoting, parsing and re-encoding a URL leaves them as they are.
_STAND_INS = {"code": "qqzcodezqq", "slug": "qqzslugzqq", "sku": "qqzskuzqq"}
_STAND_IN = re.compile("|".join(_STAND_INS.values()))
_FIELD_OF = {stand_in: name for name, stand_in in _STAND_INS.items()}
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")  # what quote() and quote_plus() leave as it is
# Values the compiled links are checked against before they are trusted (spaces, slashes, +, %, &, =, #, non-ASCII).
_PROBES = (("C D&1/é", "ż ó/ł+%41", "A B/1.x_y-z~"), ("P-1", "shirt", "SKU-1"), ("a+b=c", "%41#?x", "x&y=z#w"))


def _encoded(value: str, plus: bool) -> str:
    if _UNRESERVED.fullmatch(value):
        return value
    return quote_plus(value, safe="") if plus else quote(value, safe="")


class _CompiledLink:
    """One kind of link as a format string over the encoded placeholder values.

    Rendering the template with stand-ins and applying the same query rewriting shows where each placeholder
    ends up; a value in a re-encoded query string is what ``urlencode`` makes of it (``quote_plus``), anywhere
    else what ``link_render`` made of it (``quote``).
    """

    def __init__(self, rendered: str, *, query_reencoded: bool) -> None:
        before_fragment, hash_mark, fragment = rendered.partition("#")
        base, question_mark, query = before_fragment.partition("?")
        self.fields: list[tuple[str, bool]] = []
        pieces = []
        for part, plus in ((base, False), (question_mark + query, query_reencoded), (hash_mark + fragment, False)):
            position = 0
            for found in _STAND_IN.finditer(part):
                pieces.append(part[position:found.start()].replace("{", "{{").replace("}", "}}"))
                pieces.append(f"{{{len(self.fields)}}}")
                self.fields.append((_FIELD_OF[found.group()], plus))
                position = found.end()
            pieces.append(part[position:].replace("{", "{{").replace("}", "}}"))
        self.format = "".join(pieces).format

    def __call__(self, values: dict[str, str]) -> str:
        return self.format(*[_encoded(values[name], plus) for name, plus in self.fields])


class LinkBuilder:
    """A channel's links for many products: link_render, query_merge and tracking_removed, parsed once per run.

    Per variant that is a format call instead of splitting, parsing and re-encoding the URL three times. The
    compiled form is checked against the slow path on awkward values first and not used where they differ.
    """

    def __init__(self, *, template: str, locale: str, utm: list[tuple[str, str]]) -> None:
        self.template, self.locale, self.utm = template, locale, utm
        self.needs_slug, self.has_sku = "{slug}" in template, "{sku}" in template
        self.strips_tracking = "utm_" in template.lower()
        self.compiled: tuple[_CompiledLink, _CompiledLink, _CompiledLink] | None = None
        try:
            self.compiled = self._compile()
        except (ValueError, KeyError, IndexError):  # an odd template: the slow path still works
            self.compiled = None

    # The slow path: exactly what the functions below make of the template.
    def _slow_page(self, code: str, slug: str, sku: str) -> tuple[str, str]:
        page = link_render(template=self.template, code=code, slug=slug, sku=sku, locale=self.locale)
        return (query_merge(page, self.utm), tracking_removed(page) if self.strips_tracking else page)

    def _slow_group(self, code: str, slug: str) -> str:
        page = link_render(template=self.template, code=code, slug=slug, sku="", locale=self.locale)
        return blank_parameters_removed(tracking_removed(page))

    def _compile(self) -> tuple[_CompiledLink, _CompiledLink, _CompiledLink] | None:
        stand_ins = _STAND_INS
        link, canonical = self._slow_page(stand_ins["code"], stand_ins["slug"], stand_ins["sku"])
        group = self._slow_group(stand_ins["code"], stand_ins["slug"])
        for choice in ((True, True, True), (bool(self.utm), self.strips_tracking, True)):
            compiled = (_CompiledLink(link, query_reencoded=choice[0]),
                        _CompiledLink(canonical, query_reencoded=choice[1]),
                        _CompiledLink(group, query_reencoded=choice[2]))
            if all(self._matches(compiled, *probe) for probe in _PROBES):
                return compiled
        return None

    def _matches(self, compiled, code: str, slug: str, sku: str) -> bool:
        link, canonical, group = compiled
        values = {"code": code, "slug": slug, "sku": sku}
        return ((link(values), canonical(values)) == self._slow_page(code, slug, sku)
                and group({**values, "sku": ""}) == self._slow_group(code, slug))

    def page_links(self, *, code: str, slug: str, sku: str) -> tuple[str, str]:
        """(link with UTM, canonical link without tracking parameters) of one variant's page."""
        if self.compiled is None:
            return self._slow_page(code, slug, sku)
        values = {"code": code, "slug": slug, "sku": sku}
        return self.compiled[0](values), self.compiled[1](values)

    def group_link(self, *, code: str, slug: str) -> str:
        """The product's page without a SKU and without tracking or empty parameters."""
        if self.compiled is None:
            return self._slow_group(code, slug)
        return self.compiled[2]({"code": code, "slug": slug, "sku": ""})


def channel_feed_url(channel: Channel, *, gzip_file: bool = False) -> str:
    """The absolute public URL of the channel's feed (its .gz copy with ``gzip_file``)."""
    file_name = channel.file_name + (".gz" if gzip_file else "")
    path = reverse("syndication:feed_file", kwargs={"channel_code": channel.code, "token": channel.feed_token,
                                                    "file_name": file_name})
    return f"{settings.SITE_URL}{path}"
