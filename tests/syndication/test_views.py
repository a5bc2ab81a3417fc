"""Feeds by URL: content type, validators, 304, gzip (transport and file), HEAD, and one bare 404 for every miss."""

import gzip

import pytest
from django.utils.http import http_date

from syndication.services import channel_token_rotate
from tests.syndication.conftest import channel_for, run_channel
from tests.syndication.factories import ChannelFactory


@pytest.fixture
def published(shop, locales, feeds_root):
    channel = channel_for(shop, locales, format="google_merchant", code="google-pl")
    run = run_channel(channel)
    return channel, run, (feeds_root / run.storage_path).read_bytes()


def url(channel, file_name=None, token=None) -> str:
    return f"/feeds/{channel.code}/{token or channel.feed_token}/{file_name or channel.file_name}"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_get_streams_the_current_file_with_validators(client, published):
    channel, run, plain = published
    response = client.get(url(channel))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Length"] == str(len(plain))
    assert response["ETag"] == f'"{run.sha256}"'
    assert response["Last-Modified"] == http_date(run.finished_at.timestamp())
    assert "Accept-Encoding" in response["Vary"]
    assert not response.has_header("Content-Encoding")
    assert body(response) == plain


def test_conditional_requests_get_304_without_a_body(client, published):
    channel, run, _plain = published
    by_etag = client.get(url(channel), headers={"If-None-Match": f'"{run.sha256}"'})
    assert by_etag.status_code == 304 and by_etag.content == b"" and by_etag["ETag"] == f'"{run.sha256}"'
    by_date = client.get(url(channel), headers={"If-Modified-Since": http_date(run.finished_at.timestamp())})
    assert by_date.status_code == 304
    stale = client.get(url(channel), headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200


def test_gzip_transport_encoding_has_its_own_etag(client, published):
    channel, run, plain = published
    response = client.get(url(channel), headers={"Accept-Encoding": "br, gzip;q=0.8"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["ETag"] == f'"{run.gzip_sha256}"' != f'"{run.sha256}"'
    packed = body(response)
    assert response["Content-Length"] == str(len(packed)) and gzip.decompress(packed) == plain
    refused = client.get(url(channel), headers={"Accept-Encoding": "gzip;q=0"})
    assert not refused.has_header("Content-Encoding") and body(refused) == plain
    revalidated = client.get(url(channel), headers={"Accept-Encoding": "gzip", "If-None-Match": f'"{run.gzip_sha256}"'})
    assert revalidated.status_code == 304


def test_the_gz_file_is_a_resource_of_its_own(client, published):
    channel, run, plain = published
    response = client.get(url(channel, f"{channel.file_name}.gz"), headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/gzip"
    assert not response.has_header("Content-Encoding")
    assert gzip.decompress(body(response)) == plain
    assert response["ETag"] == f'"{run.gzip_sha256}"'


def test_head_answers_headers_only(client, published):
    channel, run, plain = published
    response = client.head(url(channel))
    assert response.status_code == 200 and body(response) == b""
    assert response["Content-Length"] == str(len(plain)) and response["ETag"] == f'"{run.sha256}"'


def test_post_is_not_allowed(client, published):
    channel, _run, _plain = published
    assert client.post(url(channel)).status_code == 405


def test_every_miss_is_the_same_bare_404(client, published, shop, locales):
    channel, _run, _plain = published
    inactive = channel_for(shop, locales, format="google_merchant", code="off", active=False)
    run_channel(inactive)
    never_run = ChannelFactory(code="never", locale=locales["en"], price_list=shop.price_list)
    misses = [
        url(channel, token="x" * 43),
        url(channel, token=channel.feed_token[:-1]),
        f"/feeds/unknown/{channel.feed_token}/{channel.file_name}",
        url(inactive),
        url(never_run),
        url(channel, "meta-google-pl.csv"),
        url(channel, f"{channel.file_name}.gz.gz"),
    ]
    responses = [client.get(path) for path in misses]
    assert [response.status_code for response in responses] == [404] * len(misses)
    assert {response.content for response in responses} == {b""}
    assert {response["Content-Type"] for response in responses} == {"text/plain"}


def test_token_rotation_stops_the_old_url_at_once(client, published):
    channel, _run, _plain = published
    old = url(channel)
    assert client.get(old).status_code == 200
    rotated = channel_token_rotate(channel_id=channel.pk)
    assert rotated.feed_token != channel.feed_token
    assert client.get(old).status_code == 404
    assert client.get(url(rotated)).status_code == 200
