"""Results: the machine they were measured on, ``bench/results/<timestamp>.json`` and a markdown table beside it."""

import json
import os
import platform
from importlib.metadata import version
from pathlib import Path

import dj_database_url
import psycopg

from bench.catalogs import is_postgresql

FORMAT_NAMES = {"google_merchant": "Google XML", "meta_catalog": "Meta CSV", "web_json": "Web JSON"}


def _proc_value(path: str, key: str) -> str:
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                name, _colon, value = line.partition(":")
                if name.strip() == key:
                    return value.strip()
    except OSError:
        pass
    return ""


def _database_version(database_url: str) -> str:
    if not is_postgresql(database_url):
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    settings = dj_database_url.parse(database_url)
    try:
        with psycopg.connect(dbname="postgres", user=settings["USER"] or None, password=settings["PASSWORD"] or None,
                             host=settings["HOST"] or None, port=settings["PORT"] or None) as connection:
            return "PostgreSQL " + connection.execute("SHOW server_version").fetchone()[0].split()[0]
    except psycopg.Error as error:
        return f"PostgreSQL (version unknown: {error})"


def machine_describe(database_url: str) -> dict[str, object]:
    memory_kb = _proc_value("/proc/meminfo", "MemTotal").split()[0] if _proc_value("/proc/meminfo", "MemTotal") else 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": _proc_value("/proc/cpuinfo", "model name") or platform.processor() or platform.machine(),
        "cores": usable, "memory_gb": round(int(memory_kb) / 1024 / 1024, 1) if memory_kb else None,
        "system": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
        "django": version("django"), "lxml": version("lxml"), "psycopg": version("psycopg"),
        "database": _database_version(database_url), "load_average_start": round(os.getloadavg()[0], 2),
    }


def machine_line(machine: dict[str, object]) -> str:
    return (f"{machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB RAM, {machine['system']}; "
            f"Python {machine['python']}, Django {machine['django']}, lxml {machine['lxml']}, {machine['database']}; "
            f"load average {machine['load_average_start']} at the start, {machine.get('load_average_end', '?')} "
            f"at the end")


def _number(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _mb(size: int | None) -> str:
    return "-" if size is None else f"{size / 1024 / 1024:,.1f} MB"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|",
            *("| " + " | ".join(row) + " |" for row in rows), ""]


def _feed_tables(results: dict) -> list[str]:
    rows, others = [], []
    feeds = results.get("feeds", {})
    sizes = {size: formats for size, formats in feeds.items() if size.isdigit()}  # "error": the part failed
    for _size, formats in sorted(sizes.items(), key=lambda pair: int(pair[0])):
        for format_code, entry in formats.items():
            project, ceiling, peer = entry["project"], entry["ceiling"], entry.get("peer")
            rows.append([
                f"{project['items']:,}", FORMAT_NAMES.get(format_code, format_code),
                f"{_number(project['items_per_second'])} (±{project['items_per_second_spread'] * 50:.0f}%)",
                f"{entry['vs_ceiling']['speed']:.2f}x", f"{entry['vs_peer']['speed']:.2f}x" if peer else "-",
                f"{project['peak_rss_mb']:.0f} MB", _number(project["queries_per_1000_items"], 1),
                ", ".join(str(count) for count in project["queries_per_chunk"]) or "-",
                _mb(project["bytes"]), _mb(project["gzip_bytes"]), _number(project["publish_seconds"], 1),
            ])
            others.append([
                f"{project['items']:,}", FORMAT_NAMES.get(format_code, format_code),
                _number(ceiling["items_per_second"]), f"{ceiling['peak_rss_mb']:.0f} MB",
                _number(peer["items_per_second"]) if peer else "-", f"{peer['peak_rss_mb']:.0f} MB" if peer else "-",
                f"{entry['vs_ceiling']['peak_rss']:.2f}x", f"{entry['vs_peer']['peak_rss']:.2f}x" if peer else "-",
            ])
    failure = [f"Failed: {feeds['error']}", ""] if feeds.get("error") else []
    if not rows:
        return ["### Feeds", "", *failure] if failure else []
    lines = ["### Feeds", "", *failure, "Items per second until the plain file is complete (select, project, validate, "
             "write, fsync); publish = the whole run with the gzip copy, digests and the pointer flip. Ratios are "
             "the project's figure over the ceiling's or peer's, per repeat, median over repeats.", ""]
    lines += _table(["variants", "format", "items/s (±spread/2)", "vs ceiling", "vs peer", "peak RSS",
                     "queries / 1k items", "queries / chunk", "file", "gzip", "publish s"], rows)
    lines += ["Ceiling: one `values_list(...).iterator()` of the same rows and fields written with lxml's "
              "`xmlfile` / `csv` / orjson, no projection. Peer: Django's `Rss201rev2Feed` fed the same rows "
              "(Google XML only; it keeps every item in memory until it writes).", ""]
    lines += _table(["variants", "format", "ceiling items/s", "ceiling RSS", "peer items/s", "peer RSS",
                     "RSS vs ceiling", "RSS vs peer"], others)
    growth = results.get("memory_growth", {})
    if growth:
        lines += _table(["format", "sizes", "peak RSS", "growth"], [
            [FORMAT_NAMES.get(format_code, format_code), f"{entry['from']:,} -> {entry['to']:,}",
             f"{entry['from_mb']:.0f} -> {entry['to_mb']:.0f} MB", f"{entry['growth'] * 100:+.1f}%"]
            for format_code, entry in growth.items()])
    return lines


def _timings_row(name: str, figures: dict | None) -> list[str]:
    if not figures:
        return [name, "-", "-", "-", "-", "-"]
    queries = str(figures["queries"]) if "queries" in figures else "-"
    return [name, _number(figures["p50_ms"], 2), _number(figures["p95_ms"], 2), _number(figures["max_ms"], 2),
            str(figures["requests"]), queries]


def _web_tables(results: dict) -> list[str]:
    lines = []
    header = ["request", "p50 ms", "p95 ms", "max ms", "requests", "queries"]
    serving = results.get("serving")
    if serving:
        lines += ["### Serving the feed", ""]
        if serving.get("error") or serving.get("skipped"):
            lines += [f"Not measured: {serving.get('error') or serving.get('skipped')}", ""]
        else:
            lines += [f"gunicorn ({serving['workers']} sync workers) on 127.0.0.1, the Google XML of "
                      f"{serving['variants']:,} variants, `Accept-Encoding: gzip`; time to the first byte of the "
                      f"answer, a new connection per request.", ""]
            lines += _table(header, [_timings_row("full GET (200, gzip copy)", serving["full_get"]),
                                     _timings_row("conditional GET (304)", serving["not_modified"])])
    for part, title, names in (("api", "API", (("first_page", "product list, first page"),
                                              ("deep", "product list, deep page"))),
                               ("admin", "Admin", (("changelist", "product changelist"),
                                                   ("changelist_search", "changelist, search"),
                                                   ("change_page", "product change page")))):
        figures = results.get(part)
        if not figures:
            continue
        lines += [f"### {title}", ""]
        if figures.get("error") or not figures.get("available", True):
            lines += [f"Not measured: {figures.get('error') or figures.get('note')}", ""]
            continue
        lines += [f"{figures['products']:,} products, a logged-in superuser, Django's test client (no socket)"
                  + (f"; deep page: {figures['deep_page']}" if part == "api" else "") + ".", ""]
        lines += _table(header, [_timings_row(label, figures.get(key)) for key, label in names])
    imports = results.get("imports")
    if imports:
        lines += ["### Imports", ""]
        if imports.get("error") or not imports.get("available"):
            lines += [f"Not measured: {imports.get('error') or imports.get('note')}", ""]
        else:
            scenarios = [(name, value) for name, value in imports.items() if isinstance(value, dict)]
            lines += _table(["scenario", "rows", "seconds", "rows/s"], [
                [name, _number(value.get("rows")), _number(value.get("seconds"), 1),
                 _number(value.get("rows_per_second"))] for name, value in scenarios])
    return lines


def markdown(results: dict) -> str:
    lines = [f"## Benchmarks ({results['started_at'][:16].replace('T', ' ')} UTC)", "",
             f"Machine: {machine_line(results['machine'])}.", "",
             f"Database: {results['settings']['database']}; {results['settings']['repeats']} repeats of each feed "
             "measurement (median; ± is half the spread between repeats: the machine's noise).", ""]
    lines += _feed_tables(results)
    lines += _web_tables(results)
    targets = results.get("targets", [])
    if targets:
        lines += ["### Targets", ""]
        lines += _table(["target", "wanted", "measured", ""], [
            [row["name"], row["target"], row["measured"],
             {True: "met", False: "**missed**", None: "-"}[row["met"]]] for row in targets])
    for note in results.get("notes", []):
        lines.append(f"- {note}")
    return "\n".join(lines).rstrip() + "\n"


def results_write(results: dict, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = results["started_at"][:19].replace(":", "").replace("-", "")
    json_path, markdown_path = folder / f"{stamp}.json", folder / f"{stamp}.md"
    json_path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    markdown_path.write_text(markdown(results))
    return json_path, markdown_path
