"""Báo cáo: the periodic report's buttons, outline and summary, and the
filtered data download, through the router (AppTest)."""

from __future__ import annotations

import os

from catalog import load_catalog
from i18n import fmt_percent
from services.queries import indicator_table
from store import Store
from tests.page_helpers import REGISTRY, app_on_files, frame_with, texts
from ui.state import View, current_snapshot
from ui.tables import indicator_sheet

PAGE = "views/report.py"


def commune_values(period: str) -> dict[str, float]:
    table = indicator_table(Store(os.environ["XANH_DB"]), period)
    return table[table["village"].isna()].set_index("indicator")["value"].to_dict()


def buttons(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_buttons_outline_and_summary(app):
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Báo cáo định kỳ"
    assert buttons(at) == ["Tải báo cáo Word (.docx)", "Tải các bảng của báo cáo (Excel, .xlsx)", "Tải Excel (.xlsx)", "Tải CSV"]
    assert "Ủy ban nhân dân xã Cẩm Giàng gửi Ban Thường vụ Đảng ủy" in texts(at.caption)
    outline = texts(at.markdown)
    for i, sector in enumerate(load_catalog().sectors, start=1):
        assert f"- {i}. {sector.name_vi}" in outline
    assert "- V. MỨC ĐẦY ĐỦ VÀ NGUỒN SỐ LIỆU" in outline
    assert "**Bảng 1. Các chỉ tiêu chủ yếu, 6 tháng đầu năm 2026**" in outline
    summary = frame_with(at, "Chỉ tiêu", "6 tháng 2026").set_index("Chỉ tiêu")
    values = commune_values("2026-H1")
    for ind in (i for i in load_catalog().indicators if i.headline):
        assert summary.loc[f"{ind.id}. {ind.name_vi}", "6 tháng 2026"] == fmt_percent(values[ind.id])
    tasks = frame_with(at, "Mã", "Hoàn thành (theo báo cáo)")
    assert list(tasks["Mã"]) == ["PL-01", "PL-02", "PL-03", "PL-04"]


def test_period_from_the_url_and_english(app):
    at = app(PAGE, period="2025", lang="en")
    assert not at.exception
    assert at.title[0].value == "Periodic report"
    assert buttons(at)[:2] == ["Download the report (Word, .docx)", "Download the report's tables (Excel, .xlsx)"]
    assert "The document is in Vietnamese" in texts(at.caption)
    summary = frame_with(at, "Chỉ tiêu", "2025").set_index("Chỉ tiêu")  # the document's own language
    ct4 = load_catalog().indicator("CT4")
    assert summary.loc[f"CT4. {ct4.name_vi}", "2025"] == fmt_percent(commune_values("2025")["CT4"])


def test_sidebar_filters_leave_the_report_whole(app):
    at = app(PAGE, villages="LD01", sectors="energy")
    assert not at.exception
    summary = frame_with(at, "Chỉ tiêu", "6 tháng 2026")
    assert len(summary) == 4  # CT1-CT4 of the whole commune, whatever the filters
    assert summary["6 tháng 2026"].iloc[3] == fmt_percent(commune_values("2026-H1")["CT4"])


def test_filtered_data_follows_the_sidebar(app):
    """The download's indicator sheet: the chosen sectors only, the chosen
    villages and their total, numbers kept as numbers."""
    app(PAGE)  # points the caches at the copy of the seeded store
    view = View("vi", "2026-H1", ("LD01",), ("energy",), current_snapshot())
    sheet = indicator_sheet(view)
    energy = {i.id for i in load_catalog().indicators if i.sector == "energy"}
    assert {i.split(" · ")[0] for i in sheet["Chỉ tiêu"]} == energy
    assert set(sheet["Thôn"]) == {"Tổng các thôn đã chọn", "Lương Xá"}
    table = indicator_table(Store(os.environ["XANH_DB"]), "2026-H1", "LD01").set_index("indicator")
    nl1 = sheet[(sheet["Thôn"] == "Lương Xá") & sheet["Chỉ tiêu"].str.startswith("NL1")].iloc[0]
    assert nl1["Giá trị"] == table.loc["NL1", "value"] and nl1["Đơn vị tính"] == "%"


def test_empty_store_says_what_to_do(tmp_path, monkeypatch):
    at = app_on_files(tmp_path, monkeypatch, [REGISTRY])(PAGE)
    assert not at.exception
    assert "Chưa có số liệu nào" in texts(at.info) and not at.get("download_button")
