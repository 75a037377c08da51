"""Many files at once: read in parallel, checked and written in order.

A city's batch is thousands of village workbooks. Each file is read on its
own (parsed and checked cell by cell) by the sandbox's worker processes,
several at a time, while this process checks each against the store and
writes it, one after another in the order given, each in its own
transaction: the same outcome as ingest_file on each file in turn, with the
reading off the writer's path.

Reading depends on the store in one way only: village names resolve
through the village registry (Biểu 00). A file read ahead under a registry
that an earlier file of the batch has since changed is read again: the
files waiting are sent back to the workers when a registry is written, and
the writer reads a file again itself if the registry it finds (another
process may write too) is not the one the file was read under.
"""

from __future__ import annotations

import contextvars
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from loaders.headers import REGISTRY_FORM
from loaders.registry import Registry
from loaders.result import LoadResult
from loaders.sandbox import WORKERS
from services.ingest import MAX_BYTES, FileReport, current_registry, load, read_source, settle
from store import Store

AHEAD = 2 * WORKERS  # files read ahead of the writer: enough to keep every worker busy, few enough to bound memory


@dataclass
class _Reading:
    """A file sent to the workers: its bytes, name, the registry it is read under."""

    source: str | Path
    content: bytes | None
    shown: str
    registry: Registry
    future: Future[LoadResult]


def process_files(
    store: Store,
    sources: Iterable[str | Path],
    period: str | None = None,
    user: str | None = None,
    max_bytes: int = MAX_BYTES,
    done: Callable[[FileReport], None] | None = None,
) -> list[FileReport]:
    """Validate (user None) or ingest (as `user`) the files, in order; `done`
    is told of each report as it is settled (a progress bar)."""
    reports: list[FileReport] = []
    with ThreadPoolExecutor(WORKERS, thread_name_prefix="xanh-read") as pool:
        batch = _Batch(store, pool, iter(sources), period, max_bytes)
        for reading in batch.in_order():
            result = reading.future.result()  # before the transaction: no write lock held while a file is parsed
            with _transaction(store, user) as conn:
                registry = current_registry(store, conn)
                if registry.version != reading.registry.version:  # the registry changed under it: read it again
                    result = load(_payload(reading), reading.shown, registry, period, max_bytes)
                report = settle(store, conn, reading.content, reading.shown, result, user)
            if report.submission_id and REGISTRY_FORM in report.forms:
                batch.registry_changed()
            reports.append(report)
            if done:
                done(report)
    return reports


def _transaction(store: Store, user: str | None) -> AbstractContextManager:
    return store.writing() if user is not None else store.reading()


def _payload(reading: _Reading):
    """What a worker reads: the bytes, or the path of a file that could not
    be read here (the loader then says why)."""
    return reading.content if reading.content is not None else reading.source


class _Batch:
    """The files being read ahead, in order."""

    def __init__(self, store: Store, pool: ThreadPoolExecutor, sources: Iterator, period: str | None, max_bytes: int):
        self.store, self.pool, self.sources = store, pool, sources
        self.period, self.max_bytes = period, max_bytes
        self.waiting: deque[_Reading] = deque()
        self._read_registry()

    def _read_registry(self) -> None:
        with self.store.reading() as conn:
            self.registry = current_registry(self.store, conn)

    def in_order(self) -> Iterator[_Reading]:
        self._fill()
        while self.waiting:
            yield self.waiting.popleft()
            self._fill()

    def _fill(self) -> None:
        while len(self.waiting) < AHEAD:
            source = next(self.sources, None)
            if source is None:
                return
            content, shown = read_source(source, None, self.max_bytes)
            self.waiting.append(self._send(_Reading(source, content, shown, self.registry, Future())))

    def _send(self, reading: _Reading) -> _Reading:
        reading.registry = self.registry
        # in this thread's context: the catalog is the commune's program (catalog.using), not the shipped one
        context = contextvars.copy_context()
        reading.future = self.pool.submit(
            context.run, load, _payload(reading), reading.shown, self.registry, self.period, self.max_bytes
        )
        return reading

    def registry_changed(self) -> None:
        """A file of the batch wrote the registry: the files read ahead under
        the old one are read again (a reading already under way finishes
        and is dropped)."""
        self._read_registry()
        for reading in self.waiting:
            reading.future.cancel()
            self._send(reading)
