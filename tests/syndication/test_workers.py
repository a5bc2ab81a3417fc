"""Real Celery: a worker on Redis generating a feed end to end, beat's database scheduler starting a channel's
scheduled run, and `make run`'s worker on the embedded folder broker picking up "Generate now" from the admin."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import kombu.pools
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from pim.celery import app
from syndication.models import Channel, ChannelSchedule, FeedRun
from syndication.schedules import channel_schedule_save
from syndication.services import feed_run_request
from tests.syndication.conftest import channel_for, inline_management_data

pytestmark = pytest.mark.django_db(transaction=True)

REDIS = ("127.0.0.1", 6379)
# A database of its own, emptied by the test; several checkouts testing side by side set different ones.
REDIS_TEST_URL = os.environ.get("PIM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
        return True
    except OSError:
        return False


def run_finished(run_id: int, timeout: float = 60) -> FeedRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = FeedRun.objects.get(pk=run_id)
        if run.status in (FeedRun.Status.SUCCEEDED, FeedRun.Status.FAILED):
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} still {FeedRun.objects.get(pk=run_id).status} after {timeout} s")


@contextlib.contextmanager
def broker(url: str, transport_options: dict | None = None):
    """Point this process's producer at another broker (the pooled connections of the previous one are dropped)."""
    previous = app.conf.broker_url, app.conf.broker_transport_options

    def switch(url: str, options: dict) -> None:
        if app._pool is not None:
            app._pool.force_close_all()
            app._pool = None
        app.amqp._producer_pool = None
        kombu.pools.reset()  # kombu keeps producer pools per connection URL; they would hold the closed pool
        app.conf.broker_url, app.conf.broker_transport_options = url, options

    switch(url, transport_options or {})
    try:
        yield
    finally:
        switch(*previous)


@pytest.fixture
def redis_worker():
    """A real worker thread consuming from Redis (its own database, emptied first), as production runs it."""
    if not redis_reachable():
        pytest.skip("Redis is not running on 127.0.0.1:6379 (CI has it): the real-worker test needs a broker")
    from celery.contrib.testing.worker import start_worker

    with broker(REDIS_TEST_URL):
        with app.connection_for_write() as connection_to_redis:
            connection_to_redis.default_channel.client.flushdb()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as worker:
            yield worker


def test_a_real_worker_generates_the_requested_feed(shop, locales, redis_worker):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    run = feed_run_request(channel=channel, trigger=FeedRun.Trigger.MANUAL)  # sent to Redis on commit
    finished = run_finished(run.pk)
    assert finished.status == FeedRun.Status.SUCCEEDED, finished.error
    assert finished.items_written == 5
    assert Channel.objects.get(pk=channel.pk).current_run_id == run.pk
    assert (Path(settings.PIM_FEEDS_ROOT) / finished.storage_path).stat().st_size == finished.bytes


def test_beat_sends_a_due_schedule_and_the_worker_runs_it(shop, locales, redis_worker):
    from django_celery_beat.schedulers import DatabaseScheduler

    channel = channel_for(shop, locales, format="web_json", code="web-pl")
    schedule = channel_schedule_save(schedule=ChannelSchedule(
        channel=channel, kind=ChannelSchedule.Kind.INTERVAL, interval_minutes=15))
    # Last sent 20 minutes ago, so due now.
    schedule.periodic_task.last_run_at = timezone.now() - timezone.timedelta(minutes=20)
    schedule.periodic_task.save()

    scheduler = DatabaseScheduler(app=app, lazy=False)
    scheduler.tick()  # one beat: due entries are sent to the broker

    run = None
    deadline = time.monotonic() + 30
    while run is None and time.monotonic() < deadline:
        run = FeedRun.objects.filter(channel=channel).first()
        time.sleep(0.2)
    assert run is not None, "beat sent nothing for the due schedule"
    assert run.trigger == FeedRun.Trigger.SCHEDULE
    assert run_finished(run.pk).status == FeedRun.Status.SUCCEEDED


def test_make_run_worker_on_the_folder_broker_runs_generate_now_from_the_admin(
        shop, locales, admin_client, tmp_path):
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3") and connection.is_in_memory_db():
        pytest.skip("the worker process needs the test database in a file; set DATABASES TEST NAME")
    var_dir = tmp_path / "var"
    environment = {
        **os.environ, "DEBUG": "true", "PIM_VAR_DIR": str(var_dir), "CELERY_BROKER_URL": "filesystem://",
        "PIM_FEEDS_ROOT": str(settings.PIM_FEEDS_ROOT), "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SITE_URL": settings.SITE_URL, "DATABASE_URL": database_url(database),
    }
    # The worker exactly as the Procfile starts it.
    procfile = (Path(settings.BASE_DIR) / "Procfile").read_text()
    command = next(line.split(":", 1)[1].split() for line in procfile.splitlines() if line.startswith("worker:"))
    command[0] = str(Path(sys.executable).parent / "celery")
    worker = subprocess.Popen(command, env=environment, cwd=settings.BASE_DIR, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    folder = var_dir / "celery" / "broker"
    folder.mkdir(parents=True)
    folder_broker = broker("filesystem://", {"data_folder_in": str(folder), "data_folder_out": str(folder),
                                             "processed_folder": str(var_dir / "celery" / "processed"),
                                             "store_processed": False,
                                             "control_folder": str(var_dir / "celery" / "control")})
    try:
        folder_broker.__enter__()
        channel = channel_for(shop, locales, format="meta_catalog", code="meta-pl")
        url = reverse("admin:syndication_channel_change", args=[channel.pk])
        page = admin_client.get(url)
        form = page.context["adminform"].form
        data = {**inline_management_data(admin_client, url), **{
            name: value for name, value in form.initial.items() if value is not None and name in form.fields}}
        data.update({"stock_locations": [shop.warehouse.pk], "categories": [], "statuses": channel.statuses,
                     "locale": channel.locale_id, "price_list": channel.price_list_id, "active": "on",
                     "follows_catalog": "on", "_generate_now": "Save and generate the feed now"})
        response = admin_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        run = FeedRun.objects.get(channel=channel)
        finished = run_finished(run.pk, timeout=90)
        assert finished.status == FeedRun.Status.SUCCEEDED, finished.error
        assert Channel.objects.get(pk=channel.pk).current_run_id == run.pk
    finally:
        folder_broker.__exit__(None, None, None)
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
        print(output)  # shown when the test fails
    assert worker.returncode is not None


def database_url(database: dict) -> str:
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    user, password = database.get("USER") or "", database.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{credentials}{database.get('HOST') or '127.0.0.1'}:{database.get('PORT') or 5432}/" \
           f"{database['NAME']}"
