"""Khám phá: filters, pivot and downloads over every stored value; the
page through the router, and services.explore on its own."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from catalog import load_catalog
from i18n import fmt_number
from services import explore
from store import Store
from tests.page_helpers import REGISTRY, app_on_files, frame_with, texts

PAGE = "views/explore.py"


def stored() -> pd.DataFrame:
    return Store(os.environ["XANH_DB"]).current_values()


def test_default_pivot_sums_each_field_per_period(app):
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Khám phá số liệu"
    pivot = frame_with(at, "Trường", "2025")
    assert list(pivot.columns) == ["Trường", "2023", "2024", "2025", "6 tháng 2026"]
    values = stored()
    households = values[(values["field"] == "households_total") & (values["period"] == "2025")]["num"].sum()
    assert pivot.set_index("Trường").loc["Tổng số hộ", "2025"] == fmt_number(households, "vi")
    assert "." in fmt_number(households, "vi")  # 9.569: vi-VN groups thousands with dots
    assert f"{len(values):,} giá trị".replace(",", ".") in texts(at.caption)
    detail = frame_with(at, "Biểu", "Giá trị", "Tệp")
    assert len(detail) == min(len(values), 2000)
    located = detail[detail["Trường"] == "Vĩ độ"]  # a village's location: where it is, not a figure to sum
    assert len(located) == 12 and located["Giá trị"].str.match(r"^2\d,\d+$").all()
    assert [b.proto.label for b in at.get("download_button")] == ["Tải Excel (.xlsx)", "Tải CSV"]


def test_filters_and_a_village_by_period_pivot(app):
    at = app(PAGE)
    at.multiselect(key="explore_forms").set_value(["01"]).run()
    at.multiselect(key="explore_fields").set_value(["households_total"]).run()
    at.multiselect(key="explore_periods").set_value(["2025", "2026-H1"]).run()
    at.selectbox(key="explore_rows").set_value("village").run()
    assert not at.exception
    pivot = frame_with(at, "Thôn", "2025").set_index("Thôn")
    assert list(pivot.columns) == ["2025", "6 tháng 2026"]
    values = stored()
    ld01 = values[(values["village"] == "LD01") & (values["field"] == "households_total")].set_index("period")["num"]
    assert pivot.loc["Lương Xá", "2025"] == fmt_number(ld01["2025"], "vi")
    assert pivot.loc["Nghĩa Phú", "6 tháng 2026"] == "—"  # no 2026-H1 report
    detail = frame_with(at, "Biểu", "Giá trị", "Tệp")
    assert set(detail["Trường"]) == {"Tổng số hộ"} and len(detail) == 15 + 14
    assert fmt_number(ld01["2026-H1"], "vi") in set(detail["Giá trị"])


@pytest.mark.parametrize("aggregate", ["count", "mean", "min", "max"])
def test_aggregates(app, aggregate):
    at = app(PAGE)
    at.multiselect(key="explore_fields").set_value(["households_total"]).run()
    at.selectbox(key="explore_aggregate").set_value(aggregate).run()
    assert not at.exception
    pivot = frame_with(at, "Trường", "2025").set_index("Trường")
    values = stored()
    households = values[(values["field"] == "households_total") & (values["period"] == "2025")]["num"]
    expected = len(households) if aggregate == "count" else getattr(households, aggregate)()
    assert pivot.loc["Tổng số hộ", "2025"] == fmt_number(expected, "vi")


def test_no_columns_and_a_text_field(app):
    at = app(PAGE)
    at.multiselect(key="explore_fields").set_value(["status"]).run()
    at.selectbox(key="explore_columns").set_value("none").run()
    assert not at.exception
    assert "Không có số liệu dạng số để gộp" in texts(at.info)  # statuses are words
    at.selectbox(key="explore_rows").set_value("text").run()
    at.selectbox(key="explore_aggregate").set_value("count").run()
    pivot = frame_with(at, "Nội dung", "Số giá trị").set_index("Nội dung")
    values = stored()
    statuses = values[values["field"] == "status"]["text"]
    assert pivot.loc["Hoàn thành", "Số giá trị"] == fmt_number((statuses == "completed").sum(), "vi")


def test_english_labels(app):
    at = app(PAGE, lang="en")
    assert not at.exception
    assert at.title[0].value == "Explore the data"
    pivot = frame_with(at, "Field", "2025").set_index("Field")
    assert "H1 2026" in pivot.columns and "Households" in pivot.index
    detail = frame_with(at, "Form", "Value", "File")
    assert "01 · Village report" in set(detail["Form"])


def test_sidebar_villages_keep_their_values_only(app):
    at = app(PAGE, villages="LD01")
    assert not at.exception
    detail = frame_with(at, "Biểu", "Giá trị", "Tệp")
    assert set(detail["Thôn"]) == {"Lương Xá"}
    assert "Đang lọc theo 1 thôn" in texts(at.caption)


def test_filters_that_leave_nothing(app):
    at = app(PAGE, villages="LD01")
    at.multiselect(key="explore_forms").set_value(["02"]).run()  # clusters name no village
    assert not at.exception
    assert texts(at.info).startswith("Không có giá trị nào khớp các bộ lọc đã chọn.")
    assert not at.dataframe and not at.get("download_button")


def test_store_with_the_registry_only(tmp_path, monkeypatch):
    at = app_on_files(tmp_path, monkeypatch, [REGISTRY])(PAGE)
    assert not at.exception
    assert at.multiselect(key="explore_periods").options == []
    detail = frame_with(at, "Biểu", "Giá trị", "Tệp")
    assert set(detail["Biểu"]) == {"00 · Danh mục thôn"} and set(detail["Kỳ"]) == {"—"}
    assert "Lương Xá" in set(detail["Giá trị"])  # words shown where there is no number
    assert "None" not in set(detail.astype(str).to_numpy().ravel())


# services.explore on its own


def values_frame() -> pd.DataFrame:
    rows = [
        ("01", "2026-H1", "A", "A", "households_total", 10.0, None),
        ("01", "2025", "A", "A", "households_total", 8.0, None),
        ("01", "2025", "B", "B", "households_total", 5.0, None),
        ("02", "2025", "Cụm 1", None, "has_investor", None, "yes"),
        ("03", "2025", "Đường", "B", "village", None, "B"),
    ]
    frame = pd.DataFrame(rows, columns=["form", "period", "entity", "village", "field", "num", "text"])
    return frame.assign(filename="f.xlsx", user="u", created_at=pd.Timestamp("2026-01-01"))


def test_labels_follow_the_catalog_and_language():
    frame = explore.labelled(values_frame(), load_catalog(), {"A": "Thôn A", "B": "Thôn B"}, "vi")
    assert list(frame.columns) == explore.LABEL_COLUMNS
    assert list(frame["period"]) == ["2025", "2025", "2025", "2025", "6 tháng 2026"]  # time order
    assert set(frame["field"]) == {"Tổng số hộ", "Có chủ đầu tư hạ tầng", "Thôn"}
    by_field = frame.set_index("field")
    assert by_field.loc["Có chủ đầu tư hạ tầng", "text"] == "Có" and by_field.loc["Thôn", "text"] == "Thôn B"
    assert by_field.loc["Có chủ đầu tư hạ tầng", "village"] == explore.NONE


def test_pivot_orders_periods_in_time_and_counts_text():
    frame = explore.labelled(values_frame(), load_catalog(), {}, "en")
    table = explore.pivot(frame, "village", "period", "sum")
    assert list(table.columns) == ["2025", "H1 2026"]
    assert table.loc["A", "2025"] == 8 and table.loc["A", "H1 2026"] == 10
    counts = explore.pivot(frame, "form", None, "count")
    assert counts["count"].tolist() == [3, 1, 1]
    assert explore.pivot(frame[frame["value"].isna()], "form", None, "sum").empty
    with pytest.raises(ValueError):
        explore.pivot(frame, "nonsense", None, "sum")


def test_choose_and_an_empty_frame():
    values = values_frame()
    assert len(explore.choose(values, forms=["01"], periods=["2025"])) == 2
    assert len(explore.choose(values, villages=("B",))) == 2
    assert len(explore.choose(values)) == len(values)
    empty = explore.labelled(values.iloc[0:0], load_catalog(), {}, "vi")
    assert empty.empty and list(empty.columns) == explore.LABEL_COLUMNS
    assert explore.pivot(empty, "field", "period", "sum").empty


def test_rows_and_columns_never_the_same(app):
    at = app(PAGE)
    at.selectbox(key="explore_rows").set_value("period").run()
    assert not at.exception
    assert "period" not in at.selectbox(key="explore_columns").options
    assert at.selectbox(key="explore_columns").value == "none"
    pivot = frame_with(at, "Kỳ", "Tổng")
    assert list(pivot["Kỳ"]) == ["2023", "2024", "2025", "6 tháng 2026"]  # the registry holds no number
