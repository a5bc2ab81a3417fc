"""Celery entry points: thin, take ids, safe to receive twice (every service they call claims its work first)."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=None, acks_late=True)
def feed_run_generate(self, run_id: int) -> None:
    from syndication.services import ChannelBusy, feed_run_execute  # services import this module to queue it

    try:
        feed_run_execute(run_id=run_id)  # claims QUEUED -> RUNNING in one UPDATE; a duplicate claims nothing
    except ChannelBusy as busy:
        # Another run of the channel is generating; this one waits its turn without blocking the worker.
        raise self.retry(countdown=busy.retry_after) from None


@shared_task
def channel_regeneration_due(channel_id: int) -> None:
    from syndication.following import channel_regeneration_start

    channel_regeneration_start(channel_id=channel_id)


@shared_task
def channel_scheduled_run(channel_id: int) -> None:
    from syndication.models import Channel, FeedRun
    from syndication.services import feed_run_request

    channel = Channel.objects.filter(pk=channel_id, active=True).first()
    if channel is not None:  # a schedule of a disabled or deleted channel does nothing
        feed_run_request(channel=channel, trigger=FeedRun.Trigger.SCHEDULE)


@shared_task
def feeds_sweep() -> None:
    """Every minute (beat): start debounce windows whose task was lost, recover runs whose worker died."""
    from syndication.following import channels_regeneration_sweep
    from syndication.services import feed_runs_recover

    started = channels_regeneration_sweep()
    recovered = feed_runs_recover()
    if started or any(recovered.values()):
        logger.info("feeds sweep: %s runs requested, %s", len(started), recovered)
