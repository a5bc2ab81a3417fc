import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from syndication.models import FeedRun
from syndication.services import channel_create
from tests.syndication.conftest import channel_for


def test_export_feed_publishes_and_copies_the_file(shop, locales, feeds_root, tmp_path, capsys):
    channel = channel_for(shop, locales, format="web_json", code="web-ru", locale="ru")
    output = tmp_path / "copy.json"
    call_command("export_feed", "web-ru", "--output", str(output))
    run = FeedRun.objects.get(channel=channel)
    assert run.trigger == FeedRun.Trigger.COMMAND and run.status == FeedRun.Status.SUCCEEDED
    assert output.read_bytes() == (feeds_root / run.storage_path).read_bytes()
    assert len(json.loads(output.read_bytes())["dataFeedElement"]) == 6
    captured = capsys.readouterr()
    assert "5 items written" in captured.out
    assert "variant" in captured.err  # the tqdm bar goes to stderr


def test_export_feed_refuses_an_unknown_channel(db):
    with pytest.raises(CommandError, match="nope"):
        call_command("export_feed", "nope")


def test_channel_create_validates_statuses_and_template(shop, locales):
    fields = {"code": "google-us", "name": "Google US", "format": "google_merchant", "locale": locales["en"],
              "price_list": shop.price_list, "country": "US"}
    with pytest.raises(ValidationError) as refused:
        channel_create(**fields, link_template="https://shop.example.com/{name}", statuses=["active", "sold"])
    assert set(refused.value.message_dict) == {"link_template", "statuses"}
    with pytest.raises(ValidationError) as refused:
        channel_create(**{**fields, "format": "carrier_pigeon", "country": "usa"},
                       link_template="https://shop.example.com/p/{slug}")
    assert set(refused.value.message_dict) == {"format", "country"}
    channel = channel_create(**fields, link_template="https://shop.example.com/p/{slug}",
                             stock_location_ids=[shop.warehouse.pk])
    assert channel.statuses == ["active"] and len(channel.feed_token) >= 43
    assert list(channel.stock_locations.all()) == [shop.warehouse]
