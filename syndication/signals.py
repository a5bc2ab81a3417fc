"""Signals syndication sends, so apps built on it (integrations) can react without syndication importing them."""

from django.dispatch import Signal

# Sent after a transaction that left products out of a channel (ChannelListing.excluded turned on) commits.
# Arguments: channel_id (int) and product_ids (frozenset of the products newly excluded).
products_excluded = Signal()
