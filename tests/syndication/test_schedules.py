"""Channel schedules are edited on the channel page and mirrored into django-celery-beat's database scheduler;
disabling a channel stops its schedules, bad cron expressions and time zones are refused on their field."""

import json

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from syndication.models import ChannelSchedule
from syndication.schedules import TASK
from syndication.tasks import channel_scheduled_run
from tests.syndication.conftest import channel_for, inline_management_data


def channel_page_data(admin_client, channel, **changes) -> dict[str, object]:
    """What the channel page posts back unchanged, plus ``changes``."""
    url = reverse("admin:syndication_channel_change", args=[channel.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(inline_management_data(admin_client, url))
    data.update({"stock_locations": [location.pk for location in channel.stock_locations.all()], "categories": [],
                 "statuses": channel.statuses, "locale": channel.locale_id, "price_list": channel.price_list_id})
    for flag in ("active", "follows_catalog"):
        if data.pop(flag, False):
            data[flag] = "on"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not False}


def schedule_row(index: int, **fields) -> dict[str, object]:
    return {f"schedules-{index}-{name}": value for name, value in fields.items()}


def test_a_schedule_added_on_the_channel_page_becomes_a_beat_entry(admin_client, shop, locales):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    url = reverse("admin:syndication_channel_change", args=[channel.pk])
    response = admin_client.post(url, channel_page_data(
        admin_client, channel, **{"schedules-TOTAL_FORMS": 2},
        **schedule_row(0, kind="cron", cron="30 5 * * 1-5", time_zone="Europe/Warsaw", active="on"),
        **schedule_row(1, kind="interval", interval_minutes=90, time_zone="UTC", active="on"),
    ))
    assert response.status_code == 302, response.content.decode()[:3000]
    cron, interval = ChannelSchedule.objects.filter(channel=channel).select_related("periodic_task").order_by("id")
    task = cron.periodic_task
    assert task.task == TASK == channel_scheduled_run.name and json.loads(task.args) == [channel.pk]
    assert task.enabled
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("30", "5", "1-5")
    assert str(task.crontab.timezone) == "Europe/Warsaw"
    assert interval.periodic_task.interval.every == 90 and interval.periodic_task.interval.period == "minutes"

    # Disabling the channel stops both; enabling it again restarts them.
    assert admin_client.post(url, channel_page_data(admin_client, channel, active=False)).status_code == 302
    assert not PeriodicTask.objects.filter(pk__in=[cron.periodic_task_id, interval.periodic_task_id],
                                           enabled=True).exists()
    assert admin_client.post(url, channel_page_data(admin_client, channel, active="on")).status_code == 302
    assert PeriodicTask.objects.filter(pk__in=[cron.periodic_task_id, interval.periodic_task_id],
                                       enabled=True).count() == 2

    # Deleting a row deletes its beat entry.
    data = channel_page_data(admin_client, channel, **{"schedules-0-DELETE": "on"})
    assert data["schedules-0-id"] == cron.pk
    assert admin_client.post(url, data).status_code == 302
    assert list(ChannelSchedule.objects.filter(channel=channel)) == [interval]
    assert not PeriodicTask.objects.filter(pk=cron.periodic_task_id).exists()


@pytest.mark.parametrize(("row", "field", "shown"), [
    ({"kind": "cron", "cron": "61 * * * *", "time_zone": "UTC"}, "cron", "61 * * * *"),
    ({"kind": "cron", "cron": "5 * *", "time_zone": "UTC"}, "cron", "5 * *"),
    ({"kind": "cron", "cron": "", "time_zone": "Europe/Rome"}, "cron", "needs a cron expression"),
    ({"kind": "interval", "interval_minutes": "", "time_zone": "UTC"}, "interval_minutes", "number of minutes"),
    ({"kind": "cron", "cron": "0 6 * * *", "time_zone": "Mars/Olympus"}, "time_zone", "Mars/Olympus"),
])
def test_bad_schedules_are_refused_on_their_field_and_nothing_is_saved(admin_client, shop, locales, row, field,
                                                                       shown):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    url = reverse("admin:syndication_channel_change", args=[channel.pk])
    response = admin_client.post(url, channel_page_data(
        admin_client, channel, name="Renamed", **{"schedules-TOTAL_FORMS": 1}, **schedule_row(0, active="on", **row)))
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert field in errors and shown in response.content.decode()
    assert not ChannelSchedule.objects.exists() and not PeriodicTask.objects.filter(task=TASK).exists()
    channel.refresh_from_db()
    assert channel.name != "Renamed"


def test_a_scheduled_run_of_a_disabled_channel_does_nothing(shop, locales, django_capture_on_commit_callbacks):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl", active=False)
    channel_scheduled_run(channel.pk)
    assert not channel.runs.exists()
