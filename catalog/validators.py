"""Validators shared by the catalog's models."""

import re

from django.core.validators import RegexValidator


def compiled_now(validator: RegexValidator) -> RegexValidator:
    """The validator with its pattern compiled now. RegexValidator compiles lazily, behind a proxy object that
    costs more than the match itself on every call: an import validates a code or SKU on every one of its rows.
    Migrations still see the validator as written (deconstruct() returns the constructor's arguments)."""
    validator.regex = re.compile(validator.regex.pattern, validator.regex.flags)
    return validator
