"""Admins of the catalog's reference data: locales, attributes, families, brands, categories, price lists and
locations."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from tree_queries.forms import TreeNodeChoiceField

from catalog.models import (
    Attribute,
    AttributeOption,
    Brand,
    Category,
    Family,
    FamilyAttribute,
    Locale,
    Location,
    PriceList,
)
from catalog.queries import category_paths

from .base import LocaleTextsAdminMixin, ServiceSavedAdmin


@admin.register(Locale)
class LocaleAdmin(ServiceSavedAdmin):
    list_display = ("code", "name", "fallback", "position")
    list_select_related = ("fallback",)
    list_editable = ("position",)
    search_fields = ("code", "name")
    fields = ("code", "name", "fallback", "position")


class AttributeOptionInline(LocaleTextsAdminMixin, admin.TabularInline):
    model = AttributeOption
    extra = 0
    exclude = ("labels",)

    def get_fields(self, request: HttpRequest, obj=None) -> list[str]:
        form = self.get_formset(request, obj, fields=None).form
        return ["code", "name", *(name for name in form.base_fields if name.startswith("label_")), "position"]


@admin.register(Attribute)
class AttributeAdmin(LocaleTextsAdminMixin, ServiceSavedAdmin):
    list_display = ("code", "name", "type", "localizable", "units")
    list_filter = ("type", "localizable")
    search_fields = ("code", "name")
    exclude = ("labels",)
    inlines = (AttributeOptionInline,)

    def get_fieldsets(self, request: HttpRequest, obj=None) -> list:
        form = self.get_form(request, obj, fields=None)
        labels = [name for name in form.base_fields if name.startswith("label_")]
        return [
            (None, {"fields": ("code", "name", "type", "localizable", "help_text")}),
            (_("Names per locale"), {"fields": labels}),
            (_("Validation"), {"fields": ("units", "min_value", "max_value", "max_length")}),
        ]


class FamilyAttributeInline(admin.TabularInline):
    model = FamilyAttribute
    fields = ("attribute", "level", "required", "position")
    autocomplete_fields = ("attribute",)
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("attribute", "family")


@admin.register(Family)
class FamilyAdmin(LocaleTextsAdminMixin, ServiceSavedAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    exclude = ("labels",)
    inlines = (FamilyAttributeInline,)


@admin.register(Brand)
class BrandAdmin(ServiceSavedAdmin):
    list_display = ("name", "code", "website")
    search_fields = ("code", "name")


class CategoryPathAutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete, answering with each category's path ("Apparel \u203a Men \u203a Shirts")."""

    def get(self, request: HttpRequest, *args, **kwargs) -> JsonResponse:
        self.paths = category_paths()
        return super().get(request, *args, **kwargs)

    def serialize_result(self, obj: Category, to_field_name: str) -> dict[str, str]:
        return {"id": str(getattr(obj, to_field_name)), "text": self.paths.get(obj.pk, str(obj))}


class CategoryParentField(TreeNodeChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return format_html("{}{}", "\u00a0\u00a0\u00a0\u00a0" * getattr(obj, "tree_depth", 0), obj.name)


@admin.register(Category)
class CategoryAdmin(LocaleTextsAdminMixin, ServiceSavedAdmin):
    list_display = ("indented_name", "code", "google_product_category", "position")
    search_fields = ("code", "name")
    exclude = ("labels",)
    sortable_by = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Not super(): it orders by get_ordering() before the tree columns exist.
        return Category.objects.with_tree_fields().order_siblings_by("position", "code")

    def get_ordering(self, request: HttpRequest) -> list[str]:
        return ["tree_ordering"]

    @admin.display(description=_("name"))
    def indented_name(self, category: Category) -> str:
        return format_html('<span style="padding-left:{}em">{}</span>', 1.5 * getattr(category, "tree_depth", 0),
                           category.name)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs) -> forms.Field:
        if db_field.name == "parent":
            return CategoryParentField(
                queryset=Category.objects.with_tree_fields().order_siblings_by("position", "code"), required=False,
                label=_("Parent"),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self) -> list:
        return [
            path("tree-autocomplete/", self.admin_site.admin_view(
                CategoryPathAutocompleteView.as_view(admin_site=self.admin_site)),
                name="catalog_category_tree_autocomplete"),
            *super().get_urls(),
        ]


@admin.register(PriceList)
class PriceListAdmin(ServiceSavedAdmin):
    list_display = ("code", "name", "currency")
    search_fields = ("code", "name", "currency")


@admin.register(Location)
class LocationAdmin(ServiceSavedAdmin):
    list_display = ("code", "name", "kind", "country")
    list_filter = ("kind",)
    search_fields = ("code", "name")
