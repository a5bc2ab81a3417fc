"""Typed form fields for attribute values, one widget per attribute type, generated from the family.

The forms only parse input into the shapes catalog.attribute_values accepts; that module still validates every
value on save, so the admin can never store what the API or an import would refuse.
"""

import datetime
from decimal import Decimal

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.attribute_values import EMPTY_VALUES
from catalog.models import Attribute, FamilyAttribute

ATTRIBUTE_PREFIX = "attribute__"
AXIS_PREFIX = "axis__"
BOOLEAN_CHOICES = (("", _("Not set")), ("true", _("Yes")), ("false", _("No")))


class MeasurementWidget(forms.MultiWidget):
    def __init__(self, units: list[str], attrs: dict | None = None):
        super().__init__(
            (forms.NumberInput(attrs={"step": "any", "class": "pim-measurement-amount"}),
             forms.Select(choices=[(unit, unit) for unit in units], attrs={"class": "pim-measurement-unit"})),
            attrs,
        )

    def decompress(self, value: object) -> list[object]:
        if isinstance(value, dict):
            return [value.get("amount"), value.get("unit")]
        return [None, None]


class MeasurementField(forms.MultiValueField):
    """An amount and a unit chosen from the attribute's units; stored as {"amount": ..., "unit": ...}."""

    def __init__(self, *, units: list[str], min_value: Decimal | None, max_value: Decimal | None, **kwargs):
        fields = (
            forms.DecimalField(min_value=min_value, max_value=max_value, required=False),
            forms.ChoiceField(choices=[(unit, unit) for unit in units], required=False),
        )
        kwargs.setdefault("widget", MeasurementWidget(units))
        super().__init__(fields, require_all_fields=False, **kwargs)
        self.units = units

    def has_changed(self, initial: object, data: object) -> bool:
        # The unit select always posts a unit: an untouched empty row must not count as changed because of it.
        amount = data[0] if isinstance(data, list | tuple) and data else None
        if initial in EMPTY_VALUES:
            return amount not in EMPTY_VALUES
        return super().has_changed(initial, data)

    def compress(self, data_list: list[object]) -> dict[str, object] | None:
        if not data_list or data_list[0] in EMPTY_VALUES:
            return None
        return {"amount": data_list[0], "unit": data_list[1] or self.units[0]}


class BooleanChoiceField(forms.TypedChoiceField):
    """Yes, no or not set: a checkbox could not tell "no" from "nobody said"."""

    def __init__(self, **kwargs):
        super().__init__(choices=BOOLEAN_CHOICES, coerce=lambda value: value in (True, "true"),
                         empty_value=None, **kwargs)

    def prepare_value(self, value: object) -> object:
        if value is True:
            return "true"
        if value is False:
            return "false"
        return value


def attribute_field(family_attribute: FamilyAttribute, *, language_chain: list[str],
                    product_required: bool = True) -> forms.Field:
    """The form field for one family attribute: label and help text from the attribute, bounds as validators."""
    attribute = family_attribute.attribute
    help_parts = [attribute.help_text] if attribute.help_text else []
    if family_attribute.required and product_required:
        help_parts.append(str(_("Required before the product is active.")))
    common = {"label": attribute.label_for(language_chain), "required": False, "help_text": " ".join(help_parts)}
    kind = attribute.type
    options = [(option.code, option.label_for(language_chain)) for option in attribute.options.all()]
    if kind == Attribute.Type.TEXT:
        return forms.CharField(max_length=attribute.max_length, **common)
    if kind == Attribute.Type.RICH_TEXT:
        return forms.CharField(max_length=attribute.max_length, widget=forms.Textarea(attrs={"rows": 4}), **common)
    if kind == Attribute.Type.NUMBER:
        return forms.DecimalField(min_value=attribute.min_value, max_value=attribute.max_value,
                                  widget=forms.NumberInput(attrs={"step": "any"}), **common)
    if kind == Attribute.Type.MEASUREMENT:
        return MeasurementField(units=attribute.unit_list, min_value=attribute.min_value,
                                max_value=attribute.max_value, **common)
    if kind == Attribute.Type.BOOLEAN:
        return BooleanChoiceField(**common)
    if kind == Attribute.Type.DATE:
        return forms.DateField(widget=AdminDateWidget, **common)
    if kind == Attribute.Type.SINGLE_SELECT:
        return forms.ChoiceField(choices=[("", "---------"), *options], **common)
    if kind == Attribute.Type.MULTI_SELECT:
        return forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple, **common)
    if kind == Attribute.Type.URL:
        return forms.URLField(max_length=attribute.max_length, assume_scheme="https", **common)
    raise ValueError(f"unknown attribute type {kind!r}")


def attribute_initial(attribute: Attribute, stored: object) -> object:
    """The stored JSON value in the shape the attribute's field shows."""
    if stored in EMPTY_VALUES:
        return None
    if attribute.type == Attribute.Type.DATE and isinstance(stored, str):
        try:
            return datetime.date.fromisoformat(stored)
        except ValueError:
            return stored
    return stored


def attribute_values_from(cleaned_data: dict[str, object], family_attributes: tuple[FamilyAttribute, ...],
                          *, prefix: str) -> dict[str, object]:
    """The non-empty typed values of a form, keyed by attribute code, ready for the services."""
    values = {}
    for family_attribute in family_attributes:
        value = cleaned_data.get(prefix + family_attribute.attribute.code)
        if value not in EMPTY_VALUES:
            values[family_attribute.attribute.code] = value
    return values


def field_name_for_problem(problem: ValidationError, *, json_field: str, field_names: set[str]) -> str | None:
    """The typed field an attribute error belongs to, from params["attribute"]; None when it has no field."""
    prefix = AXIS_PREFIX if json_field == "axis_values" else ATTRIBUTE_PREFIX
    code = (getattr(problem, "params", None) or {}).get("attribute")
    name = f"{prefix}{code}"
    return name if code and name in field_names else None


def errors_routed(error: ValidationError, *, field_names: set[str]) -> dict[str, list[ValidationError]]:
    """Re-key a model or service ValidationError for a form: JSON-field errors go to the matching typed field,
    errors for fields the form lacks become form-wide errors."""
    if not hasattr(error, "error_dict"):
        return {forms.forms.NON_FIELD_ERRORS: error.error_list}
    routed: dict[str, list[ValidationError]] = {}
    for key, problems in error.error_dict.items():
        for problem in problems:
            if key in {"attributes", "axis_values"}:
                target = field_name_for_problem(problem, json_field=key, field_names=field_names)
            else:
                target = key if key in field_names else None
            routed.setdefault(target or forms.forms.NON_FIELD_ERRORS, []).append(problem)
    return routed


class AttributeErrorRoutingMixin:
    """Forms whose model stores typed values in JSON: model and service errors land on the typed fields."""

    def add_error(self, field: str | None, error: ValidationError | str) -> None:
        if field is None and isinstance(error, ValidationError):
            for target, problems in errors_routed(error, field_names=set(self.fields)).items():
                target = None if target == forms.forms.NON_FIELD_ERRORS else target
                if target and target in self.errors:
                    # ModelForm re-raises model errors for fields it already flagged; one message is enough.
                    known = set(self.errors[target])
                    problems = [problem for problem in problems if not known & set(ValidationError(problem).messages)]
                    if not problems:
                        continue
                super().add_error(target, problems)
            return
        super().add_error(field, error)
