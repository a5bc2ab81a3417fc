"""Which products a transaction changed, announced once after it commits (the ``products_changed`` signal).

Services mark what they write; listeners (feeds that follow the catalog, API tombstones) hear about a whole
transaction at once, so a bulk edit of 1,000 products is one announcement, and a rolled-back write none.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction

from catalog.signals import products_changed

PENDING_ATTRIBUTE = "_pim_pending_product_changes"


@dataclass
class PendingChanges:
    product_ids: set[int] = field(default_factory=set)
    deleted: dict[int, str] = field(default_factory=dict)  # id -> code, for readers that must forget them
    catalog_wide: bool = False
    # SKU -> product code of variants deleted (alone or with their product), and products that became archived:
    # incremental API readers get tombstones for them (integrations.receivers).
    deleted_variants: dict[str, str] = field(default_factory=dict)
    archived: set[int] = field(default_factory=set)
    announce_once: object = field(default=None, repr=False)

    def announce(self) -> None:
        from catalog.models import Product, Variant

        # A deletion inside a savepoint that rolled back left its id here: only products really gone are "deleted".
        still_there = set(Product.objects.filter(pk__in=self.deleted).values_list("pk", flat=True))
        deleted = {pk: code for pk, code in self.deleted.items() if pk not in still_there}
        # The same for variants (by SKU: a SKU deleted and created again in one transaction was not deleted), and
        # for archivings undone before the commit.
        skus_there = set(Variant.objects.filter(sku__in=self.deleted_variants).values_list("sku", flat=True))
        archived = set(Product.objects.filter(pk__in=self.archived, status=Product.Status.ARCHIVED)
                       .values_list("pk", flat=True)) if self.archived else set()
        products_changed.send(
            sender=PendingChanges, product_ids=frozenset(self.product_ids - deleted.keys()), deleted=deleted,
            catalog_wide=self.catalog_wide,
            deleted_variants={sku: code for sku, code in self.deleted_variants.items() if sku not in skus_there},
            archived=frozenset(archived),
        )


def products_changed_mark(*, product_ids: Iterable[int] = (), deleted: dict[int, str] | None = None,
                          catalog_wide: bool = False, deleted_variants: dict[str, str] | None = None,
                          archived: Iterable[int] = (), using: str | None = None) -> None:
    """Record that these products changed (or were deleted, or that reference data every product uses changed).

    ``deleted_variants`` (SKU -> product code) names the variants deleted, with their product or alone; ``archived``
    the products whose status became archived.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        PendingChanges(set(product_ids), dict(deleted or {}), catalog_wide, dict(deleted_variants or {}),
                       set(archived)).announce()
        return
    pending: PendingChanges | None = connection.__dict__.get(PENDING_ATTRIBUTE)
    # A rollback drops the on-commit callback without telling anyone: start afresh when ours is no longer queued.
    if pending is None or not any(callback is pending.announce_once for _ids, callback, _robust
                                  in connection.run_on_commit):
        pending = PendingChanges()
        connection.__dict__[PENDING_ATTRIBUTE] = pending
        pending.announce_once = partial(_announce_once, connection, pending)
        transaction.on_commit(pending.announce_once, using=using)
    pending.product_ids.update(product_ids)
    pending.deleted.update(deleted or {})
    pending.catalog_wide |= catalog_wide
    pending.deleted_variants.update(deleted_variants or {})
    pending.archived.update(archived)


def _announce_once(connection, pending: PendingChanges) -> None:
    if connection.__dict__.get(PENDING_ATTRIBUTE) is pending:
        del connection.__dict__[PENDING_ATTRIBUTE]
    pending.announce()
