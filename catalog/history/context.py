"""Where a change comes from, who made it and why: read by every history row written, saved or bulk.

The source is a context variable: requests under /admin/ and /api/ set it (pim.middleware), the import engine sets
"import", admin bulk actions "bulk"; anything else (management commands, the shell, tests) is "shell". The user
comes from an explicit context (imports on the worker: the job's user) or else from the request that
simple-history's HistoryRequestMiddleware exposes, read when the row is written (an API authenticates in the view).
"""

import contextlib
import datetime
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HistorySource(models.TextChoices):
    ADMIN = "admin", _("Admin")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    BULK = "bulk", _("Bulk action")
    SHELL = "shell", _("Shell")


@dataclass(frozen=True)
class HistoryContext:
    source: str = HistorySource.SHELL
    user: object | None = None  # None: the request's user, when there is a request
    reason: str | None = None
    recording: bool = True  # False inside work that is always rolled back (an import's dry run): nothing to keep


@dataclass
class HistoryScope:
    """One logical save (a product page, an imported product, a restore): each row it writes twice is one version.

    Every row written in the scope carries the scope's start as its date, so "the product as of this version"
    (rows at or before that date) includes the translations and variants saved with it.
    """

    started_at: datetime.datetime
    rows: dict[tuple[type, object], int] = field(default_factory=dict)  # (historical model, object id) -> history_id


_context: ContextVar[HistoryContext] = ContextVar(
    "pim_history_context", default=HistoryContext())  # noqa: B039 (frozen: immutable)
_scope: ContextVar[HistoryScope | None] = ContextVar("pim_history_scope", default=None)
_KEEP = object()


@contextlib.contextmanager
def history_context(*, source: str | None = None, user: object = _KEEP, reason: object = _KEEP,
                    recording: bool | None = None) -> Iterator[HistoryContext]:
    """Rows written inside get this source, user and reason (arguments left out, and a user None or anonymous,
    keep the outer values: a service given ``user=None`` still records the request's user)."""
    current = _context.get()
    changes = {}
    if source is not None:
        changes["source"] = source
    if user is not _KEEP and user is not None and getattr(user, "is_authenticated", False):
        changes["user"] = user
    if reason is not _KEEP:
        changes["reason"] = None if reason is None else str(reason)[:200]
    if recording is not None:
        changes["recording"] = recording
    token = _context.set(replace(current, **changes))
    try:
        yield _context.get()
    finally:
        _context.reset(token)


@contextlib.contextmanager
def history_scope() -> Iterator[HistoryScope]:
    """Fold the rows written inside into one version per object; a scope inside another joins it."""
    outer = _scope.get()
    if outer is not None:
        yield outer
        return
    token = _scope.set(HistoryScope(started_at=timezone.now()))
    try:
        yield _scope.get()
    finally:
        _scope.reset(token)


def history_context_current() -> HistoryContext:
    return _context.get()


def history_scope_current() -> HistoryScope | None:
    return _scope.get()


def history_user_current() -> object | None:
    """The explicit user of the context, else the authenticated user of the current request, else None."""
    explicit = _context.get().user
    if explicit is not None:
        return explicit
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def history_date_current() -> datetime.datetime:
    scope = _scope.get()
    return scope.started_at if scope is not None else timezone.now()
