"""GTIN (EAN / UPC) normalisation and check-digit validation, by python-stdnum."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import ean

GTIN_LENGTHS = frozenset({8, 12, 13, 14})


def gtin_normalise(value: str) -> str:
    """Strip the spaces and dashes people type into GTINs; channels want digits only."""
    if value and value.isascii() and value.isdigit():
        return value  # nothing to strip (most values): ean.compact costs a generator step per character
    return ean.compact(value or "")


def validate_gtin(value: str) -> None:
    digits = gtin_normalise(value)
    if not digits.isdigit() or len(digits) not in GTIN_LENGTHS:
        raise ValidationError(
            _("%(value)s is not a GTIN: it needs 8, 12, 13 or 14 digits."), code="invalid_gtin_length",
            params={"value": value},
        )
    if ean.calc_check_digit(digits[:-1]) != digits[-1]:  # ean.is_valid, without compacting the digits again
        raise ValidationError(
            _("%(value)s is not a valid GTIN: the check digit is wrong."), code="invalid_gtin_check_digit",
            params={"value": value},
        )


def gtin_with_check_digit(body: str) -> str:
    """Complete a GTIN body (all digits but the last) with its GS1 check digit."""
    return body + ean.calc_check_digit(body)
