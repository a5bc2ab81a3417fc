"""Which variants a channel gets: category scope with descendants, statuses, exclusions."""

from catalog.models import Category, Product
from syndication.select import run_context_build, variants_in_channel_scope
from syndication.services import channel_listing_save
from tests.factories import CategoryFactory
from tests.syndication.conftest import channel_for


def skus(channel) -> set[str]:
    return set(variants_in_channel_scope(context=run_context_build(channel=channel)).values_list("sku", flat=True))


SHIRT_SKUS = {"LINSHIRT-BLU-M", "LINSHIRT-BLU-L", "LINSHIRT-RED-M", "LINSHIRT-RED-L"}


def test_an_empty_scope_is_every_category(shop, locales):
    assert skus(channel_for(shop, locales, format="google_merchant", code="all")) == SHIRT_SKUS | {"MUG-1"}


def test_a_category_includes_its_descendants_and_other_categories(shop, locales):
    apparel = Category.objects.get(code="apparel")
    channel = channel_for(shop, locales, format="google_merchant", code="apparel", categories=[apparel])
    assert skus(channel) == SHIRT_SKUS  # the shirt's primary category is a child of apparel
    sale = CategoryFactory(code="sale")
    shop.mug.categories.add(sale)
    channel.categories.add(sale)
    assert skus(channel) == SHIRT_SKUS | {"MUG-1"}  # through its other categories


def test_statuses_and_exclusions(shop, locales):
    Product.objects.filter(pk=shop.mug.pk).update(status=Product.Status.DRAFT)
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    assert skus(channel) == SHIRT_SKUS
    channel.statuses = ["active", "draft"]
    channel.save()
    assert skus(channel) == SHIRT_SKUS | {"MUG-1"}
    channel_listing_save(channel=channel, product=shop.shirt, excluded=True)
    assert skus(channel) == {"MUG-1"}
    channel_listing_save(channel=channel, product=shop.shirt, excluded=False)
    assert skus(channel) == SHIRT_SKUS | {"MUG-1"}
