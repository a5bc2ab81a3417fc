import os

import pytest
from django.db import connection

from catalog.models import Locale

FOUR_LOCALES = [("en", "English", None), ("pl", "Polski", "en"), ("it", "Italiano", "en"), ("ru", "Русский", "en")]


@pytest.fixture(autouse=True, scope="session")
def database_as_expected():
    """CI runs the suite on PostgreSQL with PIM_TEST_EXPECT_VENDOR=postgresql: a DATABASE_URL lost on the way (it
    happened: the Makefile dropped it) must fail the run, not quietly test SQLite twice."""
    expected = os.environ.get("PIM_TEST_EXPECT_VENDOR")
    if expected and connection.vendor != expected:
        pytest.exit(f"the tests run on {connection.vendor}, PIM_TEST_EXPECT_VENDOR says {expected}", returncode=3)


@pytest.fixture(autouse=True, scope="session")
def celery_broker_in_memory():
    """Messages a test queues stay in this process: never in var/'s folder broker, where `make run` would run them.
    Tests that need a real broker and worker configure their own (tests/syndication/test_workers.py)."""
    from pim.celery import app

    previous = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = "memory://", False
    yield app
    app.conf.broker_url, app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PIM_FEEDS_ROOT = tmp_path / "feeds"  # load_demo publishes the demo channels' feeds
    return settings.MEDIA_ROOT


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    """The four shipped locales (a migration adds them; transactional tests flush them, so make sure)."""
    result = {}
    for position, (code, name, fallback) in enumerate(FOUR_LOCALES):
        result[code], _ = Locale.objects.get_or_create(
            code=code, defaults={"name": name, "position": position, "fallback": result.get(fallback)},
        )
    return result
