"""The Store's writes: a submission and its values, revert, period locks,
and the audit trail each of them leaves; and the Store itself, its reads
(store/reads.py) with these writes.

Every write runs in one serialised transaction (store/base.py), so the
caller's checks and the write see one state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from catalog import load_catalog
from loaders.result import VALUE_COLUMNS
from store.base import StoreError
from store.merge import GROUP_KEYS, MergePlan, group_by, key_of
from store.reads import Reads
from store.schema import events, locks, submissions, values
from store.sql import chunks, marks

if TYPE_CHECKING:
    import datetime as dt


@dataclass
class RevertResult:
    submission_id: int
    retired: int  # values of the submission taken out
    restored: int  # earlier values made current again


class Store(Reads):
    """The store of one commune: every accepted file as a submission, every
    value pointing to its submission, supersession, revert and period locks."""

    def add_submission(self, conn: sa.Connection, meta: dict, plan: MergePlan, warnings: list[dict]) -> int:
        """Record an accepted file and apply its merge plan, inside `conn`'s
        transaction (the caller checked everything against the same state)."""
        at = self.now()  # one act, one time: the submission's and its event's
        record = {
            **meta,
            "commune": self.commune,
            **plan.summary,
            "warnings": json.dumps(warnings, ensure_ascii=False),
            "created_at": at,
            "state": "accepted",
        }
        sub_id = self._insert(conn, submissions, record)
        for chunk in chunks(plan.retire):
            conn.execute(values.update().where(values.c.id.in_(chunk)).values(active=False, replaced_by=sub_id))
        if plan.insert:
            self._insert_values(conn, sub_id, plan.insert)
        self.record_event(conn, meta["user"], "ingest", at, submission_id=sub_id, period=meta["periods"])
        return sub_id

    def _insert_values(self, conn: sa.Connection, sub_id: int, rows: list[dict]) -> None:
        """A submission's new values, through the driver's executemany: a
        village table is hundreds of values, and SQLAlchemy's processing of
        each row's parameters cost more than the insert itself."""
        columns = ["commune", "submission_id", "active", *VALUE_COLUMNS]
        names = ", ".join(f'"{c}"' for c in columns)
        sql = f'insert into "values" ({names}) values ({marks(columns)})'
        conn.exec_driver_sql(self._sql(sql), [(self.commune, sub_id, True, *(r[c] for c in VALUE_COLUMNS)) for r in rows])

    def revert(self, submission_id: int, user: str) -> RevertResult:
        """Take a submission's values out and make what it replaced current
        again. Where a later submission has since replaced it, that later
        one now stands over the earlier values, so reverting it restores them."""
        with self.writing() as conn:
            sub = (
                conn.execute(sa.select(submissions).where(self._mine(submissions), submissions.c.id == submission_id))
                .mappings()
                .first()
            )
            if sub is None:
                raise StoreError(f"Không có lần nộp số {submission_id}.")
            if sub["state"] != "accepted":
                raise StoreError(f"Lần nộp số {submission_id} đã được hoàn tác trước đó.")
            locked = set(filter(None, sub["periods"].split(","))) & set(self.locked_periods(conn))
            if locked:
                raise StoreError(f"Kỳ {', '.join(sorted(locked))} đã khóa; hãy mở khóa trước khi hoàn tác.")
            own = [dict(r) for r in conn.execute(sa.select(values).where(values.c.submission_id == submission_id)).mappings()]
            earlier = [dict(r) for r in conn.execute(sa.select(values).where(values.c.replaced_by == submission_id)).mappings()]
            restored = self._restore(conn, own, earlier)
            for chunk in chunks([r["id"] for r in own]):
                conn.execute(values.update().where(values.c.id.in_(chunk)).values(active=False, replaced_by=None))
            at = self.now()
            conn.execute(
                submissions.update()
                .where(submissions.c.id == submission_id)
                .values(state="reverted", reverted_at=at, reverted_by=user)
            )
            self.record_event(conn, user, "revert", at, submission_id=submission_id, period=sub["periods"])
        return RevertResult(submission_id, sum(bool(r["active"]) for r in own), restored)

    def _restore(self, conn: sa.Connection, own: list[dict], earlier: list[dict]) -> int:
        """Per merge group (see store.merge): make the values the reverted
        submission replaced current again, or hand them to the submission
        that has replaced it since. Returns how many became current."""
        catalog = load_catalog()
        restored = 0
        for form in {r["form"] for r in earlier}:
            key = key_of(GROUP_KEYS[catalog.forms[form].merge])
            mine = group_by([r for r in own if r["form"] == form], key)
            for group, rows in group_by([r for r in earlier if r["form"] == form], key).items():
                later = next((r["replaced_by"] for r in mine.get(group, []) if not r["active"] and r["replaced_by"]), None)
                update = {"replaced_by": later} if later else {"active": True, "replaced_by": None}
                restored += 0 if later else len(rows)
                for chunk in chunks([r["id"] for r in rows]):
                    conn.execute(values.update().where(values.c.id.in_(chunk)).values(**update))
        return restored

    def lock(self, period: str, user: str) -> bool:
        """Lock a period; False when it already was."""
        with self.writing() as conn:
            if period in self.locked_periods(conn):
                return False
            at = self.now()
            conn.execute(locks.insert().values(commune=self.commune, period=period, locked_by=user, locked_at=at))
            self.record_event(conn, user, "lock", at, period=period)
        return True

    def unlock(self, period: str, user: str) -> bool:
        """Unlock a period; False when it was not locked."""
        with self.writing() as conn:
            if conn.execute(locks.delete().where(self._mine(locks), locks.c.period == period)).rowcount == 0:
                return False
            self.record_event(conn, user, "unlock", period=period)
        return True

    def record_event(self, conn: sa.Connection, user: str, action: str, at: dt.datetime | None = None, **detail) -> None:
        """One line of the audit trail (its id is the change the page caches key on), at
        the time the act's own row records."""
        self._insert(conn, events, {"commune": self.commune, "at": at or self.now(), "user": user, "action": action, **detail})
