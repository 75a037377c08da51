"""The store: every accepted file as a submission, every value pointing to
its submission, supersession, revert and period locks, for one commune.

A store holds many communes (store/communes.py registers them); a Store
object serves one, `commune`, and every query and write here is scoped to
it. Which one: the code it was opened with, else XANH_COMMUNE, else the
only one registered; a store where none is registered yet takes the commune
the catalog is configured for, so a laptop install needs no setup; with
several registered and none named, CommuneChoice says which there are.

SQLite file by default (path or SQLAlchemy URL from --db / XANH_DB, default
data/xanh.sqlite); PostgreSQL through the same URL. Writers are serialised
(SQLite BEGIN IMMEDIATE, a PostgreSQL advisory lock) so concurrent ingests
of different files all land, each in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from catalog import load_catalog
from loaders.result import VALUE_COLUMNS
from store.merge import GROUP_KEYS, MergePlan, group_by, key_of
from store.schema import HEAD, events, locks, submissions, values

if TYPE_CHECKING:  # pandas is imported where a frame is made: the command line's ingest needs none
    import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = ROOT / "data" / "xanh.sqlite"
VALUE_READ = ["id", "submission_id", "form", "period", "entity", "village", "field", "num", "text", "sheet", "row", "column"]
CHUNK = 500
# Rows per distinct prefix of each index of a large store (sqlite_stat1's
# format: table rows, then rows per value of the first column, the first two,
# ...): one commune of a million values; few values per village key.
PLAN_GUIDE = {
    ("values", "ix_values_current"): "1000000 1000000 500000 100000 20000",  # commune, active, form, period
    ("values", "ix_values_key"): "1000000 1000000 50 10 2",  # commune, entity, form, period
    ("submissions", "ix_submissions_commune"): "10000 10000",
    ("submissions", "ix_submissions_sha256"): "10000 1",  # a file's hash: one submission
}
_MIGRATING = threading.Lock()


def resolve_url(db: str | os.PathLike | None = None) -> str:
    """An SQLAlchemy URL from a path or URL (argument, XANH_DB, or the default file)."""
    target = str(db or os.environ.get("XANH_DB") or DEFAULT_DB)
    if "://" in target:
        return target
    path = Path(target).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _engine(url: str) -> sa.Engine:
    """An engine; on SQLite with WAL for concurrent readers and explicit
    BEGIN so writers take the write lock up front (BEGIN IMMEDIATE)
    instead of deadlocking."""
    engine = sa.create_engine(url)
    if engine.dialect.name != "sqlite":
        return engine

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=60000"):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class RevertResult:
    submission_id: int
    retired: int  # values of the submission taken out
    restored: int  # earlier values made current again


class StoreError(Exception):
    """A store action that cannot be done; the message is Vietnamese."""


class CommuneChoice(StoreError):
    """Several communes are registered and none was named: a usage error."""

    def __init__(self, codes: list[str]):
        super().__init__("Kho có nhiều xã: hãy chọn một bằng --commune MÃ (hoặc XANH_COMMUNE): " + ", ".join(codes) + ".")
        self.codes = codes


class Store:
    def __init__(self, db: str | os.PathLike | None = None, revision: str = "head", commune: str | None = None) -> None:
        self.url = resolve_url(db)
        self.engine = _engine(self.url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._migrate(revision)
        if self.is_sqlite:
            self._plan_guide()
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

    def scoped(self, commune: str) -> Store:
        """The same store serving another commune (one engine for both)."""
        other = object.__new__(Store)
        other.__dict__.update(self.__dict__)
        other._commune = commune
        return other

    def _plan_guide(self) -> None:
        """Tell SQLite's planner how selective the values' indexes are, as
        SQLite's documentation describes (sqlite_stat1 written by hand), unless
        an ANALYZE has measured them. Without it a store still filling up
        reads a whole form's active values through ix_values_current to find
        a few villages' (the keys of a file), and a city's batch slows with
        every file. PostgreSQL keeps statistics of its own."""
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection
            if raw.execute("select count(*) from sqlite_master where name = 'sqlite_stat1'").fetchone()[0] == 0:
                raw.execute("ANALYZE")  # creates sqlite_stat1 (empty tables give it no rows)
            known = set(raw.execute("select tbl, idx from sqlite_stat1"))
            missing = [(*key, stat) for key, stat in PLAN_GUIDE.items() if key not in known]
            if missing:
                raw.executemany("insert into sqlite_stat1 (tbl, idx, stat) values (?, ?, ?)", missing)
                raw.commit()
        self.engine.dispose()  # connections opened from now on read the guide

    def _migrate(self, revision: str) -> None:
        """Bring the schema up to an Alembic revision (the newest, but for
        tests of upgrades).

        Alembic keeps module-level state, hence the lock for stores opened in
        threads. On SQLite, changing a column rebuilds its table (copy, drop,
        rename), which foreign keys would refuse while other rows point to
        it: they are switched off around the migration, as SQLite advises."""
        if revision == "head" and self._revision() == HEAD:
            return  # the usual case: no need to load Alembic and its scripts
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        with _MIGRATING, self.engine.connect() as conn:
            if self.is_sqlite:  # on the driver: a PRAGMA inside a transaction does nothing
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
            if self.is_sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")

    def _revision(self) -> str | None:
        """The schema's Alembic revision, None for a new or foreign database."""
        try:
            with self.engine.connect() as conn:
                return conn.execute(sa.text("select version_num from alembic_version")).scalar()
        except sa.exc.DBAPIError:
            return None

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[sa.Connection]:
        """A transaction on the whole store (no commune involved: registering
        communes, accounts); a write one is serialised against other writers."""
        if not write:
            with self.engine.connect() as conn:
                yield conn
            return
        with self.engine.connect().execution_options(write=True) as conn, conn.begin():
            if not self.is_sqlite:
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(4242)"))
            yield conn

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

    # ----- reads -------------------------------------------------------------
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
            where, params = f"{where} and form in ({_marks(forms)})", [*params, *forms]
        if periods is not None:
            where, params = f"{where} and period in ({_marks(periods)})" if periods else f"{where} and 1 = 0", [*params, *periods]
        with self._conn(conn) as c:
            return _frame_of(VALUE_READ, self._active_rows(c, where, params))

    def current_records(self, conn: sa.Connection, forms: list[str], periods: list[str], entities: set[str]) -> list[dict]:
        """Active values a file may merge with: of its forms and periods, and
        of its keys (a register form's whole period, since it is replaced)."""
        catalog = load_catalog()
        registers = [f for f in forms if catalog.forms[f].merge == "register"]
        if not forms or not periods or (not registers and not entities):
            return []
        keys = sorted(entities)
        scope = " or ".join(
            ([f"form in ({_marks(registers)})"] if registers else []) + ([f"entity in ({_marks(keys)})"] if keys else [])
        )
        where = f"form in ({_marks(forms)}) and period in ({_marks(periods)}) and ({scope})"
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
        return self._active_values(conn, f"form = ? and field = ? and entity in ({_marks(keys)})", [form, field, *keys])

    def _active_values(self, conn: sa.Connection, where: str, params: list) -> list[dict]:
        """This commune's active values (VALUE_READ) matching `where`, as records."""
        return [dict(zip(VALUE_READ, row)) for row in self._active_rows(conn, where, params)]

    def _active_rows(self, conn: sa.Connection, where: str, params: list) -> list[tuple]:
        columns = ", ".join(f'"{c}"' for c in VALUE_READ)
        sql = f'select {columns} from "values" where commune = ? and active = TRUE and {where}'
        return self._rows(conn, sql, [self.commune, *params])

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

    def _mine(self, table: sa.Table) -> sa.ColumnElement[bool]:
        """Rows of this Store's commune."""
        return table.c.commune == self.commune

    def _frame(self, query, conn: sa.Connection | None = None) -> pd.DataFrame:
        if conn is not None:
            return result_frame(conn.execute(query))
        with self.reading() as c:
            return result_frame(c.execute(query))

    def accepted_with_hash(self, sha256: str, conn: sa.Connection | None = None) -> int | None:
        sql = "select id from submissions where commune = ? and sha256 = ? and state = 'accepted'"
        with self._conn(conn) as c:
            return self._driver(c, sql, [self.commune, sha256]).scalar()

    @contextmanager
    def _conn(self, conn: sa.Connection | None) -> Iterator[sa.Connection]:
        if conn is not None:
            yield conn
        else:
            with self.reading() as c:
                yield c

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
        frame = _frame_of(columns, rows)
        frame["num"] = frame["num"].astype(float)
        frame["submission_id"] = frame["submission_id"].astype("int64")  # also when there is none yet
        subs = subs.rename(columns={"id": "submission_id"}).astype({"submission_id": "int64"})
        return frame.merge(subs, on="submission_id", how="left")

    # ----- writes ------------------------------------------------------------
    def add_submission(self, conn: sa.Connection, meta: dict, plan: MergePlan, warnings: list[dict]) -> int:
        """Record an accepted file and apply its merge plan, inside `conn`'s
        transaction (the caller checked everything against the same state)."""
        record = {
            **meta,
            "commune": self.commune,
            **plan.summary,
            "warnings": json.dumps(warnings, ensure_ascii=False),
            "created_at": _now(),
            "state": "accepted",
        }
        sub_id = self._insert(conn, submissions, record)
        for chunk in _chunks(plan.retire):
            conn.execute(values.update().where(values.c.id.in_(chunk)).values(active=False, replaced_by=sub_id))
        if plan.insert:
            self._insert_values(conn, sub_id, plan.insert)
        self.record_event(conn, meta["user"], "ingest", submission_id=sub_id, period=meta["periods"])
        return sub_id

    def _insert_values(self, conn: sa.Connection, sub_id: int, rows: list[dict]) -> None:
        """A submission's new values, through the driver's executemany: a
        village table is hundreds of values, and SQLAlchemy's processing of
        each row's parameters cost more than the insert itself."""
        columns = ["commune", "submission_id", "active", *VALUE_COLUMNS]
        names = ", ".join(f'"{c}"' for c in columns)
        sql = f'insert into "values" ({names}) values ({_marks(columns)})'
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
            for chunk in _chunks([r["id"] for r in own]):
                conn.execute(values.update().where(values.c.id.in_(chunk)).values(active=False, replaced_by=None))
            conn.execute(
                submissions.update()
                .where(submissions.c.id == submission_id)
                .values(state="reverted", reverted_at=_now(), reverted_by=user)
            )
            self.record_event(conn, user, "revert", submission_id=submission_id, period=sub["periods"])
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
                for chunk in _chunks([r["id"] for r in rows]):
                    conn.execute(values.update().where(values.c.id.in_(chunk)).values(**update))
        return restored

    def lock(self, period: str, user: str) -> bool:
        """Lock a period; False when it already was."""
        with self.writing() as conn:
            if period in self.locked_periods(conn):
                return False
            conn.execute(locks.insert().values(commune=self.commune, period=period, locked_by=user, locked_at=_now()))
            self.record_event(conn, user, "lock", period=period)
        return True

    def unlock(self, period: str, user: str) -> bool:
        """Unlock a period; False when it was not locked."""
        with self.writing() as conn:
            if conn.execute(locks.delete().where(self._mine(locks), locks.c.period == period)).rowcount == 0:
                return False
            self.record_event(conn, user, "unlock", period=period)
        return True

    def record_event(self, conn: sa.Connection, user: str, action: str, **detail) -> None:
        """One line of the audit trail (its id is the change the page caches key on)."""
        self._insert(conn, events, {"commune": self.commune, "at": _now(), "user": user, "action": action, **detail})

    def _insert(self, conn: sa.Connection, table: sa.Table, record: dict) -> int:
        """Insert one row through the driver, each value converted as its
        column's type would (dates on SQLite); the new row's id."""
        names = list(record)
        params = [_bound(self.engine.dialect, table.c[n])(record[n]) for n in names]
        columns = ", ".join(f'"{n}"' for n in names)
        sql = f'insert into "{table.name}" ({columns}) values ({_marks(names)}) returning id'
        return self._driver(conn, sql, params).scalar_one()


def _chunks(items: list) -> Iterator[list]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


@functools.cache
def _bound(dialect: sa.Dialect, column: sa.Column) -> Callable[[object], object]:
    """What the column's type makes of a Python value for this dialect's driver."""
    return column.type.dialect_impl(dialect).bind_processor(dialect) or (lambda value: value)


def _marks(items: list) -> str:
    return ", ".join("?" * len(items))


def result_frame(result: sa.CursorResult) -> pd.DataFrame:
    """A query's rows as a frame with its column names."""
    return _frame_of(list(result.keys()), result.fetchall())


def _frame_of(columns: list[str], rows: list) -> pd.DataFrame:
    """Rows as a frame, built column by column: handed SQLAlchemy's Row
    objects, pandas probes each for attributes it lacks, which took most of
    a city-scale refresh."""
    import pandas as pd

    return pd.DataFrame({c: list(v) for c, v in zip(columns, zip(*rows))} if rows else {c: [] for c in columns})
