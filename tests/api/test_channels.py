"""Channels, feed runs and issues through the API; "generate now" answers 202 with the (coalesced) run."""

import pytest

from roles.groups import CHANNEL_MANAGER
from syndication.links import channel_feed_url
from syndication.models import FeedIssue, FeedRun
from tests.syndication.conftest import channel_for, run_channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(shop, locales):
    return channel_for(shop, locales, format="google_merchant", code="google-pl")


def test_channels_hide_the_feed_url_from_who_may_not_change_them(channel, integration, clients):
    body = integration.get("/api/v1/channels/").json()["results"][0]
    assert body["code"] == "google-pl" and body["price_list"] == "retail_pl" and body["currency"] == "PLN"
    assert body["stock_locations"] == ["warehouse"] and body["statuses"] == ["active"]
    assert body["feed_url"] is None
    manager = clients.token_client(role=CHANNEL_MANAGER)
    assert manager.get(f"/api/v1/channels/{channel.pk}/").json()["feed_url"] == channel_feed_url(channel)


def test_generate_now_queues_one_run_and_coalesces(channel, integration, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = integration.post(f"/api/v1/channels/{channel.pk}/generate/")
    assert response.status_code == 202
    run = response.json()
    assert run["status"] == "queued" and run["trigger"] == "api" and run["channel"] == "google-pl"
    assert len(callbacks) == 1  # the task is sent once the run is committed
    again = integration.post(f"/api/v1/channels/{channel.pk}/generate/").json()
    assert again["id"] == run["id"]
    assert FeedRun.objects.filter(channel=channel).count() == 1


def test_generate_now_needs_the_feed_run_permission_and_an_active_channel(channel, clients, integration):
    from roles.groups import VIEWER

    assert clients.token_client(role=VIEWER).post(f"/api/v1/channels/{channel.pk}/generate/").status_code == 403
    channel.active = False
    channel.save()
    response = integration.post(f"/api/v1/channels/{channel.pk}/generate/")
    assert response.status_code == 400 and response.json() == {"channel": ["Channel google-pl is not active."]}
    assert integration.post("/api/v1/channels/99999/generate/").status_code == 404


def test_runs_and_their_issues(channel, integration, shop):
    run = run_channel(channel)
    FeedIssue.objects.create(run=run, sku="MUG-1", product_code="MUG", field="image_link", severity="error",
                             code="missing", message="No image.")
    runs = integration.get("/api/v1/feed-runs/?channel=google-pl").json()["results"]
    assert runs[0]["id"] == run.pk and runs[0]["status"] == "succeeded" and runs[0]["items_written"] > 0
    detail = integration.get(f"/api/v1/feed-runs/{run.pk}/").json()
    assert detail["duration_seconds"] is not None
    issues = integration.get(f"/api/v1/feed-issues/?run={run.pk}&severity=error&code=missing").json()["results"]
    assert [(issue["sku"], issue["field"]) for issue in issues] == [("MUG-1", "image_link")]
    assert integration.get("/api/v1/feed-runs/?status=nope").status_code == 400
