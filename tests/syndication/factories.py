"""Factories for syndication models. Defaults pass validation."""

import factory

from syndication.models import Channel, ChannelListing
from tests.factories import LocaleFactory, PriceListFactory


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"channel-{n}")
    name = factory.LazyAttribute(lambda channel: f"Channel {channel.code}")
    format = "google_merchant"
    locale = factory.SubFactory(LocaleFactory)
    price_list = factory.SubFactory(PriceListFactory)
    country = "PL"
    link_template = "https://shop.example.com/{locale}/p/{slug}?sku={sku}"
    utm_source = "Google"
    utm_medium = "product_feed"
    utm_campaign = factory.LazyAttribute(lambda channel: channel.code)

    @factory.post_generation
    def stock_locations(self, create, extracted, **kwargs):
        if create and extracted:
            self.stock_locations.set(extracted)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


class ChannelListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelListing
        django_get_or_create = ("channel", "product")

    channel = factory.SubFactory(ChannelFactory)
    product = None
