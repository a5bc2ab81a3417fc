"""The dry run: the import engine with every chunk rolled back, so the preview (created, updated, unchanged,
rejected with line, field, value and reason) is exactly what applying the file would do to the catalog as it is now.

It runs the import itself (the catalog services, and the chunk-level path of catalog.transfer.batches that checks
their rules a chunk at a time) rather than a copy of their rules; the price is that a dry run takes as long as the
import. Rows of one product are always in the same chunk, and SKUs, GTINs and slugs are checked across
the whole file, so rolling back chunk by chunk misses nothing a single transaction would catch.
"""

import os
from collections.abc import Callable

from .applying import PLAN, ImportRun
from .outcome import Outcome
from .reading import SourceTable, table_read


def file_import(*, path: str | os.PathLike, mode: str, user=None,
                progress: Callable[[Outcome, bool], None] | None = None,
                chunk_rows: int | None = None) -> tuple[SourceTable, Outcome]:
    """Read the file (ImportFileError if it cannot be imported at all) and run it in ``mode``."""
    table = table_read(path)
    outcome = ImportRun(table=table, mode=mode, user=user, progress=progress, chunk_rows=chunk_rows).run()
    return table, outcome


def file_plan(*, path: str | os.PathLike, user=None, progress: Callable[[Outcome, bool], None] | None = None,
              chunk_rows: int | None = None) -> tuple[SourceTable, Outcome]:
    """What importing the file would do; changes nothing."""
    return file_import(path=path, mode=PLAN, user=user, progress=progress, chunk_rows=chunk_rows)
