"""Celery entry points of the integrations app."""

from celery import shared_task


@shared_task
def tombstones_purge() -> int:
    """Every hour (beat): forget tombstones older than the retention window."""
    from integrations.services import tombstones_purge as purge

    return purge()
