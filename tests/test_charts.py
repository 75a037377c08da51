"""Charts are named for screen readers in the reading language, with their
key figures; statuses keep readable text on their colours; an indicator
without a target draws no target line."""

from __future__ import annotations

import base64
import json
from xml.etree import ElementTree

import pandas as pd
import pytest

from catalog import load_catalog
from charts import (
    NO_TARGET_COLOUR,
    STATUS_COLOURS,
    TASK_COLOURS,
    contrast,
    indicator_panels,
    sparkline,
    text_colour,
    trend,
    village_bars,
)
from charts.palette import luminance


def test_contrast_matches_wcag_reference_values():
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey
    assert luminance("#FFFFFF") == pytest.approx(1)


@pytest.mark.parametrize("colour", [*STATUS_COLOURS.values(), NO_TARGET_COLOUR, *TASK_COLOURS.values()])
def test_every_status_colour_carries_text_at_4_5_to_1(colour):
    assert contrast(text_colour(colour), colour) >= 4.5


def _rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": ["2025", "2026-H1"],
            "time": [2025.0, 2025.5],
            "value": [37.6, 49.2],
            "baseline_value": [37.6, 37.6],
            "baseline_period": ["2025", "2025"],
            "projection": [None, 100.0],
            "status": ["insufficient_data", "slow"],
        }
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("vi", "Biểu đồ đường: CT4 qua 2 kỳ, từ 37,6% (2025) đến 49,2% (6 tháng 2026); mục tiêu 100,0% vào năm 2030."),
        ("en", "Line chart: CT4 over 2 periods, from 37.6% (2025) to 49.2% (H1 2026); target 100.0% by 2030."),
    ],
)
def test_a_trend_is_described_with_its_figures_and_its_points_too(lang, words):
    spec = trend(_rows(), is_percent=True, target=100, target_year=2030, lang=lang, subject="CT4").to_dict()
    assert spec["description"] == words
    points = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")
    assert points["encoding"]["description"] == {"field": "aria", "type": "nominal"}
    marks = json.dumps(spec["datasets"], ensure_ascii=False)
    assert ("6 tháng 2026, 49,2%, Chậm" if lang == "vi" else "H1 2026, 49.2%, Slow") in marks


def test_village_bars_name_the_highest_and_the_lowest():
    rows = pd.DataFrame({"village": ["A", "B", "C"], "value": [10.0, 30.0, 20.0], "status": ["slow", "on_track", None]})
    spec = village_bars(rows, {"A": "An Lạc", "B": "Bình Minh"}, is_percent=True, target=None, subject="LS1").to_dict()
    assert (
        spec["description"]
        == "Biểu đồ cột: LS1, 3 thôn; cao nhất Bình Minh (30,0%), thấp nhất An Lạc (10,0%); không có mục tiêu."
    )
    assert [layer["mark"].get("aria") for layer in spec["layer"]] == [None, False]  # the value labels repeat the bars


def test_panels_draw_no_target_line_for_indicators_without_one():
    catalog = load_catalog()
    gt = [catalog.indicator("GT1"), catalog.indicator("GT2")]
    rows = pd.DataFrame(
        {
            "indicator": ["GT1", "GT2"],
            "period": ["2025", "2025"],
            "time": [2025.0, 2025.0],
            "value": [12.0, 3.0],
            "status": [None, None],
        }
    )
    spec = indicator_panels(rows, gt, subject="Giao thông").to_dict()
    rule = next(layer for layer in spec["spec"]["layer"] if layer["mark"]["type"] == "rule")
    assert rule["transform"] == [{"filter": "isValid(datum.target)"}]
    data = next(iter(spec["datasets"].values()))
    assert all(row["target"] is None for row in data)
    assert (
        spec["description"]
        == "Các biểu đồ nhỏ: Giao thông, giá trị mới nhất: GT1 12 (Không có mục tiêu); GT2 3 (Không có mục tiêu)."
    )


def test_a_heatmap_writes_each_value_in_the_colour_that_reads_on_its_cell():
    """Value labels on the cells take each status colour's text colour (dark
    #111111 on "on track" blue was 3.6:1); the city's grid names communes."""
    from charts import heatmap, status_label

    statuses = [*STATUS_COLOURS, None]
    rows = pd.DataFrame(
        {
            "indicator": ["LS1"] * len(statuses),
            "village": [f"V{i}" for i in range(len(statuses))],
            "value": [10.0] * len(statuses),
            "status": statuses,
            "is_percent": [True] * len(statuses),
        }
    )
    spec = heatmap(rows, {}, {"LS1": "Rác"}, "vi", "Kỳ 2025", of="commune").to_dict()
    cells, text = spec["layer"]
    fill = dict(zip(cells["encoding"]["color"]["scale"]["domain"], cells["encoding"]["color"]["scale"]["range"]))
    ink = dict(zip(text["encoding"]["color"]["scale"]["domain"], text["encoding"]["color"]["scale"]["range"]))
    assert set(fill) == set(ink) == {status_label(s, "vi") for s in statuses}
    assert all(contrast(ink[state], fill[state]) >= 4.5 for state in fill)
    assert spec["description"].startswith(f"Bản đồ nhiệt: Kỳ 2025, {len(statuses)} xã, phường × 1 chỉ tiêu")
    assert text["encoding"]["tooltip"][0]["title"] == "Xã, phường"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_heatmap_numbers_are_drawn_in_a_colour_that_reads_on_their_cell(lang):
    """Each value is drawn on its status's cell colour in the text colour
    for that colour (4.5:1), never in the cell's own colour."""
    import vl_convert

    from charts import heatmap, status_label

    rows = pd.DataFrame(
        {
            "indicator": ["CT1", "CT2", "CT3", "CT4", "LS1", "LS2", "LS3"],
            "village": list("ABCDEFG"),
            "value": [90.0, 50.0, 40.0, 30.0, 5.0, 1.0, 2.0],
            "status": ["achieved", "on_track", "needs_acceleration", "slow", "backwards", "insufficient_data", None],
            "is_percent": [True] * 7,
        }
    )
    spec = vl_convert.vegalite_to_vega(heatmap(rows, {}, {}, lang).to_json())
    fills = {m["type"]: m["encode"]["update"]["fill"] for m in spec["marks"] if m["type"] in ("rect", "text")}
    scales = {s["name"]: s for s in spec["scales"]}
    cell, text = scales[fills["rect"]["scale"]], scales[fills["text"]["scale"]]
    assert cell["name"] != text["name"]  # the numbers' colours are not the cells'
    cell_colour = dict(zip(cell["domain"], cell["range"]))
    text_colour_of = dict(zip(text["domain"], text["range"]))
    for status in [*STATUS_COLOURS, None]:
        word = status_label(status, lang)
        assert contrast(text_colour_of[word], cell_colour[word]) >= 4.5, word


def test_a_sparkline_puts_the_lowest_value_at_the_bottom_and_names_every_point():
    """Box 240x60, padding 5: x from 5 to 235 over the periods' times, y
    from 55 (lowest) to 5 (highest); here 37.6 -> 49.2 -> 43.4 (the middle)."""
    rows = pd.DataFrame({"period": ["2026-H1", "2025", "2026"], "time": [2026.0, 2025.0, 2027.0], "value": [49.2, 37.6, 43.4]})
    spark = sparkline(rows, is_percent=True, lang="vi", subject="A1 Rác")
    svg = ElementTree.fromstring(spark.svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.find("s:polyline", ns).get("points") == "5.0,55.0 120.0,5.0 235.0,30.0"
    assert [c.find("s:title", ns).text for c in svg.iter("{http://www.w3.org/2000/svg}circle")] == [
        "2025, 37,6%",
        "6 tháng 2026, 49,2%",
        "2026, 43,4%",
    ]
    assert svg.get("role") == "img" and svg.get("aria-label") == spark.description
    assert "37,6%" in spark.description and "43,4%" in spark.description
    assert base64.b64decode(spark.data_uri().split(",", 1)[1]).decode() == spark.svg


def test_a_sparkline_of_equal_values_runs_through_the_middle_and_escapes_its_words():
    rows = pd.DataFrame({"period": ["2025", "2026"], "time": [2025.0, 2026.0], "value": [3.0, 3.0]})
    spark = sparkline(rows, is_percent=False, lang="en", subject="<b>&</b>")
    svg = ElementTree.fromstring(spark.svg)  # well-formed: the subject's markup is text
    assert svg.find("{http://www.w3.org/2000/svg}polyline").get("points") == "5.0,30.0 235.0,30.0"
    assert "<b>&</b>" in svg.find("{http://www.w3.org/2000/svg}title").text
