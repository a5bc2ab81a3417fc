"""Admin for channels: settings, the feed URL to copy, Generate now, recent runs, the last run's issues, a preview.

Saves go through syndication.services; the page's reads are a fixed handful of queries (syndication.queries).
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from tree_queries.forms import TreeNodeMultipleChoiceField

from catalog.models import Category, Product
from syndication import (
    product_admin,  # noqa: F401  (re-registers the product admin with the channel parts)
    services,
)
from syndication.admin_destinations import DestinationInline, channel_deliveries_annotate, channel_last_delivery
from syndication.deliveries import destination_delete, destination_save
from syndication.links import channel_feed_url
from syndication.models import Channel, ChannelSchedule, Destination, FeedIssue, FeedRun
from syndication.pipeline import channel_preview
from syndication.queries import channel_recent_runs, run_issue_groups
from syndication.schedules import channel_schedule_delete, channel_schedule_save


class ChannelAdminForm(forms.ModelForm):
    statuses = forms.MultipleChoiceField(
        label=_("product statuses included"), choices=Product.Status.choices, widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Channel
        fields = ("code", "name", "format", "active", "locale", "price_list", "country", "stock_locations",
                  "categories", "statuses", "link_template", "utm_source", "utm_medium", "utm_campaign",
                  "utm_content", "image_size", "keep_runs", "follows_catalog", "debounce_seconds")


class ChannelScheduleInline(admin.TabularInline):
    """Saved through syndication.schedules, which keeps beat's entry for each row in step."""

    model = ChannelSchedule
    extra = 0
    fields = ("kind", "cron", "interval_minutes", "time_zone", "active")


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    form = ChannelAdminForm
    list_display = ("code", "name", "format", "locale", "price_list", "active", "current_feed", channel_last_delivery)
    list_select_related = ("locale", "price_list", "current_run")
    list_filter = ("format", "active")
    search_fields = ("code", "name")
    filter_horizontal = ("stock_locations",)
    actions = ("generate_now", "rotate_token")
    readonly_fields = ("feed_urls", "current_feed", "recent_runs", "last_run_issues", "preview")
    inlines = [ChannelScheduleInline, DestinationInline]
    change_form_template = "admin/syndication/channel/change_form.html"
    fieldsets = (
        (None, {"fields": ("code", "name", "format", "active", "feed_urls", "current_feed")}),
        (_("Content"), {"fields": ("locale", "price_list", "country", "stock_locations", "categories", "statuses")}),
        (_("Links"), {"fields": ("link_template", "utm_source", "utm_medium", "utm_campaign", "utm_content")}),
        (_("Files"), {"fields": ("image_size", "keep_runs")}),
        (_("Following the catalog"), {"fields": ("follows_catalog", "debounce_seconds")}),
        (_("Runs"), {"fields": ("recent_runs", "last_run_issues")}),
        (_("Preview"), {"classes": ("collapse",), "fields": ("preview",)}),
    )

    def get_fieldsets(self, request: HttpRequest, obj: Channel | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        # The feed URL carries the secret token: only those who may change the channel (channel managers) see it.
        return [(name, {**options, "fields": [field for field in options["fields"] if field != "feed_urls"]})
                for name, options in fieldsets]

    def save_model(self, request: HttpRequest, obj: Channel, form: forms.ModelForm, change: bool) -> None:
        """Nothing here: save_related saves the channel with its locations and categories in one service call."""

    @transaction.atomic
    def save_related(self, request: HttpRequest, form: forms.ModelForm, formsets, change: bool) -> None:
        services.channel_save(
            channel=form.instance,
            stock_location_ids=[location.pk for location in form.cleaned_data["stock_locations"]],
            category_ids=[category.pk for category in form.cleaned_data["categories"]],
        )
        for formset in formsets:
            save, delete = self.inline_services[formset.model]
            for row in formset.save(commit=False):
                save(row)
            for row in formset.deleted_objects:
                delete(row)

    # Inline rows are written by services, never by formset.save(): model -> (save one, delete one).
    inline_services = {
        ChannelSchedule: (lambda schedule: channel_schedule_save(schedule=schedule),
                          lambda schedule: channel_schedule_delete(schedule_id=schedule.pk)),
        Destination: (lambda destination: destination_save(destination=destination),
                      lambda destination: destination_delete(destination_id=destination.pk)),
    }

    def response_change(self, request: HttpRequest, obj: Channel):
        if "_generate_now" in request.POST:
            run = services.feed_run_request(channel=obj, trigger=FeedRun.Trigger.MANUAL)
            self.message_user(request, _("Feed run %(run)s queued.") % {"run": run.pk}, messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "categories":
            # The category admin orders by tree fields, which a plain related queryset does not have.
            return TreeNodeMultipleChoiceField(
                queryset=Category.objects.with_tree_fields(), required=False, label=_("categories"),
                help_text=db_field.help_text, widget=forms.SelectMultiple(attrs={"size": 12}),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Channel]:
        queryset = super().get_queryset(request).select_related("locale", "price_list", "current_run")
        return channel_deliveries_annotate(queryset)  # the list's "last delivery" column, in the same query

    @admin.display(description=_("feed URL"))
    def feed_urls(self, channel: Channel) -> str:
        if not channel.pk:
            return "-"
        inputs = format_html_join(
            "", '<p><input type="text" readonly size="110" value="{}" onclick="this.select()"></p>',
            ((channel_feed_url(channel),), (channel_feed_url(channel, gzip_file=True),)),
        )
        return format_html("{}<p class=\"help\">{}</p>", inputs,
                           _("Give the channel this URL. Rotating the token stops the old URL at once."))

    @admin.display(description=_("current feed"))
    def current_feed(self, channel: Channel) -> str:
        run = channel.current_run
        if run is None:
            return _("no feed published yet")
        return format_html(_("{items} items, {size}, published {finished} UTC"), items=run.items_written,
                           size=filesizeformat(run.bytes), finished=f"{run.finished_at:%Y-%m-%d %H:%M}")

    @admin.display(description=_("recent runs"))
    def recent_runs(self, channel: Channel) -> str:
        if not channel.pk:
            return "-"
        runs = channel_recent_runs(channel=channel)
        if not runs:
            return _("none yet")
        head = format_html("<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                           _("run"), _("status"), _("trigger"), _("started"), _("items written / left out"),
                           _("duration"), _("size"))
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td>"
                                    "<td>{}</td><td>{}</td></tr>", (
            (run.pk, run.get_status_display() + (f": {run.error[:200]}" if run.error else ""),
             run.get_trigger_display(), f"{run.started_at:%Y-%m-%d %H:%M:%S}" if run.started_at else "-",
             run.items_written, run.items_skipped,
             f"{run.duration_seconds:.1f} s" if run.duration_seconds is not None else "-",
             filesizeformat(run.bytes) if run.bytes else "-")
            for run in runs))
        return format_html("<table>{}{}</table>", head, rows)

    @admin.display(description=_("issues of the last run"))
    def last_run_issues(self, channel: Channel) -> str:
        run = channel_recent_runs(channel=channel, limit=1) if channel.pk else []
        if not run:
            return "-"
        groups = run_issue_groups(run=run[0])
        if not groups:
            return _("no issues")
        issues_url = reverse("admin:syndication_feedissue_changelist")
        rows = format_html_join("", "<tr><td>{}</td><td><a href=\"{}?run__id__exact={}&code={}\">{}</a></td>"
                                    "<td>{}</td><td>{}</td><td>{}{}</td></tr>", (
            (group.severity, issues_url, run[0].pk, group.code, group.code, group.field, group.count,
             ", ".join(group.product_codes),
             ngettext(" and %(count)d more", " and %(count)d more", group.more_products)
             % {"count": group.more_products} if group.more_products else "")
            for group in groups))
        return format_html("<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
                           _("severity"), _("code"), _("field"), _("count"), _("products"), rows)

    @admin.display(description=_("first items as the channel will see them"))
    def preview(self, channel: Channel) -> str:
        if not channel.pk:
            return "-"
        rows = channel_preview(channel=channel)
        if not rows:
            return _("no products in this channel's scope")
        return format_html_join("", "<p><strong>{}</strong> {}<br>{} · {} · {}<br><code>{}</code><br>{}</p>", (
            (row.item.sku, row.item.title, row.item.availability,
             f"{row.item.price} {row.item.currency}" if row.item.price is not None else "-",
             _("left out") if row.left_out else _("written"), row.item.link,
             "; ".join(f"{problem.severity} {problem.field}: {problem.message}" for problem in row.problems))
            for row in rows))

    @admin.action(description=_("Generate the feed now"))
    def generate_now(self, request: HttpRequest, queryset: QuerySet[Channel]) -> None:
        for channel in queryset:
            services.feed_run_request(channel=channel, trigger=FeedRun.Trigger.MANUAL)
        self.message_user(request, ngettext("%(count)d feed run queued.", "%(count)d feed runs queued.",
                                            len(queryset)) % {"count": len(queryset)}, messages.SUCCESS)

    @admin.action(description=_("Rotate the feed token (the old URL stops working)"))
    def rotate_token(self, request: HttpRequest, queryset: QuerySet[Channel]) -> None:
        for channel in queryset:
            services.channel_token_rotate(channel_id=channel.pk)
        self.message_user(request, _("New tokens set; give the channels their new URLs."), messages.WARNING)


@admin.register(FeedIssue)
class FeedIssueAdmin(admin.ModelAdmin):
    """Read-only: issues are written by feed runs."""

    list_display = ("run", "severity", "code", "field", "sku", "product_code", "message")
    list_filter = ("severity", "code", "run__channel")
    search_fields = ("sku", "product_code")
    list_select_related = ("run",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
