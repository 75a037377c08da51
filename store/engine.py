"""Where a store lives and the shape it is in: the SQLAlchemy URL, the
engine, the schema's Alembic migrations and SQLite's plan guide.

SQLite file by default (path or SQLAlchemy URL from --db / XANH_DB, default
data/xanh.sqlite); PostgreSQL through the same URL.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import sqlalchemy as sa

from store.schema import HEAD

ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_DB = ROOT / "data" / "xanh.sqlite"
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


CONNECT_SECONDS = 5


def resolve_url(db: str | os.PathLike | None = None) -> str:
    """An SQLAlchemy URL from a path or URL (argument, XANH_DB, or the default file)."""
    target = str(db or os.environ.get("XANH_DB") or DEFAULT_DB)
    if "://" in target:
        return target
    path = Path(target).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite store's URL; None for a server's database."""
    parsed = sa.make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None


def open_engine(url: str) -> sa.Engine:
    """An engine; on SQLite with WAL for concurrent readers and explicit
    BEGIN so writers take the write lock up front (BEGIN IMMEDIATE)
    instead of deadlocking."""
    if not url.startswith("sqlite"):
        # A connection checked before use (a restarted server's stale ones are
        # replaced, not handed to a page), and a server that does not answer
        # is given up on in seconds, not minutes (web/health.py says so).
        return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_SECONDS})
    engine = sa.create_engine(url)

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


def plan_guide(engine: sa.Engine) -> None:
    """Tell SQLite's planner how selective the values' indexes are, as
    SQLite's documentation describes (sqlite_stat1 written by hand), unless
    an ANALYZE has measured them. Without it a store still filling up
    reads a whole form's active values through ix_values_current to find
    a few villages' (the keys of a file), and a city's batch slows with
    every file. PostgreSQL keeps statistics of its own."""
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        if raw.execute("select count(*) from sqlite_master where name = 'sqlite_stat1'").fetchone()[0] == 0:
            raw.execute("ANALYZE")  # creates sqlite_stat1 (empty tables give it no rows)
        known = set(raw.execute("select tbl, idx from sqlite_stat1"))
        missing = [(*key, stat) for key, stat in PLAN_GUIDE.items() if key not in known]
        if missing:
            raw.executemany("insert into sqlite_stat1 (tbl, idx, stat) values (?, ?, ?)", missing)
            raw.commit()
    engine.dispose()  # connections opened from now on read the guide


def migrate(engine: sa.Engine, revision: str) -> None:
    """Bring the schema up to an Alembic revision (the newest, but for
    tests of upgrades).

    Alembic keeps module-level state, hence the lock for stores opened in
    threads. On SQLite, changing a column rebuilds its table (copy, drop,
    rename), which foreign keys would refuse while other rows point to
    it: they are switched off around the migration, as SQLite advises."""
    if revision == "head" and schema_revision(engine) == HEAD:
        return  # the usual case: no need to load Alembic and its scripts
    from alembic import command
    from alembic.config import Config

    is_sqlite = engine.dialect.name == "sqlite"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _MIGRATING, engine.connect() as conn:
        if is_sqlite:  # on the driver: a PRAGMA inside a transaction does nothing
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        with conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
        if is_sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def schema_revision(engine: sa.Engine) -> str | None:
    """The schema's Alembic revision, None for a new or foreign database."""
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("select version_num from alembic_version")).scalar()
    except sa.exc.DBAPIError:
        return None
