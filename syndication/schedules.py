"""Channel schedules, mirrored into django-celery-beat's tables (its database scheduler is what beat reads)."""

import json

from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from syndication.models import Channel, ChannelSchedule
from syndication.models.schedules import cron_fields

TASK = "syndication.tasks.channel_scheduled_run"


def _periodic_task_fields(schedule: ChannelSchedule) -> dict[str, object]:
    fields: dict[str, object] = {"crontab": None, "interval": None}
    if schedule.kind == ChannelSchedule.Kind.CRON:
        fields["crontab"], _created = CrontabSchedule.objects.get_or_create(
            **cron_fields(schedule.cron), timezone=schedule.time_zone)
    else:
        fields["interval"], _created = IntervalSchedule.objects.get_or_create(
            every=schedule.interval_minutes, period=IntervalSchedule.MINUTES)
    return fields


@transaction.atomic
def channel_schedule_save(*, schedule: ChannelSchedule) -> ChannelSchedule:
    """Create or change a schedule and its beat entry (enabled only while the schedule and the channel are)."""
    schedule.full_clean()
    schedule.save()
    channel = Channel.objects.get(pk=schedule.channel_id)
    values = {
        **_periodic_task_fields(schedule),
        "name": f"feed {channel.code} #{schedule.pk}",
        "task": TASK,
        "args": json.dumps([channel.pk]),
        "enabled": schedule.active and channel.active,
        "description": f"{channel.name}: {schedule}",
    }
    task = schedule.periodic_task
    if task is None:
        task = PeriodicTask.objects.create(**values)
        ChannelSchedule.objects.filter(pk=schedule.pk).update(periodic_task=task)
        schedule.periodic_task = task
    else:
        for name, value in values.items():
            setattr(task, name, value)
        task.save()  # PeriodicTask.save tells beat's database scheduler that entries changed
    return schedule


@transaction.atomic
def channel_schedule_delete(*, schedule_id: int) -> None:
    schedule = ChannelSchedule.objects.select_related("periodic_task").filter(pk=schedule_id).first()
    if schedule is None:
        return
    if schedule.periodic_task is not None:
        schedule.periodic_task.delete()
    schedule.delete()


@transaction.atomic
def channel_schedules_sync(*, channel: Channel) -> int:
    """After a channel changes: its beat entries run only while it is active (and keep its code in their name)."""
    synced = 0
    for schedule in ChannelSchedule.objects.filter(channel=channel).select_related("periodic_task"):
        channel_schedule_save(schedule=schedule)
        synced += 1
    return synced
