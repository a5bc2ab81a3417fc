"""Transports push one published file to one destination: SFTP, HTTP(S), or a django-storages backend.

Each returns a PushResult or raises PushError, whose message is for the channel manager and carries no secret
(the delivery service still redacts every known secret of the destination before storing or logging it).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from syndication.models import Destination


@dataclass(frozen=True)
class PushFile:
    path: Path  # the published file on this machine
    name: str  # its name at the destination
    size: int
    content_type: str


@dataclass(frozen=True)
class PushResult:
    bytes_sent: int
    note: str = ""
    host_key_fingerprint: str = ""  # SFTP: the server key seen, pinned on the destination when none was set


class PushError(Exception):
    """A failed push. ``retry`` is False when trying again cannot help (login refused, wrong host key, 4xx)."""

    def __init__(self, message: str, *, retry: bool):
        super().__init__(message)
        self.message, self.retry = message, retry


def transport_push(*, destination: "Destination", file: PushFile, timeout: float) -> PushResult:
    from syndication.models import Destination

    if destination.kind == Destination.Kind.SFTP:
        from syndication.transports.sftp import sftp_push

        return sftp_push(destination=destination, file=file, timeout=timeout)
    if destination.kind == Destination.Kind.HTTP:
        from syndication.transports.http import http_push

        return http_push(destination=destination, file=file, timeout=timeout)
    from syndication.transports.storage import storage_push

    return storage_push(destination=destination, file=file, timeout=timeout)


__all__ = ["PushError", "PushFile", "PushResult", "transport_push"]
