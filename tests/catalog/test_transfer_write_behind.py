# ruff: noqa: F811 - the shop fixture is imported from tests.catalog.transfer_support and used as an argument
"""Chunks written by a second thread while the next is planned (catalog.transfer.write_behind), on PostgreSQL
outside a transaction: the same outcome, catalog and history as one chunk after the other; the writer's history
context (source and user); an error in the writer stops the run and reaches the caller."""

import threading

import pytest
from django.db import connection, transaction

from catalog.history.context import HistorySource
from catalog.models import Product, Variant
from catalog.transfer import applying
from catalog.transfer.planning import file_import
from tests.catalog.test_transfer_batches import _history, _mixed_file
from tests.catalog.transfer_support import catalog_dump, csv_write, exported_rows, shop  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the writer's connection sees committed rows only
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="write-behind runs on PostgreSQL only"),
]
CHUNK_ROWS = 2  # a product per chunk or so: many hand-overs between the threads


@pytest.fixture
def writers(monkeypatch) -> list:
    """Every WriteBehind the import starts."""
    started = []
    original = applying.WriteBehind

    def recorded(commit):
        writer = original(commit)
        started.append(writer)
        return writer

    monkeypatch.setattr(applying, "WriteBehind", recorded)
    return started


def _result(outcome) -> tuple:
    return (outcome.summary(), {line: [(problem.field, problem.value, problem.reason) for problem in problems]
                                for line, problems in outcome.rejected.items()}, catalog_dump(), _history())


def test_a_file_written_behind_ends_as_one_written_chunk_after_the_other(shop, tmp_path, writers, admin_user):
    rows, _rejected = _mixed_file()
    path = csv_write(tmp_path / "mixed.csv", rows)
    with transaction.atomic():  # in a transaction: one chunk after the other, then rolled back
        _table, outcome = file_import(path=path, mode="skip_bad_rows", chunk_rows=CHUNK_ROWS, user=admin_user)
        in_order = _result(outcome)
        transaction.set_rollback(True)
    assert not writers

    _table, outcome = file_import(path=path, mode="skip_bad_rows", chunk_rows=CHUNK_ROWS, user=admin_user)

    assert len(writers) == 1 and not writers[0].thread.is_alive()
    assert _result(outcome) == in_order
    assert outcome.rows_done == len(rows) and outcome.summary()["created"] > 0 and outcome.rejected
    written = Product.history.model.objects.filter(history_source=HistorySource.IMPORT)
    assert written.exists() and set(written.values_list("history_user_id", flat=True)) == {admin_user.pk}


def test_a_dry_run_written_behind_changes_nothing(shop, tmp_path, writers):
    rows, _rejected = _mixed_file()
    before = catalog_dump()
    _table, outcome = file_import(path=csv_write(tmp_path / "mixed.csv", rows), mode="plan", chunk_rows=CHUNK_ROWS)
    assert len(writers) == 1
    assert outcome.summary()["created"] > 0 and not outcome.saved
    assert catalog_dump() == before


def test_an_error_while_writing_stops_the_run_and_reaches_the_caller(shop, tmp_path, writers, monkeypatch):
    template = exported_rows()[0]
    rows = [{**dict.fromkeys(template, ""), "product_code": f"NEW{number}", "family": "apparel",
             "sku": f"NEW{number}-M", "title@en": f"New {number}", "axis:color": "red", "axis:size": "m"}
            for number in range(6)]
    original, calls = applying.new_products_write, []

    def fails_the_third_time(items):
        calls.append(len(items))
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        original(items)

    monkeypatch.setattr(applying, "new_products_write", fails_the_third_time)
    with pytest.raises(RuntimeError, match="went away"):
        file_import(path=csv_write(tmp_path / "new.csv", rows), mode="skip_bad_rows", chunk_rows=1)

    assert not writers[0].thread.is_alive()
    assert len(calls) == 3  # nothing written after the failure
    assert sorted(Variant.objects.filter(sku__startswith="NEW").values_list("sku", flat=True)) == [
        "NEW0-M", "NEW1-M"]  # the chunks committed before it stay
    assert all(thread.name != "import-write-behind" for thread in threading.enumerate())
    assert connection.get_autocommit()
