import shutil
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from syndication.models import Channel, FeedRun
from syndication.pipeline import channel_variant_count
from syndication.publish import feeds_root
from syndication.services import feed_run_create, feed_run_execute


class Command(BaseCommand):
    help = "Generate and publish a channel's feed now, with a progress bar; optionally copy the file to --output."

    def add_arguments(self, parser) -> None:
        parser.add_argument("channel", help="channel code")
        parser.add_argument("--output", help="also copy the published file to this path")
        parser.add_argument("--chunk-size", type=int, default=None, help="variants per chunk (default: settings)")

    def handle(self, *args, channel: str, output: str | None, chunk_size: int | None, **options) -> None:
        found = Channel.objects.select_related("locale", "price_list").filter(code=channel).first()
        if found is None:
            raise CommandError(f"No channel with the code {channel!r}.")
        total = channel_variant_count(channel=found)
        run = feed_run_create(channel=found, trigger=FeedRun.Trigger.COMMAND)
        verbosity = int(options.get("verbosity", 1))
        with tqdm(total=total, unit="variant", file=sys.stderr, disable=verbosity == 0,
                  desc=found.code) as bar:
            result = feed_run_execute(run_id=run.pk, progress=bar.update, chunk_size=chunk_size)
        if result is None or result.status != FeedRun.Status.SUCCEEDED:
            raise CommandError(f"Run {run.pk} failed: {result.error if result else 'claimed by another worker'}")
        path = feeds_root() / result.storage_path
        if output:
            shutil.copyfile(path, output)
        self.stdout.write(
            f"{found.code}: {result.items_written} items written, {result.items_skipped} left out, "
            f"{result.warnings} warnings, {result.bytes} bytes ({result.gzip_bytes} gzipped), sha256 {result.sha256}\n"
            f"{path}" + (f"\ncopied to {output}" if output else "")
        )
