"""`make bench` keeps working: its feed measurements at 1,000 and 5,000 variants, in child processes on the test
database, checked only for what does not depend on the machine (never a time)."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from bench.catalogs import CHANNELS, channels_ensure, products_for
from bench.feeds import feed_measurements
from bench.processes import ChildFailed, child_environment, child_run
from bench.report import markdown
from bench.targets import targets_check

pytestmark = pytest.mark.django_db(transaction=True)  # the children read what this process committed

CHUNK_SIZE = 200  # several chunks even at 1,000 variants, so "queries per chunk" has something to compare
SMALL, LARGE = 1_000, 5_000
# Python's allocator keeps some memory it has used; a few MB either way is not growth with the catalog.
RSS_FACTOR, RSS_ALLOWANCE_MB = 1.25, 8


def _test_database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(database['NAME']).resolve()}"
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


@pytest.fixture
def environment(tmp_path, settings) -> dict[str, str]:
    return child_environment(database_url=_test_database_url(), var_dir=tmp_path / "var", extra={
        "PIM_FEEDS_ROOT": str(settings.PIM_FEEDS_ROOT), "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    })


def _catalog(variants: int) -> None:
    call_command("generate_catalog", products=products_for(variants), no_progress=True)
    channels_ensure()


def test_feed_measurements_at_two_sizes(environment):
    _catalog(SMALL)
    small = feed_measurements(environment=environment, repeats=1, with_peer=True, check_files=True,
                              chunk_size=CHUNK_SIZE, log=lambda message: None)
    _catalog(LARGE)
    large = feed_measurements(environment=environment, repeats=1, with_peer=False, check_files=True,
                              chunk_size=CHUNK_SIZE, log=lambda message: None)

    for figures, variants in ((small, products_for(SMALL) * 3), (large, products_for(LARGE) * 3)):
        assert set(figures) == {row.format for row in CHANNELS}
        for format_code, entry in figures.items():
            project = entry["project"]
            # Every feed parses with an independent reader and holds every variant, once.
            assert project["items"] == variants, (format_code, project)
            assert entry["parsed_items"]["project"] == variants
            assert entry["parsed_items"]["ceiling"] == entry["ceiling"]["items"] == variants
            if "peer" in entry:
                assert entry["parsed_items"]["peer"] == entry["peer"]["items"] == variants
            assert project["chunks"] == -(-variants // CHUNK_SIZE)
    assert "peer" in small["google_merchant"] and "peer" not in large["google_merchant"]

    for format_code in small:
        before, after = small[format_code]["project"], large[format_code]["project"]
        # A fixed number of queries per chunk, the same for five times the variants.
        assert len(before["queries_per_chunk"]) == 1, before["queries_per_chunk"]
        assert after["queries_per_chunk"] == before["queries_per_chunk"]
        # Memory does not follow the catalog: five times the variants, about the same peak.
        assert after["peak_rss_mb"] <= before["peak_rss_mb"] * RSS_FACTOR + RSS_ALLOWANCE_MB, (format_code, before,
                                                                                              after)

    results = {"started_at": "2025-01-01T00:00:00+00:00", "settings": {"database": "test", "repeats": 1},
               "machine": {"cpu": "test", "cores": 2, "memory_gb": 1, "system": "test", "python": "3", "django": "5",
                           "lxml": "6", "database": connection.vendor, "load_average_start": 0},
               "feeds": {str(SMALL): small, "100000": large}}
    checks = {check["name"]: check for check in targets_check(results)}
    assert checks["Google XML items/s at 100k"]["met"] is not None
    assert checks["Feed 304 p95"]["met"] is None  # serving did not run: not measured, not "met"
    table = markdown({**results, "targets": list(checks.values())})
    assert table.count("| Google XML |") == 4 and "### Targets" in table  # two sizes, two tables


def test_a_failing_measurement_reports_its_output(environment):
    with pytest.raises(ChildFailed, match="DoesNotExist"):
        child_run("feed", {"channel_code": "no-such-channel"}, environment=environment)
