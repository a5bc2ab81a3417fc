"""What an import did (or, in a dry run, would do) with each row, and the rejected rows as a CSV file that can be
fixed and imported again: the original columns, then ``line`` and ``reason``."""

import csv
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from .columns import LINE, REASON
from .reading import SourceTable

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
SAMPLE_SIZE = 200  # rejected rows and changes kept for the preview page; the CSV has every rejected row


@dataclass(frozen=True)
class Problem:
    """Why a row was refused: the column, the cell's value and the reason (which names the value too)."""

    field: str
    value: str
    reason: str

    def as_dict(self, line: int) -> dict[str, object]:
        return {"line": line, "field": self.field, "value": self.value, "reason": self.reason}


@dataclass
class Outcome:
    total_rows: int = 0
    rows_done: int = 0
    counts: Counter = field(default_factory=Counter)
    rejected: dict[int, list[Problem]] = field(default_factory=dict)  # line -> problems
    changes: list[dict[str, object]] = field(default_factory=list)  # the first SAMPLE_SIZE changed rows
    saved: bool = False  # False for a dry run, and for an all-or-nothing import that rejected a row

    def row_done(self, *, line: int, status: str, sku: str = "", columns: list[str] | None = None) -> None:
        self.counts[status] += 1
        if status in (CREATED, UPDATED) and len(self.changes) < SAMPLE_SIZE:
            self.changes.append({"line": line, "action": status, "sku": sku, "columns": columns or []})

    def row_rejected(self, *, line: int, problems: list[Problem]) -> None:
        if line not in self.rejected:
            self.counts[REJECTED] += 1
        self.rejected.setdefault(line, []).extend(problems)

    def rejection_sample(self, limit: int = SAMPLE_SIZE) -> list[dict[str, object]]:
        sample: list[dict[str, object]] = []
        for line in sorted(self.rejected):
            sample += [problem.as_dict(line) for problem in self.rejected[line]]
            if len(sample) >= limit:
                break
        return sample[:limit]

    def summary(self) -> dict[str, int]:
        return {status: self.counts[status] for status in (CREATED, UPDATED, UNCHANGED, REJECTED)}


def reason_text(problems: list[Problem]) -> str:
    return "; ".join(f"{problem.field}: {problem.reason}" for problem in problems)


def rejected_rows_write(*, table: SourceTable, outcome: Outcome, stream: TextIO) -> int:
    """Write the rejected rows with their line and reason; returns how many. Columns line and reason of a file that
    was itself a rejected-rows file are replaced, not repeated."""
    kept = [index for index, column in enumerate(table.columns) if column.name not in (LINE, REASON)]
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([table.header[index] for index in kept] + [LINE, REASON])
    written = 0
    for line, cells in table.rows:
        problems = outcome.rejected.get(line)
        if problems:
            writer.writerow([cells[index] for index in kept] + [line, reason_text(problems)])
            written += 1
    return written
