"""The bulk path of an import: a chunk's prices and stock levels, written with one upsert statement per table.

Prices are validated before they get here (Price.full_clean in catalog.transfer.differences), stock quantities are
read as whole numbers in range; what is left is writing many rows fast. Measured on PostgreSQL, Django's
bulk_create(update_conflicts=True) spent more time preparing values in Python than the database spent writing
them, so the statement is built here: INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO UPDATE on PostgreSQL
(one round trip for the whole chunk), executemany of INSERT ... ON CONFLICT DO UPDATE elsewhere (SQLite).
An upsert also means a row inserted meanwhile by someone else is updated instead of failing the chunk.

History (catalog.history) is written with it: on PostgreSQL in the same statement (the upsert's or DELETE's RETURNING
feeds the history INSERT, so written rows never travel back to Python); on SQLite one INSERT of the chunk's history
rows per table, built from what the upsert wrote (one SELECT before and one after tell which rows were created), and
deleted rows are read once and recorded before one DELETE.
"""

import datetime
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import BooleanField, F, Func, Model, Q, Value
from django.utils import timezone

from catalog.changes import products_changed_mark
from catalog.history.records import history_enabled, history_records, history_row_extras, history_rows_write
from catalog.models import Price, Product, StockLevel, Variant

PriceWrite = tuple[int, Decimal, Decimal | None, datetime.datetime | None, datetime.datetime | None]  # list id, ...
StockWrite = tuple[int, int]  # location id, quantity
PRICE_COLUMNS = ("variant_id", "price_list_id", "amount", "sale_amount", "sale_start", "sale_end")
STOCK_COLUMNS = ("variant_id", "location_id", "quantity")
NUMBERS = frozenset((int, Decimal))  # not bool: str(True) is no PostgreSQL array element
NULLABLE_NUMBERS = NUMBERS | {type(None)}


@dataclass
class ChunkWrites:
    """Price and stock rows of one chunk, written once its products and variants exist."""

    prices: list[tuple[str, PriceWrite]] = field(default_factory=list)  # (SKU, price): new variants have no id yet
    price_deletes: list[int] = field(default_factory=list)
    stock_levels: list[tuple[str, StockWrite]] = field(default_factory=list)
    stock_deletes: list[int] = field(default_factory=list)
    product_ids: set[int] = field(default_factory=set)
    variant_ids: dict[str, int] = field(default_factory=dict)

    def add(self, *, sku: str, variant_id: int | None, product_id: int, prices: Sequence[PriceWrite],
            price_deletes: Sequence[int], stock_levels: Sequence[StockWrite], stock_deletes: Sequence[int],
            product_created: bool = False) -> None:
        """``product_created``: the product was created in this transaction, so it is already marked changed and
        its updated_at is now: touching it again would only rewrite its row."""
        if not (prices or price_deletes or stock_levels or stock_deletes):
            return
        self.prices += [(sku, price) for price in prices]
        self.stock_levels += [(sku, stock_level) for stock_level in stock_levels]
        self.price_deletes += price_deletes
        self.stock_deletes += stock_deletes
        if not product_created:
            self.product_ids.add(product_id)
        if variant_id is not None:
            self.variant_ids[sku] = variant_id

    def touch(self, product_id: int) -> None:
        """The product's children changed (texts): its updated_at moves and it is marked changed with the rest."""
        self.product_ids.add(product_id)

    def flush(self) -> None:
        known = self.variant_ids
        missing = {sku for sku, _row in self.prices if sku not in known} | {
            sku for sku, _row in self.stock_levels if sku not in known}
        if missing:  # variants created by this chunk: one query for their ids
            self.variant_ids.update(Variant.objects.filter(one_of("sku", missing, "text")).order_by().values_list(
                "sku", "pk"))
        if self.price_deletes:
            rows_delete(Price, self.price_deletes)
        if self.stock_deletes:
            rows_delete(StockLevel, self.stock_deletes)
        now = timezone.now()
        if self.prices:
            upsert(Price, PRICE_COLUMNS, ("variant_id", "price_list_id"),
                   [(self.variant_ids[sku], *price) for sku, price in self.prices], constants={"updated_at": now})
        if self.stock_levels:
            upsert(StockLevel, STOCK_COLUMNS, ("variant_id", "location_id"),
                   [(self.variant_ids[sku], *stock_level) for sku, stock_level in self.stock_levels],
                   constants={"updated_at": now})
        if self.product_ids:
            # As price_save and stock_level_save do: incremental readers and feeds see the products again.
            Product.objects.filter(one_of("id", self.product_ids, "bigint")).update(updated_at=now)
            products_changed_mark(product_ids=self.product_ids)


def one_of(field_name: str, values: Collection, array_type: str) -> Q | Func:
    """A filter for "field is one of values". On PostgreSQL ``field = ANY('{...}'::type[])``: Django's IN binds one
    parameter per value on the client, which cost a fifth of the time of an import that changes nothing."""
    if connection.vendor != "postgresql":
        return Q(**{f"{field_name}__in": values})
    return Func(F(field_name), Value(pg_array_text(tuple(values))), arg_joiner=" = ANY(",
                template=f"%(expressions)s::{array_type}[])", output_field=BooleanField())


def upsert(model: type[Model], columns: Sequence[str], keys: Sequence[str], rows: list[tuple], *,
           constants: dict[str, object] | None = None) -> None:
    """Insert the rows, updating the non-key columns of those whose keys exist (a unique constraint on ``keys``),
    and record them in the model's history. ``constants``: columns with the same value in every row."""
    quote = connection.ops.quote_name
    constants = constants or {}
    updates = ", ".join(f"{quote(column)} = EXCLUDED.{quote(column)}" for column in [*columns, *constants]
                        if column not in keys)
    conflict = f"ON CONFLICT ({', '.join(quote(key) for key in keys)}) DO UPDATE SET {updates}"
    if not history_enabled():
        rows_insert(model, columns, rows, suffix=conflict, constants=constants)
        return
    if connection.vendor == "postgresql":
        # xmax is 0 in a row version just inserted, not in an updated one
        _pg_with_history(model, *_pg_insert_sql(model, columns, rows, suffix=conflict, constants=constants),
                         history_type="CASE WHEN xmax = 0 THEN '+' ELSE '~' END")
        return
    if constants:
        columns, rows = [*columns, *constants], [(*row, *constants.values()) for row in rows]
    key_positions = [columns.index(key) for key in keys]
    before = _ids_by_key(model, keys, rows, key_positions)
    rows_insert(model, columns, rows, suffix=conflict)
    after = _ids_by_key(model, keys, rows, key_positions)
    written = {key: (object_id, key not in before) for key, object_id in after.items()}
    history = []
    for row in rows:
        object_id, created = written[tuple(row[position] for position in key_positions)]
        history.append((object_id, *row, "+" if created else "~"))
    names = history_records(model).tracked_attnames
    if set(names) == {"id", *columns}:
        _history_insert(model, ["id", *columns], history)
        return
    # Some columns were left as they were: read the written rows back whole, in one query.
    _history_read_back(model, {object_id: history_type for object_id, *_values, history_type in history})


def rows_create(model: type[Model], columns: Sequence[str], keys: Sequence[str], rows: list[tuple], *,
                constants: dict[str, object] | None = None) -> dict[tuple, int]:
    """Insert new rows (no ON CONFLICT: a row someone else inserted meanwhile raises IntegrityError) and record
    them in the model's history as created. ``keys``: columns that tell the rows apart; returns each row's id by
    its keys' values."""
    if not rows:
        return {}
    quote = connection.ops.quote_name
    returning = ", ".join(quote(model._meta.get_field(name).column) for name in ("id", *keys))
    if connection.vendor == "postgresql":
        if history_enabled():
            written = _pg_with_history(model, *_pg_insert_sql(model, columns, rows, constants=constants),
                                       history_type="'+'", returning=returning)
        else:
            written = rows_insert(model, columns, rows, suffix=f"RETURNING {returning}", constants=constants)
        return {tuple(values): object_id for object_id, *values in written}
    rows_insert(model, columns, rows, constants=constants)
    key_positions = [columns.index(key) for key in keys]
    found = _ids_by_key(model, keys, rows, key_positions)
    if history_enabled():
        _history_read_back(model, {found[tuple(row[position] for position in key_positions)]: "+"
                                   for row in rows})
    return found


def products_create(products: Sequence[Product], *, category_ids: Sequence[list[int]]) -> None:
    """Insert new products (their ``pk`` is set), their links to ``category_ids`` (each one's other categories, in
    order) and their "created" history rows. On PostgreSQL one statement writes the products and their history and
    returns the ids: bulk_create then history_rows_write built two model instances per product, most of the Python
    time of creating them."""
    if not products:
        return
    now = timezone.now()
    for product in products:
        product.created_at = product.updated_at = now
    if connection.vendor != "postgresql":
        Product.objects.bulk_create(products)
        _category_links_create(products, category_ids)
        history_rows_write(model=Product, instances=products, history_type="+")  # reads the links: after them
        return
    columns = ("code", "family_id", "brand_id", "primary_category_id", "status", "attributes", "version",
               "updated_by_id")
    rows = [(product.code, product.family_id, product.brand_id, product.primary_category_id, product.status,
             json.dumps(product.attributes), product.version, product.updated_by_id) for product in products]
    constants = {"created_at": now, "updated_at": now}
    if history_enabled():
        written = _pg_with_history(
            Product, *_pg_insert_sql(Product, columns, rows, constants=constants), history_type="'+'",
            extra_column="category_ids",
            join="JOIN unnest(%s::text[], %s::jsonb[]) AS extra(code, category_ids) ON extra.code = written.code",
            join_params=[pg_array_text(tuple(product.code for product in products)),
                         pg_array_text(tuple(map(json.dumps, category_ids)))], returning="id, code")
    else:
        written = rows_insert(Product, columns, rows, suffix="RETURNING id, code", constants=constants)
    ids = {code: product_id for product_id, code in written}
    for product in products:
        product.pk = ids[product.code]
        product._state.adding, product._state.db = False, connection.alias
    _category_links_create(products, category_ids)


def _category_links_create(products: Sequence[Product], category_ids: Sequence[list[int]]) -> None:
    links = [Product.categories.through(product_id=product.pk, category_id=category_id)
             for product, ids in zip(products, category_ids, strict=True) for category_id in ids]
    if links:
        Product.categories.through.objects.bulk_create(links)


def _history_read_back(model: type[Model], types: dict[int, str]) -> None:
    """History rows for rows just written, read back whole in one query; ``types``: id -> history type."""
    names = history_records(model).tracked_attnames
    _history_insert(model, names, [(*values, types[values[0]]) for values in model._default_manager.filter(
        one_of("id", types, "bigint")).order_by().values_list(*names)])


def rows_delete(model: type[Model], ids: Collection[int]) -> None:
    """Delete rows by id with one statement, recording each in the model's history first (read in one query).
    Deleting through the ORM would send a signal, and write a history row, per deleted row."""
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        statement = (f"DELETE FROM {table} WHERE id = ANY(%s::bigint[])", [pg_array_text(tuple(ids))])
        if history_enabled():
            _pg_with_history(model, *statement, history_type="'-'")
        else:
            with connection.cursor() as cursor:
                cursor.execute(*statement)
        return
    if history_enabled():
        names = history_records(model).tracked_attnames
        _history_insert(model, names, [(*values, "-") for values in model._default_manager.filter(
            one_of("id", ids, "bigint")).values_list(*names)])
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(ids))})", list(ids))


def _pg_with_history(model: type[Model], statement: str, params: list, *, history_type: str,
                     extra_column: str = "", join: str = "", join_params: Sequence = (), returning: str = ""
                     ) -> list[tuple]:
    """Run an INSERT/UPDATE/DELETE whose RETURNING feeds the history INSERT on the server, in one statement: the
    written rows never travel back to Python (they did, twice, and that was a third of a price import).

    ``extra_column``: a history column that is not the model's, read from ``join`` (SQL joined to ``written``,
    aliased ``extra``, with ``join_params``). ``returning``: history columns to return (the model's id, say)."""
    records = history_records(model)
    history_model = records.history_model
    quote = connection.ops.quote_name
    columns = [quote(model._meta.get_field(name).column) for name in records.tracked_attnames]
    extras = history_row_extras()
    history_fields = {field.column: field for field in history_model._meta.concrete_fields}
    fixed = "".join(f", %s::{history_fields[name].db_type(connection)}" for name in extras)
    targets = [*columns, quote("history_type"), *map(quote, extras)]
    selected = [*(f"written.{column}" for column in columns), f"pim_history_type{fixed}"]
    if extra_column:
        targets.append(quote(extra_column))
        selected.append(f"extra.{quote(extra_column)}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH written AS ({statement} RETURNING {', '.join(columns)}, {history_type} AS pim_history_type) "
            f"INSERT INTO {quote(history_model._meta.db_table)} ({', '.join(targets)}) "
            f"SELECT {', '.join(selected)} FROM written {join}" + (f" RETURNING {returning}" if returning else ""),
            [*params, *extras.values(), *join_params])
        return cursor.fetchall() if returning else []


def rows_insert(model: type[Model], columns: Sequence[str], rows: list[tuple], *, suffix: str = "",
                constants: dict[str, object] | None = None) -> list[tuple]:
    """INSERT the rows with one statement (PostgreSQL) or one executemany (SQLite). ``constants``: columns with the
    same value in every row, bound once; ``suffix`` may add ON CONFLICT and, on PostgreSQL, RETURNING, whose rows
    are returned."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(*_pg_insert_sql(model, columns, rows, suffix=suffix, constants=constants))
            return cursor.fetchall() if "RETURNING" in suffix else []
        quote = connection.ops.quote_name
        constants = constants or {}
        names = ", ".join(quote(column) for column in [*columns, *constants])
        placeholders = ", ".join(["%s"] * (len(columns) + len(constants)))
        fixed = _sqlite_values(tuple(constants.values()))
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({placeholders}) {suffix}",
                           [_sqlite_values(row) + fixed for row in rows])
        return []


def _pg_insert_sql(model: type[Model], columns: Sequence[str], rows: list[tuple], *, suffix: str = "",
                   constants: dict[str, object] | None = None) -> tuple[str, list]:
    """INSERT ... SELECT FROM unnest(one array per column): the whole chunk in one statement."""
    quote = connection.ops.quote_name
    constants = constants or {}
    names = ", ".join(quote(column) for column in [*columns, *constants])
    fields = {field.column: field for field in model._meta.concrete_fields}
    arrays = ", ".join(f"%s::{_array_type(fields[column])}" for column in columns)
    fixed = "".join(f", %s::{fields[column].db_type(connection)}" for column in constants)
    # The constants' placeholders come first in the statement, so their values come first too.
    return (f"INSERT INTO {quote(model._meta.db_table)} ({names}) SELECT rows.*{fixed} FROM unnest({arrays}) AS rows "
            f"{suffix}", [*constants.values(), *(pg_array_text(values) for values in zip(*rows, strict=True))])


def _ids_by_key(model: type[Model], keys: Sequence[str], rows: list[tuple], key_positions: list[int]
                ) -> dict[tuple, int]:
    first_values = {row[key_positions[0]] for row in rows}
    return {tuple(found[1:]): found[0] for found in model._default_manager.filter(
        **{f"{keys[0]}__in": first_values}).values_list("id", *keys)}


def _history_insert(model: type[Model], columns: Sequence[str], rows: list[tuple]) -> None:
    """History rows: the tracked ``columns`` (all of them) then the history type, in one INSERT; the context's date,
    user, reason and source are bound once."""
    if not rows:
        return
    records = history_records(model)
    if set(columns) != set(records.tracked_attnames):
        raise ValueError(f"{model.__name__} history needs every tracked column: {records.tracked_attnames}")
    rows_insert(records.history_model, [*columns, "history_type"], rows, constants=history_row_extras())


def _array_type(model_field) -> str:
    if model_field.get_internal_type() == "ForeignKey":
        return "bigint[]"
    return f"{model_field.db_type(connection)}[]"


def pg_array_text(values: tuple) -> str:
    """An array literal such as {1,"2.50",NULL}: Django's psycopg binds on the client, and building the literal with
    one join is several times faster than adapting thousands of Decimals and datetimes one by one."""
    kinds = set(map(type, values))
    if kinds <= NUMBERS:  # ids, quantities, amounts: their text needs no quotes (most of an import's columns)
        return "{" + ",".join(map(str, values)) + "}"
    if kinds <= NULLABLE_NUMBERS:
        return "{" + ",".join("NULL" if value is None else str(value) for value in values) + "}"
    return "{" + ",".join("NULL" if value is None else str(value) if isinstance(value, int)
                          else '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
                          for value in values) + "}"


def _sqlite_values(row: tuple) -> tuple:
    # SQLite stores decimals and datetimes as text; Django's own adapters (used by bulk_create) are what it reads.
    return tuple(connection.ops.adapt_decimalfield_value(value) if isinstance(value, Decimal)
                 else connection.ops.adapt_datetimefield_value(value) if isinstance(value, datetime.datetime)
                 else json.dumps(value) if isinstance(value, dict | list)  # JSON columns read back for history
                 else value for value in row)
