"""ISO 4217 currencies and their minor units, from CLDR through Babel."""

from functools import cache

from babel.numbers import get_currency_precision, list_currencies
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@cache
def known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def validate_currency(value: str) -> None:
    if value not in known_currencies():
        raise ValidationError(
            _("%(value)s is not an ISO 4217 currency code (e.g. PLN, EUR, USD)."), code="invalid_currency",
            params={"value": value},
        )


def currency_decimals(code: str) -> int:
    """Number of decimals the currency uses: 2 for PLN and EUR, 0 for JPY."""
    return get_currency_precision(code)
