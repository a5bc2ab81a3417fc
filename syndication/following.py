"""Feeds that follow the catalog: a change in a channel's scope regenerates its feed after a debounce window.

The first change of a burst sets ``Channel.regenerate_after`` (now + the channel's window) and queues a task for
that moment; later changes in the window find it set and do nothing more, so 1,000 edits make one run. Beat's
sweep (``feeds_follow_sweep``) starts whatever a lost task left due.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.dispatch import receiver
from django.utils import timezone

from catalog.models import Category, Product
from catalog.signals import products_changed
from syndication.models import Channel, FeedRun

logger = logging.getLogger(__name__)

IDS_PER_QUERY = 5000  # stays under every backend's limit of query parameters


def channels_in_scope_of(*, product_ids: Iterable[int], channels: list[Channel]) -> list[Channel]:
    """The channels whose category scope holds any of the products (one query per scoped channel and id batch).

    Statuses are not checked: a product leaving a channel's statuses (archived) changes that channel's feed too.
    """
    ids = sorted(set(product_ids))
    affected = [channel for channel in channels if not channel.categories.all()]
    for channel in channels:
        if channel in affected or not ids:
            continue
        scope = set()
        for root in channel.categories.all():
            scope.update(Category.objects.descendants(root, include_self=True).values_list("pk", flat=True))
        in_others = Product.categories.through.objects.filter(product_id=OuterRef("pk"), category_id__in=scope)
        for start in range(0, len(ids), IDS_PER_QUERY):
            batch = ids[start:start + IDS_PER_QUERY]
            if Product.objects.filter(pk__in=batch).filter(Q(primary_category_id__in=scope) | Exists(in_others)
                                                            ).exists():
                affected.append(channel)
                break
    return affected


@transaction.atomic
def channels_regeneration_mark(*, channel_ids: Iterable[int]) -> list[int]:
    """Open a debounce window on each following channel that has none; returns the channels newly marked."""
    from syndication.tasks import channel_regeneration_due

    now = timezone.now()
    marked = []
    for channel_id, debounce in Channel.objects.filter(
            pk__in=list(channel_ids), active=True, follows_catalog=True, regenerate_after__isnull=True,
    ).values_list("pk", "debounce_seconds"):
        # Conditional: of two processes marking at once, one opens the window and queues the task.
        if Channel.objects.filter(pk=channel_id, regenerate_after__isnull=True).update(
                regenerate_after=now + timedelta(seconds=debounce)):
            marked.append(channel_id)
            transaction.on_commit(partial(channel_regeneration_due.apply_async, args=[channel_id],
                                          countdown=debounce))
    return marked


def channel_regeneration_start(*, channel_id: int) -> FeedRun | None:
    """Close the channel's window if it has passed and request a run (coalesced with one already waiting)."""
    from syndication.services import feed_run_request

    with transaction.atomic():
        closed = Channel.objects.filter(pk=channel_id, regenerate_after__lte=timezone.now(), active=True).update(
            regenerate_after=None)
        if not closed:
            return None
        return feed_run_request(channel=Channel.objects.get(pk=channel_id), trigger=FeedRun.Trigger.CATALOG)


def channels_regeneration_sweep() -> list[FeedRun]:
    """Start every window that has passed (a backstop for a task lost with a worker or a broker)."""
    due = Channel.objects.filter(regenerate_after__lte=timezone.now()).values_list("pk", flat=True)
    return [run for channel_id in due if (run := channel_regeneration_start(channel_id=channel_id)) is not None]


@receiver(products_changed, dispatch_uid="syndication_feeds_follow_catalog")
def feeds_follow_catalog(sender: object, *, product_ids: frozenset[int], deleted: dict[int, str],
                         catalog_wide: bool, **kwargs: object) -> None:
    channels = list(Channel.objects.filter(active=True, follows_catalog=True, regenerate_after__isnull=True)
                    .prefetch_related("categories"))
    if not channels:
        return
    # A deleted product's categories are gone with it; reference data may show in any product: all channels.
    affected = channels if catalog_wide or deleted else channels_in_scope_of(product_ids=product_ids,
                                                                             channels=channels)
    if affected:
        marked = channels_regeneration_mark(channel_ids=[channel.pk for channel in affected])
        logger.info("catalog change: feeds of channels %s regenerate after their debounce window", marked)
