"""The format registry: each format module registers a spec and a streaming writer class under a code."""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from syndication.write import FeedWriter


@dataclass(frozen=True)
class FieldSpec:
    """One field of a format, named after the FeedItem attribute it reads."""

    name: str
    required: bool = False
    max_length: int | None = None
    allowed: frozenset[str] | None = None
    pattern: str | None = None
    max_items: int | None = None  # list fields (additional images): extra entries are dropped with a warning
    compiled_pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled_pattern", re.compile(self.pattern) if self.pattern else None)


def _clean_check(checks: tuple[tuple, ...]) -> Callable[[object], bool] | None:
    """A function of an item that is true when validation's field loop would find nothing on it.

    Written out per format (as dataclasses writes its __init__): one attribute read and the format's own checks per
    field, where the table-driven loop pays for unpacking and testing every constraint of every field, on every
    item. Validation still runs the loop when this says no, so it only has to be right when it says yes.
    """
    lines, constants = ["def fields_clean(item):"], {}
    for index, (name, required, max_items, allowed, _text, pattern, max_length) in enumerate(checks):
        if not name.isidentifier():
            return None
        lines += [f"    value = item.{name}",
                  "    if value is None or value == '' or value == []:",
                  "        return False" if required else "        pass"]
        if max_items is not None:
            lines += ["    elif isinstance(value, list):", f"        if len(value) > {int(max_items)}:",
                      "            return False"]
        text_checks = []
        if allowed is not None:
            constants[f"allowed_{index}"] = allowed
            text_checks += [f"        if value not in allowed_{index}:", "            return False"]
        if pattern is not None:
            constants[f"pattern_{index}"] = pattern.fullmatch
            text_checks += [f"        if pattern_{index}(value) is None:", "            return False"]
        if max_length is not None:
            text_checks += [f"        if len(value) > {int(max_length)}:", "            return False"]
        if text_checks:
            lines += ["    elif isinstance(value, str):", *text_checks]
    lines.append("    return True")
    namespace = dict(constants)
    exec("\n".join(lines), namespace)  # the source is built above from the spec's own constants only
    return namespace["fields_clean"]


@dataclass(frozen=True)
class FormatSpec:
    code: str
    label: str
    file_prefix: str  # file name = "<prefix>-<channel code>.<extension>" (FEEDS.md, "Format -> file name")
    extension: str
    content_type: str
    fields: tuple[FieldSpec, ...]
    # Google wants an MPN when there is no GTIN; a product with neither and no brand is sent as identifier_exists=no.
    identifier_required: bool = False
    # preorder / backorder without a date: Google rejects the item, others only lose information.
    availability_date_required: bool = False
    # GTINs with coupon or restricted-circulation prefixes: "error" leaves the item out, "warning" drops the GTIN.
    restricted_gtin_severity: str = "warning"
    field_index: dict[str, FieldSpec] = field(init=False, repr=False, compare=False)
    # The fields as plain tuples for validation's per-item loop: (name, required, max_items, allowed, pattern,
    # compiled pattern, max_length).
    checks: tuple[tuple, ...] = field(init=False, repr=False, compare=False)
    fields_clean: Callable[[object], bool] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "field_index", {spec.name: spec for spec in self.fields})
        object.__setattr__(self, "checks", tuple(
            (spec.name, spec.required, spec.max_items, spec.allowed, spec.pattern, spec.compiled_pattern,
             spec.max_length) for spec in self.fields))
        object.__setattr__(self, "fields_clean", _clean_check(self.checks))

    def file_name(self, channel_code: str) -> str:
        return f"{self.file_prefix}-{channel_code}.{self.extension}"


_FORMATS: dict[str, tuple[FormatSpec, type["FeedWriter"]]] = {}


def register(spec: FormatSpec) -> Callable[[type["FeedWriter"]], type["FeedWriter"]]:
    """Class decorator: ``@register(FormatSpec(...))`` on the format's writer."""

    def add(writer_class: type["FeedWriter"]) -> type["FeedWriter"]:
        if spec.code in _FORMATS:
            raise ImproperlyConfigured(f"feed format {spec.code!r} is registered twice")
        _FORMATS[spec.code] = (spec, writer_class)
        return writer_class

    return add


@contextmanager
def register_temporarily(spec: FormatSpec, writer_class: type["FeedWriter"]) -> Iterator[None]:
    """For tests: a throwaway format that is gone again after the block."""
    register(spec)(writer_class)
    try:
        yield
    finally:
        _FORMATS.pop(spec.code, None)


def format_get(code: str) -> tuple[FormatSpec, type["FeedWriter"]]:
    try:
        return _FORMATS[code]
    except KeyError:
        raise ImproperlyConfigured(f"unknown feed format {code!r}") from None


def format_choices() -> list[tuple[str, str]]:
    """Choices for Channel.format, read when a form or full_clean asks, so late registrations count."""
    return sorted(((code, spec.label) for code, (spec, _writer) in _FORMATS.items()), key=lambda choice: choice[1])
