"""Admin for destinations and deliveries: the channel page's destination inline, the read-only delivery log,
and the channel list's "last delivery" column.

Secrets are write-only: the form shows "•••• (set)" and a clear box, never the value; a blank entry keeps the
stored one. Destination rows are saved by ChannelAdmin.save_related through syndication.deliveries services.
Editing destinations takes the syndication add/change/delete destination permissions (Django's inline checks).
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from syndication.deliveries import delivery_retry_now
from syndication.models import Channel, Delivery, Destination
from syndication.models.destinations import SECRET_FIELDS
from syndication.transports.sftp import PrivateKeyInvalid, private_key_load

SECRET_SET = _("•••• (set)")


class SecretWidget(forms.MultiWidget):
    """An empty entry plus a "clear" box. Renders neither the stored value nor a value typed into a form that
    failed validation: a secret never travels back to the browser."""

    def __init__(self, *, multiline: bool = False):
        entry = (forms.Textarea(attrs={"rows": 4, "cols": 64, "autocomplete": "off", "spellcheck": "false"})
                 if multiline else forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False))
        super().__init__((entry, forms.CheckboxInput()))
        self.is_set = False  # set per form from the instance

    def decompress(self, value: object) -> list[object]:
        return ["", False]

    def get_context(self, name: str, value: object, attrs: dict | None) -> dict:
        context = super().get_context(name, None, attrs)  # None: decompress, i.e. always empty
        entry, clear = context["widget"]["subwidgets"]
        if self.is_set:
            entry["attrs"]["placeholder"] = str(SECRET_SET)
        context["secret"] = {"entry": entry, "clear": clear, "is_set": self.is_set}
        return context

    def render(self, name: str, value: object, attrs: dict | None = None, renderer=None) -> str:
        context = self.get_context(name, value, attrs)
        entry_widget, clear_widget = self.widgets
        entry, clear = context["secret"]["entry"], context["secret"]["clear"]
        entry_html = entry_widget.render(entry["name"], "", entry["attrs"], renderer)
        if not self.is_set:
            return format_html('{}<div class="help">{}</div>', entry_html, _("not set"))
        clear_html = clear_widget.render(clear["name"], False, clear["attrs"], renderer)
        return format_html('{}<div class="help">{} <label for="{}">{} {}</label></div>', entry_html, SECRET_SET,
                           clear["attrs"].get("id", ""), clear_html, _("clear"))


class SecretField(forms.MultiValueField):
    """Cleans to (new value, clear): ("", False) leaves the stored secret as it is."""

    def __init__(self, *, multiline: bool = False, strip: bool = True, **kwargs):
        super().__init__(fields=(forms.CharField(required=False, strip=strip), forms.BooleanField(required=False)),
                         require_all_fields=False, required=False, widget=SecretWidget(multiline=multiline), **kwargs)

    def compress(self, data_list: list[object]) -> tuple[str, bool]:
        if not data_list:
            return "", False
        return str(data_list[0] or ""), bool(data_list[1])


class DestinationForm(forms.ModelForm):
    password = SecretField(label=_("password"), strip=False,
                           help_text=_("SFTP password, or the HTTP Basic password. Leave empty to keep the stored "
                                       "one."))
    private_key = SecretField(label=_("private key"), multiline=True,
                              help_text=_("SFTP: an RSA, Ed25519 or ECDSA private key without passphrase (OpenSSH "
                                          "or PEM text). Put its public key on the server."))
    token = SecretField(label=_("bearer token"), help_text=_("HTTP Bearer authentication."))
    secret_access_key = SecretField(label=_("secret access key"), help_text=_("S3-compatible bucket."))

    class Meta:
        model = Destination
        fields = ("name", "kind", "active", "remote_path", "remote_name", "compressed", "atomic_rename", "host",
                  "port", "host_key_fingerprint", "url", "http_method", "http_auth", "endpoint_url", "bucket",
                  "region", "username", "access_key_id")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SECRET_FIELDS:
            self.fields[name].widget.is_set = self.instance.has_secret(name)

    def clean(self) -> dict:
        cleaned = super().clean()
        # Applied before the model's clean() runs (in _post_clean), which checks the credentials the kind needs.
        for name in SECRET_FIELDS:
            value, clear = cleaned.get(name) or ("", False)
            if value and name == "private_key":
                try:
                    private_key_load(value)
                except PrivateKeyInvalid as error:
                    self.add_error(name, str(error))
                    continue
            if value:
                self.instance.secret_set(name, value)
            elif clear:
                self.instance.secret_set(name, "")
        return cleaned


def _secret_state(name: str, label: str):
    """What a user allowed only to view destinations sees in place of a secret field."""

    @admin.display(description=label)
    def state(self, destination: Destination) -> str:
        return SECRET_SET if destination.has_secret(name) else _("not set")

    return state


def _latest_delivery(field: str) -> Subquery:
    return Subquery(Delivery.objects.filter(destination=OuterRef("pk")).order_by("-id").values(field)[:1])


class DestinationInline(admin.StackedInline):
    model = Destination
    form = DestinationForm
    extra = 0
    readonly_fields = ("last_delivery",)
    fieldsets = (
        (None, {"fields": ("name", "kind", "active", "last_delivery")}),
        (_("File"), {"fields": ("remote_path", "remote_name", "compressed", "atomic_rename")}),
        (_("Server"), {"fields": ("host", "port", "host_key_fingerprint", "url", "http_method", "http_auth",
                                  "endpoint_url", "bucket", "region")}),
        (_("Credentials"), {"fields": ("username", "password", "private_key", "token", "access_key_id",
                                       "secret_access_key")}),
    )
    password = _secret_state("password", _("password"))
    private_key = _secret_state("private_key", _("private key"))
    token = _secret_state("token", _("bearer token"))
    secret_access_key = _secret_state("secret_access_key", _("secret access key"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Destination]:
        # The last delivery of every row in the inline's one query.
        return super().get_queryset(request).annotate(
            last_delivery_id=_latest_delivery("id"), last_delivery_status=_latest_delivery("status"),
            last_delivery_finished=_latest_delivery("finished_at"), last_delivery_error=_latest_delivery("error"),
        )

    @admin.display(description=_("last delivery"))
    def last_delivery(self, destination: Destination) -> str:
        status = getattr(destination, "last_delivery_status", None)
        if not destination.pk or status is None:
            return _("none yet")
        url = reverse("admin:syndication_delivery_changelist") + f"?destination__id__exact={destination.pk}"
        finished = destination.last_delivery_finished
        when = f" {finished:%Y-%m-%d %H:%M} UTC" if finished else ""
        error = (destination.last_delivery_error or "")[:300]
        return format_html('<a href="{}"{}>{}</a>{}{}', url, _failed_style(status), Delivery.Status(status).label,
                           when, f": {error}" if error else "")


FAILED_STYLE = mark_safe(' style="color: var(--error-fg); font-weight: bold"')  # a constant, no input in it


def _failed_style(status: str) -> str:
    return FAILED_STYLE if status == Delivery.Status.FAILED else ""


def channel_deliveries_annotate(queryset: QuerySet[Channel]) -> QuerySet[Channel]:
    """Per channel, in the list's one query: how many active destinations' latest delivery failed for good, and
    the status of the channel's latest delivery."""
    failed = (Destination.objects.filter(channel=OuterRef("pk"), active=True)
              .annotate(latest_status=_latest_delivery("status"))
              .filter(latest_status=Delivery.Status.FAILED)
              .order_by().values("channel").annotate(count=Count("pk")).values("count"))
    return queryset.annotate(
        delivery_failed_destinations=Coalesce(Subquery(failed, output_field=IntegerField()), Value(0)),
        delivery_last_status=Subquery(
            Delivery.objects.filter(channel=OuterRef("pk")).order_by("-id").values("status")[:1]),
    )


@admin.display(description=_("last delivery"))
def channel_last_delivery(channel: Channel) -> str:
    """For the channel list (needs channel_deliveries_annotate): failures stand out in red."""
    url = reverse("admin:syndication_delivery_changelist") + f"?channel__id__exact={channel.pk}"
    failed = getattr(channel, "delivery_failed_destinations", 0)
    if failed:
        return format_html('<a href="{}&amp;status__exact=failed"{}>✖ {}</a>', url, _failed_style("failed"),
                           ngettext("failed (%(count)d destination)", "failed (%(count)d destinations)", failed)
                           % {"count": failed})
    status = getattr(channel, "delivery_last_status", None)
    if status is None:
        return "-"
    return format_html('<a href="{}">{}</a>', url, Delivery.Status(status).label)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log, read-only: rows are written by syndication.deliveries."""

    list_display = ("id", "channel", "destination", "run_id", "attempt", "status_shown", "scheduled_for",
                    "started_at", "duration", "size", "error_excerpt")
    list_filter = ("status", "channel", "destination__kind")
    list_select_related = ("channel", "destination")
    search_fields = ("target", "error", "destination__name", "channel__code")
    date_hierarchy = "created_at"
    actions = ("push_again",)
    fields = ("channel", "destination", "run", "attempt", "previous", "status", "target", "scheduled_for",
              "started_at", "finished_at", "duration_seconds", "bytes", "error", "note")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Delivery | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Delivery | None = None) -> bool:
        return False

    def has_push_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("syndication.change_destination")

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, delivery: Delivery) -> str:
        return format_html("<span{}>{}</span>", _failed_style(delivery.status), delivery.get_status_display())

    @admin.display(description=_("duration"), ordering="duration_seconds")
    def duration(self, delivery: Delivery) -> str:
        return f"{delivery.duration_seconds:.1f} s" if delivery.duration_seconds is not None else "-"

    @admin.display(description=_("bytes sent"), ordering="bytes")
    def size(self, delivery: Delivery) -> str:
        return filesizeformat(delivery.bytes) if delivery.bytes else "-"

    @admin.display(description=_("error"))
    def error_excerpt(self, delivery: Delivery) -> str:
        return delivery.error[:200] + ("…" if len(delivery.error) > 200 else "")

    @admin.action(description=_("Push again now (failed deliveries of the current feed)"), permissions=["push"])
    def push_again(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        queued = [delivery_id for delivery_id in queryset.filter(status=Delivery.Status.FAILED)
                  .values_list("pk", flat=True) if delivery_retry_now(delivery_id=delivery_id) is not None]
        skipped = queryset.count() - len(queued)
        self.message_user(request, ngettext("%(count)d push queued.", "%(count)d pushes queued.", len(queued))
                          % {"count": len(queued)}, messages.SUCCESS if queued else messages.WARNING)
        if skipped:
            self.message_user(request, ngettext(
                "%(count)d delivery skipped: only failed deliveries of a channel's current feed are pushed again.",
                "%(count)d deliveries skipped: only failed deliveries of a channel's current feed are pushed again.",
                skipped) % {"count": skipped}, messages.WARNING)
