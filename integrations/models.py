"""API tokens for integrations, and tombstones: what an incremental API reader must forget."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A key an integration sends as ``Authorization: Token <key>``; it acts as its user, with the user's permissions.

    Only the key's SHA-256 is stored: the key itself is shown once, when the token is created. The prefix (the
    part before the dot) stays visible so a token can be recognised in the admin and in logs.
    """

    name = models.CharField(_("name"), max_length=100, help_text=_("What uses it, e.g. ERP price sync."))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="api_tokens",
                             help_text=_("The token acts as this user: give the user the Integration role."))
    prefix = models.CharField(_("prefix"), max_length=16, editable=False, db_index=True)
    key_hash = models.CharField(_("key SHA-256"), max_length=64, unique=True, editable=False)
    read_only = models.BooleanField(_("read only"), default=False,
                                    help_text=_("Only reads (GET): writes are refused with 403."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True,
                                      help_text=_("Empty: never expires."))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class Tombstone(models.Model):
    """A variant that left the catalog (deleted), left every channel (archived) or left one channel (excluded).

    Readers following ``updated_since`` read these to forget items; they are kept for
    settings.PIM_TOMBSTONE_RETENTION_DAYS, and an older ``updated_since`` is answered 410 Gone.
    """

    class Kind(models.TextChoices):
        DELETED = "deleted", _("Deleted")
        ARCHIVED = "archived", _("Archived")
        EXCLUDED = "excluded", _("Excluded from a channel")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    product_code = models.CharField(_("product code"), max_length=50)
    sku = models.CharField(_("SKU"), max_length=50)
    # Set for exclusions only; a deleted channel takes its exclusions with it.
    channel = models.ForeignKey("syndication.Channel", verbose_name=_("channel"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ("at", "id")
        indexes = [models.Index(fields=("at", "id"), name="tombstone_at_id")]
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")

    def __str__(self) -> str:
        return f"{self.kind} {self.sku}"
