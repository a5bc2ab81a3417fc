"""``python -m bench`` (``make bench``): prepare the catalogs, measure every part, write the results.

Environment (all optional):

- ``DATABASE_URL``: the base name of the benchmark databases (default ``postgres://postgres@127.0.0.1:5432/pim_bench``;
  a ``sqlite:///...`` URL benchmarks SQLite). Sizes get ``_<variants>``, the admin / API catalog ``_p<products>``,
  imports ``_import``. They are created when missing and kept for the next run.
- ``BENCH_SIZES``: feed catalog sizes in variants, ``10000,100000`` by default (add ``1000000`` for the million).
- ``BENCH_REPEAT``: runs of each feed measurement (3); the median is reported.
- ``BENCH_REQUESTS``: timed requests per feed URL measurement (100); ``BENCH_WEB_REQUESTS``: per admin / API page (30).
- ``BENCH_WEB_PRODUCTS``: products in the admin / API catalog (100000).
- ``BENCH_IMPORT_ROWS``: rows of the import benchmark (5000).
- ``BENCH_PARTS``: which parts run, ``feeds,serving,admin,api,imports`` by default.
- ``BENCH_PEER_MAX_VARIANTS``: above this size the peer (which holds the whole feed in memory) is skipped (200000).
- ``BENCH_VAR_DIR``: media, feeds and outputs of the benchmark (``var/bench``); ``BENCH_RESULTS_DIR``
  (``bench/results``).
"""

import datetime
import os
import sys
import time
import traceback
from pathlib import Path

from bench.processes import REPO, child_environment

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/pim_bench"
PARTS = ("feeds", "serving", "admin", "api", "imports")


def _integers(name: str, default: str) -> list[int]:
    return [int(value.replace("_", "")) for value in os.environ.get(name, default).split(",") if value.strip()]


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _safe_url(database_url: str) -> str:
    """The URL without its password, for the results."""
    scheme, _slashes, rest = database_url.partition("://")
    credentials, at, location = rest.rpartition("@")
    return f"{scheme}://{credentials.split(':', 1)[0]}{at}{location}" if at else database_url


def main() -> int:
    base_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    var_dir = Path(os.environ.get("BENCH_VAR_DIR", REPO / "var" / "bench")).resolve()
    results_dir = Path(os.environ.get("BENCH_RESULTS_DIR", REPO / "bench" / "results"))
    sizes = sorted(set(_integers("BENCH_SIZES", "10000,100000")))
    repeats = max(1, int(os.environ.get("BENCH_REPEAT", "3")))
    requests = max(1, int(os.environ.get("BENCH_REQUESTS", "100")))
    web_requests = max(1, int(os.environ.get("BENCH_WEB_REQUESTS", "30")))
    web_products = int(os.environ.get("BENCH_WEB_PRODUCTS", "100000"))
    import_rows = int(os.environ.get("BENCH_IMPORT_ROWS", "5000"))
    peer_limit = int(os.environ.get("BENCH_PEER_MAX_VARIANTS", "200000"))
    parts = [part.strip() for part in os.environ.get("BENCH_PARTS", ",".join(PARTS)).split(",") if part.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        print(f"BENCH_PARTS: unknown parts {', '.join(unknown)}; known: {', '.join(PARTS)}", file=sys.stderr)
        return 2

    # The parent imports the models the children use (never touching the database itself): same settings.
    os.environ.update(child_environment(database_url=base_url, var_dir=var_dir))
    import django

    django.setup()
    from bench.report import machine_describe, results_write
    from bench.targets import targets_check

    started = datetime.datetime.now(datetime.UTC)
    results: dict[str, object] = {
        "started_at": started.isoformat(timespec="seconds"), "machine": machine_describe(base_url),
        "settings": {"database": _safe_url(base_url), "sizes": sizes, "repeats": repeats, "requests": requests,
                     "web_requests": web_requests, "web_products": web_products, "import_rows": import_rows,
                     "parts": parts},
        "catalogs": {}, "feeds": {}, "notes": [],
    }
    failures = 0
    for part, measure in (("feeds", _feeds), ("serving", _serving), ("admin", _admin), ("api", _api),
                          ("imports", _imports)):
        if part not in parts:
            continue
        _log(f"== {part}")
        try:
            measure(results, base_url=base_url, var_dir=var_dir, sizes=sizes, repeats=repeats, requests=requests,
                    web_requests=web_requests, web_products=web_products, import_rows=import_rows,
                    peer_limit=peer_limit)
        except Exception as error:  # one part failing must not lose the others' figures
            failures += 1
            traceback.print_exc()
            results.setdefault(part, {})["error"] = f"{type(error).__name__}: {str(error)[-1500:]}"
    results["machine"]["load_average_end"] = round(os.getloadavg()[0], 2)
    results["finished_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    results["duration_seconds"] = round((datetime.datetime.now(datetime.UTC) - started).total_seconds())
    results["targets"] = targets_check(results)
    json_path, markdown_path = results_write(results, results_dir)
    print(markdown_path.read_text())
    _log(f"results: {json_path} and {markdown_path}")
    return 1 if failures else 0


def _environment(base_url: str, suffix: str, var_dir: Path) -> tuple[str, dict[str, str]]:
    from bench.catalogs import database_url_for

    database_url = database_url_for(base_url, suffix)
    # Run ids restart at 1 in every database, and a run's files go to <feeds>/<channel>/<run id>: each database
    # needs its own feeds folder, or the second size's first run finds the first size's folder in its way.
    return database_url, child_environment(database_url=database_url, var_dir=var_dir,
                                           extra={"PIM_FEEDS_ROOT": str(var_dir / "feeds" / suffix)})


def _feeds(results: dict, *, base_url: str, var_dir: Path, sizes: list[int], repeats: int, peer_limit: int,
           **_options) -> None:
    from bench.catalogs import catalog_ensure, products_for
    from bench.feeds import feed_measurements

    for size in sizes:
        database_url, environment = _environment(base_url, str(size), var_dir)
        _log(f"catalog of {size:,} variants ({_safe_url(database_url)})")
        results["catalogs"][str(size)] = catalog = catalog_ensure(
            database_url=database_url, environment=environment, products=products_for(size))
        _log(f"  {catalog['products']:,} products, {catalog['variants']:,} variants"
             + (f", generated in {catalog['generate_seconds']} s" if catalog["generate_seconds"] else ", reused"))
        results["feeds"][str(size)] = feed_measurements(
            environment=environment, repeats=repeats, with_peer=size <= peer_limit, check_files=size == sizes[0],
            log=_log)
        if size > peer_limit:
            results["notes"].append(f"Peer skipped at {size:,} variants (BENCH_PEER_MAX_VARIANTS={peer_limit:,}): "
                                    "it holds every item in memory.")
    results["memory_growth"] = _memory_growth(results["feeds"])


def _memory_growth(feeds: dict) -> dict[str, dict[str, object]]:
    """Peak RSS of the smallest size against each larger one, per format."""
    sizes = sorted(int(size) for size in feeds if size.isdigit())
    growth = {}
    for size in sizes[1:]:
        for format_code, entry in feeds[str(size)].items():
            low = feeds[str(sizes[0])][format_code]["project"]["peak_rss_mb"]
            high = entry["project"]["peak_rss_mb"]
            key = f"{format_code} {sizes[0]}->{size}"
            growth[key] = {"format": format_code, "from": sizes[0], "to": size, "from_mb": low, "to_mb": high,
                           "growth": round(high / low - 1, 3)}
    return growth


def _serving(results: dict, *, base_url: str, var_dir: Path, sizes: list[int], requests: int, **_options) -> None:
    from bench.catalogs import CHANNELS, catalog_ensure, products_for
    from bench.processes import child_run
    from bench.serving import gunicorn_running, serving_measure

    size = max(sizes)
    database_url, environment = _environment(base_url, str(size), var_dir)
    channel = CHANNELS[0]
    if str(size) not in results["feeds"]:  # the feeds part did not run: publish one feed to serve
        catalog_ensure(database_url=database_url, environment=environment, products=products_for(size))
        child_run("feed", {"channel_code": channel.code}, environment=environment)
    target = child_run("serving_target", {"channel_code": channel.code}, environment=environment).result
    log_path = var_dir / "gunicorn.log"
    with gunicorn_running(environment=environment, log_path=log_path) as port:
        _log(f"gunicorn on 127.0.0.1:{port}, {requests} requests each")
        figures = serving_measure(port=port, target=target, requests=requests)
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    results["serving"] = {"variants": size, "workers": workers, "format": channel.format, **figures}


def _web_environment(results: dict, base_url: str, var_dir: Path, sizes: list[int],
                     web_products: int) -> dict[str, str]:
    """The catalog of ``web_products`` products: a feed size that has as many, or one of its own."""
    from bench.catalogs import catalog_ensure, products_for

    reused = next((size for size in sizes if products_for(size) >= web_products), None)
    suffix = str(reused) if reused else f"p{web_products}"
    database_url, environment = _environment(base_url, suffix, var_dir)
    if suffix not in results["catalogs"]:
        _log(f"catalog of {web_products:,} products ({_safe_url(database_url)})")
        results["catalogs"][suffix] = catalog_ensure(database_url=database_url, environment=environment,
                                                     products=products_for(reused) if reused else web_products)
    return environment


def _admin(results: dict, *, base_url: str, var_dir: Path, sizes: list[int], web_products: int, web_requests: int,
           **_options) -> None:
    from bench.processes import child_run

    environment = _web_environment(results, base_url, var_dir, sizes, web_products)
    results["admin"] = child_run("admin", {"requests": web_requests}, environment=environment).result


def _api(results: dict, *, base_url: str, var_dir: Path, sizes: list[int], web_products: int, web_requests: int,
         **_options) -> None:
    from bench.processes import child_run

    environment = _web_environment(results, base_url, var_dir, sizes, web_products)
    results["api"] = child_run("api", {"requests": web_requests}, environment=environment).result
    if not results["api"].get("available"):
        _log(f"  {results['api']['note']}")


def _imports(results: dict, *, base_url: str, var_dir: Path, import_rows: int, **_options) -> None:
    from bench.catalogs import database_ensure
    from bench.imports import imports_available
    from bench.processes import child_run

    if not imports_available():
        results["imports"] = {"available": False, "note": "not available yet: no catalog.transfer.benchmark"}
        _log(f"  {results['imports']['note']}")
        return
    database_url, environment = _environment(base_url, "import", var_dir)
    database_ensure(database_url=database_url, environment=environment)
    results["imports"] = child_run("imports", {"rows": import_rows}, environment=environment).result
