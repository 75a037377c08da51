"""Toàn thành phố and the commune in the URL: a store of two communes shows
the city page with each commune's own figures and links; ?xa=CODE opens a
commune's dashboard, which shows its data and none of the other's; a store
of one commune shows neither the chooser nor the city page."""

from __future__ import annotations

import io
import json
import shutil

import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from catalog import using
from charts import to_png
from services.communes import add, catalog_of
from services.export import to_xlsx
from services.ingest import ingest_file
from store import Store
from tests.filemaker import form01_file, registry_file
from tests.page_helpers import ROOT, frame_with, frames_with, runner, texts

OTHER = "2008"  # Xã Cẩm Giàng, Thái Nguyên
PAGE = "views/city.py"


@pytest.fixture
def two(seeded_file, tmp_path, monkeypatch):
    """The seeded store (10903) and a second commune with one village report."""
    db = tmp_path / "city.sqlite"
    shutil.copy(seeded_file, db)
    store = Store(db)
    add(store, OTHER)
    other = store.scoped(OTHER)
    with using(catalog_of(other)):
        assert ingest_file(other, registry_file(tmp_path / "00.xlsx"), user="t").ok
        figures = {"An Lạc": {"households_total": 400, "waste_generated": 2.0, "waste_collected": 1.0, "waste_treated": 0.5}}
        assert ingest_file(other, form01_file(tmp_path / "01.xlsx", "6 THÁNG ĐẦU NĂM 2026", figures), user="t").ok
    store.engine.dispose()
    return runner(db, monkeypatch)


def test_the_city_page_compares_the_communes_with_their_own_figures(two):
    """Each province's communes on their own: the configured commune's
    province first, the other (where a second Xã Cẩm Giàng lies) chosen."""
    at = two(PAGE, city_period="2026-H1", city_indicator="CT4")
    assert not at.exception
    assert at.title[0].value == "Toàn thành phố: các xã, phường"
    assert at.selectbox(key="tinh").options == ["Thành phố Hải Phòng", "Tỉnh Thái Nguyên"]
    assert list(frame_with(at, "Hạng", "Xã, phường")["Giá trị"]) == ["49,2%"]  # the seeded commune's CT4
    assert list(frame_with(at, "Mở")["Mở"]) == ["./?xa=10903&lang=vi"]
    assert "- [Xã Cẩm Giàng](./?xa=10903&lang=vi)" in texts(at.markdown)  # real links, for keyboards and screen readers
    at.selectbox(key="tinh").set_value("19").run()
    grid = frame_with(at, "Xã, phường", "Chỉ tiêu", "Giá trị")
    assert set(grid["Xã, phường"]) == {"Xã Cẩm Giàng"}  # both are Xã Cẩm Giàng: the links tell them apart
    assert list(frame_with(at, "Hạng", "Xã, phường")["Giá trị"]) == ["25,0%"]  # the other's 0,5/2
    assert list(frame_with(at, "Mở")["Mở"]) == ["./?xa=2008&lang=vi"]
    assert "Mọi xã, phường đã báo cáo." in texts(at.success)


def test_a_link_opens_one_communes_dashboard(two):
    at = two(None, xa=OTHER, period="2026-H1")
    assert not at.exception
    assert at.selectbox(key="xa").value == OTHER
    assert "1/3 thôn đã báo cáo kỳ 6 tháng 2026. Chưa báo cáo: Bình Minh, Cao Xá." in texts(at.markdown)
    assert "Nghĩa Phú" not in texts(at.markdown)


def test_one_commune_shows_no_chooser_and_no_city_page(app):
    at = app()
    assert not at.exception
    assert not [s for s in at.selectbox if s.key == "xa"]
    at2 = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    with pytest.raises(ValueError):
        at2.switch_page(PAGE)


def test_the_chooser_keeps_the_commune_in_the_url(two):
    at = two(None)
    assert at.selectbox(key="xa").value == "10903"
    at.selectbox(key="xa").set_value(OTHER).run()
    assert at.query_params["xa"] in (OTHER, [OTHER])
    st.cache_resource.clear()


def test_the_city_page_in_english_names_unit_types_in_english(two):
    at = two(PAGE, city_period="2026-H1", lang="en")
    assert not at.exception
    assert at.multiselect(key="types").options == ["Commune", "Ward", "Special zone"]
    assert list(frame_with(at, "Open")["Type"]) == ["Commune"]
    assert at.selectbox(key="city_period").label == "Period compared across communes"


def figures_of(chart) -> dict[str, dict]:
    """A map's row of each unit, as the page sent it (Streamlit moves tabular
    datasets out of the spec, as Arrow)."""
    (dataset,) = [d for d in chart.proto.datasets if d.name == "figures"]
    rows = pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
    return {row["code"]: row for row in rows}


def test_the_city_map_colours_each_commune_of_the_province(two):
    """Hải Phòng's 114 communes on the map: the seeded commune with its CT4
    and status, every other one drawn as "no data", each with its link."""
    at = two(PAGE, city_period="2026-H1", city_indicator="CT4")
    assert "Bản đồ: CT4 của từng xã, phường, kỳ 6 tháng 2026" in [h.value for h in at.main.header]
    provinces, spec = [c for c in at.get("vega_lite_chart") if '"boundaries"' in c.proto.spec]
    shares = figures_of(provinces)  # two provinces in this store: theirs first
    assert (shares["31"]["shown"], shares["31"]["url"]) == ("0%", "./toan-thanh-pho?tinh=31&lang=vi")  # 49,2% is "Chậm"
    assert shares["19"]["state"] == "0/1 xã, phường đạt hoặc đúng tiến độ" and shares["1"]["state"] == "Chưa có số liệu"
    figures = figures_of(spec)
    assert len(figures) == 114
    assert (figures["10903"]["shown"], figures["10903"]["state"], figures["10903"]["url"]) == (
        "49,2%",
        "Chậm",
        "./?xa=10903&lang=vi",
    )
    assert {row["state"] for code, row in figures.items() if code != "10903"} == {"Chưa có số liệu"}
    assert json.loads(spec.proto.spec)["description"].startswith("Bản đồ: CT4 Tỷ lệ CTR sinh hoạt")
    (table,) = [f for f in frames_with(at, "Xã, phường", "Giá trị", "Trạng thái") if len(f.columns) == 3]  # the map's
    assert len(table) == 114 and table.loc[table["Xã, phường"] == "Xã Cẩm Giàng", "Giá trị"].item() == "49,2%"


def test_the_city_export_carries_the_map_as_an_image():
    png = to_png({"mark": "point", "data": {"values": [{"x": 1}]}, "encoding": {"x": {"field": "x", "type": "quantitative"}}})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx({"Chỉ tiêu": pd.DataFrame({"a": [1]})}, {"Bản đồ": png})))
    assert book.sheetnames == ["Chỉ tiêu", "Bản đồ"]
    assert len(book["Bản đồ"]._images) == 1
