"""Typed attribute values: parsing and validation against the family, shared by every write path.

Values live in JSON: non-localizable product values on ``Product.attributes``, localizable ones on
``ProductTranslation.attributes``, variant values on ``Variant.attributes`` and axes on ``Variant.axis_values``.
Stored shapes: text / rich text / URL / single select / date -> str, number -> int or float,
measurement -> {"amount": number, "unit": str}, boolean -> bool, multi select -> [str, ...].
Every error is keyed by the model field and names the attribute and the value.
"""

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from catalog.models.attributes import Attribute, FamilyAttribute
from catalog.richtext import rich_text_clean

EMPTY_VALUES = (None, "", [], {})
Level = FamilyAttribute.Level
TRUE_WORDS = frozenset({"true", "yes", "1", "on"})
FALSE_WORDS = frozenset({"false", "no", "0", "off"})


@dataclass(frozen=True)
class FamilyRules:
    """A family's attributes, loaded once per validation: by level, with each select's option codes."""

    by_level: dict[str, tuple[FamilyAttribute, ...]]
    options: dict[int, frozenset[str]]

    def of(self, level: str, *, localizable: bool | None = None) -> tuple[FamilyAttribute, ...]:
        return tuple(
            family_attribute for family_attribute in self.by_level.get(level, ())
            if localizable is None or family_attribute.attribute.localizable == localizable
        )


def family_rules(family_id: int) -> FamilyRules:
    family_attributes = list(
        FamilyAttribute.objects.filter(family_id=family_id).select_related("attribute")
        .prefetch_related("attribute__options").order_by("position", "id")
    )
    by_level: dict[str, list[FamilyAttribute]] = {}
    options: dict[int, frozenset[str]] = {}
    for family_attribute in family_attributes:
        by_level.setdefault(family_attribute.level, []).append(family_attribute)
        attribute = family_attribute.attribute
        options[attribute.pk] = frozenset(option.code for option in attribute.options.all())
    return FamilyRules({level: tuple(items) for level, items in by_level.items()}, options)


def rules_for_product(product) -> FamilyRules:
    """The product's family rules, loaded once per product instance (a product and its children share them)."""
    cached = getattr(product, "_family_rules", None)
    if cached is None or cached[0] != product.family_id:
        cached = (product.family_id, family_rules(product.family_id))
        product._family_rules = cached
    return cached[1]


def _problem(message: str, code: str, attribute: Attribute, value: object, **params: object) -> ValidationError:
    return ValidationError(message, code=code, params={"attribute": attribute.code, "value": value, **params})


def _decimal(attribute: Attribute, value: object) -> Decimal:
    if isinstance(value, bool):
        raise _problem(_("%(attribute)s: %(value)s is not a number."), "not_a_number", attribute, value)
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if isinstance(value, str) else Decimal(str(value))
    except InvalidOperation:
        raise _problem(_("%(attribute)s: %(value)s is not a number."), "not_a_number", attribute, value) from None
    # 1e400 is a finite Decimal but stored as the float inf, which JSON (and PostgreSQL's jsonb) cannot hold.
    if not number.is_finite() or not math.isfinite(float(number)):
        raise _problem(_("%(attribute)s: %(value)s is not a number."), "not_a_number", attribute, value)
    if attribute.min_value is not None and number < attribute.min_value:
        raise _problem(_("%(attribute)s: %(value)s is below the minimum %(min)s."), "below_min", attribute, value,
                       min=attribute.min_value.normalize())
    if attribute.max_value is not None and number > attribute.max_value:
        raise _problem(_("%(attribute)s: %(value)s is above the maximum %(max)s."), "above_max", attribute, value,
                       max=attribute.max_value.normalize())
    return number


def _json_number(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


def _text(attribute: Attribute, value: object) -> str:
    if not isinstance(value, str):
        raise _problem(_("%(attribute)s: %(value)s is not text."), "not_text", attribute, value)
    text = value.strip()
    if attribute.max_length and len(text) > attribute.max_length:
        raise _problem(_("%(attribute)s: the text is %(length)s characters long, above the maximum %(max)s."),
                       "too_long", attribute, text[:40], length=len(text), max=attribute.max_length)
    return text


def _option(attribute: Attribute, value: object, options: frozenset[str]) -> str:
    if not isinstance(value, str) or value not in options:
        raise _problem(_("%(attribute)s: %(value)s is not one of the options (%(options)s)."), "invalid_option",
                       attribute, value, options=", ".join(sorted(options)) or "-")
    return value


def attribute_value_clean(attribute: Attribute, value: object, options: frozenset[str]) -> object:
    """Parse ``value`` for ``attribute`` into its stored shape, or raise a ValidationError naming both."""
    kind = attribute.type
    if kind == Attribute.Type.TEXT:
        return _text(attribute, value)
    if kind == Attribute.Type.RICH_TEXT:
        return rich_text_clean(_text(attribute, value))
    if kind == Attribute.Type.NUMBER:
        return _json_number(_decimal(attribute, value))
    if kind == Attribute.Type.MEASUREMENT:
        return _measurement(attribute, value)
    if kind == Attribute.Type.BOOLEAN:
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS | FALSE_WORDS:
            return word in TRUE_WORDS
        raise _problem(_("%(attribute)s: %(value)s is not yes or no."), "not_a_boolean", attribute, value)
    if kind == Attribute.Type.DATE:
        if isinstance(value, datetime.datetime):  # a datetime is a date too, but would be stored with its time
            return value.date().isoformat()
        if isinstance(value, datetime.date):
            return value.isoformat()
        try:
            return datetime.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise _problem(_("%(attribute)s: %(value)s is not a date (YYYY-MM-DD)."), "not_a_date",
                           attribute, value) from None
    if kind == Attribute.Type.SINGLE_SELECT:
        return _option(attribute, value, options)
    if kind == Attribute.Type.MULTI_SELECT:
        items = [item.strip() for item in value.split(",")] if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise _problem(_("%(attribute)s: %(value)s is not a list of options."), "not_a_list", attribute, value)
        chosen = [_option(attribute, item, options) for item in items if item not in EMPTY_VALUES]
        return list(dict.fromkeys(chosen))
    if kind == Attribute.Type.URL:
        url = _text(attribute, value)
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise _problem(_("%(attribute)s: %(value)s is not an http(s) URL."), "invalid_url", attribute,
                           value) from None
        return url
    raise _problem(_("%(attribute)s: unknown type %(value)s."), "unknown_type", attribute, kind)


def _measurement(attribute: Attribute, value: object) -> dict[str, object]:
    units = attribute.unit_list
    if isinstance(value, str):  # "12.5 cm" from an import or a text field
        amount, _space, unit = value.strip().partition(" ")
        value = {"amount": amount, "unit": unit.strip() or units[0]}
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        value = {"amount": value, "unit": units[0]}
    if not isinstance(value, dict) or "amount" not in value:
        raise _problem(_("%(attribute)s: %(value)s is not a measurement such as 12.5 %(unit)s."),
                       "not_a_measurement", attribute, value, unit=units[0] if units else "")
    unit = value.get("unit") or units[0]
    if unit not in units:
        raise _problem(_("%(attribute)s: unit %(value)s is not one of %(units)s."), "invalid_unit", attribute, unit,
                       units=", ".join(units))
    return {"amount": _json_number(_decimal(attribute, value["amount"])), "unit": unit}


def _values_clean(
    *, field: str, values: object, allowed: Iterable[FamilyAttribute], rules: FamilyRules, family_name: str,
) -> tuple[dict[str, object], list[ValidationError]]:
    if not isinstance(values, dict):
        return {}, [ValidationError(_("%(value)s is not a mapping of attribute codes to values."),
                                    code="not_a_mapping", params={"value": values})]
    by_code = {family_attribute.attribute.code: family_attribute.attribute for family_attribute in allowed}
    cleaned: dict[str, object] = {}
    problems: list[ValidationError] = []
    for code, value in values.items():
        attribute = by_code.get(code)
        if attribute is None:
            problems.append(ValidationError(
                _("%(attribute)s is not a %(level)s attribute of the family %(family)s."), code="unknown_attribute",
                params={"attribute": code, "value": value, "level": field, "family": family_name},
            ))
            continue
        if value in EMPTY_VALUES:
            continue
        try:
            cleaned[code] = attribute_value_clean(attribute, value, rules.options.get(attribute.pk, frozenset()))
        except ValidationError as problem:
            problems.append(problem)
    return cleaned, problems


def product_attributes_clean(*, product) -> dict[str, object]:
    """Non-localizable product-level values; required ones only once the product is active."""
    rules = rules_for_product(product)
    allowed = rules.of(Level.PRODUCT, localizable=False)
    cleaned, problems = _values_clean(field="product", values=product.attributes, allowed=allowed, rules=rules,
                                      family_name=product.family.code)
    if product.status == product.Status.ACTIVE:
        problems += [
            _required_problem(family_attribute.attribute) for family_attribute in allowed
            if family_attribute.required and family_attribute.attribute.code not in cleaned
        ]
    if problems:
        raise ValidationError({"attributes": problems})
    return cleaned


def translation_attributes_clean(*, translation) -> dict[str, object]:
    product = translation.product
    rules = rules_for_product(product)
    cleaned, problems = _values_clean(
        field="localizable", values=translation.attributes, allowed=rules.of(Level.PRODUCT, localizable=True),
        rules=rules, family_name=product.family.code,
    )
    if problems:
        raise ValidationError({"attributes": problems})
    return cleaned


def variant_attributes_clean(*, variant) -> None:
    """Clean a variant's own values and its axis values in place; every axis needs a value."""
    product = variant.product
    rules = rules_for_product(product)
    errors: dict[str, list[ValidationError]] = {}
    attributes, problems = _values_clean(field="variant", values=variant.attributes, allowed=rules.of(Level.VARIANT),
                                         rules=rules, family_name=product.family.code)
    if problems:
        errors["attributes"] = problems
    axes = rules.of(Level.AXIS)
    axis_values, problems = _values_clean(field="axis", values=variant.axis_values, allowed=axes, rules=rules,
                                          family_name=product.family.code)
    reported = {problem.params.get("attribute") for problem in problems if problem.params}
    problems += [
        _required_problem(family_attribute.attribute) for family_attribute in axes
        if family_attribute.attribute.code not in axis_values and family_attribute.attribute.code not in reported
    ]
    if problems:
        errors["axis_values"] = problems
    if errors:
        raise ValidationError(errors)
    variant.attributes, variant.axis_values = attributes, axis_values
    variant.axis_key = axis_key(axis_values)


def axis_key(axis_values: dict[str, object]) -> str:
    return "|".join(f"{code}={_axis_text(value)}" for code, value in sorted(axis_values.items()))[:500]


def _axis_text(value: object) -> str:
    if isinstance(value, dict):
        return f"{value['amount']}{value['unit']}"
    return str(value).lower()


def _required_problem(attribute: Attribute) -> ValidationError:
    return ValidationError(_("%(attribute)s is required."), code="required",
                           params={"attribute": attribute.code, "value": None})


def product_activation_problems(
    *, product, translations: list, variants: list,
) -> list[ValidationError]:
    """What stops a product from being active, looking across its translations and variants."""
    rules = rules_for_product(product)
    problems: list[ValidationError] = []
    if not variants:
        problems.append(ValidationError(_("A product needs at least one variant."), code="no_variants"))
    if not any(translation.title for translation in translations):
        problems.append(ValidationError(_("An active product needs a title in at least one locale."),
                                        code="no_title"))
    for family_attribute in rules.of(Level.PRODUCT, localizable=True):
        code = family_attribute.attribute.code
        if family_attribute.required and not any(
            translation.attributes.get(code) not in EMPTY_VALUES for translation in translations
        ):
            problems.append(_required_problem(family_attribute.attribute))
    for family_attribute in rules.of(Level.VARIANT):
        code = family_attribute.attribute.code
        if not family_attribute.required:
            continue
        problems += [
            ValidationError(_("%(attribute)s is required on variant %(value)s."), code="required",
                            params={"attribute": code, "value": variant.sku})
            for variant in variants if variant.attributes.get(code) in EMPTY_VALUES
        ]
    return problems
