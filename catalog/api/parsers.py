"""The API reads JSON only, and refuses NUL characters anywhere in it (PostgreSQL cannot store them in text or
jsonb, and a NUL deep inside attribute values would otherwise fail as a database error, a 500)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 64


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None) -> object:
        data = super().parse(stream, media_type, parser_context)
        _nul_check(data, depth=0)
        return data


def _nul_check(value: object, *, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise ParseError(_("JSON nested more than %(depth)s levels deep.") % {"depth": MAX_DEPTH})
    if isinstance(value, str):
        if "\x00" in value:
            raise ParseError(_("JSON strings may not contain NUL (\\u0000) characters."))
    elif isinstance(value, dict):
        for key, item in value.items():
            _nul_check(key, depth=depth + 1)
            _nul_check(item, depth=depth + 1)
    elif isinstance(value, list):
        for item in value:
            _nul_check(item, depth=depth + 1)
