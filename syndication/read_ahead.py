"""Reading the next chunk of a feed run while the current one is projected and written.

A chunk's queries spend about a third of their time waiting for PostgreSQL; a thread with its own connection does
that waiting while the run's thread works (the driver releases the GIL while it waits). The thread reads one
chunk at a time and only when asked, so at most three chunks exist at once (the one being written, the one read,
the one being read) and every query of a chunk has run before the run hears of that chunk: the queries between
two chunks stay the same for every chunk.

Used on PostgreSQL outside a transaction only: inside one (tests, an atomic caller) the thread's connection would
not see uncommitted rows, and SQLite lets a reading connection block the run's writes.
"""

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, connections

from syndication.select import Chunk, RunContext, variant_chunks

_END = object()


class ChunkReader:
    """Iterates over a run's chunks; ``read_next()`` starts reading the one after the chunk just received."""

    def __init__(self, chunks: Iterator[Chunk]) -> None:
        self.chunks = chunks

    def read_next(self) -> None:  # read inline, when asked for it
        pass

    def __iter__(self) -> Iterator[Chunk]:
        return self.chunks

    def close(self) -> None:
        pass


class _ThreadedChunkReader(ChunkReader):
    def __init__(self, chunks: Iterator[Chunk]) -> None:
        super().__init__(chunks)
        self.requests: queue.Queue[bool] = queue.Queue()
        self.results: queue.Queue[object] = queue.Queue()
        self.requested = False
        # Instrumentation on the run's connection (query counters, the benchmark's) sees the reads made for it.
        self.wrappers = list(connection.execute_wrappers)
        self.thread = threading.Thread(target=self._work, name="feed-read-ahead", daemon=True)
        self.thread.start()

    def _work(self) -> None:
        connections["default"].execute_wrappers = list(self.wrappers)
        try:
            while self.requests.get():
                try:
                    chunk = next(self.chunks, _END)
                except BaseException as error:  # handed to the run's thread, which raises it
                    self.results.put(error)
                    return
                self.results.put(chunk)
                if chunk is _END:
                    return
        finally:
            connections.close_all()  # this thread's connections only

    def read_next(self) -> None:
        if not self.requested:
            self.requested = True
            self.requests.put(True)

    def __iter__(self) -> Iterator[Chunk]:
        while True:
            self.read_next()
            result = self.results.get()
            self.requested = False
            if result is _END:
                return
            if isinstance(result, BaseException):
                raise result
            yield result

    def close(self) -> None:
        self.requests.put(False)  # a worker waiting for a request stops; one reading stops after that chunk
        self.thread.join()


def _threads_usable() -> bool:
    return connection.vendor == "postgresql" and not connection.in_atomic_block and connection.get_autocommit()


@contextmanager
def chunks_read_ahead(*, context: RunContext, chunk_size: int) -> Iterator[ChunkReader]:
    """The run's chunks, each read in a thread while the previous one is being worked on, where that is safe."""
    chunks = variant_chunks(context=context, chunk_size=chunk_size)
    reader = _ThreadedChunkReader(chunks) if _threads_usable() else ChunkReader(chunks)
    try:
        yield reader
    finally:
        reader.close()
