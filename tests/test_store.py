"""Store round trips through the ingest service: atomic acceptance,
duplicates, resubmission and partial reports, revert, locks, registers."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

import store as store_module
from catalog import load_catalog
from services.accounts import account_editor, add_user
from services.ingest import ingest_file
from services.queries import indicator_table
from services.seed import seed
from store import Store, StoreError
from store.communes import listed
from store.schema import HEAD, metadata
from tests.filemaker import form01_file, register_file, registry_file

BASE = {
    "An Lạc": {"households_total": 500, "households_committed": 200, "public_lights_total": 100, "public_lights_led": 40},
    "Bình Minh": {"households_total": 300, "households_committed": 150, "public_lights_total": 50, "public_lights_led": 10},
    "Cao Xá": {"households_total": 400, "households_committed": 100, "public_lights_total": 80, "public_lights_led": 20},
}


def dump(store: Store) -> dict[str, list]:
    """Every row of every table: the store's whole content (of the tables
    its schema revision has)."""
    with store.reading() as conn:
        present = [t for t in metadata.sorted_tables if sa.inspect(conn).has_table(t.name)]
        return {t.name: sorted(map(tuple, conn.execute(sa.select(t)).all()), key=repr) for t in present}


def comparable(tables: dict[str, list]) -> dict[str, list]:
    """Rows with times as naive UTC: SQLite hands back naive datetimes,
    PostgreSQL aware ones, for the same instants."""

    def plain(value):
        return value.astimezone(dt.UTC).replace(tzinfo=None) if isinstance(value, dt.datetime) and value.tzinfo else value

    return {name: [tuple(map(plain, row)) for row in rows] for name, rows in tables.items()}


def current(store: Store, entity: str, field: str, period: str = "2025") -> float | None:
    values = store.current_values(["01"], [period])
    hit = values[(values["entity"] == entity) & (values["field"] == field)]
    assert len(hit) <= 1
    return None if hit.empty else float(hit["num"].iloc[0])


PG = os.environ.get("XANH_TEST_PG")  # e.g. postgresql+psycopg://xanh:xanh@127.0.0.1/postgres (.ci/run sets it)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(not PG, reason="XANH_TEST_PG not set"))])
def db_url(request, tmp_path):
    """A new empty database: an SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.sqlite")
        return
    with fresh_postgresql() as url:
        yield url


@contextlib.contextmanager
def fresh_postgresql() -> Iterator[str]:
    """The URL of a new empty PostgreSQL database, dropped afterwards."""
    admin = sa.create_engine(PG, isolation_level="AUTOCOMMIT")
    name = f"xanh_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield sa.make_url(PG).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def store(db_url, tmp_path) -> Store:
    store = Store(db_url)
    assert ingest_file(store, registry_file(tmp_path / "registry.xlsx")).ok
    yield store
    store.engine.dispose()


@pytest.fixture
def year2025(tmp_path):
    return form01_file(tmp_path / "y2025.xlsx", "NĂM 2025", BASE)


def test_first_file_inserts_every_village(store, year2025):
    report = ingest_file(store, year2025, user="cán bộ A")
    assert report.ok and report.forms == ["01"] and report.periods == ["2025"]
    assert report.summary == {"inserted": 3, "updated": 0, "unchanged": 0}
    sub = store.submissions().iloc[0]
    assert sub["user"] == "cán bộ A" and len(sub["sha256"]) == 64 and sub["rows"] == 3
    assert current(store, "V01", "households_total") == 500


def test_rows_written_through_the_driver_read_as_sqlalchemy_writes_them(store, year2025):
    """Submissions and events are inserted through the driver (store._insert):
    their times must be stored in the form SQLAlchemy stores and reads, and
    the file's bytes intact."""
    before = dt.datetime.now(dt.UTC)
    ingest_file(store, year2025, user="cán bộ A")
    newest = "select {} from {} order by id desc limit 1"
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql(newest.format("cast(created_at as text)", "submissions")).scalar()
        at = conn.exec_driver_sql(newest.format("at", "events")).scalar()
        content = conn.exec_driver_sql(newest.format("content", "submissions")).scalar()
    if store.is_sqlite:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", stored)  # no "T", no offset: as SQLAlchemy writes
    created = store.submissions().iloc[0]["created_at"]
    assert abs(pd.Timestamp(created).tz_localize(None) - pd.Timestamp(before).tz_localize(None)) < pd.Timedelta(minutes=1)
    assert at is not None and bytes(content) == year2025.read_bytes()


def test_rejected_file_leaves_every_table_unchanged(store, year2025, tmp_path):
    ingest_file(store, year2025)
    before = dump(store)
    bad = dict(BASE, **{"Bình Minh": {**BASE["Bình Minh"], "households_committed": 812}})
    report = ingest_file(store, form01_file(tmp_path / "bad.xlsx", "NĂM 2025", bad))
    assert not report.ok
    assert [(p.code, p.row, p.column, p.field) for p in report.problems if p.severity == "error"] == [
        ("exceeds", 5, "C", "households_committed")
    ]
    assert dump(store) == before


def test_same_bytes_twice_change_nothing(store, year2025):
    ingest_file(store, year2025)
    before = dump(store)
    report = ingest_file(store, year2025)
    assert report.ok and [p.code for p in report.problems] == ["duplicate_file"]
    assert report.summary == {"inserted": 0, "updated": 0, "unchanged": 3}
    assert dump(store) == before


def test_resubmission_supersedes_and_revert_restores(store, year2025, tmp_path):
    first = ingest_file(store, year2025).submission_id
    changed = dict(BASE, **{"An Lạc": {**BASE["An Lạc"], "households_committed": 260}})
    second = ingest_file(store, form01_file(tmp_path / "again.xlsx", "NĂM 2025", changed))
    assert second.summary == {"inserted": 0, "updated": 1, "unchanged": 2}
    assert current(store, "V01", "households_committed") == 260
    with store.reading() as conn:
        old = conn.execute(
            sa.text(
                "select active, replaced_by from \"values\" where submission_id=:s and entity='V01' and field='households_committed'"
            ),
            {"s": first},
        ).one()
    assert tuple(old) == (False, second.submission_id)
    result = store.revert(second.submission_id, "cán bộ B")
    assert result.restored == 1
    assert current(store, "V01", "households_committed") == 200
    with pytest.raises(StoreError):
        store.revert(second.submission_id, "cán bộ B")


def test_partial_report_changes_only_its_fields(store, year2025, tmp_path):
    ingest_file(store, year2025)
    lights = {"An Lạc": {"public_lights_total": 100, "public_lights_led": 70}}
    report = ingest_file(store, form01_file(tmp_path / "lights.xlsx", "NĂM 2025", lights))
    assert report.ok and report.summary == {"inserted": 0, "updated": 1, "unchanged": 0}
    assert current(store, "V01", "public_lights_led") == 70
    assert current(store, "V01", "households_total") == 500


def test_merged_values_are_checked(store, year2025, tmp_path):
    """A partial file whose value breaks a rule against a stored field."""
    ingest_file(store, year2025)
    report = ingest_file(store, form01_file(tmp_path / "p.xlsx", "NĂM 2025", {"Cao Xá": {"households_committed": 450}}))
    assert [(p.code, p.field, p.row, p.column) for p in report.problems] == [("exceeds", "households_committed", 4, "B")]
    assert "Số hộ ký cam kết phân loại rác tại nguồn (450) lớn hơn Tổng số hộ (400)" in report.problems[0].message


def test_revert_of_a_superseded_submission_keeps_the_newest(store, year2025, tmp_path):
    ingest_file(store, year2025)
    b = ingest_file(store, form01_file(tmp_path / "b.xlsx", "NĂM 2025", {"An Lạc": {"households_committed": 250}}))
    c = ingest_file(store, form01_file(tmp_path / "c.xlsx", "NĂM 2025", {"An Lạc": {"households_committed": 300}}))
    store.revert(b.submission_id, "x")
    assert current(store, "V01", "households_committed") == 300
    store.revert(c.submission_id, "x")
    assert current(store, "V01", "households_committed") == 200


def test_locked_period_refuses_until_unlocked(store, year2025):
    assert store.lock("2025", "chủ tịch")
    before = dump(store)
    report = ingest_file(store, year2025)
    assert not report.ok and [p.code for p in report.problems] == ["period_locked"]
    assert dump(store) == before
    assert store.unlock("2025", "chủ tịch")
    assert ingest_file(store, year2025).ok


def test_register_is_replaced_whole_and_restored_by_revert(store, tmp_path):
    clusters = [
        {"cluster_name": "CCN Lương Điền", "has_investor": "Có", "wwtp_status": "Đang xây dựng"},
        {"cluster_name": "CCN Cẩm Giàng", "has_investor": "Có", "wwtp_status": "Vận hành đạt quy chuẩn"},
        {"cluster_name": "CCN Phúc Điền", "has_investor": "Không", "wwtp_status": "Chưa đầu tư"},
    ]
    ingest_file(store, register_file(tmp_path / "a.xlsx", "02", "NĂM 2025", clusters))
    smaller = ingest_file(store, register_file(tmp_path / "b.xlsx", "02", "NĂM 2025", clusters[:2]))
    assert smaller.summary == {"inserted": 0, "updated": 0, "unchanged": 2}
    assert set(store.current_values(["02"])["entity"]) == {"CCN Lương Điền", "CCN Cẩm Giàng"}
    store.revert(smaller.submission_id, "x")
    assert len(set(store.current_values(["02"])["entity"])) == 3


def test_interrupted_ingest_leaves_no_trace(store, year2025, monkeypatch):
    before = dump(store)

    def fail(*args, **kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(Store, "record_event", fail)
    with pytest.raises(RuntimeError):
        ingest_file(store, year2025)
    assert dump(store) == before


def test_concurrent_ingests_all_land(store, tmp_path):
    files = [
        form01_file(tmp_path / f"v{i}.xlsx", f"NĂM {year}", {"An Lạc": {"households_total": 500 + i}})
        for i, year in enumerate([2023, 2024, 2025, 2026])
    ]
    reports = []
    threads = [threading.Thread(target=lambda f=f: reports.append(ingest_file(Store(store.url), f))) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.ok for r in reports) and len(reports) == 4
    assert len(store.submissions()) == 5


def test_store_is_migrated_to_head(store):
    """schema.HEAD, which lets a store at the newest revision open without
    Alembic, is the newest migration: a new migration must move it."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(store_module.__file__).parent / "migrations"))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD
    with store.reading() as conn:
        assert conn.execute(sa.text("select version_num from alembic_version")).scalar() == HEAD


def test_blank_cell_keeps_the_stored_value_with_a_warning(store, year2025, tmp_path):
    ingest_file(store, year2025)
    blank = {"An Lạc": {"households_total": 500, "households_committed": None}}
    report = ingest_file(store, form01_file(tmp_path / "blank.xlsx", "NĂM 2025", blank))
    assert report.ok
    assert [(p.code, p.severity, p.row, p.column, p.field) for p in report.problems] == [
        ("value_blank_now", "warning", 4, "C", "households_committed")
    ]
    assert "đã báo cáo ở kỳ 2025 nhưng nay để trống" in report.problems[0].message
    assert current(store, "V01", "households_committed") == 200


def test_jump_from_the_latest_earlier_period_is_a_warning(store, year2025, tmp_path):
    ingest_file(store, year2025)
    jump = {"An Lạc": {"households_total": 650}}  # 500 -> 650: +30 % > 20 %
    report = ingest_file(store, form01_file(tmp_path / "jump.xlsx", "6 THÁNG ĐẦU NĂM 2026", jump))
    assert report.ok and report.periods == ["2026-H1"]
    (warning,) = report.problems
    assert (warning.code, warning.row, warning.column) == ("change_too_large", 4, "B")
    assert "+30% so với kỳ 2025 (500 → 650)" in warning.message


def test_migrations_build_exactly_the_described_schema(tmp_path):
    """store/schema.py and the Alembic migrations never drift apart."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    store = Store(tmp_path / "fresh.sqlite")
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_every_sample_file_lands_on_this_database(db_url):
    """The whole sample set, multi-period registers included, on SQLite and
    PostgreSQL (which, unlike SQLite, enforces column types and lengths)."""
    store = Store(db_url)
    reports = seed(store)
    assert [r.file for r in reports if not r.ok] == []
    assert store.value_sources()["filename"].notna().all()
    store.engine.dispose()


def test_editors_of_a_store_without_data_keep_their_commune_after_the_upgrade(db_url, tmp_path):
    """Accounts made before any file was imported were the configured
    commune's editors: the upgrade to many communes keeps them so."""
    source = Store(tmp_path / "source.sqlite")
    add_user(source, "lan", "mat-khau-cua-lan")
    old = Store(db_url, revision="0004")
    with source.transaction() as read, old.transaction(write=True) as write:
        tables = sa.MetaData()
        tables.reflect(write)
        rows = [
            {k: v for k, v in r.items() if k != "communes"} for r in read.execute(sa.select(metadata.tables["users"])).mappings()
        ]
        write.execute(tables.tables["users"].insert(), rows)
    old.engine.dispose()
    new = Store(db_url)
    assert account_editor(new, "lan").may_write(load_catalog().commune.code)
    new.engine.dispose()


def test_migrations_upgrade_a_store_that_holds_data(db_url, seeded_file, tmp_path):
    """A one-commune store of the fourth schema, holding the sample data, a
    lock and an editor, is opened with the newest: every row is still there,
    in the commune the catalog is configured for, which is registered from
    the official list; its figures are those the store gave before; its
    editor may write it."""
    shutil.copy(seeded_file, tmp_path / "source.sqlite")
    source = Store(tmp_path / "source.sqlite")
    source.lock("2025", "lan")
    add_user(source, "lan", "mat-khau-cua-lan")
    old = Store(db_url, revision="0004")
    with source.transaction() as read, old.transaction(write=True) as write:
        tables = sa.MetaData()
        tables.reflect(write)
        for name in ("submissions", "values", "events", "locks", "users"):
            rows = [
                {k: v for k, v in r.items() if k not in ("commune", "communes")}
                for r in read.execute(sa.select(metadata.tables[name])).mappings()
            ]
            write.execute(tables.tables[name].insert(), rows)
    before = {name: rows for name, rows in dump(source).items() if name not in ("communes", "programs", "results")}
    old.engine.dispose()
    new = Store(db_url)
    assert new.commune == load_catalog().commune.code == "10903"
    assert [u.as_json() for u in listed(new)] == [
        {"code": "10903", "name": "Xã Cẩm Giàng", "province": "Thành phố Hải Phòng", "type": "xã"}
    ]
    assert comparable({name: rows for name, rows in dump(new).items() if name in before}) == comparable(before)
    with new.transaction() as conn:
        assert conn.execute(sa.text("select version_num from alembic_version")).scalar() == HEAD
    pd.testing.assert_frame_equal(indicator_table(new), indicator_table(source))
    assert new.locked_periods()["2025"]["locked_by"] == "lan"
    assert account_editor(new, "lan").may_write("10903")
    new.engine.dispose()
