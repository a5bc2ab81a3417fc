from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .channels import Channel

CRON_FIELDS = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")


def cron_fields(expression: str) -> dict[str, str]:
    """"30 5 * * 1-5" -> the five crontab fields by name (validated by celery's own parser on clean)."""
    parts = expression.split()
    if len(parts) != len(CRON_FIELDS):
        raise ValidationError(
            _("%(value)s is not a cron expression: it needs 5 fields (minute hour day month weekday)."),
            code="cron_fields", params={"value": expression},
        )
    return dict(zip(CRON_FIELDS, parts, strict=True))


def cron_expression_check(expression: str) -> None:
    from celery.schedules import ParseException, crontab

    try:
        crontab(**cron_fields(expression))
    except (ParseException, ValueError, IndexError) as error:
        raise ValidationError(
            _("%(value)s is not a valid cron expression: %(reason)s"), code="cron_invalid",
            params={"value": expression, "reason": str(error) or type(error).__name__},
        ) from None


def time_zone_check(name: str) -> None:
    if name not in available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone (e.g. Europe/Warsaw)."), code="time_zone",
                              params={"value": name})


class ChannelSchedule(models.Model):
    """When a channel's feed is generated besides following the catalog: a cron expression or an interval.

    Each schedule is mirrored into a django-celery-beat PeriodicTask (see syndication.schedules), which beat's
    database scheduler reads; the channel's run then goes to its destinations like any other run.
    """

    class Kind(models.TextChoices):
        CRON = "cron", _("Cron expression")
        INTERVAL = "interval", _("Interval")

    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.CASCADE,
                                related_name="schedules")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.CRON)
    cron = models.CharField(
        _("cron expression"), max_length=100, blank=True, validators=[cron_expression_check],
        help_text=_("minute hour day month weekday, e.g. 30 5 * * * for 05:30 every day."),
    )
    interval_minutes = models.PositiveIntegerField(_("every (minutes)"), null=True, blank=True,
                                                   validators=[MinValueValidator(1)])
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[time_zone_check])
    active = models.BooleanField(_("active"), default=True)
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ("channel", "id")
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self) -> str:
        if self.kind == self.Kind.CRON:
            return f"{self.cron} ({self.time_zone})"
        return _("every %(minutes)s min") % {"minutes": self.interval_minutes}

    def clean(self) -> None:
        if self.kind == self.Kind.CRON and not self.cron.strip():
            raise ValidationError({"cron": ValidationError(_("A cron schedule needs a cron expression."),
                                                           code="cron_missing")})
        if self.kind == self.Kind.INTERVAL and not self.interval_minutes:
            raise ValidationError({"interval_minutes": ValidationError(
                _("An interval schedule needs a number of minutes."), code="interval_missing")})
