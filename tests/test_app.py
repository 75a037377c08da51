"""The dashboard starts on its store, filling it from sample_data on first start."""

from __future__ import annotations

import streamlit as st
from streamlit.testing.v1 import AppTest

from store import Store
from tests.conftest import ROOT


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
