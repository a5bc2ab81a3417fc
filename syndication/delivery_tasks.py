"""Celery entry points of deliveries: thin, take ids, safe to receive twice (delivery_attempt claims first).

Imported by SyndicationConfig.ready(), since Celery's autodiscovery only imports each app's ``tasks`` module.
"""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def delivery_push(delivery_id: int) -> None:
    from syndication.deliveries import delivery_attempt  # deliveries imports this module to queue it

    # A retry is a new Delivery row with its own message (queued with a countdown), never a Celery retry.
    delivery_attempt(delivery_id=delivery_id)


@shared_task(ignore_result=True)
def deliveries_sweep() -> None:
    """Every minute (beat): fail attempts whose worker died (a retry follows), resend lost messages."""
    from syndication.deliveries import deliveries_recover

    recovered = deliveries_recover()
    if any(recovered.values()):
        logger.info("deliveries sweep: %s", recovered)
