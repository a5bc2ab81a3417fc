"""A product's history page: every version of the product and of its translations, variants, prices, stock and
(contributed by syndication) channel listings, newest first, each with who, when, through what and what changed.

A fixed number of queries per page whatever the history's length: one UNION of the kinds' (date, kind, id), keyset
paginated; then per kind present on the page its rows (with the id of each row's previous version) and those
previous versions; then one query per kind of name shown (users, locales, price lists, ...).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise

from .diffs import FieldChange, Labels, field_changes, shown_fields
from .records import history_model_for

PER_PAGE = 50


@dataclass(frozen=True)
class HistoryKind:
    """One tracked model as it appears in a product's history."""

    code: str
    model: type[models.Model]
    rank: int  # rows written at the same moment (one save) are listed highest rank first
    rows_of_product: Callable[[int], Q]  # a filter on the historical model: this product's rows
    subject_fields: tuple[str, ...] = ()  # attnames naming the row ("SKU-1 · Retail PLN")
    hidden: frozenset[str] = frozenset()  # attnames never shown in a diff (the subject's constant parts, bookkeeping)
    categories: bool = False  # product rows: compare the recorded categories too

    @property
    def history_model(self) -> type[models.Model]:
        return history_model_for(self.model)

    @property
    def verbose_name(self) -> str | Promise:
        return self.model._meta.verbose_name

    def fields(self) -> list[models.Field]:
        return shown_fields(self.model, self.hidden)


_KINDS: dict[str, HistoryKind] = {}


def history_kind_register(kind: HistoryKind) -> None:
    """Add a model to product history pages (apps call it from their AppConfig.ready)."""
    _KINDS[kind.code] = kind


def history_kinds() -> list[HistoryKind]:
    return sorted(_KINDS.values(), key=lambda kind: -kind.rank)


def catalog_history_kinds_register() -> None:
    from catalog.models import Price, Product, ProductTranslation, StockLevel, Variant

    def variants_of(product_id: int) -> Q:
        # Through the variants' history: prices of a variant deleted since still belong to this product.
        return Q(variant_id__in=Variant.history.filter(product_id=product_id).values("id"))

    history_kind_register(HistoryKind("product", Product, 60, lambda product_id: Q(id=product_id), ("code",),
                                      frozenset({"version", "updated_by_id"}), categories=True))
    history_kind_register(HistoryKind("translation", ProductTranslation, 50,
                                      lambda product_id: Q(product_id=product_id), ("locale_id",),
                                      frozenset({"product_id", "locale_id"})))
    history_kind_register(HistoryKind("variant", Variant, 40, lambda product_id: Q(product_id=product_id), ("sku",),
                                      frozenset({"product_id", "axis_key"})))
    history_kind_register(HistoryKind("price", Price, 30, variants_of, ("variant_id", "price_list_id"),
                                      frozenset({"variant_id", "price_list_id"})))
    history_kind_register(HistoryKind("stock", StockLevel, 20, variants_of, ("variant_id", "location_id"),
                                      frozenset({"variant_id", "location_id"})))


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the (date, kind rank, history id) of its last entry, as text in the "before" parameter."""

    date: datetime.datetime
    rank: int
    history_id: int

    def __str__(self) -> str:
        return f"{self.date.isoformat()}_{self.rank}_{self.history_id}"

    @classmethod
    def parse(cls, text: str | None) -> "Cursor | None":
        """None for a missing or malformed cursor: the page starts from the newest entry."""
        try:
            date_text, rank, history_id = (text or "").rsplit("_", 2)
            date = parse_datetime(date_text)
            return cls(date, int(rank), int(history_id)) if date is not None else None
        except ValueError:
            return None

    def rows_after(self, rank: int) -> Q:
        """Rows of a kind with this rank that come after the cursor, newest first."""
        if rank < self.rank:
            return Q(history_date__lte=self.date)
        if rank > self.rank:
            return Q(history_date__lt=self.date)
        return Q(history_date__lt=self.date) | Q(history_date=self.date, history_id__lt=self.history_id)


@dataclass
class HistoryEntry:
    kind: HistoryKind
    row: models.Model  # the historical row: history_date, history_user, history_type, history_source, ...
    subject: str
    changes: list[FieldChange] = field(default_factory=list)
    first_recorded: bool = False  # changed, but its earlier version predates the history

    @property
    def restorable(self) -> bool:
        return self.kind.code == "product" and self.row.history_type != "-"


@dataclass
class HistoryPage:
    entries: list[HistoryEntry]
    next_cursor: Cursor | None  # None: this is the oldest page


def product_history_page(*, product_id: int, before: Cursor | None = None, per_page: int = PER_PAGE) -> HistoryPage:
    kinds = {kind.rank: kind for kind in history_kinds()}
    selects = []
    for kind in kinds.values():
        rows = kind.history_model.objects.filter(kind.rows_of_product(product_id))
        if before is not None:
            rows = rows.filter(before.rows_after(kind.rank))
        selects.append(rows.annotate(kind_rank=Value(kind.rank)).values_list("kind_rank", "history_id",
                                                                            "history_date").order_by())
    keys = list(selects[0].union(*selects[1:], all=True).order_by("-history_date", "-kind_rank", "-history_id")
                [:per_page + 1])
    more = len(keys) > per_page
    keys = keys[:per_page]
    rows_by_kind = {rank: _rows_with_previous(kinds[rank], [history_id for key_rank, history_id, _date in keys
                                                            if key_rank == rank])
                    for rank in {rank for rank, _history_id, _date in keys}}
    labels = Labels()
    for rank, (rows, previous) in rows_by_kind.items():
        fields = kinds[rank].fields()
        subject_fields = [kinds[rank].model._meta.get_field(name.removesuffix("_id")) for name in
                          kinds[rank].subject_fields]
        for row in [*rows.values(), *previous.values()]:
            labels.want_row([*fields, *subject_fields], row)
    labels.load()
    entries = []
    for rank, history_id, _date in keys:
        kind = kinds[rank]
        rows, previous = rows_by_kind[rank]
        row = rows[history_id]
        entries.append(_entry(kind, row, previous.get(row.previous_id), labels))
    last = keys[-1] if keys else None
    return HistoryPage(entries=entries, next_cursor=Cursor(last[2], last[0], last[1]) if more and last else None)


def _rows_with_previous(kind: HistoryKind, history_ids: list[int]
                        ) -> tuple[dict[int, models.Model], dict[int, models.Model]]:
    history_model = kind.history_model
    pk_name = kind.model._meta.pk.attname
    earlier = history_model.objects.filter(**{pk_name: OuterRef(pk_name)}).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
    ).order_by("-history_date", "-history_id").values("history_id")[:1]
    rows = history_model.objects.filter(history_id__in=history_ids).select_related("history_user").annotate(
        previous_id=Subquery(earlier))
    rows = {row.history_id: row for row in rows}
    previous_ids = [row.previous_id for row in rows.values() if row.previous_id is not None]
    return rows, history_model.objects.in_bulk(previous_ids) if previous_ids else {}


def _entry(kind: HistoryKind, row: models.Model, previous: models.Model | None, labels: Labels) -> HistoryEntry:
    subject = " \u00b7 ".join(
        labels.text(kind.model._meta.get_field(name.removesuffix("_id")).related_model, getattr(row, name))
        if name.endswith("_id") else str(getattr(row, name)) for name in kind.subject_fields)
    entry = HistoryEntry(kind=kind, row=row, subject=subject)
    if row.history_type == "-":
        return entry
    entry.first_recorded = row.history_type == "~" and previous is None
    entry.changes = field_changes(fields=kind.fields(), old=previous, new=row, labels=labels,
                                  categories=kind.categories)
    return entry
