"""Pushing published feeds to their destinations: every write of the delivery log, one transaction each.

Flow: ``deliveries_start`` (after a run succeeded) creates one SCHEDULED Delivery per active destination and
queues ``delivery_push``. ``delivery_attempt`` claims the row (SCHEDULED -> RUNNING, under a lock on the
destination, so two workers never push the same attempt and one destination gets one push at a time), pushes
outside any transaction, and records the outcome. A failure that another try may fix marks the row RETRIED and
creates the next attempt's row right away (SCHEDULED, ``scheduled_for`` = now + backoff) whose task is queued
with that countdown; after PIM_DELIVERY_MAX_ATTEMPTS, or at once for a failure no retry can fix (login refused,
wrong host key, HTTP 4xx), the row is FAILED. Nothing here touches the run or the channel's published feed.
"""

import base64
import contextlib
import logging
import time
import traceback
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from syndication.encryption import SecretUnreadable
from syndication.formats.registry import format_get
from syndication.models import Delivery, Destination, FeedRun
from syndication.models.destinations import SECRET_FIELDS
from syndication.publish import feeds_root
from syndication.transports import PushError, PushFile, PushResult, transport_push

logger = logging.getLogger(__name__)

GZIP_CONTENT_TYPE = "application/gzip"
BACKOFF_FACTOR = 4  # 30 s, 2 min, 8 min, 32 min, ... with the default base
# A task may arrive a little before its row's due time (clocks of web and worker differ).
CLOCK_SLACK = timedelta(seconds=5)
# Scheduled rows overdue by this long lost their message: the sweep sends it again (claiming makes that harmless).
RESEND_AFTER = timedelta(minutes=5)
REDACTED = "••••"


def backoff_seconds(*, attempt: int) -> int:
    """The wait after attempt number ``attempt`` failed: base x 4^(attempt-1), capped."""
    wait = settings.PIM_DELIVERY_BACKOFF_SECONDS * BACKOFF_FACTOR ** (attempt - 1)
    return int(min(wait, settings.PIM_DELIVERY_MAX_BACKOFF_SECONDS))


def _queue(delivery_id: int, *, countdown: int) -> None:
    from syndication.delivery_tasks import delivery_push  # the tasks module imports this one when it runs

    # After commit: the worker must see the row (and its SCHEDULED status) when the message arrives.
    transaction.on_commit(partial(delivery_push.apply_async, (delivery_id,), countdown=countdown))


@transaction.atomic
def deliveries_start(*, run_id: int) -> list[Delivery]:
    """One SCHEDULED delivery per active destination of a succeeded run's channel, each queued on commit.

    Safe to call twice: a destination that already has a delivery of this run gets no second one.
    """
    run = FeedRun.objects.select_related("channel").filter(pk=run_id, status=FeedRun.Status.SUCCEEDED).first()
    if run is None or not run.storage_path or not run.channel.active:
        return []
    now = timezone.now()
    destinations = Destination.objects.filter(channel_id=run.channel_id, active=True).exclude(
        deliveries__run_id=run.pk).order_by("id")
    deliveries = Delivery.objects.bulk_create([
        Delivery(channel_id=run.channel_id, destination=destination, run=run, attempt=1, scheduled_for=now,
                 target=destination.target_display(destination.remote_file_name(run)))
        for destination in destinations
    ])
    for delivery in deliveries:
        _queue(delivery.pk, countdown=0)
    return deliveries


def delivery_attempt(*, delivery_id: int) -> Delivery | None:
    """Make one attempt of a scheduled delivery and record it. Returns None when there was nothing to push
    (already claimed or done, not yet due, cancelled, or postponed behind a running push to the same place).

    Not atomic on purpose: the push may take minutes, and no transaction stays open meanwhile.
    """
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    started = time.monotonic()
    result: PushResult | None = None
    retry = False
    try:
        result = transport_push(destination=delivery.destination, file=_push_file(delivery),
                                timeout=settings.PIM_DELIVERY_TIMEOUT_SECONDS)
        message = ""
    except PushError as error:
        message, retry = error.message, error.retry
    except SecretUnreadable:
        message = _("A stored password, key or token of this destination cannot be decrypted (PIM_SECRETS_KEY "
                    "or SECRET_KEY changed): enter it again.")
    except Exception as error:  # an unforeseen library error or a bug: recorded, and retried like a network fault
        message, retry = f"{type(error).__name__}: {error}", True
        logger.error("delivery %s failed unexpectedly:\n%s", delivery.pk, secrets_redacted(
            "".join(traceback.format_exception(error)), destination=delivery.destination))
    return _record(delivery, result=result, error=message, retry=retry, duration=time.monotonic() - started)


@transaction.atomic
def _claim(delivery_id: int) -> Delivery | None:
    destination_id = Delivery.objects.filter(pk=delivery_id).values_list("destination_id", flat=True).first()
    if destination_id is None:
        return None
    # Claims for one destination queue on this lock: the checks below and the claim act as one step.
    destination = Destination.objects.select_for_update().filter(pk=destination_id).first()
    delivery = Delivery.objects.select_related("run", "channel").filter(pk=delivery_id).first()
    now = timezone.now()
    if destination is None or delivery is None or delivery.status != Delivery.Status.SCHEDULED:
        return None  # a duplicate message, or the attempt was already made
    if delivery.scheduled_for > now + CLOCK_SLACK:
        return None  # early: the task queued for its due time (or the sweep) comes back
    if not destination.active or not delivery.channel.active:
        _cancel(delivery, note=_("Not sent: the destination or its channel was turned off."))
        return None
    newer = Delivery.objects.filter(destination_id=destination_id, run_id__gt=delivery.run_id).order_by(
        "run_id").values_list("run_id", flat=True).first()
    if newer is not None:
        # Pushing this older file now would replace the newer feed at the destination.
        _cancel(delivery, note=_("Not sent: the newer feed of run %(run)s goes to this destination instead.")
                % {"run": newer})
        return None
    running = Delivery.objects.filter(destination_id=destination_id, status=Delivery.Status.RUNNING,
                                      started_at__gte=now - timedelta(seconds=settings.PIM_DELIVERY_STALE_SECONDS))
    if running.exists():
        wait = settings.PIM_DELIVERY_BUSY_RETRY_SECONDS
        Delivery.objects.filter(pk=delivery.pk).update(scheduled_for=now + timedelta(seconds=wait))
        _queue(delivery.pk, countdown=wait)
        return None
    # The destination may have been corrected since the row was made: record where this attempt really goes.
    target = destination.target_display(destination.remote_file_name(delivery.run))
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SCHEDULED).update(
        status=Delivery.Status.RUNNING, started_at=now, target=target)
    delivery.status, delivery.started_at, delivery.target = Delivery.Status.RUNNING, now, target
    delivery.destination = destination
    return delivery


def _cancel(delivery: Delivery, *, note: str) -> None:
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SCHEDULED).update(
        status=Delivery.Status.CANCELLED, note=note, finished_at=now)
    logger.info("delivery %s of run %s to destination %s not sent: %s", delivery.pk, delivery.run_id,
                delivery.destination_id, note)


def _push_file(delivery: Delivery) -> PushFile:
    run, destination = delivery.run, delivery.destination
    relative = run.gzip_storage_path if destination.compressed else run.storage_path
    path = feeds_root() / relative if relative else None
    if path is None or not path.is_file():
        raise PushError(_("The file of run %(run)s no longer exists (older runs' files are deleted after newer "
                          "runs).") % {"run": run.pk}, retry=False)
    if destination.compressed:
        content_type = GZIP_CONTENT_TYPE
    else:
        spec, _writer = format_get(delivery.channel.format)
        content_type = spec.content_type
    return PushFile(path=path, name=destination.remote_file_name(run), size=path.stat().st_size,
                    content_type=content_type)


def secrets_redacted(text: str, *, destination: Destination) -> str:
    """The text with every secret of the destination (and the Basic header made from one) replaced by ••••."""
    if not text:
        return text
    secrets: list[str] = []
    for name in SECRET_FIELDS:
        try:
            value = destination.secret(name)
        except SecretUnreadable:
            continue  # nothing could have used it either
        if value:
            secrets.append(value)
            secrets.extend(line.strip() for line in value.splitlines() if len(line.strip()) >= 16)
            if name == "password":
                secrets.append(base64.b64encode(f"{destination.username}:{value}".encode()).decode())
    for secret in sorted(set(secrets), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


@transaction.atomic
def _record(delivery: Delivery, *, result: PushResult | None, error: str, retry: bool,
            duration: float | None) -> Delivery:
    now = timezone.now()
    destination = delivery.destination
    next_attempt: Delivery | None = None
    if result is not None:
        fields = {"status": Delivery.Status.SUCCEEDED, "bytes": result.bytes_sent, "error": "",
                  "note": secrets_redacted(result.note, destination=destination)}
    else:
        retried = retry and delivery.attempt < settings.PIM_DELIVERY_MAX_ATTEMPTS
        fields = {"status": Delivery.Status.RETRIED if retried else Delivery.Status.FAILED,
                  "error": secrets_redacted(error, destination=destination)[:5000]}
    # Conditional: the sweep may have given this attempt up as abandoned meanwhile.
    if not Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.RUNNING).update(
            finished_at=now, duration_seconds=duration, **fields):
        with contextlib.suppress(Delivery.DoesNotExist):  # deleted with its destination meanwhile
            delivery.refresh_from_db()
        return delivery
    if result is not None and result.host_key_fingerprint:
        # Trust on first use: the key seen is pinned unless someone set one meanwhile.
        Destination.objects.filter(pk=destination.pk, host_key_fingerprint="").update(
            host_key_fingerprint=result.host_key_fingerprint)
    if fields["status"] == Delivery.Status.RETRIED:
        wait = backoff_seconds(attempt=delivery.attempt)
        next_attempt = _next_attempt_create(delivery, due=now + timedelta(seconds=wait))
        _queue(next_attempt.pk, countdown=wait)
    for name, value in fields.items():
        setattr(delivery, name, value)
    delivery.finished_at, delivery.duration_seconds = now, duration
    _log_outcome(delivery, next_attempt=next_attempt)
    return delivery


def _next_attempt_create(delivery: Delivery, *, due) -> Delivery:
    return Delivery.objects.create(
        channel_id=delivery.channel_id, destination_id=delivery.destination_id, run_id=delivery.run_id,
        attempt=delivery.attempt + 1, previous=delivery, scheduled_for=due, target=delivery.target,
    )


def _log_outcome(delivery: Delivery, *, next_attempt: Delivery | None) -> None:
    # Only redacted text reaches the log (error and note were redacted when recorded).
    where = f"delivery {delivery.pk} (run {delivery.run_id}, attempt {delivery.attempt}) to {delivery.target}"
    if delivery.status == Delivery.Status.SUCCEEDED:
        logger.info("%s succeeded: %s bytes in %.1f s", where, delivery.bytes, delivery.duration_seconds or 0)
    elif next_attempt is not None:
        logger.warning("%s failed, attempt %s at %s: %s", where, next_attempt.attempt,
                       f"{next_attempt.scheduled_for:%H:%M:%S}", delivery.error)
    else:
        logger.error("%s failed for good: %s", where, delivery.error)


@transaction.atomic
def delivery_retry_now(*, delivery_id: int) -> Delivery | None:
    """Push a failed delivery's run again at once, as one more attempt beyond the cap (admin action).

    Does nothing unless the delivery failed for good and its run is still the channel's current feed.
    """
    delivery = Delivery.objects.select_for_update().select_related("channel").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.FAILED:
        return None
    if delivery.channel.current_run_id != delivery.run_id:
        return None  # a newer feed replaced it: that one is what the destination should get
    next_attempt = _next_attempt_create(delivery, due=timezone.now())
    _queue(next_attempt.pk, countdown=0)
    return next_attempt


def deliveries_recover() -> dict[str, int]:
    """Beat's backstop: give up attempts whose worker died (a retry follows), resend overdue scheduled ones."""
    from syndication.delivery_tasks import delivery_push

    now = timezone.now()
    abandoned = 0
    stale = Delivery.objects.filter(
        status=Delivery.Status.RUNNING,
        started_at__lt=now - timedelta(seconds=settings.PIM_DELIVERY_STALE_SECONDS),
    ).select_related("destination", "channel")
    for delivery in stale:
        _record(delivery, result=None, error=_("The worker stopped during this attempt."), retry=True,
                duration=None)
        abandoned += 1
    overdue = list(Delivery.objects.filter(status=Delivery.Status.SCHEDULED,
                                           scheduled_for__lt=now - RESEND_AFTER).values_list("pk", flat=True))
    for delivery_id in overdue:
        delivery_push.delay(delivery_id)
    return {"abandoned": abandoned, "resent": len(overdue)}


@transaction.atomic
def destination_save(*, destination: Destination) -> Destination:
    """Create or change a destination (its secrets were set on it with ``secret_set``)."""
    destination.full_clean()
    destination.save()
    return destination


@transaction.atomic
def destination_delete(*, destination_id: int) -> None:
    Destination.objects.filter(pk=destination_id).delete()  # its delivery log goes with it

