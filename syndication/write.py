"""Write: the streaming writer interface that every format implements, plus shared value formatting."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import BinaryIO

from syndication.formats.registry import FormatSpec
from syndication.models import Channel
from syndication.project import FeedItem


class FeedWriter:
    """Writes items to a binary stream as they come: begin(), write_item() per item, end().

    Nothing is kept between items except what a format needs to group (web JSON keeps one product's variants).
    """

    def __init__(self, *, stream: BinaryIO, channel: Channel, spec: FormatSpec,
                 generated_at: datetime.datetime) -> None:
        self.stream, self.channel, self.spec, self.generated_at = stream, channel, spec, generated_at

    def begin(self) -> None:
        raise NotImplementedError

    def write_item(self, item: FeedItem) -> None:
        raise NotImplementedError

    def end(self) -> None:
        raise NotImplementedError

    def write(self, items: Iterable[FeedItem]) -> int:
        count = 0
        self.begin()
        for item in items:
            self.write_item(item)
            count += 1
        self.end()
        return count


def amount_text(amount: Decimal) -> str:
    """``199.00``: "." as the decimal mark, no thousands separator, the decimals money() gave it."""
    return f"{amount:f}"


def money_text(amount: Decimal | None, currency: str) -> str:
    return f"{amount_text(amount)} {currency}" if amount is not None else ""


def datetime_compact_offset(value: datetime.datetime) -> str:
    """Google's form: ``2025-06-01T00:00+0200`` (offset without a colon)."""
    return value.strftime("%Y-%m-%dT%H:%M%z")


def datetime_colon_offset(value: datetime.datetime) -> str:
    """ISO 8601 with ``+02:00``, to the minute (Meta)."""
    return value.isoformat(timespec="minutes")
