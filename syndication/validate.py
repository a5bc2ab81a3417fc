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
    if not _check_digit_valid(gtin):
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


def _check_digit_valid(gtin: str) -> bool:
    """The GS1 mod-10 check (FEEDS.md section 0), as stdnum's ean.is_valid but without its per-digit Python loop."""
    if not (gtin.isascii() and gtin.isdigit()):
        return ean.is_valid(gtin)
    # Weights 3, 1, 3, ... from the digit left of the check digit; the total with the check digit ends in 0.
    return (3 * sum(map(int, gtin[-2::-2])) + sum(map(int, gtin[-3::-2])) + int(gtin[-1])) % 10 == 0


def feed_item_validate(*, item: FeedItem, spec: FormatSpec) -> list[Issue]:
    """Check and fix ``item`` in place; the item is to be written when no issue has severity error."""
    issues = [Issue(note.field, note.severity, note.code, note.message) for note in item.notes] if item.notes else []

    if item.gtin and (problem := gtin_problem(item.gtin)):
        code, message = problem
        if code in {"coupon_gtin", "restricted_gtin"} and spec.restricted_gtin_severity == WARNING:
            issues.append(Issue("gtin", WARNING, code, f"{message}; sent without a GTIN"))
            item.gtin = ""
        else:  # a wrong length or check digit is never sent; a refused prefix is an error where the spec says so
            issues.append(Issue("gtin", ERROR, code, message))

    clean = spec.fields_clean is not None and spec.fields_clean(item)
    for name, required, max_items, allowed, pattern_text, pattern, max_length in () if clean else spec.checks:
        value = getattr(item, name)
        if value is None or value == "" or value == []:
            if required:
                issues.append(Issue(name, ERROR, "missing", f"{name} is required and empty"))
            continue
        if max_items is not None and isinstance(value, list) and len(value) > max_items:
            issues.append(Issue(name, WARNING, "too_many", f"{len(value)} values, only the first {max_items} are sent"))
            setattr(item, name, value[:max_items])
            continue
        if not isinstance(value, str):
            continue
        if allowed is not None and value not in allowed:
            issues.append(Issue(name, ERROR, "not_allowed", f"{value!r} is not one of {', '.join(sorted(allowed))}"))
            continue
        if pattern is not None and not pattern.fullmatch(value):
            issues.append(Issue(name, ERROR, "invalid_format", f"{value[:80]!r} does not match {pattern_text}"))
            continue
        if max_length is not None and len(value) > max_length:
            shorter = truncate_on_word(value, max_length)
            issues.append(Issue(name, WARNING, "truncated",
                                f"{len(value)} characters cut to {len(shorter)} (limit {max_length})"))
            setattr(item, name, shorter)

    if item.availability_date is None and item.availability in {Availability.PREORDER, Availability.BACKORDER}:
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
