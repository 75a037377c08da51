"""Editor accounts in the store: one row per editor with the salted hash
of the password (never the password) and the failed sign-ins in a row.

Kept apart from the submissions API because accounts are not data: adding
one or counting a failure is no change of the figures, so it writes no
event and leaves the pages' caches alone. services/accounts.py decides
what to store; this module only reads and writes the rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from store import Store
from store.schema import users
from store.sql import aware


@dataclass(frozen=True)
class Account:
    name: str
    password_hash: str
    failures: int
    blocked_until: dt.datetime | None  # UTC
    communes: str  # the codes the editor may write, comma-separated, or "*" (every one)


def find(store: Store, name: str) -> Account | None:
    with store.transaction() as conn:
        row = conn.execute(sa.select(users).where(users.c.name == name)).mappings().first()
    if row is None:
        return None
    return Account(row["name"], row["password_hash"], row["failures"], aware(row["blocked_until"]), row["communes"])


def insert(store: Store, name: str, password_hash: str, communes: str) -> bool:
    """Add an account that may write `communes`; False when the name is taken."""
    with store.transaction(write=True) as conn:
        if conn.execute(sa.select(users.c.id).where(users.c.name == name)).first():
            return False
        conn.execute(
            users.insert().values(name=name, password_hash=password_hash, created_at=dt.datetime.now(dt.UTC), communes=communes)
        )
    return True


def update(store: Store, name: str, **changes: object) -> None:
    """Set some of failures, blocked_until and password_hash of an account."""
    with store.transaction(write=True) as conn:
        conn.execute(users.update().where(users.c.name == name).values(**changes))
