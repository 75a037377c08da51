"""The dashboard starts on its store, filling it from sample_data on first start."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def test_first_start_seeds_the_store_and_shows_indicators(tmp_path, monkeypatch):
    monkeypatch.setenv("XANH_DB", str(tmp_path / "app.sqlite"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Bảng theo dõi chuyển đổi xanh"
    assert "CT1" in set(at.dataframe[0].value["indicator"])
