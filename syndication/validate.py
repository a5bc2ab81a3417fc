"""Validate: a FeedItem against its format's spec. Errors leave the item out; warnings keep it (fixed in place)."""

from dataclasses import dataclass

from stdnum import ean

from syndication.formats.registry import FormatSpec
from syndication.project import Availability, FeedItem
from syndication.text import truncate_on_word

ERROR, WARNING = "error", "warning"

# GS1 prefixes Google refuses (FEEDS.md section 0), read on the GTIN-13 form of the number.
COUPON_PREFIXES = ("981", "982", "983", "984", "99", "05")
RESTRICTED_PREFIXES = ("2", "02", "04")


@dataclass(frozen=True)
class Issue:
    field: str
    severity: str
    code: str
    message: str


def gtin_problem(gtin: str) -> tuple[str, str] | None:
    """(code, message) when the GTIN cannot be sent, else None. ``gtin`` holds digits only."""
    if len(gtin) not in (8, 12, 13, 14):
        return "invalid_gtin_length", f"GTIN {gtin} has {len(gtin)} digits; it needs 8, 12, 13 or 14"
    if not ean.is_valid(gtin):
        return "invalid_gtin_check_digit", f"GTIN {gtin} has a wrong check digit"
    if len(gtin) == 8:
        return None
    # GTIN-12 is GTIN-13 with a leading 0; GTIN-14 adds a packaging indicator digit in front.
    gs1_form = gtin[1:] if len(gtin) == 14 else gtin.zfill(13)
    if gs1_form.startswith(COUPON_PREFIXES):
        return "coupon_gtin", f"GTIN {gtin} has a coupon prefix ({', '.join(COUPON_PREFIXES)})"
    if gs1_form.startswith(RESTRICTED_PREFIXES):
        return "restricted_gtin", f"GTIN {gtin} has a restricted-circulation prefix ({', '.join(RESTRICTED_PREFIXES)})"
    return None


def _is_empty(value: object) -> bool:
    return value is None or value == "" or value == []


def feed_item_validate(*, item: FeedItem, spec: FormatSpec) -> list[Issue]:
    """Check and fix ``item`` in place; the item is to be written when no issue has severity error."""
    issues = [Issue(note.field, note.severity, note.code, note.message) for note in item.notes]

    if item.gtin and (problem := gtin_problem(item.gtin)):
        code, message = problem
        if code in {"coupon_gtin", "restricted_gtin"} and spec.restricted_gtin_severity == WARNING:
            issues.append(Issue("gtin", WARNING, code, f"{message}; sent without a GTIN"))
            item.gtin = ""
        else:  # a wrong length or check digit is never sent; a refused prefix is an error where the spec says so
            issues.append(Issue("gtin", ERROR, code, message))

    for field_spec in spec.fields:
        value = getattr(item, field_spec.name)
        if _is_empty(value):
            if field_spec.required:
                issues.append(Issue(field_spec.name, ERROR, "missing", f"{field_spec.name} is required and empty"))
            continue
        if field_spec.max_items is not None and isinstance(value, list) and len(value) > field_spec.max_items:
            issues.append(Issue(field_spec.name, WARNING, "too_many",
                                f"{len(value)} values, only the first {field_spec.max_items} are sent"))
            setattr(item, field_spec.name, value[: field_spec.max_items])
            continue
        if not isinstance(value, str):
            continue
        if field_spec.allowed is not None and value not in field_spec.allowed:
            issues.append(Issue(field_spec.name, ERROR, "not_allowed",
                                f"{value!r} is not one of {', '.join(sorted(field_spec.allowed))}"))
            continue
        if (pattern := field_spec.compiled_pattern) and not pattern.fullmatch(value):
            issues.append(Issue(field_spec.name, ERROR, "invalid_format",
                                f"{value[:80]!r} does not match {field_spec.pattern}"))
            continue
        if field_spec.max_length is not None and len(value) > field_spec.max_length:
            shorter = truncate_on_word(value, field_spec.max_length)
            issues.append(Issue(field_spec.name, WARNING, "truncated",
                                f"{len(value)} characters cut to {len(shorter)} (limit {field_spec.max_length})"))
            setattr(item, field_spec.name, shorter)

    if item.availability in {Availability.PREORDER, Availability.BACKORDER} and item.availability_date is None:
        issues.append(Issue("availability_date", ERROR if spec.availability_date_required else WARNING,
                            "missing_availability_date", f"{item.availability} needs an availability date"))
    if spec.identifier_required and not item.gtin and not item.mpn:
        if item.brand:
            issues.append(Issue("mpn", ERROR, "missing_identifier", "no GTIN and no MPN for a branded product"))
        else:
            # Custom or handmade goods: honestly without identifiers, which the channel accepts when declared.
            item.identifier_exists = False
            issues.append(Issue("gtin", WARNING, "no_identifiers",
                                "no GTIN, MPN or brand: sent as identifier_exists=no"))
    return issues
