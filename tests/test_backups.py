"""Backups of the laptop store: a consistent copy taken while the store is
in use, checked (integrity, schema revision); the rotation of the backups
folder on hand-made dates; the automatic backup after a write that changed
data (at most once an hour, never past the size cap or filling the disk),
and what the Dữ liệu page says of it."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import streamlit as st

import cli
from catalog.periods import VIETNAM_TIME
from services.ingest import ingest_file
from store import Store, autobackup, rotation
from store.backups import checked, libpq, store_size
from tests.filemaker import form01_file, registry_file
from tests.page_helpers import texts
from tests.test_pages_data import open_desk, open_tab
from tests.test_store import BASE
from ui.widgets import plain

CAP_SENTENCE = (
    "Không sao lưu được: các bản sao lưu sẽ chiếm 1 MB, quá giới hạn 0 MB (XANH_BACKUP_MAX_MB). Hãy tăng giới hạn, "
    "giữ ít bản hơn (XANH_BACKUP_DAILY, XANH_BACKUP_WEEKLY) hoặc chuyển bớt bản cũ sang nơi khác."
)


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def vn(day: int, hour: int, month: int = 12) -> dt.datetime:
    """A moment of 2026 in Vietnam time."""
    return dt.datetime(2026, month, day, hour, tzinfo=VIETNAM_TIME)


def last_event(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("select action from events order by id desc limit 1").fetchone()[0]


@pytest.fixture
def automatic(monkeypatch, tmp_path):
    """Automatic backups on, after every change (tests set the hour where they need it)."""
    monkeypatch.setenv("XANH_BACKUP_EVERY_MINUTES", "0")
    yield tmp_path / "backups"
    autobackup.wait()
    autobackup.stop()


@pytest.fixture
def store(tmp_path) -> Store:
    made = Store(tmp_path / "xanh.sqlite")
    assert ingest_file(made, registry_file(tmp_path / "registry.xlsx"), user="lan").ok
    yield made
    made.engine.dispose()


# ----- a copy while the store is in use ---------------------------------------


def test_a_backup_taken_while_another_connection_writes_holds_what_was_committed(capsys, store, tmp_path):
    events = len(store.events())
    writer = sqlite3.connect(tmp_path / "xanh.sqlite", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "insert into events (commune, at, user, action) values (?, '2026-12-07 00:00:00', 'lan', 'lock')", [store.commune]
    )
    out_file = tmp_path / "ban-sao.sqlite"
    code, out, err = run(capsys, "--db", tmp_path / "xanh.sqlite", "backup", "--out", out_file)
    writer.execute("COMMIT")
    assert (code, err) == (0, "")
    assert out.startswith(f"Đã sao lưu kho dữ liệu vào {out_file} (")
    assert "; kiểm tra toàn vẹn: đạt; lược đồ phiên bản 0007; 1 lần nộp; thay đổi mới nhất: " in out
    copy = checked(out_file)
    assert (copy.revision, copy.submissions) == ("0007", 1)
    with closing(sqlite3.connect(out_file)) as conn:
        assert conn.execute("select count(*) from events").fetchone()[0] == events  # not the uncommitted one
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file, no -wal beside it
    assert len(store.events()) == events + 1


def test_a_backup_never_overwrites_the_store_itself(capsys, store, tmp_path):
    code, out, err = run(capsys, "--db", tmp_path / "xanh.sqlite", "backup", "--out", tmp_path / "xanh.sqlite")
    assert (code, out) == (1, "")
    assert err == f"Tệp {tmp_path / 'xanh.sqlite'} chính là kho dữ liệu: hãy sao lưu ra một tệp khác.\n"


def test_backing_up_a_store_that_does_not_exist_says_so(capsys, tmp_path):
    code, _, err = run(capsys, "--db", tmp_path / "khong-co.sqlite", "backup")
    assert (code, err) == (1, f"Không có kho dữ liệu {tmp_path / 'khong-co.sqlite'}.\n")
    assert not (tmp_path / "khong-co.sqlite").exists()


def corrupted(source: Path, path: Path) -> Path:
    """A copy of a store with its pages after the first overwritten: the header still says SQLite."""
    data = bytearray(source.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page:] = b"\xa5" * (len(data) - page)
    path.write_bytes(bytes(data))
    return path


def test_a_file_that_is_no_sound_store_is_refused_with_what_is_wrong(capsys, store, tmp_path):
    store.engine.dispose()
    good = tmp_path / "tot.sqlite"
    assert run(capsys, "--db", tmp_path / "xanh.sqlite", "backup", "--out", good)[0] == 0
    broken = corrupted(good, tmp_path / "hong.sqlite")
    text = tmp_path / "ghi-chu.txt"
    text.write_text("không phải kho", encoding="utf-8")
    foreign = tmp_path / "la.sqlite"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("create table t (x)")
    future = tmp_path / "moi.sqlite"
    shutil.copy(good, future)
    with closing(sqlite3.connect(future)) as conn, conn:
        conn.execute("update alembic_version set version_num = '9999'")
    refusals = {
        broken: f"Tệp {broken} bị hỏng: SQLite kiểm tra toàn vẹn (PRAGMA integrity_check) không đạt.",
        text: f"Tệp {text} không phải kho dữ liệu SQLite.",
        foreign: f"Tệp {foreign} là tệp SQLite nhưng không phải kho dữ liệu của bảng theo dõi (không có phiên bản lược đồ).",
        future: f"Tệp {future} có lược đồ phiên bản 9999 mà chương trình này không biết (mới nhất nó biết là 0007): "
        "có lẽ tệp do một bản mới hơn của chương trình tạo ra; hãy cập nhật chương trình rồi làm lại.",
    }
    target = tmp_path / "moi-khoi-phuc.sqlite"
    for file, sentence in refusals.items():
        assert run(capsys, "--db", target, "restore", file) == (1, "", sentence + "\n")
    assert not target.exists()


def test_pg_dump_gets_the_password_in_its_environment_not_on_its_command_line():
    target, env = libpq("postgresql+psycopg://xanh:b%C3%AD-m%E1%BA%ADt@127.0.0.1:5433/xanh")
    assert (target, env["PGPASSWORD"]) == ("postgresql://xanh@127.0.0.1:5433/xanh", "bí-mật")


# ----- the rotation -----------------------------------------------------------


def test_names_sort_by_time_in_vietnam_and_only_one_stores_backups_are_listed(tmp_path):
    assert (
        rotation.backup_name("xanh", dt.datetime(2026, 12, 7, 5, 30, tzinfo=dt.UTC), ".sqlite") == "xanh-2026-12-07T1230.sqlite"
    )
    for name in ("xanh-2026-12-07T1230.sqlite", "xanh-2026-12-08T0100.sqlite", "xanh-cu-2026-12-07T1230.sqlite"):
        (tmp_path / name).touch()
    for name in (".xanh-2026-12-07T1300.sqlite.abc.part", "xanh-2026-12-07T1230.dump", "cli-2026-12-07T1230.sqlite"):
        (tmp_path / name).touch()
    assert rotation.backups_in(tmp_path, "xanh", ".sqlite") == {
        tmp_path / "xanh-2026-12-07T1230.sqlite": vn(7, 12).replace(minute=30),
        tmp_path / "xanh-2026-12-08T0100.sqlite": vn(8, 1),
    }


def test_the_rotation_keeps_the_newest_of_the_last_days_and_weeks():
    """Every day from Monday 23 November to Sunday 20 December 2026 at 02:00,
    and twice more on the 20th. ISO weeks: 23-29 Nov, 30 Nov-6 Dec, 7-13 Dec, 14-20 Dec."""
    moments = [vn(d, 2, 11) for d in range(23, 31)] + [vn(d, 2) for d in range(1, 21)] + [vn(20, 8), vn(20, 14)]
    days = {vn(20, 14), *(vn(d, 2) for d in range(14, 20))}
    assert rotation.kept(moments, daily=7, weekly=4) == days | {vn(13, 2), vn(6, 2), vn(29, 2, 11)}
    assert rotation.kept(moments, daily=7, weekly=3) == days | {vn(13, 2), vn(6, 2)}
    assert rotation.kept(moments, daily=2, weekly=0) == {vn(20, 14), vn(19, 2)}


def test_the_rotation_counts_days_that_have_a_backup_in_vietnam():
    """A laptop left off for two weeks keeps its older days; 23:30 and 00:30
    in Vietnam are two days, whatever UTC says (16:30 and 17:30 of one day)."""
    assert rotation.kept([vn(1, 9), vn(2, 9), vn(15, 9)], daily=2, weekly=0) == {vn(15, 9), vn(2, 9)}
    evening = dt.datetime(2026, 12, 7, 16, 30, tzinfo=dt.UTC)
    after_midnight = dt.datetime(2026, 12, 7, 17, 30, tzinfo=dt.UTC)
    afternoon = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
    assert rotation.kept([afternoon, evening, after_midnight], daily=2, weekly=0) == {evening, after_midnight}
    assert rotation.kept([afternoon, evening, after_midnight], daily=0, weekly=0) == {after_midnight}  # the newest, always


# ----- automatic backups --------------------------------------------------------


def test_an_import_is_backed_up_and_a_second_within_the_hour_waits(store, automatic, monkeypatch, tmp_path):
    monkeypatch.setenv("XANH_BACKUP_EVERY_MINUTES", "60")
    assert ingest_file(store, form01_file(tmp_path / "y2025.xlsx", "NĂM 2025", BASE), user="lan").ok
    autobackup.wait()
    (first,) = automatic.iterdir()
    assert first.name.startswith("xanh-") and checked(first).submissions == 2
    assert ingest_file(store, form01_file(tmp_path / "y2024.xlsx", "NĂM 2024", BASE), user="lan").ok
    autobackup.wait()
    assert list(automatic.iterdir()) == [first] and checked(first).submissions == 2  # the third waits for the hour


def test_a_revert_and_a_lock_are_backed_up(store, automatic, tmp_path):
    report = ingest_file(store, form01_file(tmp_path / "y2025.xlsx", "NĂM 2025", BASE), user="lan")
    autobackup.wait()
    for action, write in (
        ("revert", lambda: store.revert(report.submission_id, "lan")),
        ("lock", lambda: store.lock("2025", "lan")),
    ):
        write()
        autobackup.wait()
        newest = max(automatic.iterdir())
        assert last_event(newest) == action


def test_a_write_that_changes_nothing_takes_no_backup(store, automatic, tmp_path):
    bad = form01_file(tmp_path / "sai.xlsx", "NĂM 2025", {"An Lạc": {"households_total": 10, "households_committed": 20}})
    assert not ingest_file(store, bad, user="lan").ok
    autobackup.wait()
    assert not automatic.exists()
    assert store.lock("2025", "lan")  # the control: a write that changes data is backed up
    autobackup.wait()
    assert [last_event(p) for p in automatic.iterdir()] == ["lock"]


def test_changes_no_backup_holds_are_backed_up_when_the_dashboard_starts(store, automatic):
    """The store fixture's import was made with automatic backups off, as a
    command's change within the hour ends with its process."""
    autobackup.catch_up(store.url)
    autobackup.wait()
    (made,) = automatic.iterdir()
    assert checked(made).submissions == 1
    later = made.rename(automatic / "xanh-2099-01-01T0000.sqlite")  # a backup newer than every change
    autobackup.catch_up(store.url)
    autobackup.wait()
    assert list(automatic.iterdir()) == [later]


def test_a_failed_backup_leaves_the_write_done_and_says_why_in_the_log(store, automatic, monkeypatch, tmp_path, caplog):
    blocker = tmp_path / "khong-phai-thu-muc"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XANH_BACKUP_DIR", str(blocker))
    assert store.lock("2025", "lan")
    autobackup.wait()
    assert store.locked_periods()["2025"]["locked_by"] == "lan"
    assert [r.getMessage() for r in caplog.records if r.name == "xanh"] == [
        f"automatic backup of {tmp_path / 'xanh.sqlite'} failed"
    ]


def test_over_the_size_cap_nothing_is_written_and_everyone_is_told(store, automatic, monkeypatch, tmp_path, caplog, capsys):
    monkeypatch.setenv("XANH_BACKUP_MAX_MB", "0")
    assert store.lock("2025", "lan")
    autobackup.wait()
    assert not automatic.exists()
    assert [r.getMessage() for r in caplog.records if r.name == "xanh"] == [CAP_SENTENCE]
    assert autobackup.status(store.url).shortage.sentence() == CAP_SENTENCE
    assert run(capsys, "--db", tmp_path / "xanh.sqlite", "backup") == (1, "", CAP_SENTENCE + "\n")


def test_a_disk_nearly_full_is_never_filled(store, automatic, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(rotation, "RESERVE", 1 << 60)  # more than any disk holds
    code, _, err = run(capsys, "--db", tmp_path / "xanh.sqlite", "backup", "--out", tmp_path / "ban-sao.sqlite")
    assert code == 1 and err.startswith("Không sao lưu được: ổ đĩa chỉ còn ") and not (tmp_path / "ban-sao.sqlite").exists()
    assert autobackup.status(store.url).shortage.kind == "disk"


def test_backup_into_the_folder_rotates_it_and_tells_the_automatic_state(store, automatic, capsys, tmp_path):
    store.engine.dispose()
    automatic.mkdir()
    old = automatic / "xanh-2026-12-01T0200.sqlite"
    shutil.copy(tmp_path / "xanh.sqlite", old)
    code, out, _ = run(capsys, "--db", tmp_path / "xanh.sqlite", "backup")
    (made,) = set(automatic.iterdir()) - {old}
    assert code == 0 and out.startswith(f"Đã sao lưu kho dữ liệu vào {made} (")
    newest = rotation.backups_in(automatic, "xanh", ".sqlite")[made]
    assert out.endswith(f"Sao lưu tự động vào thư mục {automatic}: bản gần nhất lúc {newest:%d/%m/%Y %H:%M}.\n")
    assert old.exists()  # another day: kept
    code, _, _ = run(capsys, "--db", tmp_path / "xanh.sqlite", "backup")
    assert code == 0 and old.exists() and len(list(automatic.iterdir())) == 2


# ----- the Dữ liệu page -----------------------------------------------------------


@pytest.fixture
def desk(seeded_file, tmp_path, monkeypatch) -> Path:
    from services import accounts

    path = tmp_path / "desk.sqlite"
    shutil.copy(seeded_file, path)
    accounts.add_user(Store(path), "lan", "mat-khau-dung")
    monkeypatch.setenv("XANH_DB", str(path))
    monkeypatch.setenv("XANH_BACKUP_EVERY_MINUTES", "60")
    st.cache_resource.clear()
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "desk-2026-12-07T1230.sqlite").touch()
    yield path
    autobackup.stop()


def test_the_history_tab_shows_the_newest_automatic_backup(desk, tmp_path):
    at = open_tab(open_desk(), "Lịch sử")
    folder = plain(tmp_path / "backups")  # as markdown shows it as itself
    assert f"Bản sao lưu tự động gần nhất: 07/12/2026 12:30, trong thư mục {folder}." in texts(at.caption)
    assert not at.warning


def test_the_history_tab_warns_when_the_next_backup_would_not_be_written(desk, monkeypatch):
    monkeypatch.setenv("XANH_BACKUP_MAX_MB", "0")
    at = open_tab(open_desk(), "Lịch sử")
    assert store_size(desk) < rotation.MB  # the seeded store: 1 MB rounded up, over a cap of 0
    assert CAP_SENTENCE in texts(at.warning)
