from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """One uploaded catalog file: its dry run (the preview), then its application. See catalog.transfer."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel (.xlsx)")

    class Mode(models.TextChoices):
        SKIP_BAD_ROWS = "skip_bad_rows", _("Skip bad rows: save the good rows, list the rejected ones")
        ALL_OR_NOTHING = "all_or_nothing", _("All or nothing: save nothing if any row is rejected")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        PLANNING = "planning", _("Checking (dry run)")
        PLANNED = "planned", _("Checked, ready to apply")
        APPLYING = "applying", _("Applying")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices, default=Format.CSV)
    mode = models.CharField(_("mode"), max_length=14, choices=Mode.choices, default=Mode.SKIP_BAD_ROWS)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.UPLOADED,
                              db_index=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    # The first rejected rows ({line, field, value, reason}) and changed rows ({line, action, sku, columns}), for
    # the preview page; every rejected row is in rejected_file.
    rejections = models.JSONField(_("rejected rows (first ones)"), default=list, blank=True)
    changes = models.JSONField(_("changes (first ones)"), default=list, blank=True)
    rejected_file = models.FileField(_("rejected rows file"), upload_to="imports/rejected/%Y/%m/", blank=True,
                                     max_length=300)
    applied = models.BooleanField(_("saved"), default=False, help_text=_("The counts are of an import that was saved, "
                                                                         "not of a dry run."))
    error = models.TextField(_("error"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # Set when a worker (or the request) claims the current phase; heartbeat_at moves every chunk, so a phase whose
    # worker died can be claimed again by a redelivered task (an import is idempotent, so running it again is safe).
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("catalog import")
        verbose_name_plural = _("catalog imports")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else self.original_name

    @property
    def busy(self) -> bool:
        return self.status in {self.Status.UPLOADED, self.Status.PLANNING, self.Status.APPLYING}

    @property
    def progress_percent(self) -> int:
        return min(100, round(100 * self.rows_done / self.total_rows)) if self.total_rows else 0
