"""The import engine: rows grouped by product, taken a chunk of products at a time, written through the catalog
services, except what large files are made of: new products and text-only edits are checked and written a chunk at
a time with the services' rules (catalog.transfer.batches), prices and stock in bulk after Price's own validation.
One of three modes:

- ``plan`` (the dry run): every chunk in a transaction that is rolled back, so the preview is what apply would do;
- ``all_or_nothing``: one transaction, rolled back when any row is rejected;
- ``skip_bad_rows``: a transaction per chunk; rejected rows are left out and listed.

A product's rows are one unit: a product-level problem (unknown family, a title two rows disagree on, activation
refused) rejects all of them; a row-level problem (GTIN, price, axes) rejects that row only, and the product's
columns are saved when at least one of its rows is. Rows that change nothing cost no write at all.
Departure from "one transaction per service": an import commits per chunk, so progress is visible and a 100k-row
file does not hold one transaction open for minutes (all-or-nothing excepted, by definition).

A chunk is planned (read, then checked in memory: ``_chunk_plan``) and then written (the checks that look at other
products, the writes and the outcomes: ``_chunk_write``); on PostgreSQL the writing runs in a second thread while the
next chunk is planned (catalog.transfer.write_behind).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog import services
from catalog.history.context import HistorySource, history_context, history_scope
from catalog.longlived import older_objects_frozen
from catalog.models import Product, Variant
from catalog.services import ProductVersionConflict

from . import columns as kinds
from .batches import (
    Pending,
    new_products_validate,
    new_products_verify,
    new_products_write,
    text_edits_validate,
    text_edits_verify,
    text_edits_write,
    write_or_fall_back,
)
from .bulk import ChunkWrites
from .differences import ProductPlan, RowPlan, product_plan, row_plan
from .outcome import CREATED, UNCHANGED, UPDATED, Outcome, Problem
from .problems import PRODUCT_ERROR_COLUMNS, VARIANT_ERROR_COLUMNS, ErrorColumns
from .reading import Row, SourceTable
from .rows import Layout, ProductWish, group_read
from .state import ChunkState, FamilyLayout, Reference, chunk_state_load, reference_load
from .uniqueness import InFileUniqueness
from .write_behind import WriteBehind, write_behind_usable

PLAN, ALL_OR_NOTHING, SKIP_BAD_ROWS = "plan", "all_or_nothing", "skip_bad_rows"
MODES = (PLAN, ALL_OR_NOTHING, SKIP_BAD_ROWS)
YOUNG_OBJECTS_COLLECTED = 100_000  # an import's objects are nearly never in cycles: collect rarely (longlived.py)


class _GroupFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems


class _NothingLeft(Exception):
    """Every row of the product was rejected: undo its product-level writes too."""


@dataclass
class _Batch:
    """A chunk's products for the chunk-level path: new ones, and existing ones whose only change is texts."""

    new: list[Pending] = field(default_factory=list)
    texts: list[Pending] = field(default_factory=list)


@dataclass
class _ChunkWork:
    """A chunk read and checked in memory, and what writing it will do: ``steps`` (service writes, outcomes) in the
    order of its products, then the batch, then its prices and stock."""

    rows: int
    state: ChunkState
    steps: list[Callable[[], None]] = field(default_factory=list)
    batch: _Batch = field(default_factory=_Batch)
    writes: ChunkWrites = field(default_factory=ChunkWrites)

    def later(self, action: Callable, /, *args, **kwargs) -> None:
        self.steps.append(partial(action, *args, **kwargs))


class ImportRun:
    """One pass over a file. ``progress(outcome, in_transaction)`` is called after every chunk."""

    def __init__(self, *, table: SourceTable, mode: str, user=None,
                 progress: Callable[[Outcome, bool], None] | None = None, chunk_rows: int | None = None):
        if mode not in MODES:
            raise ValueError(f"unknown import mode {mode!r}")
        self.table, self.mode, self.user, self.progress = table, mode, user, progress
        self.chunk_rows = chunk_rows or settings.PIM_IMPORT_CHUNK_ROWS
        self.layout = Layout(table.columns)
        self.errors = ErrorColumns(self.layout)
        self.outcome = Outcome(total_rows=len(table.rows))
        self.reference: Reference | None = None
        self.in_file = InFileUniqueness()

    # -- driving ------------------------------------------------------------------------------------------------

    def run(self) -> Outcome:
        # Every history row of the import says "import" and names the job's user, also on the Celery worker; a dry
        # run is rolled back, so it writes none.
        # The file's rows live as long as the run: the collector need not walk them again and again.
        with history_context(source=HistorySource.IMPORT, user=self.user, recording=self.mode != PLAN), \
                older_objects_frozen(young_threshold=YOUNG_OBJECTS_COLLECTED):
            return self._run()

    def _run(self) -> Outcome:
        self.reference = reference_load()
        self.layout.resolve(self.reference)
        chunks = self._chunks()
        if self.mode == ALL_OR_NOTHING:
            with transaction.atomic():
                for chunk in chunks:
                    self._chunk_write(self._chunk_plan(chunk))
                    self._report(in_transaction=True)
                self.outcome.saved = not self.outcome.rejected
                if self.outcome.rejected:
                    transaction.set_rollback(True)
            return self.outcome
        if len(chunks) > 1 and write_behind_usable():
            # Each chunk is written and committed by a second thread while this one reads and checks the next.
            with WriteBehind(self._chunk_commit) as writer:
                for chunk in chunks:
                    writer.put(self._chunk_plan(chunk))
        else:
            for chunk in chunks:
                self._chunk_commit(self._chunk_plan(chunk))
        self.outcome.saved = self.mode == SKIP_BAD_ROWS
        return self.outcome

    def _chunk_commit(self, work: _ChunkWork) -> None:
        with transaction.atomic():
            self._chunk_write(work)
            if self.mode == PLAN:
                transaction.set_rollback(True)
        self._report(in_transaction=False)

    def _report(self, *, in_transaction: bool) -> None:
        # Outside the chunk's transaction (except all-or-nothing, where there is one): a progress write made inside
        # a chunk would be invisible to the admin until the commit, and undone with a dry run's rollback.
        if self.progress is not None:
            self.progress(self.outcome, in_transaction)

    def _chunks(self) -> list[list[tuple[str, list[Row]]]]:
        groups: dict[str, list[Row]] = {}
        for row in self.table.rows:
            code = row[1][self.layout.code_index]
            if not code:
                self.outcome.row_rejected(line=row[0], problems=[Problem(kinds.PRODUCT_CODE, "", _(
                    "A row needs a product code."))])
                self.outcome.rows_done += 1
                continue
            groups.setdefault(code.lower(), []).append(row)
        chunks, chunk, size = [], [], 0
        for key, rows in groups.items():
            chunk.append((key, rows))
            size += len(rows)
            if size >= self.chunk_rows:
                chunks.append(chunk)
                chunk, size = [], 0
        if chunk:
            chunks.append(chunk)
        return chunks

    def _chunk_plan(self, groups: list[tuple[str, list[Row]]]) -> _ChunkWork:
        """Read the chunk's products and check its rows in memory; nothing is written and no outcome recorded (the
        chunk before may still be being written: it holds other products and SKUs, see write_behind)."""
        layout, reference = self.layout, self.reference
        state = chunk_state_load(
            codes={key for key, _rows in groups},
            skus={cells[layout.sku_index] for _key, rows in groups for _line, cells in rows},
            locale_ids={reference.locales[code].pk for code in layout.translations if code in reference.locales},
            with_categories=kinds.CATEGORIES in layout.product_fields,
            price_list_ids={reference.price_lists[code].pk for code in layout.prices if code in reference.price_lists},
            location_ids={reference.locations[column.code].pk for _index, column in layout.stock
                          if column.code in reference.locations},
            reference=reference,
        )
        work = _ChunkWork(rows=sum(len(rows) for _key, rows in groups), state=state)
        for key, rows in groups:
            self._group(key, rows, work)
        new_products_validate(work.batch.new, reference=reference, user=self.user)
        text_edits_validate(work.batch.texts, reference=reference, state=state)
        return work

    def _chunk_write(self, work: _ChunkWork) -> None:
        for step in work.steps:
            step()
        self._batch_write(work.batch, work.writes)
        work.writes.flush()
        self.outcome.rows_done += work.rows

    # -- one product --------------------------------------------------------------------------------------------

    def _group(self, key: str, rows: list[Row], work: _ChunkWork) -> None:
        state, outcome, batch = work.state, self.outcome, work.batch
        product = state.products.get(key)
        wish, row_wishes = group_read(key=key, rows=rows, layout=self.layout, reference=self.reference,
                                      product=product)
        if not wish.problems:
            self.in_file.slugs_check(wish)
        if wish.problems:
            for row in row_wishes:
                work.later(outcome.row_rejected, line=row.line, problems=wish.problems + row.problems)
            return
        plan = product_plan(wish=wish, product=product, state=state)
        row_plans = []
        for row in row_wishes:
            if not row.problems:
                self.in_file.row_check(row)
            plan_of_row = row_plan(wish=row, product=product, state=state, reference=self.reference) \
                if not row.problems else None
            if row.problems:
                work.later(outcome.row_rejected, line=row.line, problems=row.problems)
            else:
                row_plans.append(plan_of_row)
        if not row_plans:
            return
        if not plan.changed and not any(row.changed for row in row_plans):
            for row in row_plans:
                work.later(outcome.row_done, line=row.wish.line, status=UNCHANGED)
            return
        if plan.changed or any(row.variant_input for row in row_plans):
            family_layout = self.reference.layout(wish.family)
            if product is not None:
                # rules_for_product() caches the family's rules on the instance; services given it reuse them.
                product._family_rules = (product.family_id, family_layout.rules)
            if product is None:  # new: created with the chunk's other new products
                batch.new.append(Pending(wish=wish, plan=plan, rows=row_plans, layout=family_layout))
            elif plan.translations and not (plan.update or plan.activate or any(row.variant_input
                                                                                 for row in row_plans)):
                batch.texts.append(Pending(wish=wish, plan=plan, rows=row_plans, layout=family_layout,
                                           product=product))
            else:
                work.later(self._group_write_one, wish, product, plan, row_plans, family_layout, work.writes)
            return
        work.later(self._rows_finish, plan, product, row_plans, work.writes)  # prices and stock only

    def _group_write_one(self, wish: ProductWish, product: Product | None, plan: ProductPlan,
                         row_plans: list[RowPlan], family_layout: FamilyLayout, writes: ChunkWrites) -> None:
        """The product through the catalog services, one at a time (what the chunk-level path does not cover)."""
        try:
            with history_scope(), transaction.atomic():  # the product and its children: one version
                product, survivors = self._group_write(wish, product, plan, row_plans, family_layout)
        except _NothingLeft:
            return
        except _GroupFailed as failed:
            for row in row_plans:
                self.outcome.row_rejected(line=row.wish.line, problems=failed.problems)
            return
        self._rows_finish(plan, product, survivors, writes)

    def _batch_write(self, batch: _Batch, writes: ChunkWrites) -> None:
        """The chunk's new products and text edits, checked against the database and written a chunk at a time
        (catalog.transfer.batches); when someone else's write meanwhile breaks a unique index, those products go one
        at a time instead."""
        for items, verify, write in ((batch.new, new_products_verify, new_products_write),
                                     (batch.texts, text_edits_verify, text_edits_write)):
            if not items:
                continue
            verify(items)
            if not write_or_fall_back(write, items):
                for item in items:
                    self._group_write_one(item.wish, None if item.plan.create else item.product, item.plan,
                                          item.rows, item.layout, writes)
                continue
            for item in items:
                self._pending_finish(item, writes)

    def _pending_finish(self, item: Pending, writes: ChunkWrites) -> None:
        """Outcomes of one product of the chunk-level path: refused variants reject their rows, a product-level
        error the rest; the rows kept are done, their prices and stock written with the chunk."""
        if item.refused:  # keyed variants[index].field, as product_create keys them
            refused = ValidationError({key: value for error in item.refused.values()
                                       for key, value in error.error_dict.items()})
            for index, problems in self.errors.variant_errors(refused, item.rows, item.layout).items():
                self.outcome.row_rejected(line=item.rows[index].wish.line, problems=problems)
        kept = item.kept
        if item.error is not None:
            problems = self.errors.problems(
                item.error, cells=item.rows[0].wish.cells, family_layout=item.layout, columns=PRODUCT_ERROR_COLUMNS,
                translations=item.plan.translations,
                locale="" if item.plan.create else item.plan.translations[0].locale_code)
            for row in kept:
                self.outcome.row_rejected(line=row.wish.line, problems=problems)
            return
        if not kept:
            return
        if not item.plan.create:
            writes.touch(item.product.pk)
        self._rows_finish(item.plan, item.product, kept, writes,
                          created=item.variants if item.plan.create else ())

    def _rows_finish(self, plan: ProductPlan, product: Product, survivors: list[RowPlan], writes: ChunkWrites, *,
                     created: Sequence[Variant] = ()) -> None:
        """``created``: the survivors' variants, when the chunk-level path has just created them (ids known)."""
        for index, row in enumerate(survivors):
            variant = created[index] if created else row.variant
            writes.add(sku=row.wish.sku, variant_id=variant.pk if variant else None, product_id=product.pk,
                       prices=row.price_writes, price_deletes=row.price_deletes, stock_levels=row.stock_writes,
                       stock_deletes=row.stock_deletes, product_created=plan.create)
            if plan.create or row.variant is None:
                self.outcome.row_done(line=row.wish.line, status=CREATED, sku=row.wish.sku)
            elif plan.changed or row.changed:
                self.outcome.row_done(line=row.wish.line, status=UPDATED, sku=row.wish.sku,
                                      columns=plan.columns + row.columns)
            else:
                self.outcome.row_done(line=row.wish.line, status=UNCHANGED)

    def _group_write(self, wish: ProductWish, product: Product | None, plan: ProductPlan, row_plans: list[RowPlan],
                     family_layout: FamilyLayout) -> tuple[Product, list[RowPlan]]:
        first_cells = row_plans[0].wish.cells  # product columns are the same on every row of the product
        if product is None:
            return self._product_create(wish, plan, row_plans, family_layout)
        try:
            if plan.update:
                product = services.product_update(product_id=product.pk, expected_version=product.version,
                                                  user=self.user, **plan.update)
        except (ValidationError, ProductVersionConflict) as error:
            raise _GroupFailed(self.errors.problems(error, cells=first_cells, family_layout=family_layout,
                                                    columns=PRODUCT_ERROR_COLUMNS)) from None
        for translation in plan.translations:
            try:
                services.product_translation_save(
                    product=product, locale_code=translation.locale_code, title=translation.title,
                    description=translation.description, short_description=translation.short_description,
                    slug=translation.slug, attributes=translation.attributes)
            except ValidationError as error:
                raise _GroupFailed(self.errors.problems(
                    error, cells=first_cells, family_layout=family_layout, columns=PRODUCT_ERROR_COLUMNS,
                    locale=translation.locale_code)) from None
        survivors = []
        for row in row_plans:
            if row.variant_input is None:
                survivors.append(row)
                continue
            try:
                if row.variant is None:
                    services.variant_create(product=product, data=row.variant_input)
                else:
                    services.variant_update(variant_id=row.variant.pk, data=row.variant_input)
            except ValidationError as error:
                self.outcome.row_rejected(line=row.wish.line, problems=self.errors.problems(
                    error, cells=row.wish.cells, family_layout=family_layout, columns=VARIANT_ERROR_COLUMNS))
                continue
            survivors.append(row)
        if not survivors:
            raise _NothingLeft
        if plan.activate:
            try:
                product = services.product_update(product_id=product.pk, expected_version=product.version,
                                                  user=self.user, status=Product.Status.ACTIVE)
            except (ValidationError, ProductVersionConflict) as error:
                raise _GroupFailed(self.errors.problems(error, cells=first_cells, family_layout=family_layout,
                                                        columns=PRODUCT_ERROR_COLUMNS)) from None
        return product, survivors

    def _product_create(self, wish: ProductWish, plan: ProductPlan, row_plans: list[RowPlan],
                        family_layout: FamilyLayout) -> tuple[Product, list[RowPlan]]:
        """product_create with the rows' variants; a variant it refuses rejects that row, and the rest is tried
        again (the service saved nothing), so one bad GTIN does not sink its siblings."""
        candidates = list(row_plans)
        while candidates:
            try:
                product = services.product_create(
                    code=wish.code, family=wish.family, variants=[row.variant_input for row in candidates],
                    translations=plan.translations, user=self.user, **plan.update)
                return product, candidates
            except ValidationError as error:
                refused = self.errors.variant_errors(error, candidates, family_layout)
                if not refused:
                    raise _GroupFailed(self.errors.problems(
                        error, cells=candidates[0].wish.cells, family_layout=family_layout,
                        columns=PRODUCT_ERROR_COLUMNS, translations=plan.translations)) from None
                for index, problems in refused.items():
                    self.outcome.row_rejected(line=candidates[index].wish.line, problems=problems)
                candidates = [row for index, row in enumerate(candidates) if index not in refused]
        raise _NothingLeft
