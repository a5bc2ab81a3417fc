"""Celery entry points of the catalog: thin, take ids, safe to receive twice (the services claim the job first)."""

from celery import shared_task


@shared_task(acks_late=True)
def import_job_plan_run(job_id: int) -> None:
    from catalog.transfer.services import import_job_plan  # the services import this module to queue it

    import_job_plan(job_id=job_id)


@shared_task(acks_late=True)
def import_job_apply_run(job_id: int) -> None:
    from catalog.transfer.services import import_job_apply

    import_job_apply(job_id=job_id)
