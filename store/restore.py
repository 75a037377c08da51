"""Putting a backup back (cli.py restore): the file checked first; a store
in use never replaced, one holding submissions only when asked (--force),
and what is replaced kept aside, never deleted; an older backup's schema
upgraded as the restored store opens.

SQLite: the backup is copied beside the store, the store and its -wal and
-shm files are moved aside (a stale -wal beside a restored file would be
replayed into it), then the copy is renamed into place. PostgreSQL:
pg_restore into an empty database only, so the database it would replace
stays as it is (docs/deploy.md, section 4).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from catalog.periods import VIETNAM_TIME
from store.backups import beside, checked, is_sqlite, libpq, listed, run_client, utc
from store.base import StoreBase, StoreError
from store.engine import schema_revision, sqlite_file
from store.schema import events, submissions

SIDE_FILES = ("", "-wal", "-shm")  # an SQLite store in WAL mode is up to three files


@dataclass(frozen=True)
class Restored:
    store: str  # the store restored into, as people read it (no password)
    revision: str | None  # the backup's schema revision, before the upgrade
    submissions: int
    newest: dt.datetime | None  # the newest change it holds, UTC
    kept: tuple[Path, ...]  # the replaced store's files, moved aside


def restore(url: str, backup: Path, force: bool = False) -> Restored:
    """Restore the store at `url` from a backup made by cli.py backup (or
    an automatic one)."""
    if not backup.is_file():
        raise StoreError(f"Không có tệp {backup}.")
    target = sqlite_file(url)
    if target is None:
        return _into_postgresql(url, backup)
    if target.exists() and backup.resolve() == target.resolve():
        raise StoreError(f"Tệp {backup} chính là kho đang dùng: hãy chọn một bản sao lưu.")
    checked(backup)  # before anything is touched
    _may_replace(target, force)
    with beside(target) as temp:
        shutil.copyfile(backup, temp)
        copy = checked(temp, f"Tệp {backup}")  # what goes in place is what was checked
        if target.exists():
            shutil.copymode(target, temp)  # readable by whoever could read the store it replaces
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())  # on the disk before the store it replaces is moved aside
        moved = _set_aside(target)
        try:
            os.replace(temp, target)
            return _opened(url, copy.revision, tuple(aside for _, aside in moved))
        except Exception as exc:
            for suffix in SIDE_FILES:  # the restored copy, and what opening it made (the backup itself is untouched)
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            _put_back(moved)
            raise StoreError(f"Không khôi phục được từ tệp {backup} ({exc}); kho dữ liệu cũ vẫn nguyên ở {target}.") from exc


def _may_replace(target: Path, force: bool) -> None:
    """Refuse to replace a store another process has open (the dashboard
    would go on writing into the replaced file), or one holding
    submissions (or unreadable) unless forced."""
    if not target.exists():
        return
    try:
        with closing(sqlite3.connect(target, timeout=0, isolation_level=None)) as conn:
            conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")  # refused while any other connection has the store open
            held = conn.execute("select count(*) from submissions").fetchone()[0]
            conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorname in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            raise StoreError(
                f"Kho dữ liệu {target} đang được một tiến trình khác mở (bảng theo dõi đang chạy?): "
                "hãy dừng tiến trình đó rồi khôi phục lại."
            ) from None
        held = None
    except sqlite3.DatabaseError:
        held = None
    if held == 0 or force:
        return
    what = f"đang có {held} lần nộp" if held else "không đọc được (có thể đã hỏng)"
    raise StoreError(
        f"Kho dữ liệu {target} {what}: chỉ khôi phục đè lên khi có --force; "
        "khi đó kho hiện tại được giữ lại bên cạnh, không bị xóa."
    )


def _set_aside(target: Path) -> list[tuple[Path, Path]]:
    """Move the store's files (and a stale -wal or -shm without one) aside
    under a name that says when they were replaced: (where it was, where it
    is now) for each; all of them, or none (put back) with the error."""
    aside = f"{target}.replaced-{dt.datetime.now(VIETNAM_TIME):%Y-%m-%dT%H%M%S}"
    moved: list[tuple[Path, Path]] = []
    try:
        for suffix in SIDE_FILES:
            path = Path(f"{target}{suffix}")
            if path.exists():
                os.replace(path, f"{aside}{suffix}")
                moved.append((path, Path(f"{aside}{suffix}")))
    except OSError:
        _put_back(moved)
        raise
    return moved


def _put_back(moved: list[tuple[Path, Path]]) -> None:
    """Return files set aside to where they were."""
    for path, aside in moved:
        os.replace(aside, path)


def _into_postgresql(url: str, backup: Path) -> Restored:
    """pg_restore a dump into an empty database, in one transaction."""
    if is_sqlite(backup):
        raise StoreError(f"Tệp {backup} là một kho SQLite: vào PostgreSQL chỉ khôi phục được bản sao lưu do pg_dump tạo ra.")
    if not re.search(r" TABLE \S+ alembic_version ", listed(backup)):
        raise StoreError(
            f"Tệp {backup} là bản sao lưu PostgreSQL nhưng không phải của kho dữ liệu bảng theo dõi (không có phiên bản lược đồ)."
        )
    engine = sa.create_engine(url)
    try:
        if sa.inspect(engine).get_table_names():
            raise StoreError(
                f"Cơ sở dữ liệu {_shown(url)} đã có bảng: trên PostgreSQL chỉ khôi phục vào một cơ sở dữ liệu mới, "
                "còn trống, để cơ sở dữ liệu đang dùng còn nguyên, kể cả khi có --force (xem docs/deploy.md, mục 4)."
            )
        target, env = libpq(url)
        run_client(["pg_restore", "--no-owner", "--single-transaction", f"--dbname={target}", str(backup)], env)
        revision = schema_revision(engine)
    finally:
        engine.dispose()
    return _opened(url, revision, ())


def _opened(url: str, revision: str | None, kept: tuple[Path, ...]) -> Restored:
    """Open the restored store (Alembic upgrades an older schema) and say what it holds."""
    store = StoreBase(url)
    try:
        with store.transaction() as conn:
            count = conn.execute(sa.select(sa.func.count()).select_from(submissions)).scalar()
            newest = conn.execute(sa.select(sa.func.max(events.c.at))).scalar()
    finally:
        store.engine.dispose()
    return Restored(_shown(url), revision, count, utc(newest), kept)


def _shown(url: str) -> str:
    target = sqlite_file(url)
    return str(target) if target else sa.make_url(url).render_as_string(hide_password=True)
