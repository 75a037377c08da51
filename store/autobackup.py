"""The laptop store backs itself up: after a write that changed data, at
most once an hour (XANH_BACKUP_EVERY_MINUTES, `off` for none), into
data/backups beside the store (XANH_BACKUP_DIR), keeping the newest backup
of each of the last 7 days and of the last 8 weeks that have one
(XANH_BACKUP_DAILY, XANH_BACKUP_WEEKLY); never past a size cap
(XANH_BACKUP_MAX_MB) nor filling the disk: then nothing is written and the
log, the Dữ liệu page and cli.py backup say why.

Only SQLite stores: a PostgreSQL server is dumped on a timer (docs/deploy.md).
A backup never delays or fails the write that called for it: it runs in a
thread of its own and a failure is logged. A change within the hour is
backed up when the hour is over, by a timer of the process that made it,
or else when the dashboard next starts.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from store.backups import back_up, read_only, store_size, utc
from store.engine import sqlite_file
from store.rotation import BackupShortage, Shortage, backups_in, policy, shortage

log = logging.getLogger("xanh")
SUFFIX = ".sqlite"
THREAD = "xanh-backup"

_lock = threading.Lock()  # guards the two maps below
_taking = threading.Lock()  # one backup at a time in this process
_waiting: dict[Path, threading.Timer] = {}  # by store file: the backup it will take, not yet started
_started: dict[Path, dt.datetime] = {}  # by store file: when this process last started one


def after_change(url: str) -> None:
    """A commit changed the store's data: arrange its next automatic backup,
    now or when the hour since the last one is over. Never raises."""
    try:
        _arrange(url)
    except Exception:  # the write is done and must stay done
        log.exception("automatic backup not arranged")


def _arrange(url: str) -> None:
    store_file = sqlite_file(url)
    if store_file is None or store_file in _waiting:  # a backup not yet started will hold this change too
        return
    rules = policy(store_file)
    if rules.every is None:
        return
    with _lock:
        if store_file in _waiting:
            return
        known = [*backups_in(rules.folder, store_file.stem, SUFFIX).values(), *filter(None, [_started.get(store_file)])]
        due = max(known) + rules.every if known else dt.datetime.now(dt.UTC)
        delay = min(max(0.0, (due - dt.datetime.now(dt.UTC)).total_seconds()), rules.every.total_seconds())  # a clock set back
        timer = threading.Timer(delay, _automatic, (store_file, url))
        timer.name = THREAD
        timer.daemon = delay > 0  # one due now is finished before a command ends; a later one does not hold the process
        _waiting[store_file] = timer
    timer.start()


def catch_up(url: str) -> None:
    """Back up the changes made since the newest backup, by the rules of
    after_change: those of a command, whose process ended before its hour
    was over, or of a dashboard stopped within its hour. Called as the
    dashboard starts. Never raises."""
    store_file = sqlite_file(url)
    try:
        if store_file is None or not store_file.exists():
            return
        with closing(read_only(store_file)) as conn:
            changed = utc(conn.execute("select max(at) from events").fetchone()[0])
        found = backups_in(policy(store_file).folder, store_file.stem, SUFFIX)
        if changed and (not found or changed > max(found.values())):
            after_change(url)
    except Exception:  # the dashboard starts all the same
        log.exception("automatic backup not caught up")


def _automatic(store_file: Path, url: str) -> None:
    """Take the store's automatic backup, one at a time; log what went wrong."""
    with _taking:
        with _lock:
            _waiting.pop(store_file, None)  # from here, a new change needs a backup of its own
            _started[store_file] = dt.datetime.now(dt.UTC)
        try:
            log.info("automatic backup: %s", back_up(url).path)
        except BackupShortage as exc:
            log.warning("%s", exc)
        except Exception:
            log.exception("automatic backup of %s failed", store_file)


def wait() -> None:
    """Until the backups due now are taken. A command's process waits for
    them anyway before it ends; tests wait to look at them."""
    for thread in threading.enumerate():
        if thread.name == THREAD and not thread.daemon:
            thread.join()


def stop() -> None:
    """Cancel the backups waiting for their hour (tests whose stores are gone)."""
    with _lock:
        for timer in _waiting.values():
            timer.cancel()
        _waiting.clear()


@dataclass(frozen=True)
class Status:
    """A laptop store's automatic backups, as the Dữ liệu page and cli.py
    backup show them: where, the newest, and why the next would not be
    written, if it would not."""

    folder: Path
    newest: dt.datetime | None
    shortage: Shortage | None


def status(url: str) -> Status | None:
    """None for a server's database, or with automatic backups off."""
    store_file = sqlite_file(url)
    rules = policy(store_file) if store_file else None
    if rules is None or rules.every is None:
        return None
    found = backups_in(rules.folder, store_file.stem, SUFFIX)
    return Status(
        rules.folder, max(found.values(), default=None), shortage(rules, store_file.stem, SUFFIX, store_size(store_file))
    )
