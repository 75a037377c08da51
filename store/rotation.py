"""The backups folder: its settings, the backups' names, which ones a
rotation keeps, and whether a new one fits (under the size cap, and with
room left on the disk).

Names sort by time and say what they are: xanh-2026-12-07T1230.sqlite for
the store data/xanh.sqlite, xanh-2026-12-07T0300.dump for the PostgreSQL
database xanh, in Vietnam time (which has no summer time, so the names'
order is the times' order).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from catalog.periods import VIETNAM_TIME
from store.base import StoreError
from store.engine import DEFAULT_DB

log = logging.getLogger("xanh")
STAMP = "%Y-%m-%dT%H%M"
MB = 1024 * 1024
RESERVE = 256 * MB  # the free space a backup always leaves on its disk, for the store itself to grow
T = TypeVar("T")


@dataclass(frozen=True)
class Policy:
    folder: Path
    every: dt.timedelta | None  # automatic backups at most this often; None: none
    daily: int  # keep the newest backup of each of the last `daily` days that have one
    weekly: int  # and of each of the last `weekly` ISO weeks that have one
    max_bytes: int  # the folder's backups of one store together


def policy(store_file: Path | None) -> Policy:
    """The settings from the environment, for a store's file (None: a
    server's database, whose dumps go to data/backups of the installation)."""
    folder = os.environ.get("XANH_BACKUP_DIR")
    every = os.environ.get("XANH_BACKUP_EVERY_MINUTES", "").strip().lower()
    return Policy(
        folder=Path(folder).expanduser() if folder else (store_file or DEFAULT_DB).parent / "backups",
        every=None if every == "off" else dt.timedelta(minutes=_setting("XANH_BACKUP_EVERY_MINUTES", 60)),
        daily=_setting("XANH_BACKUP_DAILY", 7),
        weekly=_setting("XANH_BACKUP_WEEKLY", 8),
        max_bytes=_setting("XANH_BACKUP_MAX_MB", 2048) * MB,
    )


def _setting(name: str, default: int) -> int:
    """A whole number from the environment; the default, logged, for anything else."""
    text = os.environ.get(name, "").strip()
    if text.isdigit():
        return int(text)
    if text:
        log.warning("%s=%r is not a whole number: %d is used", name, text, default)
    return default


def backup_name(prefix: str, moment: dt.datetime, suffix: str) -> str:
    return f"{prefix}-{moment.astimezone(VIETNAM_TIME):{STAMP}}{suffix}"


def backups_in(folder: Path, prefix: str, suffix: str) -> dict[Path, dt.datetime]:
    """One store's backups in a folder, with the times their names say
    (temporary and other files left out)."""
    pattern = re.compile(rf"{re.escape(prefix)}-(\d{{4}}-\d\d-\d\dT\d{{4}}){re.escape(suffix)}")
    found = {}
    for path in folder.iterdir() if folder.is_dir() else ():
        if matched := pattern.fullmatch(path.name):
            found[path] = dt.datetime.strptime(matched[1], STAMP).replace(tzinfo=VIETNAM_TIME)
    return found


def kept(moments: Iterable[dt.datetime], daily: int, weekly: int) -> set[dt.datetime]:
    """The backups a rotation keeps: the newest of each of the last `daily`
    days that have one, and of each of the last `weekly` ISO weeks that have
    one (days and weeks in Vietnam); the newest of all always."""
    newest_first = sorted(moments, reverse=True)
    keep = set(newest_first[:1])
    for count, span in ((daily, lambda m: m.date()), (weekly, lambda m: m.isocalendar()[:2])):
        newest_of: dict = {}
        for moment in newest_first:
            newest_of.setdefault(span(moment.astimezone(VIETNAM_TIME)), moment)
        keep |= set(list(newest_of.values())[:count])
    return keep


@dataclass(frozen=True)
class Shortage:
    """Why a backup is not written: `cap`, the backups would pass
    XANH_BACKUP_MAX_MB; `disk`, the disk would be left nearly full."""

    kind: str
    needed_mb: int
    available_mb: int

    def sentence(self, lang: str = "vi") -> str:
        from i18n import fmt_number
        from i18n.strings import t

        return t(
            f"backup_short_{self.kind}",
            lang,
            needed=fmt_number(self.needed_mb, lang),
            available=fmt_number(self.available_mb, lang),
        )


class BackupShortage(StoreError):
    def __init__(self, short: Shortage):
        super().__init__(short.sentence())
        self.shortage = short


def shortage(rules: Policy, prefix: str, suffix: str, size: int, now: dt.datetime | None = None) -> Shortage | None:
    """Whether a new backup of `size` bytes taken `now` would pass the cap
    (counting the backups the rotation would keep beside it) or leave the
    disk with less than RESERVE free."""
    moment = _minute(now)
    existing = backups_in(rules.folder, prefix, suffix)
    new = rules.folder / backup_name(prefix, moment, suffix)
    keep = kept([*existing.values(), moment], rules.daily, rules.weekly)
    total = size + sum(_size(p) for p, m in existing.items() if m in keep and p != new)
    if total > rules.max_bytes:
        return Shortage("cap", _mb(total), _mb(rules.max_bytes))
    return disk_shortage(rules.folder, size)


def disk_shortage(folder: Path, size: int) -> Shortage | None:
    """Whether writing `size` bytes into `folder` would leave its disk with less than RESERVE free."""
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    free = shutil.disk_usage(existing).free
    return Shortage("disk", _mb(size + RESERVE), _mb(free)) if free < size + RESERVE else None


def into_folder(rules: Policy, prefix: str, suffix: str, size: int, write: Callable[[Path], T]) -> T:
    """Write a backup of about `size` bytes into the folder under its name,
    then delete what the rotation no longer keeps (only once the new one is
    written and checked); BackupShortage, nothing written, when it would not fit."""
    moment = _minute()
    short = shortage(rules, prefix, suffix, size, moment)
    if short:
        raise BackupShortage(short)
    made = write(rules.folder / backup_name(prefix, moment, suffix))
    found = backups_in(rules.folder, prefix, suffix)
    keep = kept(found.values(), rules.daily, rules.weekly)
    for path in (p for p, m in found.items() if m not in keep):
        path.unlink(missing_ok=True)
    return made


def _minute(now: dt.datetime | None = None) -> dt.datetime:
    """The moment as a backup's name says it: in Vietnam, to the minute."""
    return (now or dt.datetime.now(VIETNAM_TIME)).astimezone(VIETNAM_TIME).replace(second=0, microsecond=0)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:  # rotated away by another process meanwhile
        return 0


def _mb(size: int) -> int:
    return math.ceil(size / MB)
