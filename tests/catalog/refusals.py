"""Assertions shared by the catalog validation tests: a refused write names the field and value, and saves nothing."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError

from catalog.models import Asset, Price, Product, ProductTranslation, StockLevel, Variant

COUNTED_MODELS = (Product, ProductTranslation, Variant, Price, StockLevel, Asset)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


def messages_of(error: ValidationError, field: str) -> list[str]:
    """The rendered messages under ``field`` (params substituted), failing with every key when it is absent."""
    assert hasattr(error, "error_dict"), f"expected errors keyed by field, got {error.messages}"
    assert field in error.message_dict, f"expected key {field!r}, got {error.message_dict}"
    return error.message_dict[field]


@contextmanager
def refused(field: str, *values: str) -> Iterator[pytest.ExceptionInfo]:
    """The block raises a ValidationError keyed by ``field`` whose messages mention every value; no row changes."""
    before = row_counts()
    with pytest.raises(ValidationError) as caught:
        yield caught
    messages = messages_of(caught.value, field)
    for value in values:
        assert any(str(value) in message for message in messages), f"{value!r} not named in {messages}"
    assert row_counts() == before
