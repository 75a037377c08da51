"""Helpers for page tests beyond conftest's `app` (a copy of the fully
seeded store): stores holding only some sample files ("no data yet", a
single period), and reading a run's elements as text and frames."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.testing.v1 import AppTest

from services.ingest import ingest_file
from store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
REGISTRY = "bieu-00-danh-muc-thon.xlsx"


def runner(db: Path, monkeypatch) -> Callable[..., AppTest]:
    """run(page=None, **query) -> the dashboard's AppTest after one run, on
    the store `db` (fresh caches, so each test sees its own store)."""
    monkeypatch.setenv("XANH_DB", str(db))
    st.cache_resource.clear()

    def run(page: str | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        if page:  # st.navigation registers the pages on a first run (AppTest.switch_page)
            at.run().switch_page(page)
        return at.run()

    return run


def app_on_files(tmp_path: Path, monkeypatch, names: list[str]) -> Callable[..., AppTest]:
    """An `app`-like runner over a store holding only the sample files
    `names` (ingested in order): REGISTRY alone is the realistic 'no data
    yet' state, since the app seeds only a store that never had a file."""
    db = tmp_path / "partial.sqlite"
    store = Store(db)
    for name in names:
        assert ingest_file(store, SAMPLE / name, user="test").ok, name
    store.engine.dispose()
    return runner(db, monkeypatch)


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def frames_with(at: AppTest, *columns: str) -> list[pd.DataFrame]:
    """The page's dataframes that have every one of `columns`."""
    return [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]


def frame_with(at: AppTest, *columns: str) -> pd.DataFrame:
    """The one dataframe on the page that has every one of `columns`."""
    (frame,) = frames_with(at, *columns)
    return frame


def vi_number(value: float, decimals: int = 1) -> str:
    """45.25 -> '45,3' (the vi-VN way), for comparing with the page."""
    return f"{value:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def html_texts(at: AppTest) -> str:
    """The page's st.html blocks (cards drawn as one block of HTML), as text without tags."""
    import html
    import re

    bodies = [e.proto.body for e in at.get("html")]
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", " ", b)) for b in bodies)


def html_bodies(at: AppTest) -> str:
    """The page's st.html blocks as written (cards are one block of HTML each)."""
    return "\n".join(e.proto.body for e in at.get("html"))
