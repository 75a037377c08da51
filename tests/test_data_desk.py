"""services.data_desk: the upload limit, which files reach the loaders, the
sheet views with their marked cells, and who reported on time."""

from __future__ import annotations

import datetime as dt
import tomllib

import pandas as pd
import pytest

from loaders.problems import problem
from services import data_desk
from services.accounts import CITY, Editor
from services.data_desk import process_upload, sheet_views, upload_limit_mb
from services.ingest import ingest_file
from store import Store
from tests.filemaker import form01_file, registry_file, write_sheet
from tests.page_helpers import ROOT
from tests.test_store import BASE, dump

LAN = Editor("lan", frozenset({CITY}))


@pytest.fixture
def store(tmp_path) -> Store:
    opened = Store(tmp_path / "desk.sqlite")
    assert ingest_file(opened, registry_file(tmp_path / "registry.xlsx")).ok
    return opened


def test_the_upload_limit_setting():
    assert upload_limit_mb(None, {}) == 20
    assert upload_limit_mb(200, {"XANH_MAX_UPLOAD_MB": "50"}) == 50
    assert upload_limit_mb(20, {"XANH_MAX_UPLOAD_MB": "50"}) == 20  # Streamlit would refuse more anyway
    assert upload_limit_mb(None, {"XANH_MAX_UPLOAD_MB": "nhiều"}) == upload_limit_mb(None, {"XANH_MAX_UPLOAD_MB": "0"}) == 20


def test_streamlit_config_agrees_with_the_default_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == data_desk.DEFAULT_LIMIT_MB


def test_only_spreadsheets_reach_the_loaders(store, tmp_path):
    data = form01_file(tmp_path / "y.xlsx", "NĂM 2025", BASE).read_bytes()
    before = dump(store)
    report = process_upload(store, data, "bao-cao.exe", None, 20, editor=LAN)
    assert [p.code for p in report.problems] == ["file_unsupported"] and not report.ok
    assert dump(store) == before
    assert process_upload(store, data, "bao-cao.XLSX", None, 20).ok
    assert dump(store) == before  # the dry run writes nothing
    assert process_upload(store, data, "bao-cao.xlsx", None, 20, editor=LAN).submission_id is not None
    assert store.submissions()["user"].tolist()[0] == "lan"


def test_period_choices_run_from_the_oldest_stored_period():
    assert data_desk.period_choices(["2025", "2026-H1"], dt.date(2026, 3, 1))[:3] == ["2026", "2026-H1", "2025"]
    assert data_desk.period_choices(["2019"], dt.date(2026, 3, 1))[-1] == "2019-H1"
    assert data_desk.period_choices([], dt.date(2026, 3, 1))[-1] == "2023-H1"


def test_sheet_view_marks_the_cells_and_rows_of_problems(tmp_path):
    path = write_sheet(tmp_path / "x.xlsx", ["Tên thôn", "Tổng số hộ"], [["An Lạc", "nhiều"], ["Bình Minh", 3]], "BÁO CÁO")
    problems = [
        problem("not_a_number", sheet="Biểu", row=4, column="B", label="Tổng số hộ", value="nhiều"),
        problem("duplicate_key", sheet="Biểu", row=5, label="Tên thôn", key="Bình Minh", period="2025", other_row=4),
        problem("period_unknown", sheet="Biểu"),  # the whole sheet: nothing to mark
        problem("not_a_number", sheet="Khác", row=4, column="B", label="Tổng số hộ", value="?"),
    ]
    (view,) = sheet_views(path.read_bytes(), "x.xlsx", problems, 20)
    assert view.name == "Biểu" and view.rows_total == 5
    assert view.cells.index.tolist() == [1, 2, 3, 4, 5] and view.cells.columns.tolist() == ["A", "B"]
    assert view.cells.loc[4, "B"] == "nhiều"
    assert view.marks == {(4, "B"): "error", (5, "A"): "error", (5, "B"): "error"}


def test_a_long_sheet_is_cut_around_its_problems(tmp_path):
    rows = [[f"Thôn {n}", n] for n in range(200)]
    path = write_sheet(tmp_path / "long.xlsx", ["Tên thôn", "Tổng số hộ"], rows)
    (view,) = sheet_views(
        path.read_bytes(), "long.xlsx", [problem("negative", sheet="Biểu", row=100, column="B", label="x", value="-1")], 20
    )
    assert view.cells.index.tolist() == [1, 2, 3, 4, 5, 98, 99, 100, 101, 102]
    assert view.rows_total == 201


def test_csv_and_unreadable_files(tmp_path):
    csv = "Tên thôn,Tổng số hộ\nAn Lạc,nhiều\n".encode()
    (view,) = sheet_views(csv, "x.csv", [problem("not_a_number", row=2, column="B", label="Tổng số hộ", value="nhiều")], 20)
    assert view.name is None and view.marks == {(2, "B"): "error"}
    bomb = (ROOT / "tests" / "fixtures" / "loaders" / "bom-zip.xlsx").read_bytes()
    assert sheet_views(bomb, "bom.xlsx", [problem("not_a_number", row=2, column="B", label="x", value="y")], 20) == []


def test_report_status_tells_on_time_late_pending_and_missing(store, tmp_path, monkeypatch):
    ingest_file(store, form01_file(tmp_path / "y.xlsx", "6 THÁNG ĐẦU NĂM 2026", {"An Lạc": {"households_total": 500}}))
    values = store.value_sources()
    villages = pd.DataFrame({"code": ["V01", "V02"], "name": ["An Lạc", "Bình Minh"], "group": ["", ""]})
    before_due = data_desk.report_status(store, values, villages, dt.date(2026, 6, 20))
    after_due = data_desk.report_status(store, values, villages, dt.date(2026, 6, 21))
    assert before_due[["village", "status"]].values.tolist() == [["V01", "late"], ["V02", "pending"]]  # sent today, in November
    assert after_due["status"].tolist() == ["late", "missing"]
    monkeypatch.setattr(data_desk, "load_catalog", lambda: _catalog_due("12-31"))
    assert data_desk.report_status(store, values, villages, dt.date(2026, 6, 21))["status"].tolist()[0] == "on_time"


def _catalog_due(month_day: str):
    """The catalog with the half-year due on `month_day` of the year."""
    from catalog import load_catalog

    catalog = load_catalog()
    commune = catalog.commune.model_copy(update={"half_year": catalog.commune.half_year.model_copy(update={"due": month_day})})
    return catalog.model_copy(update={"commune": commune})


def test_the_chosen_period_serves_only_files_that_name_none(store, tmp_path):
    dated = form01_file(tmp_path / "dated.xlsx", "NĂM 2025", BASE).read_bytes()
    undated = write_sheet(tmp_path / "undated.xlsx", ["Tên thôn", "Tổng số hộ"], [["An Lạc", 510]]).read_bytes()
    assert [p.code for p in process_upload(store, undated, "undated.xlsx", None, 20).problems] == ["period_unknown"]
    assert process_upload(store, dated, "dated.xlsx", "2026-H1", 20, editor=LAN).periods == ["2025"]
    report = process_upload(store, undated, "undated.xlsx", "2026-H1", 20, editor=LAN)
    assert report.ok and report.periods == ["2026-H1"]
