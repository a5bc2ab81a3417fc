"""Admin for API tokens: the key is shown once, on the page after the token is created, and never again."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from integrations import services
from integrations.models import ApiToken, Tombstone

KEY_ATTRIBUTE = "_pim_api_token_key"  # the new key, handed from save_model to response_add within one request


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ("name", "user", "read_only", "expires_at")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ("name", "prefix", "user", "read_only", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_select_related = ("user",)
    list_filter = ("read_only",)
    search_fields = ("name", "prefix", "user__username")
    autocomplete_fields = ("user",)
    actions = ("revoke",)

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return ("user", "prefix", "created_at", "last_used_at", "revoked_at")

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> tuple[str, ...]:
        if obj is None:
            return ("name", "user", "read_only", "expires_at")
        return ("name", "user", "prefix", "read_only", "expires_at", "created_at", "last_used_at", "revoked_at")

    def save_model(self, request: HttpRequest, obj: ApiToken, form: forms.ModelForm, change: bool) -> None:
        if change:
            services.api_token_save(token=obj)
            return
        token, key = services.api_token_create(name=obj.name, user=obj.user, read_only=obj.read_only,
                                               expires_at=obj.expires_at)
        obj.pk, obj.prefix, obj.key_hash, obj.created_at = token.pk, token.prefix, token.key_hash, token.created_at
        obj._state.adding = False
        setattr(request, KEY_ATTRIBUTE, key)

    def response_add(self, request: HttpRequest, obj: ApiToken, post_url_continue: str | None = None
                     ) -> HttpResponse:
        key = getattr(request, KEY_ATTRIBUTE, None)
        if key is None:
            return super().response_add(request, obj, post_url_continue)
        # Rendered, not redirected with a message: the key must not be stored anywhere, not even in a message
        # (the admin's views are never cached).
        return TemplateResponse(request, "admin/integrations/apitoken/created.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "token": obj, "key": key,
            "title": _("API token created"),
        })

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset) -> None:
        count = services.api_tokens_revoke(token_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
                          % {"count": count}, messages.SUCCESS)


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    """Read only: tombstones are written by the catalog's and syndication's announcements."""

    list_display = ("at", "kind", "sku", "product_code", "channel")
    list_select_related = ("channel",)
    list_filter = ("kind",)
    search_fields = ("sku", "product_code")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Tombstone | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Tombstone | None = None) -> bool:
        return False
