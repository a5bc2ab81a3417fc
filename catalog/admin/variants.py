"""Variants are created and changed on their product's page; a variant's own page edits its prices (with sale
amounts and promotion windows) and its stock per location."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseFormSet, ModelForm
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from catalog import services
from catalog.models import Price, StockLevel, Variant


class PriceInline(admin.TabularInline):
    model = Price
    fields = ("price_list", "amount", "sale_amount", "sale_start", "sale_end", "updated_at")
    readonly_fields = ("updated_at",)
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("price_list")


class StockLevelInline(admin.TabularInline):
    model = StockLevel
    fields = ("location", "quantity", "updated_at")
    readonly_fields = ("updated_at",)
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("location")


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    list_display = ("sku", "product_link", "gtin", "mpn", "axis_text", "availability_override", "updated_at")
    list_select_related = ("product",)
    list_filter = ("availability_override",)
    search_fields = ("sku", "gtin", "mpn", "product__code")
    show_full_result_count = False
    fields = ("product_link", "sku", "gtin", "mpn", "axis_text", "weight", "availability_override",
              "available_from")
    readonly_fields = fields
    inlines = (PriceInline, StockLevelInline)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a variant is added on its product's page, where its axes are edited

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one by one, so refusing a product's last variant is explained
        return actions

    def delete_model(self, request: HttpRequest, obj: Variant) -> None:
        services.variant_delete(variant_id=obj.pk)

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: dict | None = None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:catalog_variant_change", args=[object_id]))

    @admin.display(description=_("product"), ordering="product__code")
    def product_link(self, variant: Variant) -> str:
        url = reverse("admin:catalog_product_change", args=[variant.product_id])
        return format_html('<a href="{}">{}</a>', url, variant.product.code)

    @admin.display(description=_("axis values"))
    def axis_text(self, variant: Variant) -> str:
        return ", ".join(f"{code}: {value}" for code, value in sorted(variant.axis_values.items())) or "\u2014"

    def save_model(self, request: HttpRequest, obj: Variant, form: ModelForm, change: bool) -> None:
        """The variant's own fields are read-only here; only its prices and stock are saved."""

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseFormSet, change: bool) -> None:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        variant = form.instance
        for child in formset.deleted_forms:
            if child.instance.pk and isinstance(child.instance, Price):
                services.price_delete(price_id=child.instance.pk)
                formset.deleted_objects.append(child.instance)
        for child in formset.forms:
            if child in formset.deleted_forms or not child.has_changed():
                continue
            data = child.cleaned_data
            if formset.model is Price and child.instance.pk and "price_list" in child.changed_data:
                # Moving a price to another list replaces it there; it must not stay in the old one too.
                services.price_delete(price_id=child.instance.pk)
            if formset.model is Price:
                saved = services.price_save(
                    variant=variant, price_list=data["price_list"], amount=data["amount"],
                    sale_amount=data.get("sale_amount"), sale_start=data.get("sale_start"),
                    sale_end=data.get("sale_end"),
                )
            else:
                saved = services.stock_level_save(variant=variant, location=data["location"],
                                                  quantity=data["quantity"])
            if child.instance.pk:
                formset.changed_objects.append((saved, child.changed_data))
            else:
                formset.new_objects.append(saved)


