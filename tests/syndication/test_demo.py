"""The demo catalog signal: four demo channels, created and published once, safe to send again."""

from django.core.management import call_command

from catalog.signals import demo_catalog_loaded
from syndication.models import Channel, FeedRun
from tests.factories import LocationFactory, PriceListFactory


def test_demo_channels_are_created_and_published_once(shop, locales, capsys):
    for code, currency in (("retail_pl", "PLN"), ("retail_eu", "EUR"), ("retail_ru", "RUB"), ("retail_us", "USD")):
        PriceListFactory(code=code, currency=currency)
    LocationFactory(code="warehouse_lodz")
    demo_catalog_loaded.send(sender=None, products_created=2)
    channels = {channel.code: channel for channel in Channel.objects.select_related("current_run")}
    assert set(channels) == {"google-pl", "google-us", "meta-it", "web-ru"}
    assert {code: channel.price_list.currency for code, channel in channels.items()} == {
        "google-pl": "PLN", "google-us": "USD", "meta-it": "EUR", "web-ru": "RUB"}
    assert all(channel.current_run.status == FeedRun.Status.SUCCEEDED for channel in channels.values())
    assert [location.code for location in channels["google-pl"].stock_locations.all()] == ["warehouse_lodz"]

    demo_catalog_loaded.send(sender=None, products_created=0)
    assert Channel.objects.count() == 4 and FeedRun.objects.count() == 4

    call_command("feed_urls")
    printed = capsys.readouterr().out
    token = channels["meta-it"].feed_token
    assert f"https://pim.example.com/feeds/meta-it/{token}/meta-meta-it.csv" in printed


def test_beside_a_large_catalog_the_demo_runs_are_queued_for_the_worker_once(
        shop, locales, settings, django_capture_on_commit_callbacks):
    settings.PIM_DEMO_INLINE_PUBLISH_LIMIT = 0
    for code, currency in (("retail_pl", "PLN"), ("retail_eu", "EUR"), ("retail_ru", "RUB"), ("retail_us", "USD")):
        PriceListFactory(code=code, currency=currency)
    with django_capture_on_commit_callbacks() as queued:
        demo_catalog_loaded.send(sender=None, products_created=0)
        demo_catalog_loaded.send(sender=None, products_created=0)
    runs = FeedRun.objects.all()
    assert runs.count() == 4 and len(queued) == 4
    assert {run.status for run in runs} == {FeedRun.Status.QUEUED}
    assert not Channel.objects.filter(current_run__isnull=False).exists()
