"""The HistoricalRecords of every tracked model, and the one writer of history rows (saves and bulk writes alike).

Each row carries, beside simple-history's date, user, type and reason, the source of the change (``history_source``)
and, for products, the categories at that version (``category_ids``: a many-to-many has no column to copy).
Writes that bypass save() (queryset updates, bulk_create, raw upserts) call ``history_rows_write`` or, for the
import's raw price and stock upserts, build rows with ``history_row_extras``; never one query per row.
"""

from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .context import (
    HistorySource,
    history_context_current,
    history_date_current,
    history_scope_current,
    history_user_current,
)

Snapshot = Callable[[Sequence[models.Model]], dict[object, dict[str, object]]]


class HistoryRecordBase(models.Model):
    history_source = models.CharField(_("source"), max_length=8, choices=HistorySource.choices,
                                      default=HistorySource.SHELL)

    class Meta:
        abstract = True


class ProductHistoryBase(HistoryRecordBase):
    # The product's other categories at this version. None: not recorded (rows made by simple-history's
    # populate_history command); a restore then leaves the categories as they are.
    category_ids = models.JSONField(_("other categories"), null=True, blank=True)

    class Meta:
        abstract = True


_RECORDS: dict[type[models.Model], "PimHistoricalRecords"] = {}


def _request_user(request=None, **kwargs) -> object | None:
    return history_user_current()


class PimHistoricalRecords(HistoricalRecords):
    """simple-history's HistoricalRecords, writing through ``history_rows_write``.

    ``snapshot`` adds values that are not columns of the model (a product's categories), for many instances in one
    query. ``skip_unchanged``: a save that changes nothing but the ``bookkeeping`` fields (version, timestamps)
    writes no row, so a product page saved for a price change does not list an empty product version.
    """

    def __init__(self, *, snapshot: Snapshot | None = None, skip_unchanged: bool = False,
                 bookkeeping: Iterable[str] = (), **kwargs):
        kwargs.setdefault("bases", (HistoryRecordBase,))
        kwargs.setdefault("history_change_reason_field", models.TextField(null=True, blank=True))
        kwargs.setdefault("history_id_field", models.BigAutoField(primary_key=True))  # stock imports add up
        # Copied columns keep their indexes unless listed: those history never filters on only slow its inserts.
        kwargs["no_db_index"] = ["updated_at", "created_at", *kwargs.get("no_db_index", ())]
        kwargs.setdefault("get_user", _request_user)
        super().__init__(**kwargs)
        self.snapshot, self.skip_unchanged, self.bookkeeping = snapshot, skip_unchanged, frozenset(bookkeeping)
        self.history_model: type[models.Model] | None = None

    def finalize(self, sender, **kwargs) -> None:
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            self.history_model = getattr(sender, self.manager_name).model
            _RECORDS[sender] = self

    def get_meta_options(self, model) -> dict:
        options = super().get_meta_options(model)
        options["default_permissions"] = ()  # history is read through the product's own permissions
        return options

    def create_historical_record(self, instance, history_type: str, using=None) -> None:
        history_rows_write(model=type(instance), instances=[instance], history_type=history_type)

    @property
    def tracked_attnames(self) -> list[str]:
        return [field.attname for field in self.fields_included(self.cls)]

    def compared_names(self) -> list[str]:
        snapshot_names = [field.name for field in self.history_model._meta.fields
                          if field.name == "category_ids"]
        return [name for name in self.tracked_attnames if name not in self.bookkeeping] + snapshot_names


def history_records(model: type[models.Model]) -> PimHistoricalRecords:
    return _RECORDS[model]


def history_model_for(model: type[models.Model]) -> type[models.Model]:
    return _RECORDS[model].history_model


def history_enabled() -> bool:
    return getattr(settings, "SIMPLE_HISTORY_ENABLED", True) and history_context_current().recording


def history_row_extras() -> dict[str, object]:
    """The columns every row written now shares: date, user, reason and source."""
    context = history_context_current()
    user = history_user_current()
    return {"history_date": history_date_current(), "history_user_id": user.pk if user is not None else None,
            "history_change_reason": context.reason, "history_source": context.source}


def history_rows_write(*, model: type[models.Model], instances: Sequence[models.Model],
                       history_type: str | Sequence[str], always: bool = False) -> None:
    """Write the instances' current values as history rows ("+" created, "~" changed, "-" deleted; one type for
    all or one per instance): a bounded number of queries however many instances. ``always``: even when nothing
    but bookkeeping changed (a restore is a version of its own).

    Inside a history scope, an object already written by the scope has its row updated instead (one version per
    logical save); that is one query per such object, and only a page or an imported product's own rows fold.
    """
    if not instances or not history_enabled():
        return
    records = _RECORDS[model]
    history_model = records.history_model
    types = [history_type] * len(instances) if isinstance(history_type, str) else list(history_type)
    extras = history_row_extras()
    scope = history_scope_current()
    snapshots = records.snapshot(instances) if records.snapshot else {}
    attnames = records.tracked_attnames
    candidates: list[tuple[str, dict[str, object]]] = []
    for instance, row_type in zip(instances, types, strict=True):
        values = {name: getattr(instance, name) for name in attnames}
        values.update(snapshots.get(instance.pk, {}))
        folded_into = scope.rows.get((history_model, instance.pk)) if scope is not None else None
        if folded_into is not None and _row_fold(records, folded_into, row_type, values, extras, always=always):
            continue
        candidates.append((row_type, values))
    if records.skip_unchanged and not always:
        candidates = _changed_only(records, candidates)
    rows = history_model.objects.bulk_create(
        [history_model(history_type=row_type, **extras, **values) for row_type, values in candidates],
        batch_size=1000,
    )
    if scope is not None:
        pk_name = model._meta.pk.attname
        for row in rows:
            scope.rows[(history_model, getattr(row, pk_name))] = row.history_id


def _row_fold(records: PimHistoricalRecords, history_id: int, row_type: str, values: dict, extras: dict, *,
              always: bool = False) -> bool:
    """Update the scope's own row with the object's newer values; False if it is gone (its savepoint rolled back)."""
    history_model = records.history_model
    row = history_model.objects.filter(history_id=history_id).first()
    if row is None:
        return False
    folded_type = row.history_type if row_type == "~" else row_type  # created then changed is still "created"
    if records.skip_unchanged and not always and folded_type == "~":
        object_id = values[records.cls._meta.pk.attname]
        previous = history_model.objects.filter(**{records.cls._meta.pk.attname: object_id}).exclude(
            history_id=history_id).first()  # newest first (the historical model's ordering)
        if previous is not None and _same(records, previous, values):
            row.delete()  # the scope's changes cancelled out (a page saved as draft, then activated again)
            history_scope_current().rows.pop((history_model, object_id), None)
            return True
    history_model.objects.filter(history_id=history_id).update(
        history_type=folded_type, history_user_id=extras["history_user_id"],
        history_change_reason=extras["history_change_reason"], history_source=extras["history_source"], **values)
    return True


def _same(records: PimHistoricalRecords, row: models.Model, values: dict) -> bool:
    return all(getattr(row, name) == values.get(name) for name in records.compared_names())


def _changed_only(records: PimHistoricalRecords, candidates: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    pk_name = records.cls._meta.pk.attname
    changed_ids = [values[pk_name] for row_type, values in candidates if row_type == "~"]
    if not changed_ids:
        return candidates
    history_manager = getattr(records.cls, records.manager_name)  # HistoricalQuerySet: latest_of_each()
    latest = {getattr(row, pk_name): row for row in history_manager.filter(
        **{f"{pk_name}__in": changed_ids}).latest_of_each()}
    return [(row_type, values) for row_type, values in candidates
            if row_type != "~" or values[pk_name] not in latest or not _same(records, latest[values[pk_name]], values)]


def history_rows_write_by_id(*, model: type[models.Model], ids: Iterable[object], history_type: str = "~") -> None:
    """History rows for rows changed by a queryset update or bulk write: read them back once, write them in bulk."""
    ids = list(ids)
    if ids and history_enabled():
        history_rows_write(model=model, instances=list(model._default_manager.filter(pk__in=ids).order_by("pk")),
                           history_type=history_type)


def history_scope_version_write(*, instance: models.Model) -> None:
    """Inside a scope that wrote rows but none for ``instance`` (a product page saved for a translation or a price
    only): write the instance's row anyway, so that save is a version of the product to look at and restore."""
    scope = history_scope_current()
    if scope is None or not scope.rows or (history_model_for(type(instance)), instance.pk) in scope.rows:
        return
    history_rows_write(model=type(instance), instances=[instance], history_type="~", always=True)


def history_baseline_write(*, model: type[models.Model], instances: Sequence[models.Model], reason: str) -> int:
    """A first row for objects that have none (they predate the history): their values as they are, dated at their
    last update and typed "changed", so a restore to an earlier version knows their state then was not recorded."""
    if not instances:
        return 0
    records = _RECORDS[model]
    snapshots = records.snapshot(instances) if records.snapshot else {}
    extras = {**history_row_extras(), "history_change_reason": reason}
    fallback = extras.pop("history_date")
    rows = []
    for instance in instances:
        values = {name: getattr(instance, name) for name in records.tracked_attnames}
        values.update(snapshots.get(instance.pk, {}))
        rows.append(records.history_model(history_type="~", history_date=getattr(instance, "updated_at", None)
                                          or fallback, **extras, **values))
    return len(records.history_model.objects.bulk_create(rows, batch_size=1000))


def history_tracked_models() -> list[type[models.Model]]:
    return list(_RECORDS)
