"""The Store's reads: current values (as frames for the pages, as records
for a file's checks and merge), the village registry, submissions, locks,
events and the change the pages' caches key on.

The reads every file makes and those of a whole commune's values go through
the driver (store/sql.py); the rest are SQLAlchemy Core.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from catalog import load_catalog
from store.base import StoreBase
from store.schema import events, locks, submissions, values
from store.sql import frame_of, marks, result_frame

if TYPE_CHECKING:  # pandas is imported where a frame is made (store/sql.py)
    import pandas as pd

VALUE_READ = ["id", "submission_id", "form", "period", "entity", "village", "field", "num", "text", "sheet", "row", "column"]


class Reads(StoreBase):
    def current_values(
        self,
        forms: list[str] | None = None,
        periods: list[str] | None = None,
        conn: sa.Connection | None = None,
    ) -> pd.DataFrame:
        """Active values (optionally of some forms and periods) with ids,
        through the driver (a city's commune holds 200,000 of them)."""
        where, params = "1 = 1", []
        if forms:
            where, params = f"{where} and form in ({marks(forms)})", [*params, *forms]
        if periods is not None:
            where, params = f"{where} and period in ({marks(periods)})" if periods else f"{where} and 1 = 0", [*params, *periods]
        with self._conn(conn) as c:
            return frame_of(VALUE_READ, self._active_rows(c, where, params))

    def entity_values(self, form: str, entity: str) -> list[dict]:
        """One village's (or task's) active values of a form, every period,
        through the index on keys: what a phone page shows as earlier figures."""
        with self.reading() as conn:
            return self._active_values(conn, "entity = ? and form = ?", [entity, form])

    def current_records(self, conn: sa.Connection, forms: list[str], periods: list[str], entities: set[str]) -> list[dict]:
        """Active values a file may merge with: of its forms and periods, and
        of its keys (a register form's whole period, since it is replaced)."""
        catalog = load_catalog()
        registers = [f for f in forms if catalog.forms[f].merge == "register"]
        if not forms or not periods or (not registers and not entities):
            return []
        keys = sorted(entities)
        scope = " or ".join(
            ([f"form in ({marks(registers)})"] if registers else []) + ([f"entity in ({marks(keys)})"] if keys else [])
        )
        where = f"form in ({marks(forms)}) and period in ({marks(periods)}) and ({scope})"
        return self._active_values(conn, where, [*forms, *periods, *registers, *keys])

    def registry_version(self, conn: sa.Connection) -> tuple[int, int, int]:
        """A fingerprint of the current village registry: how many values it
        holds, the sum and the largest of their ids. A change to it (a new
        Biểu 00, whose values all take new, larger ids; a revert, which
        brings back smaller ones) changes the set of active ids and so the
        fingerprint; far cheaper than reading the registry to compare it."""
        sql = 'select count(*), coalesce(sum(id), 0), coalesce(max(id), 0) from "values" where commune = ? and active = TRUE and form = ?'
        count, total, largest = self._driver(conn, sql, [self.commune, "00"]).one()
        return int(count), int(total), int(largest)

    def registry_triples(self, conn: sa.Connection) -> list[tuple[str, str, str | None]]:
        """(village code, field, text) of the current village registry (Biểu 00)."""
        query = sa.select(values.c.entity, values.c.field, values.c.text).where(
            self._mine(values), values.c.active.is_(True), values.c.form == "00"
        )
        return [tuple(r) for r in conn.execute(query)]

    def field_history(self, conn: sa.Connection, form: str, field: str, entities: set[str]) -> list[dict]:
        """Active values of one field for some keys, every period."""
        if not entities:
            return []
        keys = sorted(entities)
        return self._active_values(conn, f"form = ? and field = ? and entity in ({marks(keys)})", [form, field, *keys])

    def _active_values(self, conn: sa.Connection, where: str, params: list) -> list[dict]:
        """This commune's active values (VALUE_READ) matching `where`, as records."""
        return [dict(zip(VALUE_READ, row)) for row in self._active_rows(conn, where, params)]

    def _active_rows(self, conn: sa.Connection, where: str, params: list) -> list[tuple]:
        columns = ", ".join(f'"{c}"' for c in VALUE_READ)
        sql = f'select {columns} from "values" where commune = ? and active = TRUE and {where}'
        return self._rows(conn, sql, [self.commune, *params])

    def accepted_with_hash(self, sha256: str, conn: sa.Connection | None = None) -> int | None:
        sql = "select id from submissions where commune = ? and sha256 = ? and state = 'accepted'"
        with self._conn(conn) as c:
            return self._driver(c, sql, [self.commune, sha256]).scalar()

    def locked_codes(self, conn: sa.Connection) -> set[str]:
        """The locked periods' codes (every file's check asks: through the driver)."""
        return {row[0] for row in self._driver(conn, "select period from locks where commune = ?", [self.commune])}

    def locked_periods(self, conn: sa.Connection | None = None) -> dict[str, dict]:
        with self._conn(conn) as c:
            rows = (
                c.execute(sa.select(locks.c.period, locks.c.locked_by, locks.c.locked_at).where(self._mine(locks)))
                .mappings()
                .all()
            )
        return {r["period"]: dict(r) for r in rows}

    def submissions(self) -> pd.DataFrame:
        """Every submission, newest first, without the file bytes."""
        cols = [c for c in submissions.c if c.name not in ("content", "commune")]
        return self._frame(sa.select(*cols).where(self._mine(submissions)).order_by(submissions.c.id.desc()))

    def submission(self, submission_id: int) -> dict | None:
        with self.reading() as c:
            row = (
                c.execute(sa.select(submissions).where(self._mine(submissions), submissions.c.id == submission_id))
                .mappings()
                .first()
            )
        return dict(row) if row else None

    def village_reports(self, form: str) -> pd.DataFrame:
        """(submission_id, village, period) for every submission that brought
        values of `form` for a village, superseded values included: when a
        village's report first arrived (metrics.completeness.punctuality)."""
        query = (
            sa.select(values.c.submission_id, values.c.village, values.c.period)
            .where(self._mine(values), values.c.form == form, values.c.village.is_not(None))
            .distinct()
        )
        return self._frame(query)

    def events(self) -> pd.DataFrame:
        return self._frame(sa.select(events).where(self._mine(events)).order_by(events.c.id.desc()))

    def last_change(self) -> int:
        """A number that grows with every change: the key for page caches."""
        with self.reading() as c:
            return c.execute(sa.select(sa.func.coalesce(sa.func.max(events.c.id), 0)).where(self._mine(events))).scalar()

    def value_sources(self) -> pd.DataFrame:
        """Active values (without their cell locations) with the file, sender
        and time of the submission each came from.

        Read through the driver's cursor into columns: at city scale (about
        200,000 values) SQLAlchemy's per-row processing costs seconds."""
        columns = ["submission_id", "form", "period", "entity", "village", "field", "num", "text"]
        sql = f'SELECT {", ".join(columns)} FROM "values" WHERE commune = ? AND active = TRUE'
        with self.reading() as conn:
            rows = self._rows(conn, sql, [self.commune])
            subs = result_frame(
                conn.execute(
                    sa.select(submissions.c.id, submissions.c.filename, submissions.c.user, submissions.c.created_at).where(
                        self._mine(submissions)
                    )
                )
            )
        frame = frame_of(columns, rows)
        frame["num"] = frame["num"].astype(float)
        frame["submission_id"] = frame["submission_id"].astype("int64")  # also when there is none yet
        subs = subs.rename(columns={"id": "submission_id"}).astype({"submission_id": "int64"})
        return frame.merge(subs, on="submission_id", how="left")
