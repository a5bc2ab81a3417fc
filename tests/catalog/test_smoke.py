import pytest

from catalog.models import Product
from tests.factories import ProductFactory, apparel_family


@pytest.mark.django_db
def test_factories_make_valid_products(locales):
    product = ProductFactory(family=apparel_family(), variants=0)
    product.full_clean()
    assert Product.objects.count() == 1
