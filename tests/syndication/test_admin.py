"""The channel admin: pages render with the feed URL, runs and issues; saves and actions go through services."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from syndication.links import channel_feed_url
from syndication.models import Channel, FeedRun
from syndication.services import channel_listing_save
from tests.syndication.conftest import channel_for, inline_management_data, run_channel
from tests.syndication.factories import ChannelFactory


def test_change_page_shows_url_runs_issues_and_preview(admin_client, shop, locales):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    from catalog.models import Price

    Price.objects.filter(variant=shop.red_l).delete()
    run_channel(channel)
    channel.refresh_from_db()
    response = admin_client.get(reverse("admin:syndication_channel_change", args=[channel.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert channel_feed_url(channel).replace("&", "&amp;") in page
    assert "4 items" in page  # current feed: the item without a price was left out
    assert "missing" in page and "LINSHIRT" in page  # grouped issue with its product
    assert "LINSHIRT-BLU-M" in page  # preview


def test_changelist_queries_do_not_grow_with_channels(admin_client, shop, locales):
    url = reverse("admin:syndication_channel_changelist")
    ChannelFactory(code="one", locale=locales["en"], price_list=shop.price_list)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    for number in range(10):
        ChannelFactory(code=f"more-{number}", locale=locales["pl"], price_list=shop.price_list)
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(url).status_code == 200
    assert len(many) == len(few)


def test_add_channel_through_the_admin(admin_client, shop, locales):
    add_url = reverse("admin:syndication_channel_add")
    inlines = inline_management_data(admin_client, add_url)
    response = admin_client.post(add_url, {
        **inlines,
        "code": "meta-pl", "name": "Meta PL", "format": "meta_catalog", "active": "on",
        "locale": locales["pl"].pk, "price_list": shop.price_list.pk, "country": "PL",
        "stock_locations": [shop.warehouse.pk], "statuses": ["active", "draft"],
        "link_template": "https://shop.example.pl/p/{slug}", "utm_source": "Facebook", "utm_medium": "feed",
        "utm_campaign": "meta-pl", "utm_content": "", "image_size": 1200, "keep_runs": 3,
        "follows_catalog": "on", "debounce_seconds": 60,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    channel = Channel.objects.get(code="meta-pl")
    assert channel.statuses == ["active", "draft"] and list(channel.stock_locations.all()) == [shop.warehouse]
    refused = admin_client.post(add_url, {
        **inlines,
        "code": "bad", "name": "Bad", "format": "meta_catalog", "locale": locales["pl"].pk,
        "price_list": shop.price_list.pk, "country": "PL", "statuses": ["active"],
        "link_template": "https://shop.example.pl/p/{name}", "image_size": 1200, "keep_runs": 3,
        "debounce_seconds": 60,
    })
    assert refused.status_code == 200 and "{name}" in refused.content.decode()
    assert not Channel.objects.filter(code="bad").exists()


def test_generate_now_and_rotate_token_actions(admin_client, shop, locales, monkeypatch,
                                               django_capture_on_commit_callbacks):
    from syndication import tasks

    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    channel_listing_save(channel=channel, product=shop.mug, excluded=True)
    monkeypatch.setattr(tasks.feed_run_generate, "delay", lambda run_id: tasks.feed_run_generate(run_id))
    url = reverse("admin:syndication_channel_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"action": "generate_now", "_selected_action": [channel.pk]})
    run = FeedRun.objects.get(channel=channel)
    assert run.status == FeedRun.Status.SUCCEEDED and run.items_written == 4
    old_token = channel.feed_token
    admin_client.post(url, {"action": "rotate_token", "_selected_action": [channel.pk]})
    channel.refresh_from_db()
    assert channel.feed_token != old_token
