"""Cell text <-> typed values, the same both ways so that export -> import changes nothing.

Decimals use a dot (199.00), dates and times ISO 8601 (2025-03-01, 2025-03-01T09:00:00+00:00; a time without an
offset is UTC), booleans true / false, multi-select values and category lists are |-separated codes, measurements
"12.5 cm" (the form catalog.attribute_values reads). An empty cell is None: the column's value is cleared.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from catalog.models import Attribute

LIST_SEPARATOR = "|"
MAX_QUANTITY = 2_147_483_647  # PositiveIntegerField's upper bound on every database


class CellProblem(Exception):
    """A cell that cannot be read as its column's type; the message says what was expected."""


# -- reading ----------------------------------------------------------------------------------------------------


def decimal_read(text: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or "," in text or "e" in text.lower():
        raise CellProblem(_("%(value)s is not a decimal number (write it with a dot, e.g. 12.50).") % {"value": text})
    return number


def integer_read(text: str, *, maximum: int = MAX_QUANTITY) -> int:
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or number < 0 or number > maximum:
        raise CellProblem(_("%(value)s is not a whole number between 0 and %(max)s.") % {"value": text, "max": maximum})
    return number


def datetime_read(text: str) -> datetime.datetime:
    """ISO 8601 date and time; a date alone means midnight, a time without an offset means UTC."""
    try:
        moment = parse_datetime(text)
        if moment is None and (day := parse_date(text)) is not None:
            moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        moment = None
    if moment is None:
        raise CellProblem(_("%(value)s is not a date and time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+00:00).")
                          % {"value": text})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)


def codes_read(text: str) -> list[str]:
    return [code.strip() for code in text.split(LIST_SEPARATOR) if code.strip()]


def attribute_input(attribute: Attribute, text: str) -> object:
    """The cell as catalog.attribute_values expects it (a multi select as a list: its own string form splits at
    commas, the file's at |)."""
    if attribute.type == Attribute.Type.MULTI_SELECT:
        return codes_read(text)
    return text


# -- writing ----------------------------------------------------------------------------------------------------


def decimal_text(value: Decimal | int | float | None, *, places: int | None = None) -> str:
    """No exponent, no trailing zeros beyond ``places`` (a price keeps its currency's decimals: 199.00)."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if places is not None and number == number.quantize(Decimal(1).scaleb(-places)):
        return f"{number.quantize(Decimal(1).scaleb(-places)):f}"
    normal = number.normalize()
    return f"{normal:f}" if normal != normal.to_integral_value() else f"{normal.to_integral_value():f}"


def datetime_text(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(datetime.UTC).isoformat()


def attribute_text(attribute: Attribute, value: object) -> str:
    """A stored attribute value (see catalog.attribute_values) as the import reads it back."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    kind = attribute.type
    if kind == Attribute.Type.BOOLEAN:
        return "true" if value else "false"
    if kind == Attribute.Type.NUMBER:
        return decimal_text(value)
    if kind == Attribute.Type.MEASUREMENT and isinstance(value, dict):
        return f"{decimal_text(value.get('amount'))} {value.get('unit', '')}".strip()
    if kind == Attribute.Type.MULTI_SELECT and isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)
