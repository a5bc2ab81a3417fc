from .channels import Channel, ChannelListing, feed_token_generate, link_template_check
from .destinations import Delivery, Destination
from .runs import FeedIssue, FeedRun
from .schedules import ChannelSchedule

__all__ = [
    "Channel", "ChannelListing", "ChannelSchedule", "Delivery", "Destination", "FeedIssue", "FeedRun",
    "feed_token_generate", "link_template_check",
]
