"""Driver-level SQL: statements written with ? marks and run on the driver
(the Store's Driver base), and query results as frames. SQLAlchemy Core
stays the store's language everywhere else; these are the queries every
file makes and the reads of thousands of rows, where its expressions and
per-row processing cost most of the time (docs/decisions.md, Speed).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:  # pandas is imported where a frame is made: the command line's ingest needs none
    import pandas as pd

CHUNK = 500


class Driver:
    """The Store's statements through the driver (a base of the Store)."""

    engine: sa.Engine
    is_sqlite: bool

    def _driver(self, conn: sa.Connection, sql: str, params: list) -> sa.CursorResult:
        """A statement written with ? marks, through the driver: the queries
        every file makes, where building and caching SQLAlchemy expressions
        cost a fifth of a batch's writer (the values and commune are
        parameters, never text)."""
        return conn.exec_driver_sql(self._sql(sql), tuple(params))

    def _rows(self, conn: sa.Connection, sql: str, params: list) -> list[tuple]:
        """All rows of a statement with ? marks, as the driver's cursor gives
        them: for thousands of rows, SQLAlchemy's processing of each costs
        seconds (no conversion is needed: these columns are plain numbers and
        texts)."""
        cursor = conn.connection.driver_connection.cursor()
        try:
            cursor.execute(self._sql(sql), tuple(params))
            return cursor.fetchall()
        finally:
            cursor.close()

    def _sql(self, sql: str) -> str:
        """A statement written with ? marks, in this driver's marks (the
        statements never hold a literal "?" or "%")."""
        return sql if self.is_sqlite else sql.replace("?", "%s")

    def _insert(self, conn: sa.Connection, table: sa.Table, record: dict) -> int:
        """Insert one row through the driver, each value converted as its
        column's type would (dates on SQLite); the new row's id."""
        names = list(record)
        params = [_bound(self.engine.dialect, table.c[n])(record[n]) for n in names]
        columns = ", ".join(f'"{n}"' for n in names)
        sql = f'insert into "{table.name}" ({columns}) values ({marks(names)}) returning id'
        return self._driver(conn, sql, params).scalar_one()


def aware(value: object) -> object:
    """A time as aware UTC (SQLite hands times back naive; every stored time is UTC); anything else as it is."""
    return value.replace(tzinfo=dt.UTC) if isinstance(value, dt.datetime) and value.tzinfo is None else value


def chunks(items: list) -> Iterator[list]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


@functools.cache
def _bound(dialect: sa.Dialect, column: sa.Column) -> Callable[[object], object]:
    """What the column's type makes of a Python value for this dialect's driver."""
    return column.type.dialect_impl(dialect).bind_processor(dialect) or (lambda value: value)


def marks(items: list) -> str:
    return ", ".join("?" * len(items))


def result_frame(result: sa.CursorResult) -> pd.DataFrame:
    """A query's rows as a frame with its column names."""
    return frame_of(list(result.keys()), result.fetchall())


def frame_of(columns: list[str], rows: list) -> pd.DataFrame:
    """Rows as a frame, built column by column: handed SQLAlchemy's Row
    objects, pandas probes each for attributes it lacks, which took most of
    a city-scale refresh."""
    import pandas as pd

    return pd.DataFrame({c: list(v) for c, v in zip(columns, zip(*rows))} if rows else {c: [] for c in columns})
