"""The feed pipeline's item stream: select -> project -> validate, recording FeedIssues chunk by chunk."""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from syndication.formats.registry import FormatSpec, format_get
from syndication.models import Channel, FeedIssue, FeedRun
from syndication.project import FeedItem, feed_item_project
from syndication.read_ahead import chunks_read_ahead
from syndication.select import (
    Chunk,
    RunContext,
    chunk_lookups,
    run_context_build,
    run_contexts_build,
    variant_chunks,
    variant_rows,
    variants_in_channel_scope,
)
from syndication.validate import ERROR, WARNING, Issue, feed_item_validate


@dataclass
class RunCounters:
    items_written: int = 0
    items_skipped: int = 0
    warnings: int = 0


def feed_items(*, run: FeedRun, channel: Channel, spec: FormatSpec, counters: RunCounters,
               now: datetime.datetime, progress: Callable[[int], None] | None = None,
               chunk_size: int | None = None) -> Iterator[FeedItem]:
    """Valid items, chunk by chunk. Issues of a chunk are saved in one INSERT before its items are yielded.

    ``progress`` hears of each chunk once it is read (before its items are written), and the next chunk is read
    while this one is worked on (read_ahead.py).
    """
    context = run_context_build(channel=channel)
    with chunks_read_ahead(context=context, chunk_size=chunk_size or settings.PIM_FEED_CHUNK_SIZE) as chunks:
        for chunk in chunks:
            if progress is not None:
                progress(len(chunk.variants))
            chunks.read_next()
            yield from _chunk_items(chunk, run=run, context=context, spec=spec, counters=counters, now=now)


def _chunk_items(chunk: Chunk, *, run: FeedRun, context: RunContext, spec: FormatSpec, counters: RunCounters,
                 now: datetime.datetime) -> list[FeedItem]:
    kept, issues = [], []
    lookups = chunk.lookups
    for variant in chunk.variants:
        item = feed_item_project(variant=variant, context=context, lookups=lookups, now=now)
        problems = feed_item_validate(item=item, spec=spec)
        if not problems:  # the usual case: nothing to record
            kept.append(item)
            continue
        issues += [FeedIssue(run=run, sku=item.sku, product_code=item.product_code, field=problem.field,
                             severity=problem.severity, code=problem.code, message=problem.message[:2000])
                   for problem in problems]
        if any(problem.severity == ERROR for problem in problems):
            counters.items_skipped += 1
        else:
            kept.append(item)
        counters.warnings += sum(problem.severity == WARNING for problem in problems)
    if issues:
        FeedIssue.objects.bulk_create(issues)
    return kept


def channel_variant_count(*, channel: Channel) -> int:
    """How many variants a run will look at (for a progress bar)."""
    return variants_in_channel_scope(context=run_context_build(channel=channel)).count()


@dataclass
class PreviewRow:
    item: FeedItem
    problems: list[Issue]

    @property
    def left_out(self) -> bool:
        return any(problem.severity == ERROR for problem in self.problems)


def channel_preview(*, channel: Channel, limit: int = 5) -> list[PreviewRow]:
    """The first items as the channel would get them now, with their problems; reads only, writes nothing."""
    spec, _writer = format_get(channel.format)
    context = run_context_build(channel=channel)
    rows: list[PreviewRow] = []
    now = timezone.now()
    for chunk in variant_chunks(context=context, chunk_size=limit):
        for variant in chunk.variants:
            item = feed_item_project(variant=variant, context=context, lookups=chunk.lookups, now=now)
            rows.append(PreviewRow(item=item, problems=feed_item_validate(item=item, spec=spec)))
        break  # one chunk of ``limit`` variants is the preview
    return rows


@dataclass
class ChannelReadiness:
    channel: Channel
    ready: bool
    reasons: list[str]


def product_channel_readiness(*, product_id: int, channels: list[Channel]) -> list[ChannelReadiness]:
    """Would the product's variants go into each channel's feed now, and if not, why (four queries a channel)."""
    results = []
    now = timezone.now()
    for channel, context in zip(channels, run_contexts_build(channels=channels), strict=True):
        spec, _writer = format_get(channel.format)
        variants = variant_rows(
            variants_in_channel_scope(context=context).filter(product_id=product_id).order_by("pk"), context=context)
        if not variants:
            results.append(ChannelReadiness(channel, False, [
                gettext("not in the channel's scope (status, categories or excluded)")]))
            continue
        lookups = chunk_lookups(context=context, variants=variants)
        reasons = []
        for variant in variants:
            item = feed_item_project(variant=variant, context=context, lookups=lookups, now=now)
            reasons += [f"{variant.sku}: {problem.field}: {problem.message}"
                        for problem in feed_item_validate(item=item, spec=spec) if problem.severity == ERROR]
        results.append(ChannelReadiness(channel, not reasons, reasons))
    return results
