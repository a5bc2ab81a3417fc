"""Incremental sync (FEEDS.md §3): ``updated_since``, the cut-off handed back, and the retention window.

Readers list what changed at or after ``updated_since`` (inclusive, so they upsert idempotently) and keep the
response's ``sync_cutoff`` as their next ``updated_since``. Deletions, archivings and channel exclusions are
tombstones, kept for settings.PIM_TOMBSTONE_RETENTION_DAYS: an ``updated_since`` before that window cannot be
answered completely and gets 410 Gone (the reader reloads everything).
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException


class SyncWindowGone(APIException):
    status_code = status.HTTP_410_GONE
    default_detail = _("updated_since is older than the tombstone retention window: reload the full catalog.")
    default_code = "sync_window_gone"


def sync_window_start() -> datetime.datetime:
    """The oldest moment an incremental read can start from: tombstones before it are purged."""
    return timezone.now() - datetime.timedelta(days=settings.PIM_TOMBSTONE_RETENTION_DAYS)


def sync_cutoff_now() -> datetime.datetime:
    # Behind "now" by the longest write transaction expected: a row written with updated_at = t but committed after
    # this read is still at or after the cut-off, so the reader's next sync lists it.
    return timezone.now() - datetime.timedelta(seconds=settings.PIM_API_SYNC_OVERLAP_SECONDS)


def updated_since_check(moment: datetime.datetime) -> None:
    if moment < sync_window_start():
        raise SyncWindowGone(_("updated_since %(value)s is older than the %(days)s-day tombstone retention window: "
                               "reload the full catalog, then sync from its sync_cutoff.")
                             % {"value": moment.isoformat(), "days": settings.PIM_TOMBSTONE_RETENTION_DAYS})


def moment_parse(value: str) -> datetime.datetime:
    """An ISO 8601 / RFC 3339 date-time; without an offset it is UTC.

    A "+02:00" offset sent unencoded in a query string arrives as " 02:00" (a "+" means a space there): read it back.
    """
    text = value.strip()
    if len(text) > 19 and text[-6] == " " and text[-5:-3].isdigit():
        text = f"{text[:-6]}+{text[-5:]}"
    try:
        moment = datetime.datetime.fromisoformat(text)
        if timezone.is_naive(moment):
            return moment.replace(tzinfo=datetime.UTC)
        return moment.astimezone(datetime.UTC)  # year 1 at +05:00 is before year 1 in UTC: OverflowError
    except (ValueError, OverflowError):
        raise ValidationError(_("%(value)s is not an ISO 8601 date-time such as 2025-06-01T08:00:00Z."),
                              code="invalid_datetime", params={"value": value}) from None


class MomentField(forms.Field):
    """A form field (django-filter) for ``updated_since``: ISO 8601, offsets kept, naive meaning UTC."""

    def to_python(self, value: object) -> datetime.datetime | None:
        if value in (None, ""):
            return None
        return moment_parse(str(value))
