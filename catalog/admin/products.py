"""The product admin: the list merchandisers work from and the page where a product is edited as a whole."""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from catalog import services
from catalog.forms.conflicts import form_differences
from catalog.forms.product import (
    CategoryPathChoiceField,
    CategoryPathMultipleChoiceField,
    CategoryTreeAutocomplete,
    CategoryTreeAutocompleteMultiple,
    ProductForm,
    product_form_class,
)
from catalog.history.context import HistorySource, history_context, history_scope
from catalog.history.records import history_scope_version_write
from catalog.models import Family, Product, ProductMedia, Variant
from catalog.queries import product_search_filter, products_with_title

from .bulk_edit import CATALOG_BULK_EDITS, bulk_edit_action
from .history import ProductHistoryAdminMixin
from .page_data import page_family_rules, page_language_chain, page_locales
from .product_inlines import ProductMediaInline, ProductTranslationInline, VariantInline, page_problems
from .product_list import CategoryListFilter, EstimatedCountPaginator, MissingTranslationListFilter
from .product_save import PageSaveRefused, product_page_save


@admin.register(Product)
class ProductAdmin(ProductHistoryAdminMixin, admin.ModelAdmin):
    form = ProductForm
    list_display = ("thumbnail", "code", "title", "family", "brand", "status", "variant_count", "updated_at")
    list_display_links = ("code", "title")
    list_select_related = ("family", "brand")
    list_filter = ("status", "family", "brand", CategoryListFilter, MissingTranslationListFilter)
    search_fields = ("code",)  # shows the search box; get_search_results does the real search
    search_help_text = _("Code, SKU, GTIN or title.")
    autocomplete_fields = ("brand",)
    inlines = (ProductTranslationInline, VariantInline, ProductMediaInline)
    actions = ("activate", "archive", *(bulk_edit_action(edit) for edit in CATALOG_BULK_EDITS))
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # facet counts are one COUNT per filter choice: too slow at 100k rows
    paginator = EstimatedCountPaginator
    list_per_page = 50
    change_form_template = "admin/catalog/product/change_form.html"

    class Media:
        css = {"all": ("pim/admin.css",)}

    # -- list ---------------------------------------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        first_image = ProductMedia.objects.filter(product=OuterRef("pk")).order_by("position", "id")
        variant_count = Variant.objects.filter(product=OuterRef("pk")).order_by().values("product") \
            .annotate(total=Count("pk")).values("total")
        # The changelist skips list_select_related once a queryset has select_related: name them all here.
        queryset = super().get_queryset(request).select_related("family", "brand", "updated_by").annotate(
            thumbnail_name=Subquery(first_image.values("asset__thumbnail")[:1]),
            variant_total=Coalesce(Subquery(variant_count, output_field=IntegerField()), 0),
        )
        return products_with_title(queryset, locale_code=getattr(request, "LANGUAGE_CODE", "en") or "en")

    @admin.display(description="")
    def thumbnail(self, product: Product) -> str:
        name = getattr(product, "thumbnail_name", None)
        if not name:
            return format_html('<span class="pim-thumb pim-thumb-missing" title="{}"></span>', _("No image"))
        return format_html('<img src="{}" alt="" class="pim-thumb" width="48" height="48" loading="lazy">',
                           default_storage.url(name))

    @admin.display(description=_("title"), ordering="title")
    def title(self, product: Product) -> str:
        return getattr(product, "title", "") or "\u2014"

    @admin.display(description=_("variants"), ordering="variant_total")
    def variant_count(self, product: Product) -> int:
        return product.variant_total

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str
                           ) -> tuple[QuerySet, bool]:
        if not search_term.strip():
            return queryset, False
        return queryset.filter(product_search_filter(search_term)), False

    @admin.action(description=_("Activate selected products"), permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet) -> None:
        with history_context(source=HistorySource.BULK, reason=_("Activate selected products")):
            self._status_set(request, queryset, Product.Status.ACTIVE)

    @admin.action(description=_("Archive selected products"), permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet) -> None:
        with history_context(source=HistorySource.BULK, reason=_("Archive selected products")):
            self._status_set(request, queryset, Product.Status.ARCHIVED)

    def _status_set(self, request: HttpRequest, queryset: QuerySet, status: str) -> None:
        try:
            changed = services.product_status_set(product_ids=list(queryset.values_list("pk", flat=True)),
                                                  status=status, user=request.user)
        except ValidationError as error:
            self.message_user(request, _("Nothing was changed. %(problems)s") % {
                "problems": " ".join(error.messages)}, messages.ERROR)
            return
        self.message_user(request, _("%(count)s products set to %(status)s.") % {
            "count": changed, "status": Product.Status(status).label}, messages.SUCCESS)

    def delete_model(self, request: HttpRequest, obj: Product) -> None:
        services.product_delete(product_id=obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for product_id in queryset.values_list("pk", flat=True):
            services.product_delete(product_id=product_id)

    # -- product page -------------------------------------------------------------------------------------------

    def page_family_id(self, request: HttpRequest, obj: Product | None) -> int | None:
        if obj is not None:
            return obj.family_id
        return getattr(request, "_pim_page_family_id", None)

    def get_form(self, request: HttpRequest, obj: Product | None = None, change: bool = False, **kwargs):
        family_id = self.page_family_id(request, obj)
        kwargs["form"] = product_form_class(
            self.form, family_id=family_id, family_rules=page_family_rules(request, family_id) if family_id else None,
            language_chain=page_language_chain(request), page_problems=page_problems(request),
        )
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Product | None = None) -> list:
        family_id = self.page_family_id(request, obj)
        general = ("code", "family", "status", "brand", "primary_category", "categories", "version")
        fieldsets = [(None, {"fields": general})]
        if family_id:
            rules = page_family_rules(request, family_id)
            typed = [f"attribute__{item.attribute.code}" for item in rules.of("product", localizable=False)]
            if typed:
                fieldsets.append((_("Attributes"), {"fields": typed, "classes": ("pim-attributes",)}))
        if obj is not None:
            fieldsets.append((_("Record"), {"fields": ("last_saved", "attribute_values_raw"),
                                            "classes": ("collapse",)}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Product | None = None) -> tuple:
        return ("last_saved", "attribute_values_raw") if obj is not None else ()

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "family":
            # Fixed once the product exists, so no add / change links around it.
            return db_field.formfield(**kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "primary_category":
            return CategoryPathChoiceField(
                queryset=db_field.remote_field.model.objects.all(), required=False,
                label=capfirst(db_field.verbose_name), widget=CategoryTreeAutocomplete(db_field, self.admin_site),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "categories":
            return CategoryPathMultipleChoiceField(
                queryset=db_field.remote_field.model.objects.all(), required=False,
                label=capfirst(db_field.verbose_name),
                widget=CategoryTreeAutocompleteMultiple(db_field, self.admin_site),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("last saved"))
    def last_saved(self, product: Product) -> str:
        return format_html("{} \u00b7 {} \u00b7 {} {}", product.updated_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                           product.updated_by.get_username() if product.updated_by_id else "\u2014",
                           _("version"), product.version)

    @admin.display(description=_("stored values (JSON)"))
    def attribute_values_raw(self, product: Product) -> str:
        return format_html("<pre class=\"pim-json\">{}</pre>", json.dumps(product.attributes, indent=2,
                                                                       ensure_ascii=False, sort_keys=True))

    def get_inline_instances(self, request: HttpRequest, obj: Product | None = None) -> list:
        if self.page_family_id(request, obj) is None:
            return []
        inline_classes = []
        for inline_class in self.get_inlines(request, obj):
            if issubclass(inline_class, ProductTranslationInline):
                inline_classes += [inline_class.for_locale(locale) for locale in page_locales(request)]
            else:
                inline_classes.append(inline_class)
        instances = []
        for inline_class in inline_classes:
            inline = inline_class(self.model, self.admin_site)
            if request and not (inline.has_view_or_change_permission(request, obj)
                                or inline.has_add_permission(request, obj)
                                or inline.has_delete_permission(request, obj)):
                continue
            if request and not inline.has_add_permission(request, obj):
                inline.max_num = 0
            instances.append(inline)
        return instances

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied  # before the family chooser, which would otherwise show to anyone
        family = self._requested_family(request)
        if family is None:
            return self._family_choice_view(request)
        request._pim_page_family_id = family.pk
        return super().add_view(request, form_url, extra_context)

    def _requested_family(self, request: HttpRequest) -> Family | None:
        family_id = request.GET.get("family", "")
        return Family.objects.filter(pk=family_id).first() if family_id.isdigit() else None

    def _family_choice_view(self, request: HttpRequest) -> TemplateResponse:
        """Step one of adding a product: the family decides which attribute fields the page shows."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta, "title": _("Add product: choose its family"),
            "families": Family.objects.all(), "preserved_filters": self.get_preserved_filters(request),
        }
        return TemplateResponse(request, "admin/catalog/product/choose_family.html", context)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        initial["status"] = Product.Status.DRAFT
        return initial

    def changeform_view(self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
                        extra_context: dict | None = None) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PageSaveRefused as refused:
            # The admin's transaction was rolled back as the error left it; show the same input again with the
            # errors on the forms they belong to (the forms read them from the request).
            request._pim_page_problems = refused.problems
            request.__dict__.pop("_pim_admin_page_data", None)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Product, form: ProductForm, change: bool) -> None:
        """Nothing here: the product and its inlines are saved together in save_related, which sees the inlines."""

    def save_related(self, request: HttpRequest, form: ProductForm, formsets: list, change: bool) -> None:
        with history_scope():  # the channel overrides saved with the page belong to its version too
            page = product_page_save(request=request, form=form, formsets=formsets, change=change)
            for formset in page.others:  # inlines other apps add (syndication's channel listings) save themselves
                self.save_formset(request, form, formset, change=change)
            # Every page save that changed something is a product version (its number moved on), even when only
            # translations, variants, prices or overrides changed: one to restore later.
            history_scope_version_write(instance=Product.objects.get(pk=form.instance.pk))

    def render_change_form(self, request: HttpRequest, context: dict, add: bool = False, change: bool = False,
                           form_url: str = "", obj: Product | None = None) -> TemplateResponse:
        form = context["adminform"].form
        conflict = getattr(form, "version_conflict", None)
        if conflict is not None:
            for inline_admin_formset in context.get("inline_admin_formsets", []):
                formset = inline_admin_formset.formset
                for child in formset.initial_forms:
                    row = f" \u00b7 {child.instance.sku}" if isinstance(child.instance, Variant) else ""
                    label = f"{capfirst(inline_admin_formset.opts.verbose_name)}{row}: "
                    conflict.differences += form_differences(child, saved_values={}, label_prefix=label)
        context["version_conflict"] = conflict
        return super().render_change_form(request, context, add, change, form_url, obj)
