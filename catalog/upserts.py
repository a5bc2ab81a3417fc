"""Bulk upserts of stock levels by (SKU, location) and prices by (SKU, price list), for the API.

All or nothing: every row is checked first (unknown SKU, location or price list, a row repeating another, Price's own
rules: amounts above zero with the currency's decimals, a sale below the price, a sale window with a sale amount),
and one bad row refuses the request with every problem listed by row. Otherwise the changed rows are written in one
transaction through the import's bulk path (catalog.transfer.bulk.ChunkWrites: one upsert statement per table, the
products' updated_at moved and the feeds told), and rows that change nothing are not written at all, so a till
pushing its whole stock every few minutes does not make every product look changed.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Location, Price, PriceList, StockLevel, Variant
from catalog.transfer.bulk import ChunkWrites
from catalog.transfer.cells import MAX_QUANTITY

IDS_PER_QUERY = 5000  # stays under every backend's limit of query parameters
PRICE_FIELDS = ("amount", "sale_amount", "sale_start", "sale_end")


@dataclass(frozen=True)
class RowProblem:
    index: int  # the row's position in the request, from 0
    field: str
    value: object
    reason: str


class RowsRefused(Exception):
    """At least one row is wrong: nothing was written. ``problems`` lists every one, in row order."""

    def __init__(self, problems: Iterable[RowProblem]):
        self.problems = sorted(problems, key=lambda problem: problem.index)
        super().__init__(f"{len(self.problems)} problems")


@dataclass(frozen=True)
class StockRow:
    index: int
    sku: str
    location: str
    quantity: int


@dataclass(frozen=True)
class PriceRow:
    """``values`` holds only the fields the row sends (amount, sale_amount, sale_start, sale_end): a field left
    out keeps its current value, None clears it."""

    index: int
    sku: str
    price_list: str
    values: dict[str, Decimal | datetime.datetime | None] = field(default_factory=dict)


@dataclass
class UpsertOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _variants_by_sku(skus: Iterable[str]) -> dict[str, tuple[int, int]]:
    """SKU -> (variant id, product id), a query per 5,000 SKUs."""
    wanted = sorted(set(skus))
    found: dict[str, tuple[int, int]] = {}
    for start in range(0, len(wanted), IDS_PER_QUERY):
        found.update((sku, (variant_id, product_id)) for sku, variant_id, product_id in Variant.objects.filter(
            sku__in=wanted[start:start + IDS_PER_QUERY]).values_list("sku", "pk", "product_id"))
    return found


def _in_batches(queryset, name: str, ids: Sequence[int]) -> Iterable:
    for start in range(0, len(ids), IDS_PER_QUERY):
        yield from queryset.filter(**{f"{name}__in": ids[start:start + IDS_PER_QUERY]})


UNKNOWN_REFERENCE = {"location": gettext_lazy("There is no location %(value)s."),
                     "price_list": gettext_lazy("There is no price list %(value)s.")}


def _row_keys_check(rows: Sequence, *, reference_field: str, references: dict[str, object],
                    variants: dict[str, tuple[int, int]], problems: list[RowProblem]) -> list:
    """Rows whose SKU and reference (location or price list) exist and that do not repeat an earlier row."""
    seen: dict[tuple[str, str], int] = {}
    usable = []
    for row in rows:
        reference = getattr(row, reference_field)
        fine = True
        if row.sku not in variants:
            problems.append(RowProblem(row.index, "sku", row.sku, _("No variant has the SKU %(value)s.")
                                       % {"value": row.sku}))
            fine = False
        if reference not in references:
            problems.append(RowProblem(row.index, reference_field, reference,
                                       UNKNOWN_REFERENCE[reference_field] % {"value": reference}))
            fine = False
        key = (row.sku, reference)
        if key in seen:
            problems.append(RowProblem(row.index, "sku", row.sku, _(
                "Row %(first)s already sets %(sku)s in %(reference)s: send each pair once.")
                % {"first": seen[key], "sku": row.sku, "reference": reference}))
            fine = False
        seen.setdefault(key, row.index)
        if fine:
            usable.append(row)
    return usable


@transaction.atomic
def stock_levels_upsert(*, rows: Sequence[StockRow], refused: Sequence[RowProblem] = ()) -> UpsertOutcome:
    """Set the quantity of each (SKU, location). ``refused`` carries problems the caller already found in other
    rows of the same request (wrong types): the rows here are still checked, so the answer lists every problem."""
    problems = list(refused)
    variants = _variants_by_sku(row.sku for row in rows)
    locations = dict(Location.objects.filter(code__in={row.location for row in rows}).values_list("code", "pk"))
    usable = _row_keys_check(rows, reference_field="location", references=locations, variants=variants,
                             problems=problems)
    for row in usable:
        if not 0 <= row.quantity <= MAX_QUANTITY:
            problems.append(RowProblem(row.index, "quantity", row.quantity, _(
                "%(value)s is not a quantity from 0 to %(max)s.") % {"value": row.quantity, "max": MAX_QUANTITY}))
    if problems:
        raise RowsRefused(problems)
    variant_ids = sorted({variants[row.sku][0] for row in usable})
    current = {(variant_id, location_id): quantity for variant_id, location_id, quantity in _in_batches(
        StockLevel.objects.values_list("variant_id", "location_id", "quantity"), "variant_id", variant_ids)}
    outcome, writes = UpsertOutcome(), ChunkWrites()
    for row in usable:
        variant_id, product_id = variants[row.sku]
        location_id = locations[row.location]
        before = current.get((variant_id, location_id))
        if before == row.quantity:
            outcome.unchanged += 1
            continue
        outcome.created, outcome.updated = (outcome.created + (before is None), outcome.updated + (before is not None))
        writes.add(sku=row.sku, variant_id=variant_id, product_id=product_id, prices=(), price_deletes=(),
                   stock_levels=[(location_id, row.quantity)], stock_deletes=())
    writes.flush()
    return outcome


@transaction.atomic
def prices_upsert(*, rows: Sequence[PriceRow], refused: Sequence[RowProblem] = ()) -> UpsertOutcome:
    """Set the price of each (SKU, price list), promotion window included; see PriceRow for fields left out."""
    problems = list(refused)
    variants = _variants_by_sku(row.sku for row in rows)
    price_lists = {price_list.code: price_list
                   for price_list in PriceList.objects.filter(code__in={row.price_list for row in rows})}
    usable = _row_keys_check(rows, reference_field="price_list", references=price_lists, variants=variants,
                             problems=problems)
    variant_ids = sorted({variants[row.sku][0] for row in usable})
    current = {(variant_id, price_list_id): values for variant_id, price_list_id, *values in _in_batches(
        Price.objects.values_list("variant_id", "price_list_id", *PRICE_FIELDS), "variant_id", variant_ids)}
    checked: dict[tuple, list[tuple[str, str]]] = {}
    outcome, writes = UpsertOutcome(), ChunkWrites()
    for row in usable:
        variant_id, product_id = variants[row.sku]
        price_list = price_lists[row.price_list]
        before = current.get((variant_id, price_list.pk))
        wanted = {name: row.values[name] if name in row.values else (before[index] if before else None)
                  for index, name in enumerate(PRICE_FIELDS)}
        row_problems = [("amount", _("A price needs an amount."))] if wanted["amount"] is None \
            else _price_problems(price_list, wanted, checked)
        if row_problems:
            problems += [RowProblem(row.index, name, _shown(row.values.get(name)), reason)
                         for name, reason in row_problems]
            continue
        if before is not None and tuple(wanted.values()) == tuple(before):
            outcome.unchanged += 1
            continue
        outcome.created, outcome.updated = (outcome.created + (before is None), outcome.updated + (before is not None))
        writes.add(sku=row.sku, variant_id=variant_id, product_id=product_id,
                   prices=[(price_list.pk, *wanted.values())], price_deletes=(), stock_levels=(), stock_deletes=())
    if problems:
        raise RowsRefused(problems)
    writes.flush()
    return outcome


def _price_problems(price_list: PriceList, wanted: dict[str, object], checked: dict) -> list[tuple[str, str]]:
    """Price's own validation (fields and clean()), remembered per distinct price: ERPs send few price points."""
    key = (price_list.pk, *map(str, wanted.values()))  # as text: 19.9 and 19.90000 differ in decimals allowed
    if key not in checked:
        try:
            Price(price_list=price_list, **wanted).full_clean(
                exclude=["variant", "price_list"], validate_unique=False, validate_constraints=False)
            checked[key] = []
        except ValidationError as error:
            checked[key] = [(name, " ".join(messages)) for name, messages in error.message_dict.items()]
    return checked[key]


def _shown(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime.datetime) else str(value) if isinstance(
        value, Decimal) else value
