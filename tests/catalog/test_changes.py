"""One announcement per committed transaction, naming every product it changed; none for a rollback."""

from decimal import Decimal

import pytest
from django.db import transaction

from catalog import services
from catalog.changes import products_changed_mark
from catalog.models import Product
from catalog.signals import products_changed
from tests.factories import BrandFactory, PriceListFactory, ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def announcements():
    heard = []

    def listener(sender, **kwargs):
        heard.append({name: value for name, value in kwargs.items() if name != "signal"})

    products_changed.connect(listener, dispatch_uid="test_listener")
    yield heard
    products_changed.disconnect(dispatch_uid="test_listener")


def test_a_bulk_status_change_is_one_announcement_after_commit(locales, announcements):
    products = [ProductFactory() for _ in range(5)]
    announcements.clear()
    with transaction.atomic():
        services.product_status_set(product_ids=[product.pk for product in products], status=Product.Status.ARCHIVED)
        assert announcements == []  # nothing before the commit
    assert announcements == [{"product_ids": frozenset(product.pk for product in products), "deleted": {},
                              "catalog_wide": False, "deleted_variants": {},
                              "archived": frozenset(product.pk for product in products)}]


def test_a_price_change_names_its_product(locales, announcements):
    product = ProductFactory()
    price_list = PriceListFactory()
    announcements.clear()
    services.price_save(variant=product.variants.get(), price_list=price_list, amount=Decimal("10.00"))
    assert [announcement["product_ids"] for announcement in announcements] == [frozenset({product.pk})]


def test_a_rolled_back_transaction_announces_nothing_and_leaves_nothing_behind(locales, announcements):
    product, other = ProductFactory(), ProductFactory()
    announcements.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        products_changed_mark(product_ids=[product.pk])
        raise RuntimeError("rolled back")
    assert announcements == []
    with transaction.atomic():
        products_changed_mark(product_ids=[other.pk])
    assert [announcement["product_ids"] for announcement in announcements] == [frozenset({other.pk})]


def test_a_deletion_carries_the_code_and_a_rolled_back_one_is_not_reported(locales, announcements):
    kept, deleted = ProductFactory(code="KEPT-1"), ProductFactory(code="GONE-1")
    gone_sku = deleted.variants.get().sku
    announcements.clear()
    with transaction.atomic():
        services.product_delete(product_id=deleted.pk)
        try:
            with transaction.atomic():
                services.product_delete(product_id=kept.pk)
                raise RuntimeError("savepoint rolled back")
        except RuntimeError:
            pass
    assert announcements == [{"product_ids": frozenset(), "deleted": {deleted.pk: "GONE-1"},
                               "catalog_wide": False, "deleted_variants": {gone_sku: "GONE-1"},
                               "archived": frozenset()}]


def test_reference_data_changes_are_catalog_wide(locales, announcements):
    brand = BrandFactory()
    announcements.clear()
    brand.name = "Renamed"
    services.reference_row_save(instance=brand)
    assert announcements[-1]["catalog_wide"] is True


def test_archiving_is_announced_once_as_a_transition(locales, announcements):
    archived, active = ProductFactory(status=Product.Status.ARCHIVED), ProductFactory()
    announcements.clear()
    services.product_status_set(product_ids=[archived.pk, active.pk], status=Product.Status.ARCHIVED)
    assert announcements[-1]["archived"] == frozenset({active.pk})  # the one already archived did not change
    services.product_update(product_id=active.pk, expected_version=active.version + 1, attributes={})
    assert announcements[-1]["archived"] == frozenset()


def test_an_archiving_undone_before_the_commit_is_not_announced(locales, announcements):
    product = ProductFactory()
    announcements.clear()
    with transaction.atomic():
        services.product_status_set(product_ids=[product.pk], status=Product.Status.ARCHIVED)
        services.product_status_set(product_ids=[product.pk], status=Product.Status.DRAFT)
    assert announcements == [{"product_ids": frozenset({product.pk}), "deleted": {}, "catalog_wide": False,
                              "deleted_variants": {}, "archived": frozenset()}]


def test_a_variant_deletion_names_its_sku(locales, announcements):
    product = ProductFactory(code="TWO-1", variants=0)
    first = VariantFactory(product=product, axis_key="a")
    VariantFactory(product=product, axis_key="b")
    announcements.clear()
    services.variant_delete(variant_id=first.pk)
    assert announcements == [{"product_ids": frozenset({product.pk}), "deleted": {}, "catalog_wide": False,
                              "deleted_variants": {first.sku: "TWO-1"}, "archived": frozenset()}]
