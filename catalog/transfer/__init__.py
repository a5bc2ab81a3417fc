"""Catalog import and export in one spreadsheet layout (CSV and XLSX), so export -> edit -> import is a round trip.

columns.py   the layout: which columns exist and what each one holds
cells.py     typed values <-> cell text (decimals with '.', ISO dates, true/false, |-separated option codes)
reading.py   a file -> header and rows, or file-level errors (encoding, columns, ragged rows, formulas, limits)
state.py     reference data and the current catalog rows of one chunk, loaded with a fixed number of queries
rows.py      one product's rows -> what they ask for, checked in memory with the catalog's own validators
applying.py  the engine: chunks of products through the catalog services (prices and stock in bulk)
bulk.py      the bulk path: a chunk's prices and stock in one upsert statement per table
differences.py  rows vs the catalog as it is: only what differs is written (idempotent)
planning.py  the dry run: the same engine in transactions that are rolled back
exporting.py the (filtered) product list -> CSV or XLSX, streamed in keyset chunks
outcome.py   counts, rejected rows (line, field, value, reason) and the rejected-rows CSV
services.py  ImportJob writes: create, plan, apply (synchronously or through catalog.tasks)
benchmark.py bench_import(rows) for `make bench`
"""
