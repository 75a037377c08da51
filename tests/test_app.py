"""The dashboard starts on its store, filling it from sample_data on first start."""

from __future__ import annotations

import os

import streamlit as st
from streamlit.testing.v1 import AppTest

from store import Store
from tests.conftest import ROOT
from tests.page_helpers import html_texts


def test_first_start_seeds_an_empty_store(tmp_path, monkeypatch):
    db = tmp_path / "first.sqlite"
    monkeypatch.setenv("XANH_DB", str(db))
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    assert at.title[0].value == "Tổng quan chuyển đổi xanh xã Cẩm Giàng"
    submissions = Store(db).submissions()
    assert len(submissions) == len(list((ROOT / "sample_data").iterdir()))
    assert set(submissions["user"]) == {"sample_data"}


def test_an_unexpected_error_shows_a_sentence_not_a_traceback(app, monkeypatch):
    import services.dashboard

    def broken(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.delenv("XANH_DEBUG")
    monkeypatch.setattr(services.dashboard, "reporting", broken)
    at = app()
    assert not at.exception
    assert at.error[0].value.startswith("Trang gặp lỗi ngoài dự kiến.")


def test_cards_and_charts_are_built_once_per_data_change(app, monkeypatch, tmp_path):
    """What every viewer sees the same is built once: a second viewer gets
    the same cards and charts replayed without building one, and a new file
    builds them anew with its figures (ui.state.drawn_once)."""
    import ui.widgets

    built = []

    def counting(*args, **kwargs):
        built.append(kwargs["subject"])
        return sparkline(*args, **kwargs)

    sparkline = ui.widgets.sparkline
    monkeypatch.setattr(ui.widgets, "sparkline", counting)
    first = app(period="2026-H1")
    cards = len(built)
    assert cards == 4  # the headline indicators, each with a trend

    def another_viewer() -> AppTest:
        viewer = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        viewer.query_params["period"] = "2026-H1"
        return viewer.run()

    second = another_viewer()
    assert len(built) == cards  # replayed, not built
    assert [m.value for m in second.markdown] == [m.value for m in first.markdown]
    assert html_texts(second) == html_texts(first) and html_texts(first).count("Xem dạng bảng") == 4
    store = Store(os.environ["XANH_DB"])
    history = store.submissions()
    village_reports = history[(history["periods"] == "2026-H1") & (history["forms"] == "01")]
    store.revert(int(village_reports["id"].max()), "t")  # a change: a village report of the half-year taken back
    store.engine.dispose()
    third = another_viewer()
    assert len(built) == 2 * cards
    assert html_texts(third) != html_texts(first)


def test_a_viewers_pages_load_no_file_writer(seeded_file, tmp_path):
    """Every page a viewer opens, in a new process, leaves openpyxl,
    python-docx, reportlab, segno and vl-convert unloaded: they come with a
    download, a report, the desk or an image, not with every process serving a
    city (PRODUCT.md: under 300 MB; openpyxl and the desk's were 19 MB of it)."""
    import shutil
    import subprocess
    import sys

    db = tmp_path / "viewer.sqlite"
    shutil.copy(seeded_file, db)
    probe = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "from ui.navigation import visible\n"
        "for entry in visible(1):\n"
        "    at = AppTest.from_file('app.py', default_timeout=120).run()\n"
        "    if not entry.default:\n"
        "        at.switch_page(entry.script).run()\n"
        "    assert not at.exception, entry.url\n"
        "print(sorted(m for m in ('openpyxl', 'docx', 'reportlab', 'segno', 'vl_convert') if m in sys.modules))"
    )
    env = {**os.environ, "XANH_DB": str(db)}
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=300
    ).stdout
    assert out.splitlines()[-1] == "[]"
