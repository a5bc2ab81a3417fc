"""Tombstones from the catalog's and syndication's announcements, after their transactions commit.

A few bulk queries per announcement: the variants of archived or excluded products are read in batches, never one
query per product.
"""

from django.dispatch import receiver

from catalog.signals import products_changed
from integrations.models import Tombstone
from integrations.services import tombstones_for_deleted, tombstones_for_products
from syndication.signals import products_excluded


@receiver(products_changed, dispatch_uid="integrations_tombstones_catalog")
def tombstones_from_catalog(sender: object, *, deleted_variants: dict[str, str] | None = None,
                            archived: frozenset[int] = frozenset(), **kwargs: object) -> None:
    if deleted_variants:
        tombstones_for_deleted(deleted_variants=deleted_variants)
    if archived:
        tombstones_for_products(kind=Tombstone.Kind.ARCHIVED, product_ids=archived)


@receiver(products_excluded, dispatch_uid="integrations_tombstones_exclusions")
def tombstones_from_exclusions(sender: object, *, channel_id: int, product_ids: frozenset[int],
                               **kwargs: object) -> None:
    tombstones_for_products(kind=Tombstone.Kind.EXCLUDED, product_ids=product_ids, channel_id=channel_id)
