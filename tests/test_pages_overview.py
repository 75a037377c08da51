"""Tổng quan and its meeting mode, through the router (AppTest)."""

from __future__ import annotations

import os

import pandas as pd

from services.queries import indicator_table
from store import Store
from tests.page_helpers import html_texts


def markdown(at) -> str:
    """The page's text: markdown, and the cards' HTML as text."""
    return "\n".join(m.value for m in at.markdown) + "\n" + html_texts(at)


def commune(db: str, indicator: str, period: str) -> pd.Series:
    table = indicator_table(Store(db), period)
    return table[(table["indicator"] == indicator) & table["village"].isna()].iloc[0]


def test_cards_show_the_metrics_figures(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "Tổng quan chuyển đổi xanh xã Cẩm Giàng"
    text = markdown(at)
    ct4 = commune(os.environ["XANH_DB"], "CT4", "2026-H1")
    shown = f"{ct4['value']:.1f}".replace(".", ",") + "%"
    assert shown in text and "Chậm" in text  # CT4 is slow in the sample story
    assert "14/15 thôn đã báo cáo kỳ 6 tháng 2026" in text and "Nghĩa Phú" in text
    assert "còn 4.542 hộ" not in text  # LS1 is not a headline card
    assert "14/15 thôn có số liệu" in text  # CT3, CT4 cards
    assert "data:image/svg+xml;base64," in "".join(e.proto.body for e in at.get("html"))  # each trend an image, no chart library
    assert not at.get("vega_lite_chart") and not at.dataframe
    for task in ("PL-01", "PL-02", "PL-03", "PL-04"):
        assert task in text


def test_period_and_language_from_the_url(app):
    at = app(period="2025", lang="en")
    assert not at.exception
    assert at.title[0].value == "Green transformation of Cam Giang commune"
    text = markdown(at)
    assert "15/15 villages reported for 2025" in text
    assert "Insufficient data" in text  # the baseline year cannot be judged against itself


def test_village_filter_recomputes_the_commune_figure(app):
    at = app(villages="PD02")
    assert not at.exception
    assert "1/1 thôn đã báo cáo" in markdown(at)


def test_meeting_mode_shows_one_screen_with_next_and_previous(app):
    at = app(meeting="1")
    assert not at.exception
    assert [b.label for b in at.button] == ["◀ Trước", "Tiếp ▶", "Thoát trình chiếu"]
    assert "CT1 · Tỷ lệ cụm công nghiệp" in markdown(at)
    at.button[1].click().run()
    assert at.query_params["slide"] in ("1", ["1"]) and "CT2 · " in markdown(at)
    at.button[0].click().run()
    at.button[0].click().run()
    assert "PL-04 · " in markdown(at)  # wraps around to the last screen
    at.button[2].click().run()
    assert "meeting" not in at.query_params and at.title[0].value.startswith("Tổng quan")


def test_empty_store_says_what_to_do(tmp_path, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from services.ingest import ingest_file
    from tests.conftest import ROOT

    db = tmp_path / "villages-only.sqlite"
    assert ingest_file(Store(db), ROOT / "sample_data" / "bieu-00-danh-muc-thon.xlsx").ok
    monkeypatch.setenv("XANH_DB", str(db))
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "Chưa có số liệu nào" in at.info[0].value


def test_a_target_without_a_figure_says_so_in_the_status_row(app, tmp_path):
    """A year opened by one village's households: the status row names the
    targets with no figure yet in words, not with a dash or "no target"."""
    from services.ingest import ingest_file
    from tests.filemaker import form01_file

    store = Store(os.environ["XANH_DB"])
    assert ingest_file(store, form01_file(tmp_path / "2026.xlsx", "NĂM 2026", {"Nghĩa Phú": {"households_total": 670}}), "t").ok
    at = app(period="2026")
    row = next(e.proto.body for e in at.get("html") if "xanh-status-row" in e.proto.body)
    assert row.count("xanh-badge-empty") == 4 and row.count("Chưa có số liệu") == 4 and "Không có mục tiêu" not in row
