"""What syndication adds to the catalog's product admin: channel overrides inline, readiness, a not-ready filter.

Catalog does not know channels exist, so the product admin is re-registered here with these additions.
"""

from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from catalog.admin.bulk_edit import BulkEdit, bulk_edit_action
from catalog.admin.products import ProductAdmin
from catalog.models import Product
from syndication import services
from syndication.models import Channel, ChannelListing, FeedIssue
from syndication.pipeline import product_channel_readiness


class ChannelListingFormSet(BaseInlineFormSet):
    """Saved row by row through syndication.services, never by formset.save()'s own model saves."""

    def save(self, commit: bool = True) -> list[ChannelListing]:
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        for form in self.deleted_forms:
            if form.instance.pk:
                services.channel_listing_delete(listing_id=form.instance.pk)
                self.deleted_objects.append(form.instance)
        for form in self.forms:
            if form in self.deleted_forms or not form.has_changed():
                continue
            adding = form.instance._state.adding
            values = {name: form.cleaned_data[name] for name in services.LISTING_FIELDS if name in form.cleaned_data}
            listing = services.channel_listing_save(channel=form.cleaned_data["channel"], product=self.instance,
                                                    **values)
            if adding:
                self.new_objects.append(listing)
            else:
                self.changed_objects.append((listing, form.changed_data))
        return self.new_objects + [listing for listing, _changed in self.changed_objects]


class ChannelListingInline(admin.TabularInline):
    model = ChannelListing
    formset = ChannelListingFormSet
    extra = 0
    fields = ("channel", "excluded", "title", "description", *ChannelListing.CUSTOM_LABEL_FIELDS)
    verbose_name = _("channel override")
    verbose_name_plural = _("channel overrides")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ChannelListing]:
        return super().get_queryset(request).select_related("channel")

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "description":
            field.widget.attrs.update({"rows": 2, "cols": 30})
        return field


class NotReadyForChannelFilter(admin.SimpleListFilter):
    """Products left out of a channel's current feed for an error (as of that feed's run)."""

    title = _("not ready for channel")
    parameter_name = "not_ready_for"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [(channel.code, channel.name) for channel in Channel.objects.filter(active=True)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Product]) -> QuerySet[Product]:
        if not self.value():
            return queryset
        channel = Channel.objects.filter(code=self.value()).first()
        if channel is None or channel.current_run_id is None:
            return queryset.none()
        errors = FeedIssue.objects.filter(run_id=channel.current_run_id, severity=FeedIssue.Severity.ERROR,
                                          product_code=OuterRef("code"))
        return queryset.filter(Exists(errors))


class ChannelExclusionForm(forms.Form):
    channel = forms.ModelChoiceField(label=_("channel"), queryset=Channel.objects.all())
    excluded = forms.TypedChoiceField(label=_("in this channel"), coerce=lambda value: value == "1", choices=(
        ("1", _("leave the products out")), ("0", _("include the products again"))))


class CustomLabelForm(forms.Form):
    channel = forms.ModelChoiceField(label=_("channel"), queryset=Channel.objects.all())
    label = forms.TypedChoiceField(label=_("custom label"), coerce=int,
                                   choices=[(number, number) for number in range(5)])
    value = forms.CharField(label=_("value"), max_length=100, required=False,
                            help_text=_("Empty clears the label."))


SET_EXCLUSION = BulkEdit(
    name="bulk_channel_exclusion", title=_("Leave out of / include in a channel"), form_class=ChannelExclusionForm,
    done_message=_("%(count)s products changed in the channel."),
    apply=lambda *, product_ids, data, user: services.channel_listings_bulk_set(
        channel=data["channel"], product_ids=product_ids, excluded=data["excluded"]))
SET_CUSTOM_LABEL = BulkEdit(
    name="bulk_custom_label", title=_("Set a custom label"), form_class=CustomLabelForm,
    done_message=_("%(count)s products labelled."),
    apply=lambda *, product_ids, data, user: services.channel_listings_bulk_set(
        channel=data["channel"], product_ids=product_ids,
        **{ChannelListing.CUSTOM_LABEL_FIELDS[data["label"]]: data["value"].strip()}))


class ProductWithChannelsAdmin(ProductAdmin):
    inlines = (*ProductAdmin.inlines, ChannelListingInline)
    actions = (*ProductAdmin.actions, bulk_edit_action(SET_EXCLUSION), bulk_edit_action(SET_CUSTOM_LABEL))
    list_filter = (*ProductAdmin.list_filter, NotReadyForChannelFilter)

    def get_inlines(self, request: HttpRequest, obj: Product | None) -> tuple:
        inlines = tuple(super().get_inlines(request, obj))
        # Overrides need a saved product: the add page stays the catalog's own.
        return inlines if obj is not None else tuple(inline for inline in inlines if inline is not ChannelListingInline)

    def get_fieldsets(self, request: HttpRequest, obj: Product | None = None) -> list:
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append((_("Channels"), {"fields": ("channel_readiness",)}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Product | None = None) -> tuple:
        return (*super().get_readonly_fields(request, obj), "channel_readiness")

    @admin.display(description=_("readiness per channel"))
    def channel_readiness(self, product: Product) -> str:
        channels = list(Channel.objects.filter(active=True).select_related("locale", "price_list"))
        if not channels:
            return _("no active channels")
        rows = product_channel_readiness(product_id=product.pk, channels=channels)
        return format_html_join("", "<p><strong>{}</strong>: {}{}</p>", (
            (row.channel.name, _("ready") if row.ready else _("not ready"),
             format_html("<br>{}", "; ".join(row.reasons[:10])) if row.reasons else "")
            for row in rows))


admin.site.unregister(Product)
admin.site.register(Product, ProductWithChannelsAdmin)
