"""Per-locale texts stored as JSON ({"pl": "Koszula", ...}) edited as one text field per Locale."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Locale


def locale_field_name(prefix: str, locale: Locale) -> str:
    return f"{prefix}_{locale.code}"


class LocaleTextsForm(forms.ModelForm):
    """Base of forms with per-locale text fields; ``locale_texts_form_class`` adds the fields for the locales."""

    texts_json_field = "labels"
    texts_field_prefix = "label"
    texts_locales: tuple[Locale, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = getattr(self.instance, self.texts_json_field) or {}
        for locale in self.texts_locales:
            name = locale_field_name(self.texts_field_prefix, locale)
            if name in self.fields:
                self.fields[name].initial = stored.get(locale.code, "")

    def clean(self) -> dict:
        cleaned_data = super().clean()
        stored = dict(getattr(self.instance, self.texts_json_field) or {})
        for locale in self.texts_locales:
            name = locale_field_name(self.texts_field_prefix, locale)
            if name not in self.fields:
                continue
            text = (cleaned_data.get(name) or "").strip()
            if text:
                stored[locale.code] = text
            else:
                stored.pop(locale.code, None)
        setattr(self.instance, self.texts_json_field, stored)
        return cleaned_data


def locale_texts_form_class(
    base: type[LocaleTextsForm], *, locales: list[Locale], label: str, max_length: int | None = 200,
    widget: type[forms.Widget] | None = None,
) -> type[LocaleTextsForm]:
    """A subclass of ``base`` with one optional text field per locale, e.g. "Name (pl)"."""
    fields = {
        locale_field_name(base.texts_field_prefix, locale): forms.CharField(
            label=_("%(label)s (%(locale)s)") % {"label": label, "locale": locale.code}, required=False,
            max_length=max_length, widget=widget, help_text=locale.name,
        )
        for locale in locales
    }
    return type(f"{base.__name__}WithLocales", (base,), {**fields, "texts_locales": tuple(locales)})
