"""Summaries of repeated measurements: medians, spreads and percentiles, rounded for reading."""

import math
import statistics


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def spread(values: list[float]) -> float:
    """(max - min) / median: how much the repeats disagree, a measure of the machine's noise."""
    middle = statistics.median(values)
    return round((max(values) - min(values)) / middle, 3) if middle else 0.0


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share 0.95 for p95): a value that was measured, not an interpolation."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def megabytes(size: int) -> float:
    return round(size / (1024 * 1024), 1)


def milliseconds(seconds: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(seconds, 0.50) * 1000, 2), "p95_ms": round(percentile(seconds, 0.95) * 1000, 2),
            "max_ms": round(max(seconds) * 1000, 2), "requests": len(seconds)}
