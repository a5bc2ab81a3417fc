"""The select step costs a fixed number of queries per chunk, whatever the chunk's size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from syndication.select import run_context_build, variant_chunks
from syndication.services import feed_run_create, feed_run_execute
from tests.factories import LocationFactory, PriceListFactory
from tests.syndication.bulk import bulk_catalog
from tests.syndication.factories import ChannelFactory


def chunk_queries(channel, chunk_size: int) -> tuple[int, int]:
    """(queries, variants) for reading every chunk, run context excluded."""
    context = run_context_build(channel=channel)
    with CaptureQueriesContext(connection) as captured:
        seen = sum(len(chunk.variants) for chunk in variant_chunks(context=context, chunk_size=chunk_size))
    return len(captured), seen


def test_chunk_queries_do_not_grow_with_the_chunk(locales):
    price_list, location = PriceListFactory(code="retail"), LocationFactory(code="warehouse")
    channel = ChannelFactory(code="google-pl", locale=locales["pl"], price_list=price_list,
                             stock_locations=[location])
    bulk_catalog(variants=100, locales=locales, price_list=price_list, location=location)
    small, seen = chunk_queries(channel, chunk_size=5000)
    assert seen == 100
    bulk_catalog(variants=900, locales=locales, price_list=price_list, location=location, start=100)
    large, seen = chunk_queries(channel, chunk_size=5000)
    assert seen == 1000
    assert large == small <= 10  # one chunk each (+ the empty page that ends the stream)
    # Ten chunks of 100 cost ten times one chunk, never one query per variant.
    chunked, seen = chunk_queries(channel, chunk_size=100)
    assert seen == 1000 and chunked == 10 * (small - 1) + 1


def test_a_whole_run_costs_the_same_for_100_and_1000_variants(locales):
    price_list, location = PriceListFactory(code="retail"), LocationFactory(code="warehouse")
    channel = ChannelFactory(code="meta-pl", format="meta_catalog", locale=locales["pl"], price_list=price_list,
                             stock_locations=[location])
    counts = []
    for start, size in ((0, 100), (100, 900)):
        bulk_catalog(variants=size, locales=locales, price_list=price_list, location=location, start=start)
        run = feed_run_create(channel=channel, trigger="manual")
        with CaptureQueriesContext(connection) as captured:
            result = feed_run_execute(run_id=run.pk, chunk_size=5000)
        assert result.status == "succeeded", result.error
        counts.append(len(captured))
    assert result.items_written == 1000
    assert counts[0] == counts[1]
