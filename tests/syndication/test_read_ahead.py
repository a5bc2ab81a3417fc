"""Chunks: the product window finds every variant once, in order; the reading thread changes nothing but the timing."""

import itertools
import threading

import pytest
from django.db import connection

from catalog.models import Product, Variant
from syndication import read_ahead, select
from syndication.read_ahead import chunks_read_ahead
from syndication.select import run_context_build, variant_chunks
from tests.factories import LocationFactory, PriceListFactory, ProductFactory, apparel_family
from tests.syndication.bulk import bulk_catalog
from tests.syndication.factories import ChannelFactory


def _channel(locales, variants: int):
    price_list, location = PriceListFactory(code="retail"), LocationFactory(code="warehouse")
    channel = ChannelFactory(code="google-pl", locale=locales["pl"], price_list=price_list, stock_locations=[location])
    bulk_catalog(variants=variants, locales=locales, price_list=price_list, location=location)
    return channel


def _skus(chunks) -> list[list[str]]:
    return [[variant.sku for variant in chunk.variants] for chunk in chunks]


@pytest.mark.parametrize("chunk_size", [1, 3, 4, 7, 1000])
def test_every_variant_once_in_product_order_whatever_the_variants_per_product(locales, chunk_size):
    family = apparel_family()
    # Products without variants before and after the four-variant ones, then one with a single variant.
    for number in range(5):
        ProductFactory(code=f"EMPTY-{number}", family=family, status=Product.Status.ACTIVE, variants=0)
    channel = _channel(locales, variants=30)
    for number in range(5, 10):
        ProductFactory(code=f"EMPTY-{number}", family=family, status=Product.Status.ACTIVE, variants=0)
    single = Product.objects.order_by("pk").last()
    Variant.objects.create(product=single, sku="SINGLE-1", gtin=None, axis_values={}, axis_key="single")
    expected = list(Variant.objects.order_by("product_id", "pk").values_list("sku", flat=True))

    chunks = _skus(variant_chunks(context=run_context_build(channel=channel), chunk_size=chunk_size))

    assert [sku for chunk in chunks for sku in chunk] == expected
    assert all(0 < len(chunk) <= chunk_size for chunk in chunks)


def test_inside_a_transaction_chunks_are_read_inline(locales):
    channel = _channel(locales, variants=8)
    with chunks_read_ahead(context=run_context_build(channel=channel), chunk_size=3) as chunks:
        assert type(chunks) is read_ahead.ChunkReader  # a thread's connection would not see this test's rows
        assert sum(len(chunk.variants) for chunk in chunks) == 8


@pytest.mark.django_db(transaction=True)
class TestReadingThread:
    """Committed rows, as in a worker: on PostgreSQL the chunks come from a thread with its own connection."""

    def test_same_chunks_and_queries_as_inline_and_the_thread_ends(self, locales):
        channel = _channel(locales, variants=40)
        context = run_context_build(channel=channel)
        inline = _skus(variant_chunks(context=context, chunk_size=6))
        threads_before = threading.active_count()
        seen_queries: list[str] = []

        def count(execute, sql, params, many, context):
            seen_queries.append(sql)
            return execute(sql, params, many, context)

        marks = []
        with connection.execute_wrapper(count), chunks_read_ahead(context=context, chunk_size=6) as chunks:
            threaded = connection.vendor == "postgresql"
            assert isinstance(chunks, read_ahead._ThreadedChunkReader) is threaded
            read = []
            for chunk in chunks:
                marks.append(len(seen_queries))  # every query of this chunk has run, none of the next one
                chunks.read_next()
                read.append([variant.sku for variant in chunk.variants])
        assert read == inline
        # The reading thread's queries reach the run's instrumentation, the same number per chunk.
        assert {after - before for before, after in itertools.pairwise(marks)} == {4}
        assert threading.active_count() == threads_before

    def test_an_error_while_reading_reaches_the_run(self, locales, monkeypatch):
        channel = _channel(locales, variants=20)
        original, calls = select._products, []

        def failing(**kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("database went away")
            return original(**kwargs)

        monkeypatch.setattr(select, "_products", failing)
        threads_before = threading.active_count()
        with pytest.raises(RuntimeError, match="database went away"), \
                chunks_read_ahead(context=run_context_build(channel=channel), chunk_size=5) as chunks:
            for _chunk in chunks:
                chunks.read_next()
        assert threading.active_count() == threads_before

    def test_leaving_early_stops_the_thread(self, locales):
        channel = _channel(locales, variants=20)
        threads_before = threading.active_count()
        with chunks_read_ahead(context=run_context_build(channel=channel), chunk_size=5) as chunks:
            for _chunk in chunks:
                chunks.read_next()
                break
        assert threading.active_count() == threads_before
