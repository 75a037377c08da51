"""docs/deploy.md's backup and restore, done as it says: a PostgreSQL store
backed up by `cli.py backup` (pg_dump, custom format) and restored by
`cli.py restore` into a new database gives the same history and the same
figures; a database that already holds tables is never restored over.
PostgreSQL only."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import sqlalchemy as sa

from services.queries import indicator_table
from services.seed import seed
from store import Store
from store.rotation import backups_in
from tests.test_backups import run
from tests.test_store import PG, fresh_postgresql

pytestmark = pytest.mark.skipif(not PG or not shutil.which("pg_dump"), reason="XANH_TEST_PG not set or pg_dump missing")


def test_a_backup_restores_into_a_new_database(capsys, tmp_path):
    backup = tmp_path / "xanh.dump"
    with fresh_postgresql() as source_url, fresh_postgresql() as target_url:
        source = Store(source_url)
        assert all(r.ok for r in seed(source))
        code, out, _ = run(capsys, "--db", source_url, "backup", "--out", backup)
        assert code == 0 and out.startswith(f"Đã sao lưu cơ sở dữ liệu PostgreSQL vào {backup} (")
        code, out, err = run(capsys, "--db", target_url, "restore", backup)
        shown = sa.make_url(target_url).render_as_string(hide_password=True)
        assert (code, err) == (0, "") and out.startswith(f"Đã khôi phục {shown} từ {backup}: 20 lần nộp, thay đổi mới nhất: ")
        restored = Store(target_url)
        assert restored.submissions().equals(source.submissions())
        pd.testing.assert_frame_equal(indicator_table(restored), indicator_table(source))
        source.engine.dispose()
        restored.engine.dispose()


def test_a_database_holding_tables_is_never_restored_over(capsys, tmp_path):
    backup = tmp_path / "xanh.dump"
    with fresh_postgresql() as url:
        Store(url).engine.dispose()  # the schema, no data
        assert run(capsys, "--db", url, "backup", "--out", backup)[0] == 0
        shown = sa.make_url(url).render_as_string(hide_password=True)
        refused = (
            f"Cơ sở dữ liệu {shown} đã có bảng: trên PostgreSQL chỉ khôi phục vào một cơ sở dữ liệu mới, còn trống, "
            "để cơ sở dữ liệu đang dùng còn nguyên, kể cả khi có --force (xem docs/deploy.md, mục 4).\n"
        )
        assert run(capsys, "--db", url, "restore", backup, "--force") == (1, "", refused)
        sqlite_file = tmp_path / "kho.sqlite"
        Store(sqlite_file).engine.dispose()
        refused = f"Tệp {sqlite_file} là một kho SQLite: vào PostgreSQL chỉ khôi phục được bản sao lưu do pg_dump tạo ra.\n"
        assert run(capsys, "--db", url, "restore", sqlite_file) == (1, "", refused)


def test_a_dump_of_another_database_is_refused(capsys, tmp_path):
    foreign = tmp_path / "khac.dump"
    with fresh_postgresql() as other, fresh_postgresql() as url:
        engine = sa.create_engine(other)
        with engine.begin() as conn:
            conn.execute(sa.text("create table t (x int)"))
        engine.dispose()
        assert run(capsys, "--db", other, "backup", "--out", foreign)[0] == 0
        refused = (
            f"Tệp {foreign} là bản sao lưu PostgreSQL nhưng không phải của kho dữ liệu bảng theo dõi "
            "(không có phiên bản lược đồ).\n"
        )
        assert run(capsys, "--db", url, "restore", foreign) == (1, "", refused)
        target = sa.create_engine(url)
        assert not sa.inspect(target).get_table_names()  # nothing restored
        target.dispose()


def test_the_timer_s_backup_goes_into_the_backups_folder_by_name(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XANH_BACKUP_DIR", str(tmp_path / "backups"))
    with fresh_postgresql() as url:
        Store(url).engine.dispose()
        code, out, _ = run(capsys, "--db", url, "backup")
        name = sa.make_url(url).database
        (made,) = backups_in(tmp_path / "backups", name, ".dump")
        assert code == 0 and out.startswith(f"Đã sao lưu cơ sở dữ liệu PostgreSQL vào {made} (")
        assert list((tmp_path / "backups").iterdir()) == [made]
