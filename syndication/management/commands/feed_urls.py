from django.core.management.base import BaseCommand

from syndication.links import channel_feed_url
from syndication.models import Channel


class Command(BaseCommand):
    help = "Print the feed URL of every active channel that has a published feed (make run shows these)."

    def handle(self, *args, **options) -> None:
        for channel in Channel.objects.filter(active=True, current_run__isnull=False).select_related("current_run"):
            run = channel.current_run
            self.stdout.write(f"{channel.name} ({run.items_written} items): {channel_feed_url(channel)}")
