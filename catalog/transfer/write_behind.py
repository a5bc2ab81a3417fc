"""Writing an import's chunk in a second thread while the run's thread reads and checks the next one.

Creating 100,000 rows spent as long in the database (the INSERTs, then at each commit PostgreSQL's deferred
foreign-key checks) as in Python building and validating them, one after the other. A thread with its own
connection writes and commits chunk N (the driver releases the GIL while the database works) while the run's thread
plans chunk N + 1: at most one chunk waits between them.

Why reading chunk N + 1 before chunk N is committed is safe: an import's chunks hold different products (rows are
grouped by product code) and different SKUs (a SKU twice in the file is rejected), so what chunk N writes is never
what chunk N + 1 reads to compare against. Checks that look at other products (slugs and GTINs taken, products
active now) and the catalog services run in the writing thread, in the chunk's transaction, after the chunk before
has committed, exactly as they do without the thread.

Used on PostgreSQL outside a transaction only: inside one (tests, all-or-nothing) the thread's connection would not
see uncommitted rows, and SQLite allows one writer at a time.
"""

import contextvars
import queue
import sys
import threading
from collections.abc import Callable

from django.db import connection, connections

_END = object()
SWITCH_INTERVAL = 0.0001  # seconds; see WriteBehind.__enter__


def write_behind_usable() -> bool:
    return connection.vendor == "postgresql" and not connection.in_atomic_block and connection.get_autocommit()


class WriteBehind:
    """``with WriteBehind(commit) as writer: writer.put(work)``: ``commit(work)`` runs for each work item, in order,
    in a thread with its own database connection and the caller's context (the history source and user). The first
    error stops the writing; it is raised in the caller's thread at its next ``put`` or when the block ends."""

    def __init__(self, commit: Callable[[object], None]) -> None:
        self.commit = commit
        self.pending: queue.Queue[object] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        # Instrumentation on the run's connection (query counters, the benchmark's) sees the writes made for it.
        self.wrappers = list(connection.execute_wrappers)
        self.thread = threading.Thread(target=contextvars.copy_context().run, args=(self._work,),
                                       name="import-write-behind", daemon=True)

    def _work(self) -> None:
        connections["default"].execute_wrappers = list(self.wrappers)
        try:
            while (work := self.pending.get()) is not _END:
                if self.error is not None:
                    continue  # drained, so the caller's put() never waits for a thread that stopped
                try:
                    self.commit(work)
                except BaseException as error:  # raised in the caller's thread
                    self.error = error
        finally:
            connections.close_all()  # this thread's connections only

    def put(self, work: object) -> None:
        self._raise()
        self.pending.put(work)  # waits while a chunk is already waiting to be written

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def __enter__(self) -> "WriteBehind":
        # A thread whose query has returned waits for the other to hand over the GIL, 5 ms by default: with a
        # statement every few milliseconds, the writer spent half its time waiting for its turn.
        self.switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.thread.start()
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.pending.put(_END)
        self.thread.join()
        sys.setswitchinterval(self.switch_interval)
        if kind is None:
            self._raise()
