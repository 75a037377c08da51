"""Nhiệm vụ: the task register, its filters kept in the URL, the flags and
the timeline, through the router (AppTest)."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from charts import task_timeline, to_png
from metrics.tasks import lead_units
from services.queries import task_table
from store import Store
from tests.page_helpers import REGISTRY, app_on_files, frame_with, frames_with, texts

PAGE = "views/tasks.py"


def expected(period: str = "2026-H1") -> pd.DataFrame:
    return task_table(Store(os.environ["XANH_DB"]), period).set_index("task_id")


def register(at, id_column: str = "Mã") -> pd.DataFrame:
    """The register (the timeline's table has no flags)."""
    return frame_with(at, id_column, "Cảnh báo" if id_column == "Mã" else "Warnings").set_index(id_column)


def timeline(at) -> pd.DataFrame:
    """The timeline's table view (the register's table has the warnings)."""
    (frame,) = [f for f in frames_with(at, "Mã") if "Cảnh báo" not in f.columns]
    return frame


def test_every_task_with_both_completions_status_and_flags(app):
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Nhiệm vụ của Chương trình"
    shown, tasks = register(at), expected()
    assert list(shown.index) == list(tasks.index)  # the catalog's, then XA-01 added in form 04
    assert shown.loc["XA-01", "Nhiệm vụ"] == tasks.loc["XA-01", "name"] and tasks.loc["XA-01", "new"]
    pl04 = shown.loc["PL-04"]
    assert pl04["Hoàn thành (tính từ chỉ tiêu)"] == round(tasks.loc["PL-04", "computed_completion"])
    assert pl04["Hoàn thành (Biểu 04)"] == tasks.loc["PL-04", "reported_completion"] == 68
    assert (pl04["Chỉ tiêu chậm nhất"], pl04["Chỉ tiêu đo lường"]) == ("NL1", "NL1")
    assert (shown.loc["XA-01", "Trạng thái"], shown.loc["XA-01", "Cảnh báo"]) == ("Quá hạn", "Quá hạn")
    assert shown.loc["XA-01", "Thời hạn"] == "30/04/2026"
    assert shown.loc["GT-02", "Trạng thái"] == "Tạm dừng" and shown.loc["TC-02", "Trạng thái"] == "Hoàn thành"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Số nhiệm vụ": "28", "Đã hoàn thành": "1", "Quá hạn": "1", "Quá 6 tháng chưa báo cáo": "0"}
    assert "Lộ trình 2026-2030" in texts(at.main.header) and len(at.get("vega_lite_chart")) == 1
    assert "Tình hình đến ngày 14/06/2026 (kỳ 6 tháng 2026)" in texts(at.caption)


def test_a_units_own_view_from_the_url(app):
    at = app(PAGE, unit="Hội Nông dân")
    assert not at.exception
    tasks = expected()
    mine = [i for i, lead in tasks["lead_unit"].items() if "Hội Nông dân" in lead_units(lead)]
    assert list(register(at).index) == mine == ["PL-02", "NN-02", "NN-03"]
    assert "Nhiệm vụ do Hội Nông dân chủ trì hoặc cùng chủ trì: 3" in texts(at.main.header)
    indicators = frame_with(at, "Chỉ tiêu", "Giá trị")
    assert [i.split(" · ")[0] for i in indicators["Chỉ tiêu"]] == ["NN3", "NN4"]
    assert at.selectbox(key="unit").value == "Hội Nông dân"


def test_choosing_filters_writes_them_to_the_url(app):
    at = app(PAGE)
    assert "Các thôn" in at.selectbox(key="unit").options  # 'UBND xã, các thôn' split into units
    at = at.selectbox(key="unit").select("Hội Phụ nữ").run()
    assert at.query_params["unit"] == "Hội Phụ nữ" and list(register(at).index) == ["PL-02"]
    assert list(timeline(at)["Mã"]) == ["PL-02"]  # drawn for the chosen unit, not replayed from the first run
    at = at.selectbox(key="unit").select("").run()
    at = at.multiselect(key="status").select("paused").run()
    assert "unit" not in at.query_params and at.query_params["status"] == "paused"
    assert list(register(at).index) == ["GT-02"]


@pytest.mark.parametrize(
    ("params", "ids"),
    [
        ({"status": "late"}, ["XA-01"]),
        ({"status": "completed,paused"}, ["GT-02", "TC-02"]),
        ({"sectors": "energy"}, ["PL-04", "NL-01"]),
        ({"sectors": "agriculture", "unit": "Hội Nông dân"}, ["PL-02", "NN-02", "NN-03"]),
    ],
)
def test_status_and_sector_filters_from_the_url(app, params, ids):
    at = app(PAGE, **params)
    assert not at.exception
    assert list(register(at).index) == ids


def test_filters_that_leave_nothing(app):
    at = app(PAGE, unit="HĐND xã", status="completed")
    assert not at.exception
    assert "Không có nhiệm vụ nào khớp bộ lọc" in texts(at.info) and not at.dataframe


def test_english(app):
    at = app(PAGE, lang="en", status="late")
    assert not at.exception
    assert at.title[0].value == "The program's tasks"
    shown = register(at, "ID")
    assert shown.loc["XA-01", "Status"] == "Late" and shown.loc["XA-01", "Warnings"] == "Late"
    assert shown.loc["XA-01", "Deadline"] == "2026-04-30"
    assert at.selectbox(key="unit").format_func("") == "All units"


def test_never_reported_tasks_are_stale(tmp_path, monkeypatch):
    """A store with a half-year village report and no Biểu 04: every task is
    judged at 14/06/2026 without any report, so stale and not reported."""
    at = app_on_files(tmp_path, monkeypatch, [REGISTRY, "bieu-01-6thang-2026-thon-cao-xa.xlsx"])(PAGE)
    assert not at.exception
    shown = register(at)
    assert set(shown["Cảnh báo"]) == {"Quá 6 tháng chưa báo cáo"} and set(shown["Trạng thái"]) == {"Chưa báo cáo"}
    assert {m.label: m.value for m in at.metric}["Quá 6 tháng chưa báo cáo"] == str(len(shown))


def test_empty_store_says_what_to_do(tmp_path, monkeypatch):
    at = app_on_files(tmp_path, monkeypatch, [REGISTRY])(PAGE)
    assert not at.exception
    assert "Chưa có số liệu nào" in texts(at.info) and not at.dataframe


def test_timeline_draws_status_completion_and_deadline_from_task_rows():
    tasks = pd.DataFrame(
        {
            "task_id": ["A-01", "B-01"],
            "name": ["Một", "Hai"],
            "name_en": ["One", "Two"],
            "status": ["late", "completed"],
            "completion": [50.0, None],
            "deadline": ["2030-12-31", "2025-06-30"],
        }
    )
    chart = task_timeline(tasks, "en", "2026-01-01", "2026-06-14")
    (data,) = [d for d in chart.to_dict()["datasets"].values() if "label" in d[0]]  # the other: the as-of rule
    bars = {row["label"]: row for row in data}
    assert bars["A-01 One"]["state"] == "Late" and bars["A-01 One"]["deadline_text"] == "2030-12-31"
    assert bars["A-01 One"]["reached"] == "2028-07-01" and bars["A-01 One"]["done"] == "50%"
    assert (bars["B-01 Two"]["end"], bars["B-01 Two"]["reached"]) == ("2026-01-01", "2026-01-01")  # no bar before the start
    assert bars["B-01 Two"]["state"] == "Completed"
    assert to_png(chart).startswith(b"\x89PNG")
