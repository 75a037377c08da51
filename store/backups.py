"""Copies of a store that restore: an SQLite store copied while it is in
use (SQLite's online backup API: one consistent snapshot, even while another
connection holds a write transaction) and checked page by page (PRAGMA
integrity_check) with its schema revision; a PostgreSQL database dumped by
pg_dump in its custom format and read back by pg_restore.

store/restore.py puts a copy back; store/autobackup.py takes copies on its
own after changes.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa

from store.base import StoreError
from store.engine import MIGRATIONS, sqlite_file
from store.rotation import BackupShortage, Policy, backups_in, disk_shortage, into_folder, policy
from store.schema import HEAD
from store.sql import aware

SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file
T = TypeVar("T")


def back_up(url: str, out: Path | None = None) -> Copy | Path:
    """cli.py backup: a checked copy of an SQLite store, or a dump of a
    PostgreSQL database, into `out`, or else into the backups folder under
    its name, rotated as the automatic backups are."""
    store_file = sqlite_file(url)
    if store_file is None:
        rules, name = policy(None), sa.make_url(url).database
        newest = max(backups_in(rules.folder, name, ".dump").items(), key=lambda found: found[1], default=None)
        size = newest[0].stat().st_size if newest else 0  # a dump is about as large as the one before
        return _into(rules, name, ".dump", out, size, lambda path: dump_postgresql(url, path))
    if out and out.resolve() == store_file.resolve():
        raise StoreError(f"Tệp {out} chính là kho dữ liệu: hãy sao lưu ra một tệp khác.")
    return _into(
        policy(store_file), store_file.stem, ".sqlite", out, store_size(store_file), lambda path: copy_sqlite(store_file, path)
    )


def _into(rules: Policy, prefix: str, suffix: str, out: Path | None, size: int, write: Callable[[Path], T]) -> T:
    """Into `out`, if the disk has room; else into the folder, under its cap, rotated."""
    if out is None:
        return into_folder(rules, prefix, suffix, size, write)
    short = disk_shortage(out.parent.resolve(), size)
    if short:
        raise BackupShortage(short)
    return write(out)


def store_size(store_file: Path) -> int:
    """At most what a copy of the store takes: its file and its write-ahead log."""
    files = (Path(f"{store_file}{suffix}") for suffix in ("", "-wal"))
    return sum(f.stat().st_size for f in files if f.exists())


@dataclass(frozen=True)
class Copy:
    """A checked copy of an SQLite store and what it holds."""

    path: Path
    revision: str  # the schema's Alembic revision
    submissions: int  # of every commune
    newest: dt.datetime | None  # the newest change (audit event), UTC


def copy_sqlite(source: Path, out: Path) -> Copy:
    """A consistent copy of the store at `source`, taken while the dashboard
    may be writing to it, checked before it takes the name `out`: a file of
    that name is never a half-written or unchecked copy."""
    if not source.is_file():
        raise StoreError(f"Không có kho dữ liệu {source}.")
    with beside(out) as temp:
        with closing(read_only(source)) as src, closing(sqlite3.connect(temp)) as dst:
            src.backup(dst)  # in one step: a later write elsewhere cannot make it start over
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        copy = checked(temp, name=f"Bản sao vừa chép từ kho {source}")
        os.replace(temp, out)
    return replace(copy, path=out)


@contextmanager
def beside(out: Path) -> Iterator[Path]:
    """A new temporary file in `out`'s folder (the same disk, so renaming it
    to `out` is atomic), removed unless it was renamed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file, nor create it when missing."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=60)


def is_sqlite(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def checked(path: Path, name: str | None = None) -> Copy:
    """What a copy holds, once SQLite has checked every page of it and its
    schema is one this program can open; a StoreError saying what is wrong
    otherwise. `name` is how messages call the file."""
    name = name or f"Tệp {path}"
    if not is_sqlite(path):
        raise StoreError(f"{name} không phải kho dữ liệu SQLite.")
    try:
        with closing(read_only(path)) as conn:
            if [row[0] for row in conn.execute("PRAGMA integrity_check(1)")] != ["ok"]:
                raise sqlite3.DatabaseError("integrity_check")
            return _described(conn, path, name)
    except sqlite3.DatabaseError:
        raise StoreError(f"{name} bị hỏng: SQLite kiểm tra toàn vẹn (PRAGMA integrity_check) không đạt.") from None


def _described(conn: sqlite3.Connection, path: Path, name: str) -> Copy:
    """What a sound SQLite file holds, if it is a store of a known revision."""
    has_version = conn.execute("select count(*) from sqlite_master where name = 'alembic_version'").fetchone()[0]
    revision = conn.execute("select max(version_num) from alembic_version").fetchone()[0] if has_version else None
    if revision is None:
        raise StoreError(f"{name} là tệp SQLite nhưng không phải kho dữ liệu của bảng theo dõi (không có phiên bản lược đồ).")
    if revision not in known_revisions():
        raise StoreError(
            f"{name} có lược đồ phiên bản {revision} mà chương trình này không biết (mới nhất nó biết là {HEAD}): "
            "có lẽ tệp do một bản mới hơn của chương trình tạo ra; hãy cập nhật chương trình rồi làm lại."
        )
    submissions = conn.execute("select count(*) from submissions").fetchone()[0]
    newest = conn.execute("select max(at) from events").fetchone()[0]
    return Copy(path, revision, submissions, utc(newest))


def utc(value: str | dt.datetime | None) -> dt.datetime | None:
    """A stored time as aware UTC (SQLite keeps it as naive text)."""
    return aware(dt.datetime.fromisoformat(value) if isinstance(value, str) else value)


@cache
def known_revisions() -> frozenset[str]:
    """Every schema revision the migrations know (an older one is upgraded on opening)."""
    from alembic.script import ScriptDirectory

    return frozenset(script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions())


# ----- PostgreSQL -------------------------------------------------------------


def dump_postgresql(url: str, out: Path) -> Path:
    """pg_dump's custom format of the whole database (every commune, every
    kept file), read back by pg_restore before it takes the name `out`."""
    target, env = libpq(url)
    with beside(out) as temp:
        run_client(["pg_dump", "--format=custom", f"--file={temp}", target], env)
        listed(temp)
        os.replace(temp, out)
    return out


def listed(dump: Path) -> str:
    """The table of contents pg_restore reads from a dump: whether it is one."""
    try:
        return run_client(["pg_restore", "--list", str(dump)])
    except StoreError:
        raise StoreError(f"Tệp {dump} không phải bản sao lưu PostgreSQL (pg_dump --format=custom) đọc được.") from None


def libpq(url: str) -> tuple[str, dict[str, str]]:
    """The database URL as pg_dump and pg_restore take it, and their
    environment: the password goes in PGPASSWORD, not on a command line
    that every user of the machine can read."""
    parsed = sa.make_url(url)
    env = {**os.environ, **({"PGPASSWORD": parsed.password} if parsed.password else {})}
    bare = sa.URL.create("postgresql", parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query)
    return bare.render_as_string(), env


def run_client(argv: list[str], env: dict[str, str] | None = None) -> str:
    """Run a PostgreSQL client program; what it prints, or its complaint as a StoreError."""
    if shutil.which(argv[0]) is None:
        raise StoreError(f"Không tìm thấy chương trình {argv[0]}: hãy cài gói postgresql-client.")
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        complaint = (done.stderr.strip().splitlines() or ["(không có thông báo)"])[-1]
        raise StoreError(f"{argv[0]} không thành công: {complaint}")
    return done.stdout
