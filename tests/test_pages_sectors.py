"""Lĩnh vực: each sector's indicators and tasks, through the router."""

from __future__ import annotations

import os

import pandas as pd

from catalog import load_catalog
from i18n import fmt_percent
from i18n.strings import t
from services.queries import indicator_table, task_table
from store import Store
from tests.page_helpers import REGISTRY, app_on_files, frames_with, html_bodies, texts

PAGE = "views/sectors.py"


def tasks(period: str) -> pd.DataFrame:
    return task_table(Store(os.environ["XANH_DB"]), period).set_index("task_id")


def commune_value(indicator: str, period: str) -> float:
    table = indicator_table(Store(os.environ["XANH_DB"]), period)
    return table[(table["indicator"] == indicator) & table["village"].isna()].iloc[0]["value"]


def task_rows(at) -> pd.DataFrame:
    return pd.concat(frames_with(at, "Mã", "Nhiệm vụ")).set_index("Mã")


def test_every_sector_with_its_indicators_and_tasks(app):
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Theo lĩnh vực"
    sectors = [s.name_vi for s in load_catalog().sectors]
    assert [h.value for h in at.main.header] == [*sectors, "Nhiệm vụ mới (chưa gắn lĩnh vực)"]
    shown = task_rows(at)
    expected = tasks("2026-H1")
    assert set(shown.index) == set(expected.index)
    for task_id in ("PL-04", "GT-02", "TC-02"):
        assert shown.loc[task_id, t("completion")] == round(expected.loc[task_id, "completion"])
    assert shown.loc["PL-04", "Tiến độ theo"] == "Chỉ tiêu NL1"
    assert shown.loc["GT-02", "Trạng thái"] == "Tạm dừng"
    assert shown.loc["TC-02", "Trạng thái"] == "Hoàn thành"
    late = expected[expected["late"]].index
    assert len(late) and all("Quá hạn" in shown.loc[t, "Cảnh báo"] for t in late)
    cards = html_bodies(at)
    assert f"{fmt_percent(commune_value('NL1', '2026-H1'), 'vi')}</div>" in cards
    assert "<strong>NL1 · " in cards and "<strong>TC4 · " in cards


def test_sector_filter_language_and_period_from_the_url(app):
    at = app(PAGE, sectors="energy,lifestyle", lang="en", period="2025")
    assert not at.exception
    assert at.title[0].value == "By sector"
    assert [h.value for h in at.main.header] == ["Energy", "Lifestyle"]
    assert [s.value for s in at.subheader][:4] == ["Indicators", "Tasks", "Indicators", "Tasks"]
    assert f"{fmt_percent(commune_value('NL1', '2025'), 'en')}</div>" in html_bodies(at)
    shown = pd.concat(frames_with(at, "ID", "Task")).set_index("ID")
    assert set(shown.index) == {t.id for t in load_catalog().tasks if t.sector in ("energy", "lifestyle")}
    assert shown.loc["PL-04", "Task"] == "Replace 100% of public lighting with LED"
    assert "3 indicators · 2 tasks" in texts(at.caption)


def test_a_village_without_data_leaves_village_figures_blank(app):
    at = app(PAGE, villages="PD03", sectors="energy,industry")
    assert not at.exception
    cards = html_bodies(at)
    assert "Chưa có số liệu kỳ 6 tháng 2026." in cards  # NL1 etc. over Nghĩa Phú alone
    assert "<strong>CT1 · " in cards  # the clusters register stays whole


def test_empty_store_says_what_to_do(tmp_path, monkeypatch):
    at = app_on_files(tmp_path, monkeypatch, [REGISTRY])(PAGE)
    assert not at.exception
    assert "Chưa có số liệu nào" in texts(at.info)
    assert not at.main.header


def test_a_single_period_shows_cards_without_trend(tmp_path, monkeypatch):
    at = app_on_files(tmp_path, monkeypatch, [REGISTRY, "bieu-01-nam-2025-toan-xa.xlsx"])(PAGE, sectors="energy")
    assert not at.exception
    assert "Chưa đủ dữ liệu" in html_bodies(at)
    assert "data:image/svg" not in html_bodies(at)  # one point: no sparkline
    (shown,) = frames_with(at, "Mã", "Nhiệm vụ")
    assert set(shown["Trạng thái"]) == {"Chưa báo cáo"}  # no Biểu 04 yet
