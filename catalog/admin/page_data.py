"""Reference data an admin page needs, loaded once per request and shared by its forms and inlines.

The admin builds a page's form classes several times per request (fieldsets, form, inlines); without this every
build would query the locales, price lists, locations and family again.
"""

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest

from catalog.attribute_values import FamilyRules, family_rules
from catalog.models import Locale, Location, PriceList
from catalog.queries import locale_chain

T = TypeVar("T")


def _once(request: HttpRequest, key: object, load: Callable[[], T]) -> T:
    cache = request.__dict__.setdefault("_pim_admin_page_data", {})
    if key not in cache:
        cache[key] = load()
    return cache[key]


def page_locales(request: HttpRequest) -> list[Locale]:
    return _once(request, "locales", lambda: list(Locale.objects.select_related("fallback")))


def page_price_lists(request: HttpRequest) -> list[PriceList]:
    return _once(request, "price_lists", lambda: list(PriceList.objects.all()))


def page_locations(request: HttpRequest) -> list[Location]:
    return _once(request, "locations", lambda: list(Location.objects.all()))


def page_family_rules(request: HttpRequest, family_id: int) -> FamilyRules:
    return _once(request, ("family_rules", family_id), lambda: family_rules(family_id))


def page_language_chain(request: HttpRequest) -> list[str]:
    """The admin's language, then its fallbacks: labels of attributes and options are shown in it."""
    language = getattr(request, "LANGUAGE_CODE", "") or "en"
    return _once(request, "language_chain", lambda: locale_chain(language))
