"""Admin plumbing shared by the catalog's admins: saves and deletes go through catalog.services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest

from catalog import services
from catalog.forms.labels import LocaleTextsForm, locale_texts_form_class

from .page_data import page_locales


class ServiceSavedAdmin(admin.ModelAdmin):
    """Reference rows and their inline rows are saved by services.reference_row_save (full_clean, one transaction)."""

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")  # Django 6's default; typed "acme.com" means https
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj, form: ModelForm, change: bool) -> None:
        services.reference_row_save(instance=obj)

    def delete_model(self, request: HttpRequest, obj) -> None:
        services.reference_row_delete(instance=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            services.reference_row_delete(instance=obj)

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseFormSet, change: bool) -> None:
        # The admin's change message reads these lists, which formset.save() would have filled.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for child_form in formset.deleted_forms:
            if child_form.instance.pk:
                services.reference_row_delete(instance=child_form.instance)
                formset.deleted_objects.append(child_form.instance)
        for child_form in formset.forms:
            if child_form in formset.deleted_forms or not child_form.has_changed():
                continue
            adding = child_form.instance._state.adding
            setattr(child_form.instance, formset.fk.name, formset.instance)
            child = services.reference_row_save(instance=child_form.save(commit=False))
            if adding:
                formset.new_objects.append(child)
            else:
                formset.changed_objects.append((child, child_form.changed_data))

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: dict | None = None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return self.response_post_save_change(request, None)


class LocaleTextsAdminMixin:
    """Edits a JSON field of texts per locale as one text field per Locale (e.g. "Name (pl)")."""

    locale_texts_form: type[LocaleTextsForm] = LocaleTextsForm
    locale_texts_label = "name"
    locale_texts_max_length: int | None = 200

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        kwargs["form"] = locale_texts_form_class(
            self.locale_texts_form, locales=page_locales(request), label=str(self.locale_texts_label),
            max_length=self.locale_texts_max_length,
        )
        return super().get_form(request, obj, change, **kwargs)

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        kwargs["form"] = locale_texts_form_class(
            self.locale_texts_form, locales=page_locales(request), label=str(self.locale_texts_label),
            max_length=self.locale_texts_max_length,
        )
        return super().get_formset(request, obj, **kwargs)
