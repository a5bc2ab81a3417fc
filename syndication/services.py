"""Every write of the syndication app: keyword-only, one transaction each (a feed run never holds one open)."""

import logging
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.bulk import products_touch
from catalog.history.records import history_rows_write
from catalog.models import Product
from syndication.deliveries import deliveries_start
from syndication.models import Channel, ChannelListing, FeedRun, feed_token_generate
from syndication.publish import feed_run_publish
from syndication.signals import products_excluded

logger = logging.getLogger(__name__)


class ChannelBusy(Exception):
    """Another worker holds the channel's run lease; try again after ``retry_after`` seconds."""

    def __init__(self, *, channel_code: str, retry_after: int):
        self.channel_code, self.retry_after = channel_code, retry_after
        super().__init__(f"a run of channel {channel_code} is in progress; retry in {retry_after} s")


@transaction.atomic
def feed_run_request(*, channel: Channel, trigger: str = FeedRun.Trigger.MANUAL) -> FeedRun:
    """Queue a run for the worker, or return the one already waiting: requests while one waits coalesce.

    One run of a channel executes at a time (the lease in feed_run_execute); a request while it executes queues
    exactly one follow-up, which picks up every change made meanwhile.
    """
    from syndication.tasks import feed_run_generate

    # Serialises requests for this channel (SQLite serialises every writer anyway).
    list(Channel.objects.select_for_update().filter(pk=channel.pk).values_list("pk"))
    waiting = FeedRun.objects.filter(channel_id=channel.pk, status=FeedRun.Status.QUEUED).order_by("id").first()
    if waiting is not None:
        return waiting
    run = feed_run_create(channel=channel, trigger=trigger)
    transaction.on_commit(partial(feed_run_generate.delay, run.pk))
    return run


def feed_run_create(*, channel: Channel, trigger: str) -> FeedRun:
    """A queued run that the caller executes itself (command line, demo data): nothing is sent to a worker."""
    run = FeedRun(channel=channel, trigger=trigger, status=FeedRun.Status.QUEUED)
    run.full_clean()
    run.save()
    return run


def _lease_acquire(channel_id: int) -> bool:
    now = timezone.now()
    return bool(Channel.objects.filter(pk=channel_id).filter(
        Q(run_lease_until__isnull=True) | Q(run_lease_until__lt=now),
    ).update(run_lease_until=now + timedelta(seconds=settings.PIM_FEED_RUN_LEASE_SECONDS)))


def _lease_renewing(channel_id: int, progress: Callable[[int], None] | None) -> Callable[[int], None]:
    """The per-chunk progress callback, extended to renew the lease (at most every third of its length)."""
    lease = settings.PIM_FEED_RUN_LEASE_SECONDS
    renewed = [time.monotonic()]

    def on_chunk(count: int) -> None:
        if time.monotonic() - renewed[0] > lease / 3:
            Channel.objects.filter(pk=channel_id).update(run_lease_until=timezone.now() + timedelta(seconds=lease))
            renewed[0] = time.monotonic()
        if progress is not None:
            progress(count)

    return on_chunk


def _abandoned_runs_fail(channel_id: int) -> int:
    # Holding the lease means no live worker runs this channel: a RUNNING row here lost its worker.
    return FeedRun.objects.filter(channel_id=channel_id, status=FeedRun.Status.RUNNING).update(
        status=FeedRun.Status.FAILED, finished_at=timezone.now(),
        error=str(_("The worker generating this run stopped before it finished (its lease expired).")),
    )


def feed_run_execute(*, run_id: int, progress: Callable[[int], None] | None = None,
                     chunk_size: int | None = None) -> FeedRun | None:
    """Claim a queued run and generate its feed. Returns None when it is no longer queued (done or claimed).

    Raises ChannelBusy while another run of the channel holds the lease. Not atomic on purpose: the run may
    take minutes, and each chunk's reads and issue inserts commit on their own. A failure is recorded on the run
    and the previous feed stays served; it is not raised again.
    """
    channel_id = FeedRun.objects.filter(pk=run_id, status=FeedRun.Status.QUEUED).values_list(
        "channel_id", flat=True).first()
    if channel_id is None:
        return None
    if not _lease_acquire(channel_id):
        code, until = Channel.objects.filter(pk=channel_id).values_list("code", "run_lease_until").get()
        wait = int((until - timezone.now()).total_seconds()) if until else 0
        raise ChannelBusy(channel_code=code, retry_after=max(5, min(wait, settings.PIM_FEED_BUSY_RETRY_SECONDS)))
    try:
        _abandoned_runs_fail(channel_id)
        claimed = FeedRun.objects.filter(pk=run_id, status=FeedRun.Status.QUEUED).update(
            status=FeedRun.Status.RUNNING, started_at=timezone.now())
        if not claimed:
            return None
        run = FeedRun.objects.select_related("channel__locale", "channel__price_list").get(pk=run_id)
        try:
            run = feed_run_publish(run=run, progress=_lease_renewing(channel_id, progress), chunk_size=chunk_size)
        except Exception as error:
            logger.exception("feed run %s of channel %s failed", run.pk, run.channel.code)
            FeedRun.objects.filter(pk=run.pk).update(
                status=FeedRun.Status.FAILED, finished_at=timezone.now(),
                error=f"{type(error).__name__}: {error}"[:5000], items_written=run.items_written,
                items_skipped=run.items_skipped, warnings=run.warnings,
            )
            run.refresh_from_db()
        if run.status == FeedRun.Status.SUCCEEDED:
            deliveries_start(run_id=run.pk)  # queued on commit; a failed push never touches the published feed
        return run
    finally:
        Channel.objects.filter(pk=channel_id).update(run_lease_until=None)


def feed_runs_recover() -> dict[str, int]:
    """Beat's backstop: fail runs whose worker died, and send queued runs whose message may have been lost."""
    now = timezone.now()
    orphaned = list(FeedRun.objects.filter(status=FeedRun.Status.RUNNING).filter(
        Q(channel__run_lease_until__isnull=True) | Q(channel__run_lease_until__lt=now),
    ).values_list("channel_id", flat=True).distinct())
    failed = 0
    for channel_id in orphaned:
        if _lease_acquire(channel_id):
            try:
                failed += _abandoned_runs_fail(channel_id)
            finally:
                Channel.objects.filter(pk=channel_id).update(run_lease_until=None)
    from syndication.tasks import feed_run_generate

    stale = list(FeedRun.objects.filter(
        status=FeedRun.Status.QUEUED,
        created_at__lt=now - timedelta(seconds=settings.PIM_FEED_QUEUED_RESEND_SECONDS),
    ).filter(  # a run waiting behind a live one already has its message retrying
        Q(channel__run_lease_until__isnull=True) | Q(channel__run_lease_until__lt=now),
    ).values_list("pk", flat=True))
    for run_id in stale:
        feed_run_generate.delay(run_id)  # claiming is idempotent: a duplicate message claims nothing
    return {"failed": failed, "resent": len(stale)}


@transaction.atomic
def channel_save(*, channel: Channel, stock_location_ids: list[int] | None = None,
                 category_ids: list[int] | None = None) -> Channel:
    """Create or change a channel; the lists, when given, replace its stock locations and category scope."""
    from syndication.following import channels_regeneration_mark
    from syndication.schedules import channel_schedules_sync

    changed = channel.pk is not None
    channel.full_clean()
    channel.save()
    if stock_location_ids is not None:
        channel.stock_locations.set(stock_location_ids)
    if category_ids is not None:
        channel.categories.set(category_ids)
    channel_schedules_sync(channel=channel)  # disabling a channel disables its schedules
    if changed and channel.current_run_id:
        channels_regeneration_mark(channel_ids=[channel.pk])  # new settings, new feed (after the window)
    return channel


def channel_create(*, stock_location_ids: list[int] | None = None, category_ids: list[int] | None = None,
                   **fields: object) -> Channel:
    return channel_save(channel=Channel(**fields), stock_location_ids=stock_location_ids, category_ids=category_ids)


@transaction.atomic
def channel_token_rotate(*, channel_id: int) -> Channel:
    """A new secret token: the old feed URL answers 404 from this commit on."""
    channel = Channel.objects.select_for_update().get(pk=channel_id)
    channel.feed_token = feed_token_generate()
    channel.save(update_fields=["feed_token", "updated_at"])
    return channel


LISTING_FIELDS = ("excluded", "title", "description", *ChannelListing.CUSTOM_LABEL_FIELDS)


@transaction.atomic
def channel_listing_save(*, channel: Channel, product: Product, **values: object) -> ChannelListing:
    """Create or change a product's listing in a channel (only the given fields change)."""
    unknown = sorted(set(values) - set(LISTING_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown listing fields: %(value)s."), code="unknown_field",
                              params={"value": ", ".join(unknown)})
    listing = ChannelListing.objects.select_for_update().filter(channel=channel, product=product).first() \
        or ChannelListing(channel=channel, product=product)
    was_excluded = listing.excluded
    for name, value in values.items():
        setattr(listing, name, value)
    listing.full_clean()
    listing.save()
    _exclusions_changed(channel_id=channel.pk, excluded=[product.pk] if listing.excluded and not was_excluded else [],
                        included=[product.pk] if was_excluded and not listing.excluded else [])
    _listing_changed(channel_id=channel.pk)
    return listing


@transaction.atomic
def channel_listing_delete(*, listing_id: int) -> None:
    listings = list(ChannelListing.objects.filter(pk=listing_id).values_list("channel_id", "product_id", "excluded"))
    ChannelListing.objects.filter(pk=listing_id).delete()
    for channel_id, product_id, excluded in listings:
        _exclusions_changed(channel_id=channel_id, excluded=[], included=[product_id] if excluded else [])
        _listing_changed(channel_id=channel_id)


@transaction.atomic
def channel_listings_bulk_set(*, channel: Channel, product_ids: list[int], **values: object) -> int:
    """Set the same listing fields (exclusion, a custom label) for many products in one channel: one upsert."""
    unknown = sorted(set(values) - set(LISTING_FIELDS))
    if unknown or not values:
        raise ValidationError(_("Unknown listing fields: %(value)s."), code="unknown_field",
                              params={"value": ", ".join(unknown) or "-"})
    sample = ChannelListing(channel=channel, product_id=product_ids[0] if product_ids else None, **values)
    sample.full_clean(exclude=["product"], validate_unique=False)  # each value is checked once, for all rows
    existing = {listing.product_id: listing for listing in ChannelListing.objects.filter(
        channel=channel, product_id__in=product_ids)}
    created = ChannelListing.objects.bulk_create(
        [ChannelListing(channel=channel, product_id=product_id, **values)
         for product_id in product_ids if product_id not in existing], batch_size=2000)
    was_excluded = {product_id for product_id, listing in existing.items() if listing.excluded}
    # Listings that already hold these values are left alone: no write, no history row.
    changed = [listing for listing in existing.values()
               if any(getattr(listing, name) != value for name, value in values.items())]
    for listing in changed:
        for name, value in values.items():
            setattr(listing, name, value)
    ChannelListing.objects.bulk_update(changed, fields=list(values), batch_size=2000)
    history_rows_write(model=ChannelListing, instances=created, history_type="+")
    history_rows_write(model=ChannelListing, instances=changed, history_type="~")
    if "excluded" in values:
        _exclusions_changed(
            channel_id=channel.pk,
            excluded=[product_id for product_id in product_ids if product_id not in was_excluded]
            if values["excluded"] else [],
            included=[] if values["excluded"] else sorted(was_excluded),
        )
    _listing_changed(channel_id=channel.pk)
    return len(product_ids)


def _listing_changed(*, channel_id: int) -> None:
    from syndication.following import channels_regeneration_mark

    channels_regeneration_mark(channel_ids=[channel_id])


def _exclusions_changed(*, channel_id: int, excluded: list[int], included: list[int]) -> None:
    # Incremental API readers learn of an exclusion from a tombstone (products_excluded, after the commit), and of
    # an inclusion from the product showing up again in ``updated_since``.
    if excluded:
        transaction.on_commit(partial(products_excluded.send, sender=ChannelListing, channel_id=channel_id,
                                      product_ids=frozenset(excluded)))
    if included:
        products_touch(product_ids=included)
