"""Import files -> a header and rows of cell text, or file-level errors that stop the import before it changes
anything: wrong encoding, unknown or missing columns, ragged rows, formulas, files over the limits.

CSV must be UTF-8 (a byte-order mark is fine); the delimiter is whichever of , ; or tab splits the header into
the most columns. XLSX is read from its first sheet with openpyxl in read-only mode. Formulas are refused in both
(CSV injection defence): in CSV a cell that starts with "=", in XLSX a formula cell.
"""

import csv
import datetime
import io
import os
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from operator import methodcaller

from django.conf import settings
from django.utils.translation import gettext as _

from .columns import Column, header_parse

CSV, XLSX = "csv", "xlsx"
MAX_REPORTED = 20  # file-level problems listed before "and N more"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the binary .xls of Excel 97-2003
_starts_with_equals = methodcaller("startswith", "=")
Row = tuple[int, tuple[str, ...]]  # (line in the file, cell texts in header order)


class ImportFileError(Exception):
    """The file cannot be imported at all; ``problems`` say why, naming the line or the column."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class SourceTable:
    format: str
    header: list[str]
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)


def file_format(path: str | os.PathLike) -> str:
    """csv or xlsx, by the file's first bytes (a name can lie; a spreadsheet saved as .csv still starts with PK)."""
    with open(path, "rb") as file:
        head = file.read(8)
    if head.startswith(ZIP_MAGIC):
        return XLSX
    if head.startswith(OLE_MAGIC):
        raise ImportFileError([_("This is an old Excel 97-2003 (.xls) file. Save it as .xlsx or as CSV UTF-8.")])
    return CSV


def table_read(path: str | os.PathLike) -> SourceTable:
    """Read and check the whole file; raises ImportFileError listing what is wrong with it."""
    size = os.path.getsize(path)
    if size > settings.PIM_IMPORT_MAX_BYTES:
        raise ImportFileError([_("The file is %(size)s bytes, above the limit of %(max)s bytes. Split it into "
                                 "smaller files.") % {"size": size, "max": settings.PIM_IMPORT_MAX_BYTES}])
    if size == 0:
        raise ImportFileError([_("The file is empty.")])
    return _xlsx_read(path) if file_format(path) == XLSX else _csv_read(path)


def rows_estimate(path: str | os.PathLike) -> int:
    """A quick guess of the number of data rows, to decide between the request and the worker."""
    if file_format(path) == XLSX:
        try:
            from openpyxl import load_workbook

            workbook = load_workbook(path, read_only=True, data_only=False)
            try:
                max_row = workbook.worksheets[0].max_row if workbook.worksheets else 0
            finally:
                workbook.close()
        except Exception:  # unreadable: the plan reports why; count it as large so the worker finds out
            return settings.PIM_IMPORT_MAX_ROWS
        return max(0, (max_row or settings.PIM_IMPORT_MAX_ROWS) - 1)
    newlines = 0
    with open(path, "rb") as file:
        while block := file.read(1 << 20):
            newlines += block.count(b"\n")
    return max(0, newlines - 1)


class _Checker:
    """Collects problems while reading, and keeps repeated product cells as one string (rows share them)."""

    def __init__(self, format: str, header: list[str]):
        self.columns, problems = header_parse(header)
        if problems:
            raise ImportFileError(problems)
        self.table = SourceTable(format=format, header=[name.strip() for name in header], columns=self.columns)
        self.width = len(header)
        self.shared = [index for index, column in enumerate(self.columns) if column.product_level]
        self.previous: tuple[str, ...] = ()
        self.problems: list[str] = []
        self.hidden = 0

    def problem(self, message: str) -> None:
        if len(self.problems) < MAX_REPORTED:
            self.problems.append(message)
        else:
            self.hidden += 1

    def add(self, line: int, cells: list[str], formulas: set[int] | None = None) -> None:
        """``formulas``: positions of formula cells (XLSX knows them); CSV cells are formulas when they start with =."""
        if len(self.table.rows) >= settings.PIM_IMPORT_MAX_ROWS:
            raise ImportFileError([_("The file has more than %(max)s rows. Split it into smaller files.")
                                   % {"max": settings.PIM_IMPORT_MAX_ROWS}])
        if len(cells) != self.width:
            self.problem(_("Line %(line)s has %(count)s cells; the header has %(width)s. Check for a missing or an "
                           "extra delimiter.") % {"line": line, "count": len(cells), "width": self.width})
            return
        if formulas is None:
            formulas = [index for index, text in enumerate(cells) if text[:1] == "="] \
                if any(map(_starts_with_equals, cells)) else ()
        for index in sorted(formulas):
            self.problem(_("Line %(line)s, column %(column)s: %(value)s is a formula. Formulas are refused; paste "
                           "the values instead.") % {"line": line, "column": self.columns[index].name,
                                                     "value": cells[index][:40]})
        previous = self.previous
        if previous:  # a product's columns repeat on each of its rows: keep one copy of each text
            for index in self.shared:
                if cells[index] == previous[index]:
                    cells[index] = previous[index]
        self.previous = tuple(cells)
        self.table.rows.append((line, self.previous))

    def finish(self) -> SourceTable:
        if self.hidden:
            self.problems.append(_("and %(count)s more problems.") % {"count": self.hidden})
        if self.problems:
            raise ImportFileError(self.problems)
        return self.table


# -- CSV --------------------------------------------------------------------------------------------------------


def _delimiter(first_line: str) -> str:
    counts = {delimiter: len(next(csv.reader([first_line], delimiter=delimiter), []))
              for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda delimiter: (counts[delimiter], delimiter == ","))


def _csv_read(path: str | os.PathLike) -> SourceTable:
    with open(path, "rb") as binary:
        if b"\x00" in binary.read(4096):
            raise ImportFileError([_("This is not a text file: save the spreadsheet as CSV UTF-8 or as .xlsx.")])
        binary.seek(0)
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline="")
        line = 0
        try:
            first_line = text.readline()
            text.seek(0)
            reader = csv.reader(text, delimiter=_delimiter(first_line.rstrip("\r\n")), strict=True)
            checker = None
            for record in reader:
                start, line = line + 1, reader.line_num
                cells = list(map(str.strip, record))
                if not any(cells):
                    continue
                if checker is None:
                    checker = _Checker(CSV, cells)
                else:
                    checker.add(start, cells)
        except UnicodeDecodeError as error:
            raise ImportFileError([_(
                "The file is not UTF-8 encoded (byte 0x%(byte)02X near line %(line)s). Save it as \"CSV UTF-8\" "
                "in your spreadsheet, or as .xlsx.") % {"byte": error.object[error.start], "line": line}]) from None
        except csv.Error as error:
            raise ImportFileError([_("Line %(line)s cannot be read as CSV: %(reason)s.")
                                   % {"line": line + 1, "reason": error}]) from None
    if checker is None:
        raise ImportFileError([_("The file has no header row.")])
    return checker.finish()


# -- XLSX -------------------------------------------------------------------------------------------------------


def _xlsx_cell_text(value: object) -> str:
    """Typed spreadsheet cells as the text the CSV form of the same file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{Decimal(repr(value)):f}"  # repr is the shortest exact form; :f drops the exponent
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() and value.tzinfo is None \
            else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    # openpyxl's ArrayFormula / DataTableFormula: formulas that are not plain "=..." strings
    return "=" + str(getattr(value, "text", "") or value)


def _xlsx_read(path: str | os.PathLike) -> SourceTable:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError([_("This is not a readable .xlsx file.")]) from None
    if unpacked > settings.PIM_IMPORT_MAX_UNPACKED_BYTES:
        raise ImportFileError([_("The spreadsheet unpacks to %(size)s bytes, above the limit of %(max)s bytes.")
                               % {"size": unpacked, "max": settings.PIM_IMPORT_MAX_UNPACKED_BYTES}])
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula cell reads as its formula ("=B2*2"), so it can be refused, not its cached result.
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds (KeyError, InvalidFileException, XML errors)
        raise ImportFileError([_("This is not a readable .xlsx file (%(reason)s).")
                               % {"reason": type(error).__name__}]) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError([_("The spreadsheet has no sheet.")])
        checker = None
        for line, row in enumerate(workbook.worksheets[0].iter_rows(), start=1):
            # A text cell may start with "=" (an exported title): only real formula cells are refused here.
            cells = [_xlsx_cell_text(cell.value) for cell in row]
            formulas = {index for index, cell in enumerate(row) if cell.data_type == "f"
                        or not isinstance(cell.value, str | int | float | bool | datetime.date | datetime.time
                                          | type(None))}
            if not any(cells):
                continue
            if checker is None:
                while cells and not cells[-1]:
                    cells.pop()
                checker = _Checker(XLSX, cells)
                continue
            width = checker.width
            if len(cells) > width and any(cells[width:]):
                checker.problem(_("Line %(line)s has a value beyond the last named column.") % {"line": line})
                continue
            checker.add(line, (cells + [""] * width)[:width], formulas)
    finally:
        workbook.close()
    if checker is None:
        raise ImportFileError([_("The spreadsheet's first sheet has no header row.")])
    return checker.finish()

