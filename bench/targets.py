"""The issue's targets (a 2-core machine, 100k variants, PostgreSQL), checked against one run's results.

A target reads ``None`` ("not measured") when its part did not run, or ran at other sizes than it names.
"""

from dataclasses import asdict, dataclass

REFERENCE_VARIANTS = 100_000
MILLION = 1_000_000


@dataclass
class TargetCheck:
    name: str
    target: str
    measured: str
    met: bool | None


def _feed(results: dict, size: int, format_code: str) -> dict | None:
    return results.get("feeds", {}).get(str(size), {}).get(format_code)


def _check(name: str, target: str, value: float | None, limit: float, *, at_least: bool, unit: str = "",
           digits: int = 0) -> TargetCheck:
    if value is None:
        return TargetCheck(name, target, "not measured", None)
    met = value >= limit if at_least else value <= limit
    return TargetCheck(name, target, f"{value:,.{digits}f}{unit}", met)


def targets_check(results: dict) -> list[dict[str, object]]:
    sizes = sorted(int(size) for size in results.get("feeds", {}) if size.isdigit())  # not "error"
    reference = REFERENCE_VARIANTS if REFERENCE_VARIANTS in sizes else None
    google = _feed(results, reference, "google_merchant") if reference else None
    meta = _feed(results, reference, "meta_catalog") if reference else None
    web = _feed(results, reference, "web_json") if reference else None
    checks = [
        _check("Google XML items/s at 100k", ">= 15,000", google and google["project"]["items_per_second"],
               15_000, at_least=True),
        _check("Google XML vs raw ceiling at 100k", ">= 0.6x", google and google["vs_ceiling"]["speed"], 0.6,
               at_least=True, unit="x", digits=2),
        _check("Meta CSV rows/s at 100k", ">= 25,000", meta and meta["project"]["items_per_second"], 25_000,
               at_least=True),
        _check("Web JSON items/s at 100k", ">= 30,000", web and web["project"]["items_per_second"], 30_000,
               at_least=True),
    ]
    peaks = [entry["project"]["peak_rss_mb"] for size in sizes for entry in results["feeds"][str(size)].values()]
    checks.append(_check("Peak RSS of a feed run, any size", "<= 150 MB", max(peaks) if peaks else None, 150,
                         at_least=False, unit=" MB", digits=1))
    growth = results.get("memory_growth", {})
    for (low, high), limit_name in (((10_000, REFERENCE_VARIANTS), "10k -> 100k"), ((10_000, MILLION), "10k -> 1M")):
        rows = [entry for entry in growth.values() if entry["from"] == low and entry["to"] == high]
        worst = max((entry["growth"] for entry in rows), default=None)
        checks.append(_check(f"Peak RSS growth {limit_name}", "<= 10%", None if worst is None else worst * 100, 10,
                             at_least=False, unit="%", digits=1))
    million = _feed(results, MILLION, "google_merchant")
    checks.append(_check("1M variants Google XML + gzip, seconds", "<= 120",
                         million and million["project"]["publish_seconds"], 120, at_least=False, digits=1))
    serving = results.get("serving", {})
    full, not_modified = serving.get("full_get"), serving.get("not_modified")
    checks.append(_check("Feed TTFB p95 (full GET)", "<= 10 ms", full and full["p95_ms"], 10, at_least=False,
                         unit=" ms", digits=2))
    checks.append(_check("Feed 304 p95", "<= 5 ms", not_modified and not_modified["p95_ms"], 5, at_least=False,
                         unit=" ms", digits=2))
    api = results.get("api", {})
    api_p95 = max(api["first_page"]["p95_ms"], api["deep"]["p95_ms"]) if api.get("available") else None
    checks.append(_check("API product list p95 (first and deep page)", "<= 15 ms", api_p95, 15, at_least=False,
                         unit=" ms", digits=2))
    changelist = results.get("admin", {}).get("changelist")
    checks.append(_check("Admin changelist p95", "<= 150 ms", changelist and changelist["p95_ms"], 150,
                         at_least=False, unit=" ms", digits=1))
    return [asdict(check) for check in checks]
