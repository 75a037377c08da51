"""cli.py restore on the laptop: a store whose file was deleted comes back
from its newest automatic backup with the same figures; a store holding
data is replaced only with --force and then kept aside; one in use is never
replaced; an older schema is upgraded as the restored store opens."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

import cli
from services.ingest import ingest_file
from store import Store, autobackup
from store.schema import HEAD
from tests.filemaker import registry_file
from tests.test_backups import run
from tests.test_official_codes import as_registered_before, holding_data
from tests.test_store import comparable, dump


def figures(capsys, db: Path) -> dict[str | None, str]:
    """`metrics --json` of every period, and of them all."""
    code, out, _ = run(capsys, "--db", db, "metrics", "--json")
    assert code == 0
    periods = sorted({row["period"] for row in json.loads(out)})
    assert len(periods) >= 3  # the sample data's years and half-years
    return {None: out} | {p: run(capsys, "--db", db, "metrics", "--period", p, "--json")[1] for p in periods}


def test_a_deleted_store_comes_back_from_its_newest_automatic_backup(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XANH_BACKUP_EVERY_MINUTES", "0")
    db = tmp_path / "data" / "xanh.sqlite"
    assert cli.main(["--db", str(db), "seed"]) == 0
    autobackup.wait()
    capsys.readouterr()
    before = figures(capsys, db)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    newest = max((tmp_path / "data" / "backups").iterdir())
    code, out, err = run(capsys, "--db", db, "restore", newest)
    assert (code, err) == (0, "")
    assert out.startswith(f"Đã khôi phục {db} từ {newest}: 20 lần nộp, thay đổi mới nhất: ")
    assert figures(capsys, db) == before


@pytest.fixture
def holding(tmp_path) -> Path:
    """A store holding one submission, closed."""
    path = tmp_path / "xanh.sqlite"
    store = Store(path)
    assert ingest_file(store, registry_file(tmp_path / "registry.xlsx"), user="lan").ok
    store.engine.dispose()
    return path


@pytest.fixture
def backup(tmp_path) -> Path:
    """A backup of an empty store."""
    empty = Store(tmp_path / "trong.sqlite")
    empty.engine.dispose()
    out = tmp_path / "ban-sao.sqlite"
    assert cli.main(["--db", str(tmp_path / "trong.sqlite"), "backup", "--out", str(out)]) == 0
    return out


def test_a_store_holding_data_is_replaced_only_with_force_and_kept_aside(capsys, holding, backup):
    capsys.readouterr()
    content = holding.read_bytes()
    refused = (
        f"Kho dữ liệu {holding} đang có 1 lần nộp: chỉ khôi phục đè lên khi có --force; "
        "khi đó kho hiện tại được giữ lại bên cạnh, không bị xóa.\n"
    )
    assert run(capsys, "--db", holding, "restore", backup) == (1, "", refused)
    assert holding.read_bytes() == content
    code, out, _ = run(capsys, "--db", holding, "restore", backup, "--force")
    (kept,) = holding.parent.glob("xanh.sqlite.replaced-*")
    assert code == 0 and out.endswith(f": 0 lần nộp, thay đổi mới nhất: chưa có.\nKho cũ được giữ lại: {kept}.\n")
    with closing(sqlite3.connect(kept)) as conn:
        assert conn.execute("select count(*) from submissions").fetchone()[0] == 1
    assert Store(holding).submissions().empty


def test_a_store_in_use_is_never_replaced(capsys, holding, backup):
    capsys.readouterr()
    dashboard = Store(holding)
    assert len(dashboard.submissions()) == 1  # its connection stays open, as the dashboard's does
    message = (
        f"Kho dữ liệu {holding} đang được một tiến trình khác mở (bảng theo dõi đang chạy?): "
        "hãy dừng tiến trình đó rồi khôi phục lại.\n"
    )
    assert run(capsys, "--db", holding, "restore", backup, "--force") == (1, "", message)
    assert len(dashboard.submissions()) == 1 and not list(holding.parent.glob("*.replaced-*"))
    dashboard.engine.dispose()


def test_a_stale_write_ahead_log_is_set_aside_with_the_deleted_store(capsys, holding, backup):
    capsys.readouterr()
    holding.unlink()
    stale = Path(f"{holding}-wal")
    stale.write_bytes(b"\x37\x7f\x06\x82" + bytes(28))  # a WAL header of another file
    code, out, _ = run(capsys, "--db", holding, "restore", backup)
    (aside,) = holding.parent.glob("xanh.sqlite.replaced-*-wal")
    assert code == 0 and out.endswith(f"Kho cũ được giữ lại: {aside}.\n")
    assert not stale.exists() and Store(holding).submissions().empty


def test_a_backup_of_an_older_schema_is_upgraded(capsys, tmp_path):
    """A store of schema 0005 (Phường Thành Đông under its older code 10510)
    comes back at the newest schema with every row, under its official code."""
    source = holding_data(tmp_path / "source.sqlite", tmp_path, "10507")
    old = tmp_path / "cu.sqlite"
    as_registered_before(source, f"sqlite:///{old}", {"10507": ("10510", "Phường  Thành Đông")})
    db = tmp_path / "xanh.sqlite"
    code, out, _ = run(capsys, "--db", db, "restore", old)
    assert code == 0 and out.startswith(f"Đã khôi phục {db} từ {old}, lược đồ nâng từ phiên bản 0005 lên {HEAD}: 2 lần nộp, ")
    restored = Store(db)
    with restored.transaction() as conn:
        assert conn.execute(sa.text("select version_num from alembic_version")).scalar() == HEAD
    assert comparable(dump(restored)) == comparable(dump(source))
    restored.engine.dispose()
    source.engine.dispose()


def test_a_restore_that_fails_on_opening_puts_the_old_store_back(capsys, monkeypatch, holding, backup):
    """The backup copied into place but not opened (an upgrade that fails):
    the replaced store is back where it was, as it was, nothing left aside."""
    from store import restore

    def failing(*args):
        raise sa.exc.OperationalError("upgrade", {}, Exception("nâng cấp hỏng"))

    monkeypatch.setattr(restore, "_opened", failing)
    capsys.readouterr()
    content = holding.read_bytes()
    code, out, err = run(capsys, "--db", holding, "restore", backup, "--force")
    assert (code, out) == (1, "") and err.startswith(f"Không khôi phục được từ tệp {backup} (")
    assert err.endswith(f"); kho dữ liệu cũ vẫn nguyên ở {holding}.\n")
    assert holding.read_bytes() == content and not list(holding.parent.glob("*.replaced-*"))
