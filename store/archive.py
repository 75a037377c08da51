"""The whole store as an export reads it (services/archive.py): its
communes, programs, submissions and events, across communes, in one
consistent view; each submission's bytes one at a time; and whether a store
holds anything at all (a rebuild writes only into an empty one).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from store import Store
from store.schema import communes, events, programs, submissions

TABLES = {"communes": communes, "programs": programs, "submissions": submissions, "events": events}


@contextmanager
def snapshot(store: Store) -> Iterator[sa.Connection]:
    """One view of the whole store while its server goes on writing: an
    SQLite read transaction is one already (WAL); PostgreSQL's default
    isolation would let each query see newer commits."""
    with store.transaction() as conn:
        if not store.is_sqlite:
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield conn


def rows(conn: sa.Connection, table: str, codes: list[str] | None) -> list[dict]:
    """A table's rows (of some communes, or all), oldest first; a submission without its bytes."""
    source = TABLES[table]
    key, order = (source.c.code, source.c.code) if source is communes else (source.c.commune, source.c.id)
    query = sa.select(*[c for c in source.c if c is not submissions.c.content]).order_by(order)
    query = query if codes is None else query.where(key.in_(codes))
    return [dict(r) for r in conn.execute(query).mappings()]


def content(conn: sa.Connection, submission_id: int) -> bytes:
    """A submission's original bytes."""
    return conn.execute(sa.select(submissions.c.content).where(submissions.c.id == submission_id)).scalar_one()


def holdings(store: Store) -> dict[str, int]:
    """How many communes, submissions and events the whole store holds."""
    with store.transaction() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() for t in (communes, submissions, events)
        }
