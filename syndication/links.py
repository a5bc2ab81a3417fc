"""Product links from a channel's template, with its UTM parameters merged into the query string."""

from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

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


def channel_feed_url(channel: Channel, *, gzip_file: bool = False) -> str:
    """The absolute public URL of the channel's feed (its .gz copy with ``gzip_file``)."""
    file_name = channel.file_name + (".gz" if gzip_file else "")
    path = reverse("syndication:feed_file", kwargs={"channel_code": channel.code, "token": channel.feed_token,
                                                    "file_name": file_name})
    return f"{settings.SITE_URL}{path}"
