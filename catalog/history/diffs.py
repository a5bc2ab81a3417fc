"""Readable differences between two versions of a row: field labels, values as a person reads them (names for ids,
labels for choices, one line per attribute of a JSON field), long texts marked for trimming.

Names for ids are loaded by ``Labels``: ask for every id a page needs, then one query per related model.
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

JSON_FIELDS_BY_ATTRIBUTE = frozenset({"attributes", "axis_values"})  # {attribute code: value}
CATEGORY_IDS = "category_ids"  # the product's other categories, on product history rows


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str  # "" for none; the templates trim values over 160 characters, with the whole text one click away
    new: str


class Labels:
    """Names of related rows, loaded in bulk: ``want`` every id first, ``load`` once, then ``text``."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.attribute_codes: set[str] = set()
        self.names: dict[type[models.Model], dict[object, str]] = {}
        self.attribute_names: dict[str, str] = {}

    def want(self, model: type[models.Model], ids: Iterable[object]) -> None:
        self.wanted[model].update(value for value in ids if value is not None)

    def want_row(self, fields: list[models.Field], row: object) -> None:
        """Every id and attribute code this row's shown fields refer to."""
        for field in fields:
            value = getattr(row, field.attname, None)
            if field.is_relation:
                self.want(field.related_model, [value])
            elif field.name in JSON_FIELDS_BY_ATTRIBUTE and isinstance(value, dict):
                self.attribute_codes.update(value)
        category_ids = getattr(row, CATEGORY_IDS, None)
        if category_ids:
            from catalog.models import Category

            self.want(Category, category_ids)

    def load(self) -> None:
        from catalog.models import Attribute, Variant

        for model, ids in self.wanted.items():
            if not ids:
                continue
            if model is Variant:  # a deleted variant is still named by its last SKU
                self.names[model] = _variant_skus(ids)
            else:
                self.names[model] = {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=ids)}
        if self.attribute_codes:
            self.attribute_names = dict(Attribute.objects.filter(code__in=self.attribute_codes)
                                        .values_list("code", "name"))

    def text(self, model: type[models.Model], value: object) -> str:
        if value is None:
            return ""
        return self.names.get(model, {}).get(value) or _("%(model)s #%(id)s (deleted)") % {
            "model": model._meta.verbose_name, "id": value}

    def attribute(self, code: str) -> str:
        return self.attribute_names.get(code, code)


def _variant_skus(ids: set) -> dict[object, str]:
    from catalog.models import Variant

    found = dict(Variant.objects.filter(pk__in=ids).values_list("pk", "sku"))
    missing = ids - found.keys()
    if missing:  # oldest first, so the last SKU a deleted variant had wins
        found.update(dict(Variant.history.filter(id__in=missing).order_by("history_date", "history_id")
                          .values_list("id", "sku")))
    return found


def shown_fields(model: type[models.Model], hidden: Iterable[str]) -> list[models.Field]:
    """The tracked model's fields a person reads in a diff, in the model's order."""
    hidden = {*hidden, "id", "created_at", "updated_at"}
    return [field for field in model._meta.concrete_fields if field.attname not in hidden and field.editable]


def field_changes(*, fields: list[models.Field], old: object | None, new: object, labels: Labels,
                  categories: bool = False, all_values: bool = False) -> list[FieldChange]:
    """What differs between ``old`` and ``new`` (model instances or history rows: the same attribute names).
    ``old`` None: a new row, every non-empty value is listed (``all_values`` lists the empty ones too)."""
    changes = []
    for field in fields:
        before = getattr(old, field.attname) if old is not None else None
        after = getattr(new, field.attname)
        if field.name in JSON_FIELDS_BY_ATTRIBUTE:
            changes += _json_changes(field, before or {}, after or {}, labels)
            continue
        if (before == after and old is not None) or (old is None and after in (None, "") and not all_values):
            continue
        changes.append(FieldChange(str(capfirst(field.verbose_name)), _value_text(field, before, labels),
                                   _value_text(field, after, labels)))
    if categories:
        before = getattr(old, CATEGORY_IDS, None) if old is not None else None
        after = getattr(new, CATEGORY_IDS, None)
        if after is not None and sorted(before or []) != sorted(after):
            from catalog.models import Category, Product

            label = str(capfirst(Product._meta.get_field("categories").verbose_name))
            changes.append(FieldChange(label, ", ".join(sorted(labels.text(Category, pk) for pk in before or [])),
                                       ", ".join(sorted(labels.text(Category, pk) for pk in after))))
    return changes


def _json_changes(field: models.Field, before: dict, after: dict, labels: Labels) -> list[FieldChange]:
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [FieldChange(str(capfirst(field.verbose_name)), _json_text(before), _json_text(after))]
    return [FieldChange(f"{capfirst(field.verbose_name)} \u00b7 {labels.attribute(code)}",
                        attribute_value_text(before.get(code)), attribute_value_text(after.get(code)))
            for code in sorted(before.keys() | after.keys()) if before.get(code) != after.get(code)]


def attribute_value_text(value: object) -> str:
    """A stored attribute value (catalog.attribute_values shapes) as text."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dict) and set(value) == {"amount", "unit"}:
        return f"{value['amount']} {value['unit']}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return _json_text(value)
    return str(value)


def _json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value not in (None, "", {}, []) else ""


def _value_text(field: models.Field, value: object, labels: Labels) -> str:
    if value is None or value == "":
        return ""
    if field.is_relation:
        return labels.text(field.related_model, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, Decimal):
        return decimal_text(value)
    return str(value)


def decimal_text(value: Decimal) -> str:
    """199.0000 -> 199.00, 1.2500 -> 1.25, 0.125 -> 0.125: stored decimals without the padding."""
    normal = value.normalize()
    if normal.as_tuple().exponent > -2:
        normal = normal.quantize(Decimal("0.01"))
    return f"{normal:f}"
