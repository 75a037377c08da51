"""Stores registered under the older unit list are upgraded in place
(migration 0006): each commune takes its official code, with every
submission, value, lock, event, result, program version and editor's right;
one that cannot be matched stops the upgrade and nothing changes. On SQLite
and PostgreSQL."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from catalog import using
from catalog.units import units
from services.accounts import account_editor, add_user
from services.communes import add, catalog_of, set_program
from services.ingest import ingest_file
from services.queries import indicator_table
from store import Store, StoreError
from store.communes import listed
from store.schema import HEAD, metadata
from tests.filemaker import form01_file, registry_file
from tests.test_store import BASE, comparable, db_url, dump  # noqa: F401 (db_url: SQLite and PostgreSQL)

MIGRATION = Path(__file__).resolve().parents[1] / "store" / "migrations" / "versions" / "0006_official_codes.py"


def migration():
    spec = importlib.util.spec_from_file_location("official_codes", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def holding_data(path: Path, tmp_path: Path, code: str) -> Store:
    """A store at the newest schema holding a commune's registry, figures, a
    lock, a program version and an editor."""
    made = Store(path)
    add(made, code)
    made = made.scoped(code)
    with using(catalog_of(made)):
        assert ingest_file(made, registry_file(tmp_path / f"00-{code}.xlsx"), user="lan").ok
        assert ingest_file(made, form01_file(tmp_path / f"01-{code}.xlsx", "NĂM 2025", BASE), user="lan").ok
    made.lock("2025", "lan")
    set_program(made, "commune:\n  signer_name: Nguyễn Văn A\n", "lan")
    from services.results import refresh

    with using(catalog_of(made)):
        refresh(made)
    return made


def as_registered_before(source: Store, url: str, codes: dict[str, tuple[str, str]]) -> None:
    """Copy every row of `source` into a store of schema 0005 at `url`, each
    commune under the code and name the older list gave it: codes maps the
    source's code to (old code, old name)."""
    old = Store(url, revision="0005")
    with source.transaction() as read, old.transaction(write=True) as write:
        tables = sa.MetaData()
        tables.reflect(write)
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [dict(r) for r in read.execute(sa.select(table)).mappings()]
            for row in rows:
                _recode(table.name, row, codes)
            if rows:
                write.execute(tables.tables[table.name].insert(), rows)
    old.engine.dispose()


def _recode(table: str, row: dict, codes: dict[str, tuple[str, str]]) -> None:
    if table == "communes" and row["code"] in codes:
        row["code"], row["name"] = codes[row["code"]]
    elif table == "users":
        row["communes"] = ",".join(codes.get(c, (c,))[0] for c in row["communes"].split(","))
    elif "commune" in row and row["commune"] in codes:
        row["commune"] = codes[row["commune"]][0]


def test_a_store_holding_data_under_an_old_code_is_upgraded_in_place(db_url, tmp_path):  # noqa: F811
    """Phường Thành Đông was 10510 in the older list; the official code is 10507."""
    source = holding_data(tmp_path / "source.sqlite", tmp_path, "10507")
    add_user(source, "lan", "mat-khau-cua-lan", "10507")
    as_registered_before(source, db_url, {"10507": ("10510", "Phường  Thành Đông")})
    upgraded = Store(db_url)
    assert [u.as_json() for u in listed(upgraded)] == [
        {"code": "10507", "name": "Phường Thành Đông", "province": "Thành phố Hải Phòng", "type": "phường"}
    ]
    assert comparable(dump(upgraded)) == comparable(dump(source))
    with upgraded.transaction() as conn:
        assert conn.execute(sa.text("select version_num from alembic_version")).scalar() == HEAD
    with using(catalog_of(upgraded)):
        assert catalog_of(upgraded).commune.signer_name == "Nguyễn Văn A"
        pd.testing.assert_frame_equal(indicator_table(upgraded), indicator_table(source.scoped("10507")))
    assert upgraded.locked_periods()["2025"]["locked_by"] == "lan"
    assert account_editor(upgraded, "lan").may_write("10507")
    upgraded.engine.dispose()


def test_units_whose_codes_rotated_each_keep_their_own_data(db_url, tmp_path):  # noqa: F811
    """In the older list 1537 was Xã Vinh Quý and 1558 Xã Lý Quốc; officially
    Vinh Quý is 1561 and Lý Quốc 1537: both move, neither takes the other's data."""
    source = holding_data(tmp_path / "source.sqlite", tmp_path, "1561")
    holding_data(tmp_path / "source.sqlite", tmp_path, "1537")
    as_registered_before(source, db_url, {"1561": ("1537", "Xã Vinh Quý"), "1537": ("1558", "Xã Lý Quốc")})
    upgraded = Store(db_url, commune="1537")
    assert {u.code: u.name for u in listed(upgraded)} == {"1537": "Xã Lý Quốc", "1561": "Xã Vinh Quý"}
    assert comparable(dump(upgraded)) == comparable(dump(source))
    upgraded.engine.dispose()


def test_a_commune_that_matches_no_unit_stops_the_upgrade_and_nothing_changes(db_url, tmp_path, monkeypatch):  # noqa: F811
    source = holding_data(tmp_path / "source.sqlite", tmp_path, "10507")
    as_registered_before(source, db_url, {"10507": ("10510", "Phường Thành Tây")})
    before = dump(Store(db_url, revision="0005"))
    with pytest.raises(StoreError) as refused:
        Store(db_url)
    message = str(refused.value)
    assert '"Phường Thành Tây" (mã cũ 10510)' in message and "không có gì thay đổi" in message
    assert "XANH_UNIT_CODES" in message and "10507 Phường Thành Đông" in message  # the nearest names, to choose from
    still = Store(db_url, revision="0005")
    assert dump(still) == before
    with still.transaction() as conn:
        assert conn.execute(sa.text("select version_num from alembic_version")).scalar() == "0005"
    still.engine.dispose()
    monkeypatch.setenv("XANH_UNIT_CODES", "10510=10507")  # settled by hand, as the message says
    upgraded = Store(db_url)
    assert [u.code for u in listed(upgraded)] == ["10507"]
    assert comparable(dump(upgraded)) == comparable(dump(source))
    upgraded.engine.dispose()


def test_the_plan_matches_by_province_and_name_whatever_the_tone_marks():
    plan = migration().plan
    rows = [
        {"code": "1537", "name": "Xã Vinh Quý", "province_code": 4},
        {"code": "1558", "name": "Xã Lý Quốc", "province_code": 4},
        {"code": "1561", "name": "Xã Hạ Lang", "province_code": 4},
        {"code": "226", "name": "Phường Kim Liên", "province_code": 1},
        {"code": "11560", "name": "Phường Thuỷ Nguyên", "province_code": 31},  # the old placement: same unit, same code
    ]
    assert plan(rows, units(), {}) == {"1537": "1561", "1558": "1537", "1561": "1558", "226": "229"}


def test_two_communes_meeting_on_one_code_are_refused():
    rows = [
        {"code": "10510", "name": "Phường Thành Đông", "province_code": 31},
        {"code": "10507", "name": "Phường Thành Đông", "province_code": 31},
    ]
    with pytest.raises(StoreError, match="cùng ứng với mã 10507"):
        migration().plan(rows, units(), {})


def test_the_dashboard_says_why_a_store_cannot_be_upgraded(tmp_path, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    source = holding_data(tmp_path / "source.sqlite", tmp_path, "10507")
    as_registered_before(source, str(tmp_path / "old.sqlite"), {"10507": ("10510", "Phường Thành Tây")})
    monkeypatch.setenv("XANH_DB", str(tmp_path / "old.sqlite"))
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    shown = at.error[0].value.replace("\\", "")  # as markdown draws it
    assert "Phường Thành Tây" in shown and 'XANH_UNIT_CODES="MÃ_CŨ=MÃ_MỚI,..."' in shown
