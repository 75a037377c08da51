"""Editor accounts: only salted hashes are stored, sign-in checks them, and
wrong passwords are slowed down per account and per session."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

import cli
from services import accounts
from services.accounts import CITY, AccountError, Editor, Throttle, add_user, delay, oidc_editor, sign_in
from store import Store
from store.schema import users
from tests.test_store import db_url  # noqa: F401 (a fixture: SQLite, and PostgreSQL where XANH_TEST_PG is set)

PASSWORD = "mat-khau-dung"


@pytest.fixture
def store(db_url) -> Store:  # noqa: F811 (the fixture imported above)
    """A new store of each kind (PostgreSQL hands times back with their
    zone, SQLite without)."""
    opened = Store(db_url)
    yield opened
    opened.engine.dispose()


def rows(store: Store) -> list[dict]:
    with store.reading() as conn:
        return [dict(r) for r in conn.execute(sa.select(users)).mappings()]


def test_only_a_salted_hash_is_stored(store):
    add_user(store, "lan", PASSWORD)
    add_user(store, "hoa", PASSWORD)
    lan, hoa = sorted(rows(store), key=lambda r: r["name"], reverse=True)
    assert lan["password_hash"].startswith("$argon2id$") and PASSWORD not in lan["password_hash"]
    assert lan["password_hash"] != hoa["password_hash"]  # same password, different salt
    assert PASSWORD not in repr(rows(store))


def test_names_are_trimmed_and_case_folded_and_unique(store):
    assert add_user(store, "  Lan.Nguyen ", PASSWORD) == "lan.nguyen"
    with pytest.raises(AccountError, match="đã có"):
        add_user(store, "LAN.NGUYEN", PASSWORD)
    assert sign_in(store, "Lan.Nguyen", PASSWORD, Throttle()).editor == "lan.nguyen"


@pytest.mark.parametrize(
    ("name", "password", "words"), [("lan", "ngan", "ít nhất 8"), ("có khoảng trắng", PASSWORD, "không hợp lệ")]
)
def test_weak_password_or_bad_name_is_refused(store, name, password, words):
    with pytest.raises(AccountError, match=words):
        add_user(store, name, password)
    assert rows(store) == []


def test_delay_doubles_up_to_the_lockout():
    assert [delay(n) for n in range(6)] == [0, 1, 2, 4, 8, 16]
    assert delay(10) == 512 and delay(11) == delay(50) == accounts.MAX_WAIT


def test_wrong_password_is_refused_and_the_next_try_waits(store):
    add_user(store, "lan", PASSWORD)
    session = Throttle()
    wrong = sign_in(store, "lan", "sai", session, now=100.0)
    assert (wrong.editor, wrong.wait, wrong.failures, wrong.blocked) == (None, 1.0, 1, False)
    too_soon = sign_in(store, "lan", PASSWORD, session, now=100.5)
    assert too_soon.editor is None and too_soon.blocked and too_soon.wait == pytest.approx(0.5)
    assert sign_in(store, "lan", PASSWORD, session, now=101.0).editor == "lan"
    assert rows(store)[0]["failures"] == 0 and session.failures == 0


def test_the_account_stays_slowed_in_a_new_session(store):
    add_user(store, "lan", PASSWORD)
    now = 100.0
    for _ in range(5):
        attempt = sign_in(store, "lan", "sai", Throttle(), now=now)
        now += attempt.wait
    assert attempt.failures == 5 and attempt.wait == 16
    fresh = sign_in(store, "lan", PASSWORD, Throttle(), now=now - 1)
    assert fresh.blocked and fresh.failures == 5
    assert sign_in(store, "lan", PASSWORD, Throttle(), now=now).editor == "lan"


def test_unknown_names_slow_the_session_down_too(store):
    session = Throttle()
    sign_in(store, "ai-do", "sai", session, now=100.0)
    sign_in(store, "nguoi-khac", "sai", session, now=101.0)
    blocked = sign_in(store, "nguoi-thu-ba", "sai", session, now=102.0)
    assert blocked.blocked and blocked.wait == 1.0 and blocked.failures == 2


def test_identity_provider_editors_are_listed_addresses():
    listed = ["Can.Bo@camgiang.gov.vn"]
    assert oidc_editor({"email": "can.bo@camgiang.gov.vn", "email_verified": True}, listed) == Editor(
        "can.bo@camgiang.gov.vn", frozenset({CITY})
    )
    by_commune = {"10903": ["can.bo@camgiang.gov.vn"], "2008": ["other@x.vn", "Can.Bo@camgiang.gov.vn"], "11560": []}
    mine = oidc_editor({"email": "can.bo@camgiang.gov.vn"}, by_commune)
    assert mine.communes == {"10903", "2008"} and mine.may_write("2008") and not mine.may_write("11560")
    assert oidc_editor({"email": "nguoi.khac@example.com"}, listed) is None
    assert oidc_editor({"email": "can.bo@camgiang.gov.vn", "email_verified": False}, listed) is None
    assert oidc_editor({"name": "Không có thư"}, listed) is None


def test_cli_adduser_reads_the_password_from_stdin(tmp_path, monkeypatch, capsys):
    db = tmp_path / "cli.sqlite"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["--db", str(db), "adduser", "Lan", "--password-stdin"]) == 0
    assert "Đã tạo tài khoản biên tập lan." in capsys.readouterr().out
    assert sign_in(Store(db), "lan", PASSWORD, Throttle()).editor == "lan"


def test_cli_adduser_asks_twice_and_refuses_a_mismatch(tmp_path, monkeypatch, capsys):
    answers = iter([PASSWORD, "khac-han-roi"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: next(answers))
    assert cli.main(["--db", str(tmp_path / "cli.sqlite"), "adduser", "lan"]) == 1
    assert "không khớp" in capsys.readouterr().err
    assert rows(Store(tmp_path / "cli.sqlite")) == []


def test_an_account_names_only_communes_of_the_official_list(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    with pytest.raises(AccountError, match="Không có đơn vị hành chính mã 99999"):
        add_user(store, "hoa", "mat-khau-dung", communes="10903, 99999")
    assert add_user(store, "hoa", "mat-khau-dung", communes="10903, 02008") == "hoa"
    assert accounts.account_editor(store, "hoa").communes == {"10903", "2008"}  # as the list writes them
