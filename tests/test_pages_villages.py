"""Thôn: heatmap, ranking and one village's profile, through the router."""

from __future__ import annotations

import json
import os

import pandas as pd
import pytest

from catalog import load_catalog
from charts import chart_rows, fit_width, heatmap, to_png, village_bars
from i18n import fmt_percent
from scripts.sample_data.rows import registry_file
from scripts.sample_data.villages import VILLAGES
from scripts.sample_data.writers import write_file
from services import dashboard
from services.ingest import ingest_file
from services.queries import indicator_table
from store import Store
from tests.page_helpers import REGISTRY, SAMPLE, app_on_files, frame_with, frames_with, runner, texts

PAGE = "views/villages.py"


def village_rows(period: str) -> pd.DataFrame:
    table = indicator_table(Store(os.environ["XANH_DB"]), period)
    return table[table["village"].notna()]


def test_heatmap_covers_every_village_figure_of_the_period(app):
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Kết quả theo thôn"
    assert [s.value for s in at.main.header][:3] == ["Thôn × chỉ tiêu, kỳ 6 tháng 2026", "Xếp hạng thôn", "Hồ sơ một thôn"]
    expected = village_rows("2026-H1")
    heat = frame_with(at, "Thôn", "Chỉ tiêu")  # the heatmap as a table
    assert len(heat) == len(expected)
    ls1 = expected[(expected["indicator"] == "LS1") & (expected["village"] == "LD01")].iloc[0]
    line = heat[(heat["Thôn"] == "Lương Xá") & heat["Chỉ tiêu"].str.startswith("LS1 ")].iloc[0]
    assert line["Giá trị"] == fmt_percent(ls1["value"], "vi") and "," in line["Giá trị"]
    assert "Nghĩa Phú" not in set(heat["Thôn"])  # sent nothing for 2026-H1
    assert "CT1, TC1, TC2, TC3, TC4" in texts(at.caption)  # commune-only indicators are named
    assert len(at.get("vega_lite_chart")) == 3  # heatmap, ranking, villages' map
    assert [b.proto.label for b in at.get("download_button")] == ["Tải ảnh PNG"] * 3


def test_villages_with_a_location_are_drawn_on_the_communes_outline(app):
    """The sample registry locates 12 of its 15 villages (illustrative):
    the map draws exactly those, the page names the others and how to add them."""
    at = app(PAGE)
    ranked = at.selectbox(key="villages_rank_indicator").value
    assert f"Bản đồ thôn: {ranked}, kỳ 6 tháng 2026" in [s.value for s in at.main.subheader]
    (spec,) = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart") if '"boundaries"' in c.proto.spec]
    assert spec["layer"][1]["mark"]["type"] == "circle"
    snap = dashboard.snapshot(Store(os.environ["XANH_DB"]))
    (table,) = [f for f in frames_with(at, "Thôn", "Giá trị", "Trạng thái") if len(f.columns) == 3]  # the map's table
    assert sorted(table["Thôn"]) == sorted(snap.village_names()[code] for code in snap.places["code"])
    assert len(table) == 12
    assert "3 thôn chưa có vị trí nên không có trên bản đồ: Quảng Cư, Quý Dương, Nghĩa Phú." in texts(at.caption)


def test_a_registry_without_locations_says_how_to_add_them(tmp_path, monkeypatch):
    """The sample registry written without its location columns: no map,
    no village placed anywhere, a sentence saying how to add them."""
    registry = write_file(tmp_path, registry_file("danh-muc.xlsx", VILLAGES, "DANH MỤC THÔN"))
    store = Store(tmp_path / "unplaced.sqlite")
    for source in (registry, SAMPLE / "bieu-01-nam-2025-toan-xa.xlsx"):
        assert ingest_file(store, source, user="t").ok
    store.engine.dispose()
    at = runner(tmp_path / "unplaced.sqlite", monkeypatch)(PAGE, period="2025")
    assert not at.exception
    assert not [c for c in at.get("vega_lite_chart") if '"boundaries"' in c.proto.spec]
    assert "hai cột «Vĩ độ» và «Kinh độ» của Biểu 00" in texts(at.info)


def test_ranking_is_best_first_with_the_target(app):
    at = app(PAGE)
    at.selectbox(key="villages_rank_indicator").set_value("LS1").run()
    assert not at.exception
    expected = village_rows("2026-H1")
    ls1 = expected[expected["indicator"] == "LS1"].sort_values("value", ascending=False)
    ranking = frame_with(at, "Hạng")
    assert list(ranking["Hạng"]) == list(range(1, len(ls1) + 1))
    names = Store(os.environ["XANH_DB"]).current_values().query("form == '00' and field == 'village_name'")
    best = names.set_index("entity").loc[ls1.iloc[0]["village"], "text"]
    assert ranking.iloc[0]["Thôn"] == best
    assert ranking.iloc[0]["Giá trị"] == fmt_percent(ls1.iloc[0]["value"], "vi")
    captions = texts(at.caption)
    assert "Mục tiêu 2030: 100,0%" in captions
    assert "Chưa báo cáo: Nghĩa Phú." in captions


def test_ranking_of_a_decreasing_indicator_puts_the_lowest_first(app):
    at = app(PAGE)
    at.selectbox(key="villages_rank_indicator").set_value("NN3").run()
    assert not at.exception
    ranking = frame_with(at, "Hạng")
    nn3 = village_rows("2026-H1").query("indicator == 'NN3'")
    assert ranking.iloc[0]["Giá trị"].split()[0] == str(int(nn3["value"].min()))
    assert "càng thấp càng tốt" in texts(at.caption)


def test_indicator_without_target_says_so(app):
    at = app(PAGE)
    at.selectbox(key="villages_rank_indicator").set_value("GT1").run()
    assert not at.exception
    ranking = frame_with(at, "Hạng")
    assert set(ranking["Trạng thái"]) == {"Không có mục tiêu"}
    assert set(ranking["Khoảng cách"]) == {"—"}
    assert "Chỉ tiêu theo dõi, không có mục tiêu" in texts(at.caption)


def test_profile_of_one_village_with_baseline(app):
    at = app(PAGE)
    at.selectbox(key="villages_profile_village").set_value("LD01").run()
    assert not at.exception
    profile = frame_with(at, "Năm gốc 2025")
    table = indicator_table(Store(os.environ["XANH_DB"]))
    mine = table[(table["village"] == "LD01") & (table["indicator"] == "LS1")].set_index("period")
    line = profile[profile["Chỉ tiêu"].str.startswith("LS1 ")].iloc[0]
    assert line["Giá trị"] == fmt_percent(mine.loc["2026-H1", "value"], "vi")
    assert line["Năm gốc 2025"] == fmt_percent(mine.loc["2025", "value"], "vi")
    assert line["Mục tiêu"] == "100,0% (năm 2030)"
    assert line["Khoảng cách"].startswith("còn ") and line["Khoảng cách"].endswith(" hộ chưa ký cam kết")
    assert "Lương Xá" in texts(at.caption)


def test_profile_of_a_village_without_data(app):
    at = app(PAGE)
    at.selectbox(key="villages_profile_village").set_value("PD03").run()
    assert not at.exception
    assert "Thôn Nghĩa Phú chưa có số liệu kỳ 6 tháng 2026." in texts(at.info).splitlines()


def test_english_period_and_villages_from_the_url(app):
    at = app(PAGE, lang="en", period="2025", villages="LD01,PD02")
    assert not at.exception
    assert at.title[0].value == "Results by village"
    assert at.main.header[0].value == "Village × indicator, 2025"
    heat = frame_with(at, "Village", "Indicator")
    assert set(heat["Village"]) == {"Lương Xá", "Cao Xá"}
    expected = village_rows("2025").query("village == 'PD02' and indicator == 'NL1'").iloc[0]
    line = heat[(heat["Village"] == "Cao Xá") & heat["Indicator"].str.startswith("NL1 ")].iloc[0]
    assert line["Value"] == fmt_percent(expected["value"], "en") and "." in line["Value"]
    assert set(heat["Status"]) <= {"Insufficient data", "No target"}  # the baseline year judges nothing
    assert at.selectbox(key="villages_profile_village").options == ["Lương Xá", "Cao Xá"]


def test_sector_filter_keeps_its_indicators(app):
    at = app(PAGE, sectors="energy")
    assert not at.exception
    heat = frame_with(at, "Thôn", "Chỉ tiêu")
    assert {i.split()[0] for i in heat["Chỉ tiêu"]} == {"NL1", "NL2", "NL3"}


@pytest.mark.parametrize(
    ("params", "sentence"),
    [
        ({"villages": "PD03"}, "Thôn Nghĩa Phú chưa có số liệu kỳ 6 tháng 2026."),
        ({"villages": "PD03,LD01", "period": "2026-H1", "sectors": "governance"}, "Bộ lọc hiện tại không để lại số liệu nào."),
    ],
)
def test_filters_that_leave_nothing_explain_why(app, params, sentence):
    at = app(PAGE, **params)
    assert not at.exception
    assert texts(at.info).startswith(sentence)
    assert not at.dataframe


def test_empty_store_says_what_to_do(tmp_path, monkeypatch):
    at = app_on_files(tmp_path, monkeypatch, [REGISTRY])(PAGE)
    assert not at.exception
    assert "Chưa có số liệu nào" in texts(at.info)


def test_a_single_period_cannot_be_judged_yet(tmp_path, monkeypatch):
    at = app_on_files(tmp_path, monkeypatch, [REGISTRY, "bieu-01-nam-2025-toan-xa.xlsx"])(PAGE)
    assert not at.exception
    heat = frame_with(at, "Thôn", "Chỉ tiêu")
    assert len(heat) > 0 and set(heat["Trạng thái"]) <= {"Chưa đủ dữ liệu", "Không có mục tiêu"}


def test_charts_render_to_png_with_statuses_missing(app):
    """The page's charts as PNG, including no-target cells (status None,
    which Altair would write as NaN, not JSON), and the ranking's order."""
    app(PAGE)
    percent = {i.id: i.is_percent for i in load_catalog().indicators}
    rows = village_rows("2026-H1").assign(is_percent=lambda d: d["indicator"].map(percent))
    data = chart_rows(rows, ["indicator", "village", "value", "status", "is_percent"])
    assert data["status"].isna().sum() == 0 and (data["status"] == "").any()
    assert to_png(fit_width(heatmap(data, {}, {}, "vi"))).startswith(b"\x89PNG")
    gt1 = data[data["indicator"] == "GT1"]
    chart = village_bars(gt1, {}, is_percent=False, target=None, lowest_first=True)
    assert to_png(fit_width(chart)).startswith(b"\x89PNG")
    order = chart.to_dict()["layer"][0]["encoding"]["y"]["sort"]
    assert order == list(gt1.sort_values("value", kind="stable")["village"])
