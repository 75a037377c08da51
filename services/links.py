"""Capability links for reporting from a phone: one per village of the
register (Biểu 01) or task-lead unit (Biểu 04) and period, sent by Zalo or
printed as a QR code. No account: whoever holds the link may report that
village's (or unit's) figures for that period, nothing else.

The token is random (192 bits) and only its SHA-256 is stored, so the URL
exists only when the link is issued (`cli.py link issue`, the desk's tab):
issuing again revokes the earlier link. A link works until the period's due
date plus the commune's grace (commune.yaml `link_grace_days`), at the end
of that day in Vietnam, and never while its period is locked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from dataclasses import dataclass

from catalog import load_catalog
from catalog.periods import VIETNAM_TIME, due_date, period_label
from catalog.text import fold
from metrics.tasks import lead_units
from services.queries import villages as registry_of
from store import Store, StoreError
from store import links as stored
from store.links import Link

TOKEN_BYTES = 24  # 192 bits of randomness
PATH = "/n/"  # where the phone pages live (web/phone.py)
DEFAULT_BASE_URL = "http://localhost:8501"
STATES = ("active", "revoked", "expired")


class LinkError(StoreError):
    """A link that cannot be issued, or does not open; `status` is the HTTP
    answer for the latter (404 unknown, 410 no longer valid)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Issued:
    """A link as `cli.py link issue --json` prints it: the URL shows only here."""

    village: str | None
    unit: str | None
    name: str
    period: str
    url: str
    expires: dt.date

    def as_json(self) -> dict:
        return {**self.__dict__, "expires": self.expires.isoformat()}


def now() -> dt.datetime:
    """The moment links are judged at (one place, so tests can set the clock)."""
    return dt.datetime.now(dt.UTC)


def hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def public_url() -> str | None:
    """The server's public address (XANH_BASE_URL), when it is set."""
    return (os.environ.get("XANH_BASE_URL") or "").rstrip("/") or None


def base_url(given: str | None = None) -> str:
    """Where the links point: --base-url, else XANH_BASE_URL, else this machine."""
    return (given or public_url() or DEFAULT_BASE_URL).rstrip("/")


def expiry(period: str) -> dt.datetime:
    """The last moment a period's links work: the end of its due date plus
    the grace, in Vietnam."""
    commune = load_catalog().commune
    last_day = due_date(period, commune.half_year.due, commune.year.due) + dt.timedelta(days=commune.link_grace_days)
    return dt.datetime.combine(last_day, dt.time(23, 59, 59), VIETNAM_TIME).astimezone(dt.UTC)


def open_period() -> str:
    """The earliest period whose links still work now: the one villages are reporting."""
    year = now().astimezone(VIETNAM_TIME).year
    return next(code for y in (year - 1, year, year + 1) for code in (f"{y}-H1", str(y)) if expiry(code) >= now())


def units() -> list[str]:
    """The task-lead units of the commune's program, in task order."""
    return list(dict.fromkeys(u for task in load_catalog().tasks for u in lead_units(task.lead_unit)))


def issue(
    store: Store,
    period: str,
    villages: list[str] | None,
    unit_names: list[str] | None,
    user: str,
    url: str | None = None,
) -> list[Issued]:
    """New links for the villages and units asked (every village of the
    register when neither is), each revoking the one before it."""
    if period in store.locked_periods():
        raise LinkError(f"Kỳ {period} đã khóa: không cấp liên kết nhập số liệu cho kỳ đã khóa.")
    ends = expiry(period)
    if ends < now():
        raise LinkError(
            f"Kỳ {period_label(period)} đã hết hạn nhận báo cáo từ điện thoại (hết ngày {ends.astimezone(VIETNAM_TIME):%d/%m/%Y}); "
            "không cấp liên kết cho kỳ đã qua hạn."
        )
    targets = _targets(store, villages, unit_names)
    issued_at = now()
    tokens = [secrets.token_urlsafe(TOKEN_BYTES) for _ in targets]
    records = [
        {**target, "period": period, "token_hash": hashed(token), "issued_by": user, "issued_at": issued_at, "expires_at": ends}
        for target, token in zip(targets, tokens)
    ]
    stored.add_links(store, records)
    last_day = ends.astimezone(VIETNAM_TIME).date()
    address = base_url(url)
    return [Issued(r["village"], r["unit"], r["name"], period, f"{address}{PATH}{t}", last_day) for r, t in zip(records, tokens)]


def _targets(store: Store, villages: list[str] | None, unit_names: list[str] | None) -> list[dict]:
    """(village, unit, name) of each link asked for; LinkError naming what is unknown."""
    register = registry_of(store.current_values(["00"]))
    names = dict(zip(register["code"], register["name"]))
    if not villages and not unit_names:
        villages = list(names)
        if not villages:
            raise LinkError("Chưa có danh mục thôn (Biểu 00): hãy nhận danh mục thôn trước khi cấp liên kết.")
    unknown = [v for v in villages or [] if v not in names]
    if unknown:
        raise LinkError(f"Không có thôn mã {', '.join(unknown)} trong danh mục thôn; các mã đã có: {', '.join(names)}.")
    known = {fold(u): u for u in units()}
    lost = [u for u in unit_names or [] if fold(u) not in known]
    if lost:
        raise LinkError(
            f"Không có đơn vị chủ trì «{'», «'.join(lost)}» trong chương trình; các đơn vị: {', '.join(known.values())}."
        )
    found = [{"village": v, "unit": None, "name": names[v]} for v in villages or []]
    return found + [{"village": None, "unit": known[fold(u)], "name": known[fold(u)]} for u in unit_names or []]


def state(link: Link, locked: set[str]) -> str:
    """active, revoked, or expired (past its last moment, or its period locked)."""
    if link.revoked_at is not None:
        return "revoked"
    if link.period in locked or now() > link.expires_at:
        return "expired"
    return "active"


def listed(store: Store, period: str) -> list[dict]:
    """Every link of the period as `cli.py link list --json` prints it (never
    a token or URL)."""
    locked = set(store.locked_periods())
    return [
        {
            "village": link.village,
            "unit": link.unit,
            "name": link.name,
            "period": link.period,
            "state": state(link, locked),
            "issued_at": link.issued_at.isoformat(),
            "last_submission_at": link.last_submission_at.isoformat() if link.last_submission_at else None,
        }
        for link in stored.of_period(store, period)
    ]


def revoke(store: Store, period: str, village: str | None, unit: str | None, user: str) -> None:
    """Revoke a village's or unit's active link for the period."""
    if not stored.revoke(store, period, village, unit, user):
        raise LinkError(f"Không có liên kết đang dùng của {village or unit} cho kỳ {period}.")


def opened(store: Store, token: str) -> tuple[Store, Link]:
    """The link a token opens, with the store serving its commune; LinkError
    (404 unknown, 410 revoked or expired) with a sentence saying who to ask."""
    link = stored.by_token_hash(store, hashed(token)) if token else None
    if link is None:
        raise LinkError("Liên kết này không đúng hoặc không còn trong hệ thống.", 404)
    mine = store.scoped(link.commune)
    now_state = state(link, set(mine.locked_periods()))
    if now_state == "revoked":
        raise LinkError("Liên kết này đã được thay bằng liên kết mới.", 410)
    if now_state == "expired":
        raise LinkError(f"Liên kết này đã hết hạn dùng (kỳ {link.period} đã hết hạn nhận hoặc đã khóa).", 410)
    stored.mark_opened(mine, link)
    return mine, link
