"""Bulk writes over many products at once (changelist bulk edits, integrations): one transaction each, a fixed
number of queries whatever the number of products, and the same bookkeeping as single edits (version, updated_at,
updated_by, feeds notified)."""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catalog.changes import products_changed_mark
from catalog.history.context import history_context
from catalog.history.records import history_rows_write_by_id
from catalog.models import Category, Product


def _products_bumped(*, product_ids: Sequence[int], user=None) -> None:
    # A new version: a product page opened before this bulk edit now reports a conflict instead of undoing it.
    Product.objects.filter(pk__in=product_ids).update(
        version=F("version") + 1, updated_at=timezone.now(),
        updated_by=user if user is not None and user.is_authenticated else None,
    )
    with history_context(user=user):
        history_rows_write_by_id(model=Product, ids=product_ids)  # a version each, with its categories
    products_changed_mark(product_ids=product_ids)


def products_touch(*, product_ids: Sequence[int]) -> None:
    """Move the products' updated_at (no new version, no feed announcement): something about them that is not
    their own data changed, such as being listed in a channel again, and incremental API readers should look."""
    Product.objects.filter(pk__in=product_ids).update(updated_at=timezone.now())


@transaction.atomic
def product_categories_add(*, product_ids: Sequence[int], category: Category, user=None) -> int:
    """Add the category to each product that is not in it yet (as primary or other); returns how many changed."""
    through = Product.categories.through
    already = set(through.objects.filter(category=category, product_id__in=product_ids)
                  .values_list("product_id", flat=True))
    already |= set(Product.objects.filter(pk__in=product_ids, primary_category=category).values_list("pk", flat=True))
    missing = sorted(set(product_ids) - already)
    through.objects.bulk_create([through(product_id=product_id, category_id=category.pk) for product_id in missing],
                                batch_size=2000, ignore_conflicts=True)
    _products_bumped(product_ids=missing, user=user)
    return len(missing)


@transaction.atomic
def product_categories_remove(*, product_ids: Sequence[int], category: Category, user=None) -> int:
    """Remove the category from the products' other categories (a primary category is changed on the product)."""
    through = Product.categories.through
    rows = through.objects.filter(category=category, product_id__in=product_ids)
    changed = sorted(set(rows.values_list("product_id", flat=True)))
    rows.delete()
    _products_bumped(product_ids=changed, user=user)
    return len(changed)
