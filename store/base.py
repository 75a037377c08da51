"""The Store's base: the engine it opens, the commune it serves, and the
transactions its reads (store/reads.py) and writes (store/writes.py) run in.

A store holds many communes (store/communes.py registers them); a Store
object serves one, `commune`, and every query and write is scoped to it.
Which one: the code it was opened with, else XANH_COMMUNE, else the only
one registered; a store where none is registered yet takes the commune the
catalog is configured for, so a laptop install needs no setup; with
several registered and none named, CommuneChoice says which there are.

Writers are serialised (SQLite BEGIN IMMEDIATE, a PostgreSQL advisory lock)
so concurrent ingests of different files all land, each in its own
transaction. A committed write that changed rows of an SQLite store calls
for its automatic backup (store/autobackup.py).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Self

import sqlalchemy as sa

from store.engine import migrate, open_engine, plan_guide, resolve_url
from store.sql import Driver, result_frame

if TYPE_CHECKING:  # pandas is imported where a frame is made (store/sql.py)
    import pandas as pd


class StoreError(Exception):
    """A store action that cannot be done; the message is Vietnamese."""


class CommuneChoice(StoreError):
    """Several communes are registered and none was named: a usage error."""

    def __init__(self, codes: list[str]):
        super().__init__("Kho có nhiều xã: hãy chọn một bằng --commune MÃ (hoặc XANH_COMMUNE): " + ", ".join(codes) + ".")
        self.codes = codes


class StoreBase(Driver):
    _clock: dt.datetime | None = None  # the time every write records (stamped); None: the time it runs

    def __init__(self, db: str | os.PathLike | None = None, revision: str = "head", commune: str | None = None) -> None:
        self.url = resolve_url(db)
        self.engine = open_engine(self.url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        migrate(self.engine, revision)
        if self.is_sqlite:
            plan_guide(self.engine)
        self._wanted = commune  # as given (--commune), checked against the register on first use
        self._commune: str | None = None

    @property
    def commune(self) -> str:
        """The commune this Store serves, resolved on first use (store.communes.resolve)."""
        if self._commune is None:
            from store.communes import resolve

            self._commune = resolve(self, self._wanted or os.environ.get("XANH_COMMUNE") or None)
        return self._commune

    def _known(self) -> None:
        """Resolve the commune outside any transaction: registering the
        first one writes, which a transaction already open would block."""
        if not self.commune:
            raise StoreError("Chưa xác định được xã của kho dữ liệu.")

    def scoped(self, commune: str) -> Self:
        """The same store serving another commune (one engine for both)."""
        return self._copy(_commune=commune)

    def stamped(self, at: dt.datetime) -> Self:
        """The same store whose writes record `at` (aware) as their time: a
        rebuild replays each act at the time it first happened
        (services/archive.py); nothing else sets the clock."""
        return self._copy(_clock=at.astimezone(dt.UTC))

    def now(self) -> dt.datetime:
        """The time a write records, in UTC."""
        return self._clock or dt.datetime.now(dt.UTC)

    def _copy(self, **changes) -> Self:
        other = object.__new__(type(self))
        other.__dict__.update(self.__dict__)
        other.__dict__.update(changes)
        return other

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[sa.Connection]:
        """A transaction on the whole store (no commune involved: registering
        communes, accounts); a write one is serialised against other writers."""
        if not write:
            with self.engine.connect() as conn:
                yield conn
            return
        with self.engine.connect().execution_options(write=True) as conn:
            before = self._changes(conn)
            with conn.begin():
                if not self.is_sqlite:
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(4242)"))
                yield conn
            changed = self._changes(conn) != before
        if changed:
            from store.autobackup import after_change

            after_change(self.url)  # the laptop store's own backup, once the change is committed

    def _changes(self, conn: sa.Connection) -> int:
        """Rows an SQLite connection has changed since it opened (0 on a
        server's database, which is dumped on a timer instead)."""
        return conn.connection.driver_connection.total_changes if self.is_sqlite else 0

    @contextmanager
    def writing(self) -> Iterator[sa.Connection]:
        """One write transaction of this commune's data, serialised against
        other writers (the commune is known before it starts)."""
        self._known()
        with self.transaction(write=True) as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[sa.Connection]:
        self._known()
        with self.transaction() as conn:
            yield conn

    @contextmanager
    def _conn(self, conn: sa.Connection | None) -> Iterator[sa.Connection]:
        if conn is not None:
            yield conn
        else:
            with self.reading() as c:
                yield c

    def _mine(self, table: sa.Table) -> sa.ColumnElement[bool]:
        """Rows of this Store's commune."""
        return table.c.commune == self.commune

    def _frame(self, query, conn: sa.Connection | None = None) -> pd.DataFrame:
        if conn is not None:
            return result_frame(conn.execute(query))
        with self.reading() as c:
            return result_frame(c.execute(query))
