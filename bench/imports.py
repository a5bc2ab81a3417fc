"""Imports: rows per second of the catalog import, through its own benchmark (catalog.transfer.benchmark).

Skipped, with the reason in the results, while there is no import. It writes products, so it runs on a database
of its own, never on a feed catalog.
"""

from importlib import import_module
from importlib.util import find_spec

BENCHMARK_MODULE = "catalog.transfer.benchmark"


def imports_available() -> bool:
    try:
        return find_spec(BENCHMARK_MODULE) is not None
    except ModuleNotFoundError:
        return False


def imports_measure(*, rows: int) -> dict[str, object]:
    if not imports_available():
        return {"available": False, "note": f"not available yet: no {BENCHMARK_MODULE}"}
    bench_import = getattr(import_module(BENCHMARK_MODULE), "bench_import", None)
    if bench_import is None:
        return {"available": False, "note": f"not available yet: {BENCHMARK_MODULE} has no bench_import()"}
    return {"available": True, **bench_import(rows)}
