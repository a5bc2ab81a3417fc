"""The product page's inlines: one per locale for translations, variants with prices and stock, media."""

from collections.abc import Callable

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from catalog.attribute_values import FamilyRules, Level
from catalog.forms.attribute_fields import ATTRIBUTE_PREFIX, AXIS_PREFIX, attribute_field
from catalog.forms.product_children import (
    PRICE_PREFIX,
    STOCK_PREFIX,
    MediaForm,
    MediaFormSet,
    TranslationForm,
    TranslationFormSet,
    VariantForm,
    VariantFormSet,
)
from catalog.models import Asset, Locale, Price, ProductMedia, ProductTranslation, StockLevel, Variant

from .page_data import page_family_rules, page_language_chain, page_locations, page_price_lists


def page_problems(request: HttpRequest) -> dict[str, ValidationError]:
    """Errors of a save that failed in the services, shown on the rows they belong to when the page is re-shown."""
    return getattr(request, "_pim_page_problems", {})


def page_family_id(request: HttpRequest, product) -> int | None:
    return getattr(request, "_pim_page_family_id", None) or (product.family_id if product else None)


class PageInlineMixin:
    """Builds the inline's form class per request with the typed fields of the product's family."""

    def family_rules(self, request: HttpRequest, obj) -> FamilyRules | None:
        family_id = page_family_id(request, obj)
        return page_family_rules(request, family_id) if family_id else None

    def extra_form_fields(self, request: HttpRequest, obj, rules) -> dict[str, forms.Field]:
        return {}

    def form_class_attributes(self, request: HttpRequest, obj) -> dict[str, object]:
        return {}

    def get_formset(self, request: HttpRequest, obj=None, **kwargs) -> type[BaseInlineFormSet]:
        rules = self.family_rules(request, obj)
        kwargs["form"] = type(f"{self.form.__name__}ForPage", (self.form,), {
            **self.extra_form_fields(request, obj, rules), "family_rules": rules,
            "page_problems": page_problems(request), **self.form_class_attributes(request, obj),
        })
        formset = super().get_formset(request, obj, **kwargs)
        formset.page_problems = page_problems(request)
        return formset


class ProductTranslationInline(PageInlineMixin, admin.StackedInline):
    """Expanded by ProductAdmin into one inline per Locale (``for_locale``), each with at most one form."""

    model = ProductTranslation
    form = TranslationForm
    formset = TranslationFormSet
    extra = 1
    max_num = 1
    min_num = 0
    can_delete = True
    locale: Locale | None = None
    classes = ("pim-translation",)

    @classmethod
    def for_locale(cls, locale: Locale) -> type["ProductTranslationInline"]:
        title = _("Translation: %(name)s (%(code)s)") % {"name": locale.name, "code": locale.code}
        return type(f"{cls.__name__}_{locale.code.replace('-', '_')}", (cls,), {
            "locale": locale, "verbose_name": title, "verbose_name_plural": title,
        })

    def extra_form_fields(self, request: HttpRequest, obj, rules) -> dict[str, forms.Field]:
        if rules is None:
            return {}
        return {
            ATTRIBUTE_PREFIX + item.attribute.code: attribute_field(item, language_chain=page_language_chain(request))
            for item in rules.of(Level.PRODUCT, localizable=True)
        }

    def form_class_attributes(self, request: HttpRequest, obj) -> dict[str, object]:
        return {"locale": self.locale}

    def get_formset(self, request: HttpRequest, obj=None, **kwargs) -> type[BaseInlineFormSet]:
        formset = super().get_formset(request, obj, **kwargs)
        return type(f"TranslationFormSet_{self.locale.code.replace('-', '_')}", (formset,), {"locale": self.locale})

    def get_fields(self, request: HttpRequest, obj=None) -> list[str]:
        rules = self.family_rules(request, obj)
        typed = [ATTRIBUTE_PREFIX + item.attribute.code for item in rules.of(Level.PRODUCT, localizable=True)] \
            if rules else []
        return ["title", "short_description", "description", "slug", *typed]


class VariantInline(PageInlineMixin, admin.TabularInline):
    model = Variant
    form = VariantForm
    formset = VariantFormSet
    extra = 0
    min_num = 1
    can_delete = True
    readonly_fields = ("variant_page",)
    classes = ("pim-variants",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related(
            Prefetch("prices", queryset=Price.objects.order_by()),
            Prefetch("stock_levels", queryset=StockLevel.objects.order_by()),
        )

    def extra_form_fields(self, request: HttpRequest, obj, rules) -> dict[str, forms.Field]:
        fields: dict[str, forms.Field] = {}
        chain = page_language_chain(request)
        if rules is not None:
            for item in rules.of(Level.AXIS):
                fields[AXIS_PREFIX + item.attribute.code] = attribute_field(item, language_chain=chain,
                                                                            product_required=False)
            for item in rules.of(Level.VARIANT):
                fields[ATTRIBUTE_PREFIX + item.attribute.code] = attribute_field(item, language_chain=chain)
        for price_list in page_price_lists(request):
            fields[PRICE_PREFIX + price_list.code] = forms.DecimalField(
                label=_("Price %(currency)s (%(code)s)") % {"currency": price_list.currency, "code": price_list.code},
                required=False, max_digits=14, decimal_places=4,
                widget=forms.NumberInput(attrs={"step": "any", "class": "pim-amount"}),
            )
        for location in page_locations(request):
            fields[STOCK_PREFIX + location.code] = forms.IntegerField(
                label=_("Stock: %(name)s") % {"name": location.name}, required=False, min_value=0,
                widget=forms.NumberInput(attrs={"class": "pim-quantity"}),
            )
        return fields

    def form_class_attributes(self, request: HttpRequest, obj) -> dict[str, object]:
        return {"price_lists": tuple(page_price_lists(request)), "locations": tuple(page_locations(request))}

    def get_fields(self, request: HttpRequest, obj=None) -> list[str]:
        rules = self.family_rules(request, obj)
        typed = []
        if rules is not None:
            typed = [AXIS_PREFIX + item.attribute.code for item in rules.of(Level.AXIS)]
            typed += [ATTRIBUTE_PREFIX + item.attribute.code for item in rules.of(Level.VARIANT)]
        return [
            "sku", "gtin", "mpn", *typed, "weight", "position", "availability_override", "available_from",
            *(PRICE_PREFIX + price_list.code for price_list in page_price_lists(request)),
            *(STOCK_PREFIX + location.code for location in page_locations(request)),
            "variant_page",
        ]

    @admin.display(description=_("sale prices"))
    def variant_page(self, variant: Variant) -> str:
        if not variant.pk:
            return ""
        url = reverse("admin:catalog_variant_change", args=[variant.pk])
        return format_html('<a href="{}">{}</a>', url, _("Sale prices & stock"))


class ProductMediaInline(PageInlineMixin, admin.TabularInline):
    model = ProductMedia
    form = MediaForm
    formset = MediaFormSet
    extra = 1
    autocomplete_fields = ("asset",)
    readonly_fields = ("preview",)
    fields = ("preview", "asset", "upload", "variant", "position")
    classes = ("pim-media",)

    class Media:
        js = ("pim/media_order.js",)
        css = {"all": ("pim/admin.css",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("asset", "variant")

    def get_formset(self, request: HttpRequest, obj=None, **kwargs) -> type[BaseInlineFormSet]:
        request._pim_media_product = obj  # formfield_for_foreignkey has no obj; its widget needs the product
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs) -> forms.Field:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "asset":
            product = getattr(request, "_pim_media_product", None)
            field.widget = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using"),
                labels=lambda: product_asset_labels(request, product),
            )
        return field

    def form_class_attributes(self, request: HttpRequest, obj) -> dict[str, object]:
        return {"variant_choices": tuple(product_variant_choices(request, obj))}

    @admin.display(description=_("image"))
    def preview(self, media: ProductMedia) -> str:
        if not media.pk or not media.asset_id:
            return ""
        return asset_thumbnail_html(media.asset)


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete, labelling the chosen value from one query for the whole page instead of one
    query per row (a product with an image per variant would otherwise cost a query per variant)."""

    def __init__(self, *args, labels: Callable[[], dict[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = labels

    def optgroups(self, name: str, value: list, attr: dict | None = None) -> list:
        selected = [str(item) for item in value if item not in (None, "")]
        labels = self.labels()
        if any(item not in labels for item in selected):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        options += [self.create_option(name, item, labels[item], True, len(options)) for item in selected]
        return [(None, options, 0)]


def product_asset_labels(request: HttpRequest, product) -> dict[str, str]:
    if product is None or product.pk is None:
        return {}
    cache = request.__dict__.setdefault("_pim_asset_labels", {})
    if product.pk not in cache:
        cache[product.pk] = {str(asset.pk): str(asset) for asset in Asset.objects.filter(placements__product=product)}
    return cache[product.pk]


def product_variant_choices(request: HttpRequest, product) -> list[tuple[int, str]]:
    if product is None or product.pk is None:
        return []
    cache = request.__dict__.setdefault("_pim_variant_choices", {})
    if product.pk not in cache:
        cache[product.pk] = list(Variant.objects.filter(product=product).values_list("pk", "sku"))
    return cache[product.pk]


def asset_thumbnail_html(asset, *, size: int = 64) -> str:
    image = asset.thumbnail or asset.file
    if not image:
        return ""
    return format_html('<img src="{}" alt="" class="pim-thumb" width="{}" height="{}">', image.url, size, size)
