from django.db import models
from django.utils.translation import gettext_lazy as _

from .channels import Channel


class FeedRun(models.Model):
    """One generation of a channel's feed, and the immutable file it produced."""

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("Manual")
        SCHEDULE = "schedule", _("Schedule")
        COMMAND = "command", _("Command line")
        DEMO = "demo", _("Demo data")
        CATALOG = "catalog", _("Catalog change")
        API = "api", _("API")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="runs")
    trigger = models.CharField(_("trigger"), max_length=8, choices=Trigger.choices, default=Trigger.MANUAL)
    status = models.CharField(_("status"), max_length=9, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    items_written = models.PositiveIntegerField(_("items written"), default=0)
    items_skipped = models.PositiveIntegerField(_("items left out"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)
    bytes = models.PositiveBigIntegerField(_("bytes"), default=0)
    gzip_bytes = models.PositiveBigIntegerField(_("gzip bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    gzip_sha256 = models.CharField(_("gzip SHA-256"), max_length=64, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    # Relative to settings.PIM_FEEDS_ROOT: "<channel>/<run id>/<file name>"; blank once the file is pruned.
    storage_path = models.CharField(_("stored file"), max_length=500, blank=True)
    gzip_storage_path = models.CharField(_("stored gzip file"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ("-id",)
        indexes = [models.Index(fields=("channel", "status", "-id"))]
        verbose_name = _("feed run")
        verbose_name_plural = _("feed runs")

    def __str__(self) -> str:
        return f"{self.channel_id}#{self.pk} {self.status}"

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class FeedIssue(models.Model):
    """A problem found with one item of a run: an error left the item out, a warning kept it."""

    class Severity(models.TextChoices):
        ERROR = "error", _("Error")
        WARNING = "warning", _("Warning")

    run = models.ForeignKey(FeedRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="issues")
    sku = models.CharField(_("SKU"), max_length=50)
    product_code = models.CharField(_("product code"), max_length=50)
    field = models.CharField(_("field"), max_length=64)
    severity = models.CharField(_("severity"), max_length=7, choices=Severity.choices)
    code = models.CharField(_("code"), max_length=64)
    message = models.TextField(_("message"))

    class Meta:
        ordering = ("run", "id")
        indexes = [models.Index(fields=("run", "code"))]
        verbose_name = _("feed issue")
        verbose_name_plural = _("feed issues")

    def __str__(self) -> str:
        return f"{self.sku} {self.field}: {self.code}"
