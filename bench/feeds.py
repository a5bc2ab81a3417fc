"""Feeds: the project's own run of each format, beside the raw ceiling and Django's feed generator as a peer.

For every repeat, the three run back to back on the same rows, each in its own process; ratios are taken within a
repeat and then the median over repeats, so a machine slowed down by its neighbours still compares fairly.
"""

import csv
import itertools
import json
import statistics
import time
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import connection
from lxml import etree

from bench.catalogs import CHANNELS
from bench.figures import median, megabytes, spread
from bench.processes import ChildOutcome, child_run
from bench.queries import QueryCounter
from syndication import publish
from syndication.models import Channel, FeedRun
from syndication.services import feed_run_create, feed_run_execute

# -- in the child -----------------------------------------------------------------------------------------------

def feed_run_measure(*, channel_code: str, chunk_size: int | None = None) -> dict[str, object]:
    """One real run (feed_run_create + feed_run_execute, as `export_feed` does), timed by phase.

    "generate" ends when gzip starts: the plain file is complete (select, project, validate, write, fsync);
    "publish" is the whole run: gzip copy, digests and the pointer flip included.
    """
    channel = Channel.objects.get(code=channel_code)
    run = feed_run_create(channel=channel, trigger=FeedRun.Trigger.MANUAL)
    counter = QueryCounter()
    chunk_marks: list[int] = []  # queries so far, at the end of each chunk
    phases: dict[str, float] = {}
    gzip_copy = publish._gzip_copy

    def gzip_timed(*args, **kwargs) -> None:
        phases["gzip_started"] = time.perf_counter()
        gzip_copy(*args, **kwargs)
        phases["gzip_finished"] = time.perf_counter()

    started = time.perf_counter()
    with mock.patch.object(publish, "_gzip_copy", gzip_timed), connection.execute_wrapper(counter):
        result = feed_run_execute(run_id=run.pk, chunk_size=chunk_size,
                                  progress=lambda count: chunk_marks.append(counter.total))
    finished = time.perf_counter()
    if result is None or result.status != FeedRun.Status.SUCCEEDED:
        raise RuntimeError(f"feed run of {channel_code} did not succeed: {getattr(result, 'error', 'not run')}")
    generate_seconds = phases["gzip_started"] - started
    # Between two chunk ends: the next chunk's reads and its issues' insert. Before the first end come the run's
    # own set-up queries too, after the last one the empty page that ends the stream: both are left out.
    per_chunk = [after - before for before, after in itertools.pairwise(chunk_marks)]
    return {
        "format": channel.format, "items": result.items_written, "skipped": result.items_skipped,
        "warnings": result.warnings, "generate_seconds": generate_seconds,
        "gzip_seconds": phases["gzip_finished"] - phases["gzip_started"], "publish_seconds": finished - started,
        "items_per_second": result.items_written / generate_seconds, "queries": counter.total,
        "chunks": len(chunk_marks), "chunk_queries": per_chunk,
        "bytes": result.bytes, "gzip_bytes": result.gzip_bytes,
        "path": str(Path(settings.PIM_FEEDS_ROOT) / result.storage_path),
    }


# -- in the parent ----------------------------------------------------------------------------------------------

def feed_file_items(path: Path, format_code: str) -> int:
    """Parse a feed with an independent reader and count its items (raises if it does not parse)."""
    if format_code == "google_merchant":
        count = 0
        for _event, element in etree.iterparse(str(path), tag="item", huge_tree=True):
            count += 1
            element.clear(keep_tail=True)
        return count
    if format_code == "meta_catalog":
        with path.open(encoding="utf-8", newline="") as stream:
            rows = csv.reader(stream)
            header = next(rows)
            count = 0
            for row in rows:
                if len(row) != len(header):
                    raise ValueError(f"{path}: row {count + 2} has {len(row)} cells, the header {len(header)}")
                count += 1
            return count
    with path.open(encoding="utf-8") as stream:
        elements = json.load(stream)["dataFeedElement"]
    return sum(element["@type"] == "Product" for element in elements)


def _project_figures(outcomes: list[ChildOutcome]) -> dict[str, object]:
    results = [outcome.result for outcome in outcomes]
    last = results[-1]
    items = last["items"]
    rates = [result["items_per_second"] for result in results]
    return {
        "items": items, "skipped": last["skipped"], "warnings": last["warnings"],
        "items_per_second": median(rates), "items_per_second_spread": spread(rates),
        "peak_rss_mb": median([megabytes(outcome.peak_rss_bytes) for outcome in outcomes]),
        "rss_after_setup_mb": median([megabytes(outcome.rss_after_setup_bytes) for outcome in outcomes]),
        "queries_per_1000_items": round(last["queries"] * 1000 / max(items, 1), 2),
        "queries_per_chunk": sorted(set(last["chunk_queries"])), "chunks": last["chunks"],
        "bytes": last["bytes"], "gzip_bytes": last["gzip_bytes"],
        "generate_seconds": median([result["generate_seconds"] for result in results]),
        "gzip_seconds": median([result["gzip_seconds"] for result in results]),
        "publish_seconds": median([result["publish_seconds"] for result in results]),
        "path": last["path"],
    }


def _other_figures(outcomes: list[ChildOutcome]) -> dict[str, object]:
    rates = [outcome.result["items_per_second"] for outcome in outcomes]
    last = outcomes[-1].result
    return {
        "items": last["items"], "items_per_second": median(rates), "items_per_second_spread": spread(rates),
        "peak_rss_mb": median([megabytes(outcome.peak_rss_bytes) for outcome in outcomes]),
        "queries": last["queries"], "bytes": last["bytes"],
        "seconds": median([outcome.result["seconds"] for outcome in outcomes]),
        "path": last["path"],
    }


def _ratios(project: list[ChildOutcome], other: list[ChildOutcome]) -> dict[str, float]:
    """Project / other, per repeat (the two ran back to back), then the median over repeats."""
    speed = [mine.result["items_per_second"] / theirs.result["items_per_second"]
             for mine, theirs in zip(project, other, strict=True)]
    memory = [mine.peak_rss_bytes / theirs.peak_rss_bytes for mine, theirs in zip(project, other, strict=True)]
    return {"speed": round(statistics.median(speed), 3), "peak_rss": round(statistics.median(memory), 3)}


def feed_measurements(*, environment: dict[str, str], repeats: int, with_peer: bool, check_files: bool = False,
                      chunk_size: int | None = None, log=print) -> dict[str, dict[str, object]]:
    """Per format: the project's figures, the ceiling's and the peer's (Google XML only), and the ratios."""
    figures: dict[str, dict[str, object]] = {}
    runs: dict[str, dict[str, list[ChildOutcome]]] = {row.format: {"project": [], "ceiling": [], "peer": []}
                                                      for row in CHANNELS}
    for repeat in range(repeats):
        for row in CHANNELS:
            mine = runs[row.format]
            mine["project"].append(child_run("feed", {"channel_code": row.code, "chunk_size": chunk_size},
                                             environment=environment))
            mine["ceiling"].append(child_run("ceiling", {"channel_code": row.code}, environment=environment))
            if with_peer and row.format == "google_merchant":
                mine["peer"].append(child_run("peer", {"channel_code": row.code}, environment=environment))
            project = mine["project"][-1].result
            log(f"  {row.format:16} repeat {repeat + 1}/{repeats}: {project['items_per_second']:,.0f} items/s, "
                f"ceiling {mine['ceiling'][-1].result['items_per_second']:,.0f}/s, "
                f"peak {megabytes(mine['project'][-1].peak_rss_bytes)} MB")
    for row in CHANNELS:
        mine = runs[row.format]
        entry: dict[str, object] = {"channel": row.code, "project": _project_figures(mine["project"]),
                                    "ceiling": _other_figures(mine["ceiling"]),
                                    "vs_ceiling": _ratios(mine["project"], mine["ceiling"])}
        if mine["peer"]:
            entry["peer"] = _other_figures(mine["peer"])
            entry["vs_peer"] = _ratios(mine["project"], mine["peer"])
        if check_files:
            entry["parsed_items"] = {"project": feed_file_items(Path(entry["project"]["path"]), row.format),
                                     "ceiling": feed_file_items(Path(entry["ceiling"]["path"]), row.format)}
            if mine["peer"]:
                entry["parsed_items"]["peer"] = feed_file_items(Path(entry["peer"]["path"]), row.format)
        figures[row.format] = entry
    return figures
