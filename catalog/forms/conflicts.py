"""What a merchandiser is shown when someone else saved the product after they opened it."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EMPTY_TEXT = "\u2014"


@dataclass
class FieldDifference:
    label: str
    theirs: str
    yours: str


@dataclass
class VersionConflict:
    updated_by: str
    updated_at_text: str
    differences: list[FieldDifference] = field(default_factory=list)


MAX_TEXT = 240


def value_text(form_field: forms.Field, value: object) -> str:
    """A value as the merchandiser reads it, shortened: option labels, not codes; "amount unit" for measurements."""
    text = _value_text(form_field, value).replace("\r\n", "\n")  # browsers send textareas with CRLF
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "\u2026"


def _value_text(form_field: forms.Field, value: object) -> str:
    if value in (None, "", [], {}, ()):
        return EMPTY_TEXT
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dict) and "amount" in value:
        return f"{value['amount']} {value.get('unit', '')}".strip()
    if isinstance(form_field, forms.ModelMultipleChoiceField) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return ", ".join(form_field.label_from_instance(item) for item in items) or EMPTY_TEXT
    if isinstance(form_field, forms.ModelChoiceField):
        return form_field.label_from_instance(value) if hasattr(value, "pk") else str(value)
    choices = dict(getattr(form_field, "choices", ()) or ())
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(item, item)) for item in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(choices.get(value, value)) if isinstance(value, str) else str(value)


def form_differences(form: forms.ModelForm, *, saved_values: dict[str, object], label_prefix: str = ""
                     ) -> list[FieldDifference]:
    """Fields whose submitted value differs from the value saved now (form.initial holds the saved values)."""
    differences = []
    for name in form.changed_data:
        if name in {"version", "id", "DELETE"} or name not in form.fields:
            continue
        form_field = form.fields[name]
        theirs = saved_values[name] if name in saved_values else form.initial.get(name, form_field.initial)
        yours = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") and name in form.cleaned_data else \
            form[name].value()
        theirs_text, yours_text = value_text(form_field, theirs), value_text(form_field, yours)
        if theirs_text != yours_text:
            differences.append(FieldDifference(label=f"{label_prefix}{form_field.label or name}", theirs=theirs_text,
                                               yours=yours_text))
    return differences


def version_conflict_describe(*, form: forms.ModelForm, submitted_version: int | None) -> VersionConflict:
    """Called from the product form's clean(): ``form.instance`` still holds the saved values at this point."""
    product = form.instance
    saved_values = {name: getattr(product, name) for name in ("code", "brand", "status", "primary_category")}
    saved_values["categories"] = list(product.categories.all())
    for name in form.fields:
        if name.startswith("attribute__"):
            saved_values[name] = product.attributes.get(name.removeprefix("attribute__"))
    updated_at = timezone.localtime(product.updated_at) if product.updated_at else None
    return VersionConflict(
        updated_by=product.updated_by.get_username() if product.updated_by_id else "",
        updated_at_text=f"{date_format(updated_at, 'Y-m-d H:i:s')} {updated_at.tzname()}" if updated_at else "",
        differences=form_differences(form, saved_values=saved_values),
    )
