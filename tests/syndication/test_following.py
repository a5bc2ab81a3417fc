"""Feeds follow the catalog: changes in a channel's scope open one debounce window per burst, then one run; one run
of a channel at a time (a lease), requests coalesce, and beat's sweep recovers what a crash left behind."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog import services as catalog_services
from catalog.models import Product
from syndication.following import channel_regeneration_start, channels_regeneration_sweep
from syndication.models import Channel, FeedRun
from syndication.services import (
    ChannelBusy,
    channel_listing_save,
    feed_run_create,
    feed_run_execute,
    feed_run_request,
    feed_runs_recover,
)
from syndication.tasks import channel_regeneration_due, feed_run_generate
from tests.factories import CategoryFactory, ProductFactory
from tests.syndication.conftest import channel_for

# Real commits: the catalog announces changes after its transactions commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent(monkeypatch) -> list[tuple[str, tuple, dict]]:
    """Every message the code sends to the broker, as (task name, args, options), instead of sending it."""
    messages = []
    for task in (channel_regeneration_due, feed_run_generate):
        monkeypatch.setattr(task, "apply_async", lambda args=(), kwargs=None, task=task, **options: messages.append(
            (task.name, tuple(args), options)))
    return messages


def edit(product: Product, title: str) -> None:
    """One merchandiser edit, committed on its own."""
    catalog_services.product_translation_save(product=product, locale_code="en", title=title,
                                              slug=product.code.lower())


def test_a_burst_of_edits_makes_one_window_and_one_run(shop, locales, sent):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl", debounce_seconds=90)
    sent.clear()
    edit(shop.shirt, "Linen shirt")
    assert sent == [(channel_regeneration_due.name, (channel.pk,), {"countdown": 90})]
    for number in range(30):
        edit(shop.mug, f"Mug {number}")
    assert len(sent) == 1
    channel.refresh_from_db()
    assert channel.regenerate_after is not None

    assert channel_regeneration_start(channel_id=channel.pk) is None  # the window has not passed yet
    Channel.objects.filter(pk=channel.pk).update(regenerate_after=timezone.now() - datetime.timedelta(seconds=1))
    run = channel_regeneration_start(channel_id=channel.pk)
    assert run.status == FeedRun.Status.QUEUED and run.trigger == FeedRun.Trigger.CATALOG
    assert sent[1:] == [(feed_run_generate.name, (run.pk,), {})]
    assert channel_regeneration_start(channel_id=channel.pk) is None  # the task arriving twice starts nothing
    assert FeedRun.objects.filter(channel=channel).count() == 1

    # The next change after the window opens a new one.
    edit(shop.shirt, "Linen shirt, blue")
    assert sent[2:] == [(channel_regeneration_due.name, (channel.pk,), {"countdown": 90})]


def test_only_channels_whose_scope_holds_the_product_follow_it(shop, locales, sent):
    everything = channel_for(shop, locales, format="web_json", code="everything")
    apparel = channel_for(shop, locales, format="google_merchant", code="apparel",
                          categories=[shop.shirt.primary_category.parent])
    kitchen_only = channel_for(shop, locales, format="meta_catalog", code="kitchen",
                               categories=[shop.mug.primary_category])
    channel_for(shop, locales, format="google_merchant", code="stopped", active=False)
    channel_for(shop, locales, format="google_merchant", code="manual", follows_catalog=False)

    Channel.objects.update(regenerate_after=None)
    sent.clear()
    edit(shop.shirt, "Linen shirt")  # in a sub-category of apparel
    assert sorted(args[0] for _name, args, _options in sent) == sorted([everything.pk, apparel.pk])

    other = CategoryFactory(code="other")
    elsewhere = ProductFactory(code="ELSEWHERE", primary_category=other)
    elsewhere.categories.add(shop.mug.primary_category)  # also listed in the kitchen
    Channel.objects.update(regenerate_after=None)
    sent.clear()
    edit(elsewhere, "Elsewhere")
    assert sorted(args[0] for _name, args, _options in sent) == sorted([everything.pk, kitchen_only.pk])


def test_bulk_status_change_listing_and_price_edits_all_follow(shop, locales, sent):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")

    def marked_after(write) -> bool:
        Channel.objects.update(regenerate_after=None)
        write()
        return Channel.objects.get(pk=channel.pk).regenerate_after is not None

    assert marked_after(lambda: catalog_services.product_status_set(
        product_ids=[shop.shirt.pk, shop.mug.pk], status=Product.Status.ARCHIVED))
    assert marked_after(lambda: catalog_services.price_save(
        variant=shop.mug_variant, price_list=shop.price_list, amount=Decimal("30")))
    assert marked_after(lambda: catalog_services.stock_level_save(
        variant=shop.mug_variant, location=shop.warehouse, quantity=0))
    assert marked_after(lambda: channel_listing_save(channel=channel, product=shop.mug, excluded=True))
    assert marked_after(lambda: catalog_services.product_delete(product_id=shop.mug.pk))


def test_requests_coalesce_while_a_run_waits(shop, locales, sent):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    first = feed_run_request(channel=channel, trigger=FeedRun.Trigger.MANUAL)
    second = feed_run_request(channel=channel, trigger=FeedRun.Trigger.SCHEDULE)
    assert first.pk == second.pk and sent == [(feed_run_generate.name, (first.pk,), {})]
    FeedRun.objects.filter(pk=first.pk).update(status=FeedRun.Status.RUNNING)
    follow_up = feed_run_request(channel=channel, trigger=FeedRun.Trigger.CATALOG)
    assert follow_up.pk != first.pk  # one follow-up while a run executes, picking up what changed meanwhile
    assert feed_run_request(channel=channel, trigger=FeedRun.Trigger.MANUAL).pk == follow_up.pk


def test_one_run_per_channel_at_a_time_and_an_expired_lease_is_taken_over(shop, locales):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    crashed = feed_run_create(channel=channel, trigger=FeedRun.Trigger.MANUAL)
    FeedRun.objects.filter(pk=crashed.pk).update(status=FeedRun.Status.RUNNING, started_at=timezone.now())
    Channel.objects.filter(pk=channel.pk).update(run_lease_until=timezone.now() + datetime.timedelta(minutes=5))
    waiting = feed_run_create(channel=channel, trigger=FeedRun.Trigger.MANUAL)

    with pytest.raises(ChannelBusy) as busy:
        feed_run_execute(run_id=waiting.pk)
    assert 5 <= busy.value.retry_after <= 30
    assert FeedRun.objects.get(pk=waiting.pk).status == FeedRun.Status.QUEUED

    # The worker holding the lease died: once the lease expires the waiting run takes over.
    Channel.objects.filter(pk=channel.pk).update(run_lease_until=timezone.now() - datetime.timedelta(seconds=1))
    assert feed_run_execute(run_id=waiting.pk).status == FeedRun.Status.SUCCEEDED
    crashed.refresh_from_db()
    assert crashed.status == FeedRun.Status.FAILED and "lease expired" in crashed.error
    channel.refresh_from_db()
    assert channel.run_lease_until is None and channel.current_run_id == waiting.pk


def test_beat_sweep_recovers_dead_runs_lost_messages_and_missed_windows(shop, locales, sent):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    other = channel_for(shop, locales, format="web_json", code="web-pl")
    dead = feed_run_create(channel=channel, trigger=FeedRun.Trigger.MANUAL)
    FeedRun.objects.filter(pk=dead.pk).update(status=FeedRun.Status.RUNNING)  # no lease: its worker is gone
    lost = feed_run_create(channel=other, trigger=FeedRun.Trigger.MANUAL)
    FeedRun.objects.filter(pk=lost.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))

    sent.clear()
    assert feed_runs_recover() == {"failed": 1, "resent": 1}
    assert sent == [(feed_run_generate.name, (lost.pk,), {})]
    assert FeedRun.objects.get(pk=dead.pk).status == FeedRun.Status.FAILED

    Channel.objects.filter(pk=channel.pk).update(regenerate_after=timezone.now() - datetime.timedelta(minutes=3))
    started = channels_regeneration_sweep()
    assert [run.channel_id for run in started] == [channel.pk]
    assert Channel.objects.get(pk=channel.pk).regenerate_after is None
