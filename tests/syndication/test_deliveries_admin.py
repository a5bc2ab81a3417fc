"""Destinations on the channel page (secrets write-only), the delivery log, and failures in the channel list."""

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from syndication.deliveries import deliveries_start
from syndication.models import Channel, Delivery, Destination
from tests.syndication.conftest import inline_management_data
from tests.syndication.delivery_servers import attempt, destination_make, free_port, published_run, start_one
from tests.syndication.factories import ChannelFactory

PASSWORD = "s3cr3t-Pa55word-7f1c"
SET = "•••• (set)"


@pytest.fixture(autouse=True)
def delivery_settings(settings, tmp_path):
    settings.PIM_DELIVERY_TIMEOUT_SECONDS = 1
    settings.PIM_DELIVERY_MAX_ATTEMPTS = 1
    settings.PIM_DELIVERY_FILESYSTEM_ROOT = tmp_path / "outbox"
    settings.PIM_SECRETS_KEY = "delivery tests"
    return settings


@pytest.fixture
def channel(shop, locales):
    return ChannelFactory(code="google-pl", locale=locales["pl"], price_list=shop.price_list,
                          stock_locations=[shop.warehouse])


def ed25519_key_text() -> str:
    return ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()).decode()


def channel_data(channel: Channel) -> dict[str, object]:
    return {
        "code": channel.code, "name": channel.name, "format": channel.format, "active": "on",
        "locale": channel.locale_id, "price_list": channel.price_list_id, "country": channel.country,
        "stock_locations": [location.pk for location in channel.stock_locations.all()], "statuses": ["active"],
        "link_template": channel.link_template, "utm_source": channel.utm_source, "utm_medium": "",
        "utm_campaign": "", "utm_content": "", "image_size": 1200, "keep_runs": 3, "follows_catalog": "on",
        "debounce_seconds": 60,
    }


def destination_data(index: int, destination: Destination | None = None, **fields: object) -> dict[str, object]:
    """One inline row as the page posts it; secrets as their two sub-fields (entry _0, clear box _1)."""
    values: dict[str, object] = {
        "name": "Google SFTP", "kind": "sftp", "active": "on", "remote_path": "upload", "remote_name": "",
        "atomic_rename": "on", "host": "partnerupload.example.com", "port": "19321", "host_key_fingerprint": "",
        "url": "", "http_method": "PUT", "http_auth": "none", "endpoint_url": "", "bucket": "", "region": "",
        "username": "mc-sftp-123", "access_key_id": "",
    }
    if destination is not None:
        values.update({"id": destination.pk, "channel": destination.channel_id})
    for name, value in fields.items():
        if name in {"password", "private_key", "token", "secret_access_key"}:
            values[f"{name}_0"] = value
        elif name.endswith("_clear"):
            values[f"{name.removesuffix('_clear')}_1"] = "on"
        else:
            values[name] = value
    for boolean in ("active", "compressed", "atomic_rename"):
        if values.get(boolean) is False:
            del values[boolean]
    return {f"destinations-{index}-{name}": value for name, value in values.items()}


def post_channel(client, channel: Channel, rows: list[dict[str, object]], *, initial_rows: int):
    url = reverse("admin:syndication_channel_change", args=[channel.pk])
    data = {**inline_management_data(client, url), **channel_data(channel)}
    data["destinations-TOTAL_FORMS"], data["destinations-INITIAL_FORMS"] = len(rows), initial_rows
    for row in rows:
        data.update(row)
    return client.post(url, data)


def test_destinations_are_added_and_changed_on_the_channel_page_with_write_only_secrets(admin_client, channel):
    response = post_channel(admin_client, channel, [destination_data(0, password=PASSWORD)], initial_rows=0)
    assert response.status_code == 302, response.content.decode()[:3000]
    destination = Destination.objects.get(channel=channel)
    assert destination.secret("password") == PASSWORD and PASSWORD not in destination.password_encrypted

    page = admin_client.get(reverse("admin:syndication_channel_change", args=[channel.pk])).content.decode()
    assert SET in page and PASSWORD not in page and destination.password_encrypted not in page

    key_text = ed25519_key_text()
    response = post_channel(admin_client, channel, [destination_data(0, destination, name="Renamed",
                                                                     private_key=key_text)], initial_rows=1)
    assert response.status_code == 302, response.content.decode()[:3000]
    destination.refresh_from_db()
    assert destination.name == "Renamed" and destination.secret("password") == PASSWORD  # blank kept it
    assert destination.secret("private_key") == key_text.strip()

    page = admin_client.get(reverse("admin:syndication_channel_change", args=[channel.pk])).content.decode()
    assert page.count(SET) >= 2 and "PRIVATE KEY" not in page

    response = post_channel(admin_client, channel, [destination_data(0, destination, password_clear=True)],
                            initial_rows=1)
    assert response.status_code == 302, response.content.decode()[:3000]
    destination.refresh_from_db()
    assert not destination.has_secret("password") and destination.has_secret("private_key")


def test_refused_secrets_are_not_echoed_and_nothing_is_saved(admin_client, channel):
    destination = destination_make(channel, kind="sftp", host="h.example.com", username="feeds", password=PASSWORD)
    bad_key = "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWJ1dC1icm9rZW4ta2V5LW1hdGVyaWFs\n-----END OPENSSH" \
              " PRIVATE KEY-----"
    response = post_channel(admin_client, channel, [destination_data(0, destination, private_key=bad_key,
                                                                     password="a-new-password-typed")],
                            initial_rows=1)
    assert response.status_code == 200
    page = response.content.decode()
    assert "not a private key" in page
    assert "c2VjcmV0LWJ1dC1icm9rZW4ta2V5LW1hdGVyaWFs" not in page and "a-new-password-typed" not in page
    destination.refresh_from_db()
    assert destination.secret("password") == PASSWORD and not destination.has_secret("private_key")

    response = post_channel(admin_client, channel, [destination_data(0, destination, password_clear=True)],
                            initial_rows=1)
    assert response.status_code == 200 and "needs a password or a private key" in response.content.decode()
    destination.refresh_from_db()
    assert destination.secret("password") == PASSWORD


def test_failed_deliveries_stand_out_in_the_channel_list_at_a_fixed_query_cost(admin_client, channel, shop,
                                                                               locales):
    url = reverse("admin:syndication_channel_changelist")
    destination_make(channel, kind="http", url=f"http://127.0.0.1:{free_port()}/upload", name="down")
    failed = attempt(start_one(published_run(channel)))
    assert failed.status == Delivery.Status.FAILED
    fine = ChannelFactory(code="fine", locale=locales["en"], price_list=shop.price_list)
    destination_make(fine, kind="filesystem", remote_path="fine")
    assert attempt(start_one(published_run(fine))).status == Delivery.Status.SUCCEEDED
    with CaptureQueriesContext(connection) as few:
        page = admin_client.get(url).content.decode()
    assert "✖ failed (1 destination)" in page and "Succeeded" in page
    assert f"?channel__id__exact={channel.pk}&amp;status__exact=failed" in page

    for number in range(8):
        more = ChannelFactory(code=f"more-{number}", locale=locales["en"], price_list=shop.price_list)
        destination_make(more, kind="filesystem", remote_path=f"more-{number}")
        destination_make(more, kind="http", url=f"http://127.0.0.1:{free_port()}/x", name="down")
        for delivery in deliveries_start(run_id=published_run(more).pk):
            attempt(delivery)
    with CaptureQueriesContext(connection) as many:
        page = admin_client.get(url).content.decode()
    assert page.count("✖ failed (1 destination)") == 9
    assert len(many) == len(few)


def test_a_newer_successful_delivery_clears_the_failure_mark(admin_client, channel, delivery_settings):
    destination = destination_make(channel, kind="http", url=f"http://127.0.0.1:{free_port()}/upload")
    attempt(start_one(published_run(channel)))
    Destination.objects.filter(pk=destination.pk).update(kind="filesystem", remote_path="x")
    assert attempt(start_one(published_run(channel))).status == Delivery.Status.SUCCEEDED
    page = admin_client.get(reverse("admin:syndication_channel_changelist")).content.decode()
    assert "✖ failed" not in page


def test_delivery_log_filters_and_pushes_again(admin_client, channel, django_capture_on_commit_callbacks):
    destination_make(channel, kind="http", url=f"http://127.0.0.1:{free_port()}/upload", name="down")
    failed = attempt(start_one(published_run(channel)))
    url = reverse("admin:syndication_delivery_changelist")
    page = admin_client.get(url, {"status__exact": "failed", "channel__id__exact": channel.pk}).content.decode()
    assert "Cannot send to 127.0.0.1" in page and "down" in page
    assert admin_client.get(reverse("admin:syndication_delivery_change", args=[failed.pk])).status_code == 200
    assert admin_client.get(reverse("admin:syndication_delivery_add")).status_code == 403
    with django_capture_on_commit_callbacks():
        admin_client.post(url, {"action": "push_again", "_selected_action": [failed.pk]})
    again = Delivery.objects.get(previous=failed)
    assert again.status == Delivery.Status.SCHEDULED and again.attempt == 2


def _staff(username: str, *codenames: str) -> User:
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="syndication",
                                                        codename__in=codenames))
    return user


def test_destinations_need_their_own_permissions(client, channel):
    destination_make(channel, kind="sftp", host="h.example.com", username="feeds", password=PASSWORD)
    url = reverse("admin:syndication_channel_change", args=[channel.pk])

    client.force_login(_staff("channels-only", "view_channel", "change_channel"))
    page = client.get(url).content.decode()
    assert "destinations-TOTAL_FORMS" not in page and "h.example.com" not in page
    response = post_channel(client, channel, [destination_data(0, password="x")], initial_rows=0)
    assert Destination.objects.filter(channel=channel).count() == 1, response.status_code

    client.force_login(_staff("viewer", "view_channel", "view_destination"))
    page = client.get(url).content.decode()
    assert "h.example.com" in page and SET in page and PASSWORD not in page
    assert 'name="destinations-0-password_0"' not in page  # read-only: no entry at all

    client.force_login(_staff("no-push", "view_delivery"))
    failed = Delivery.objects.create(channel=channel, destination=Destination.objects.get(), run=published_run(
        channel), status=Delivery.Status.FAILED, scheduled_for=timezone.now())
    client.post(reverse("admin:syndication_delivery_changelist"),
                {"action": "push_again", "_selected_action": [failed.pk]})
    assert not Delivery.objects.filter(previous=failed).exists()
