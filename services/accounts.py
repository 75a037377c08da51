"""Who may change the data: editor accounts and signing in.

Two ways in (PRODUCT.md "Roles"). With an identity provider (an [auth]
section in .streamlit/secrets.toml), st.login signs people in and only the
addresses listed as editors may write. Without one, local accounts created
by `cli.py adduser NAME`, whose passwords are kept only as salted argon2
hashes.

Guessing is slowed down twice: per account in the store, so a fresh browser
session does not start afresh, and per session, so trying many names does
not either. After the n-th failure in a row the next try waits 2**(n-1)
seconds, at most 15 minutes (the lockout); a success clears the account's
count. No streamlit here: the page keeps the session's Throttle.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from store import Store
from store import users as accounts

CITY = "*"  # an editor's communes: every one (a city account)


@dataclass(frozen=True)
class Editor:
    """A signed-in editor and the communes they may write (by code, or CITY)."""

    name: str
    communes: frozenset[str]

    def may_write(self, commune: str) -> bool:
        return CITY in self.communes or commune in self.communes


MIN_PASSWORD = 8
MAX_WAIT = 15 * 60  # seconds: the longest an account or a session is made to wait
NAME = re.compile(r"^[\w.@+-]{2,100}$")
_HASHER = PasswordHasher()


class AccountError(Exception):
    """An account that cannot be added; the message is Vietnamese."""


def account_name(name: str) -> str:
    """The stored form of a name: trimmed, composed, case-folded, so that
    'Lan.Nguyen ' and 'lan.nguyen' are one account."""
    return unicodedata.normalize("NFC", name.strip()).casefold()


def add_user(store: Store, name: str, password: str, communes: str | None = None) -> str:
    """Create an editor account that may write `communes` (codes,
    comma-separated, or "*" for every one; default: the store's commune);
    returns its name. Only the salted hash of the password is stored."""
    key = account_name(name)
    if not NAME.match(key):
        raise AccountError(
            f"Tên đăng nhập {name!r} không hợp lệ: cần 2-100 ký tự gồm chữ, số và các dấu . _ - @ +, không có khoảng trắng."
        )
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
    if not accounts.insert(store, key, _HASHER.hash(password), _official_codes(communes) or store.commune):
        raise AccountError(f"Tài khoản {key} đã có; hãy chọn tên khác.")
    return key


def _official_codes(communes: str | None) -> str:
    """The codes given, each checked against the official list and written
    as it writes them ("02008" -> "2008"); "*" stands for the city."""
    from catalog.units import UnitError, find

    codes = []
    for code in filter(None, (c.strip() for c in (communes or "").split(","))):
        try:
            codes.append(code if code == CITY else find(code).code)
        except UnitError as error:
            raise AccountError(str(error)) from error
    return ",".join(codes)


def delay(failures: int) -> float:
    """Seconds to wait after `failures` wrong passwords in a row."""
    return 0.0 if failures <= 0 else float(min(2 ** (failures - 1), MAX_WAIT))


@dataclass
class Throttle:
    """Failed sign-ins in a row of one browser session."""

    failures: int = 0
    until: float = 0.0  # time.time() before which no try is heard

    def wait(self, now: float) -> float:
        return max(0.0, self.until - now)

    def failed(self, now: float) -> None:
        self.failures += 1
        self.until = now + delay(self.failures)


@dataclass(frozen=True)
class Attempt:
    """The outcome of one try: the editor's name when it succeeded."""

    editor: str | None
    wait: float = 0.0  # seconds before the next try is heard
    failures: int = 0  # wrong passwords in a row
    blocked: bool = False  # refused unheard: the previous wait was not over


def sign_in(store: Store, name: str, password: str, session: Throttle, now: float | None = None) -> Attempt:
    """Check a name and password, slowing down repeated failures."""
    now = time.time() if now is None else now
    key = account_name(name)
    account = accounts.find(store, key)
    account_until = account.blocked_until.timestamp() if account and account.blocked_until else 0.0
    wait = max(session.wait(now), account_until - now)
    if wait > 0:
        return Attempt(None, wait, max(session.failures, account.failures if account else 0), blocked=True)
    if _matches(account.password_hash if account else _decoy(), password) and account is not None:
        session.failures, session.until = 0, 0.0
        if account.failures:
            accounts.update(store, key, failures=0, blocked_until=None)
        return Attempt(key)
    session.failed(now)
    failures = session.failures
    if account is not None:
        failures = max(failures, account.failures + 1)
        until = dt.datetime.fromtimestamp(now + delay(account.failures + 1), dt.UTC)
        accounts.update(store, key, failures=account.failures + 1, blocked_until=until)
    return Attempt(None, delay(failures), failures)


def _matches(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _decoy() -> str:
    """A hash to check unknown names against, so that they take as long as
    known ones and the time taken does not tell which names exist."""
    return _HASHER.hash("không phải mật khẩu của ai")


def oidc_editor(claims: Mapping[str, object], editors: Iterable[str] | Mapping[str, Iterable[str]]) -> Editor | None:
    """Someone signed in through the identity provider, as an editor when
    listed (ignoring case), unless the provider says the address is
    unverified. `editors` ([xanh] editors in secrets.toml) is a list of
    addresses, who may write every commune, or a table commune code ->
    addresses."""
    email = str(claims.get("email") or "")
    if not email or claims.get("email_verified") is False:
        return None
    table = editors if isinstance(editors, Mapping) else {CITY: editors}
    codes = frozenset(code for code, listed in table.items() if account_name(email) in {account_name(e) for e in listed})
    return Editor(email, codes) if codes else None


def account_editor(store: Store, name: str) -> Editor | None:
    """A local account as an editor, with the communes it may write."""
    account = accounts.find(store, account_name(name))
    if account is None:
        return None
    return Editor(account.name, frozenset(c.strip() for c in account.communes.split(",") if c.strip()))
