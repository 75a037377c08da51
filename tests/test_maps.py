"""Maps as drawn: every unit of the province drawn with its status or as
"no data", far islands in a box of their own, a click opening the unit's
dashboard, a description naming the best and worst, the source credited;
and the geometry behind village locations."""

from __future__ import annotations

import pandas as pd
import pytest
import vl_convert

from charts import to_png
from charts.maps import share_map, status_map, village_map
from maps.boundaries import commune_outline, communes, distance_km, provinces

HAI_PHONG = 31
CAM_GIANG = "10903"


def compiled(chart) -> dict:
    """The Vega spec the browser runs (what is drawn, not what was asked)."""
    return vl_convert.vegalite_to_vega(chart)


def hai_phong(values: dict[str, tuple[float, str]]) -> pd.DataFrame:
    """Rows of communes with figures: code -> (value, status word)."""
    names = {u["code"]: u["name"] for u in communes(HAI_PHONG).listed}
    return pd.DataFrame(
        [
            {"code": c, "name": names[c], "value": v, "shown": f"{v:g}%", "state": s, "url": f"./?xa={c}"}
            for c, (v, s) in values.items()
        ]
    )


def test_every_commune_is_drawn_with_its_status_or_as_no_data():
    topology = communes(HAI_PHONG)
    rows = hai_phong(
        {
            CAM_GIANG: (49.2, "Chậm"),
            "10507": (80.0, "Đúng tiến độ"),
            "11560": (12.0, "Đi lùi"),
            "11533": (100.0, "Đã đạt"),
            "10525": (64.5, "Cần đẩy nhanh"),
        }
    )
    chart = status_map(topology.data, topology.listed, rows, topology.aspect(), subject="CT4")
    spec = chart
    main, islands = spec["vconcat"]
    looked_up = {r["code"]: r for r in spec["datasets"]["figures"]}
    assert len(looked_up) == 114  # every commune, each once
    assert looked_up[CAM_GIANG]["state"] == "Chậm" and looked_up[CAM_GIANG]["url"] == "./?xa=10903"
    assert looked_up["10532"]["state"] == "Chưa có số liệu" and looked_up["10532"]["url"] == ""
    assert [box["title"]["text"] for box in islands["hconcat"]] == ["Đặc khu Bạch Long Vĩ"]
    assert "Chưa có số liệu" in main["encoding"]["color"]["scale"]["domain"]
    assert spec["description"].startswith(
        "Bản đồ: CT4; 5 xã, phường có số liệu, 109 chưa có; tốt nhất: Phường Hòa Bình (100%), Phường Thành Đông (80%)"
    )
    assert spec["description"].endswith("kém nhất: Phường Thủy Nguyên (12%), Xã Cẩm Giàng (49.2%).")  # the rest, worst first
    assert looked_up["11533"]["name"] == "Phường Hòa Bình"  # as the official list writes it
    assert "sapnhap.bando.com.vn" in spec["title"]["text"]


def test_the_map_as_drawn_has_areas_with_links_and_descriptions():
    topology = communes(HAI_PHONG)
    chart = status_map(topology.data, topology.listed, hai_phong({CAM_GIANG: (49.2, "Chậm")}), topology.aspect(), subject="CT4")
    marks = [m for m in compiled(chart)["marks"] if m["type"] == "group" for m in m.get("marks", [])]
    areas = [m for m in marks if m["type"] == "shape"]
    assert areas and all("href" in m["encode"]["update"] and "description" in m["encode"]["update"] for m in areas)
    png = to_png(chart, scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000  # an image of areas, not an empty frame


def test_the_provinces_map_puts_the_far_archipelagos_in_boxes():
    topology = provinces()
    rows = pd.DataFrame(
        [{"code": "31", "name": "Thành phố Hải Phòng", "value": 60.0, "shown": "60%", "state": "3/5", "url": "x"}]
    )
    spec = share_map(topology.data, topology.listed, rows, topology.aspect(), subject="CT4")
    titles = [box["title"]["text"] for box in spec["vconcat"][1]["hconcat"]]
    assert sorted(titles) == ["Đặc khu Hoàng Sa", "Đặc khu Trường Sa"]
    assert topology.aspect() > 1  # a tall country, not a wide one: the archipelagos do not widen it
    filters = [t["expr"] for d in compiled(spec)["data"] for t in d.get("transform", []) if t["type"] == "filter"]
    assert not [f for f in filters if "value" in f]  # a province without a figure is drawn, not filtered out


def test_villages_are_drawn_where_they_are_and_nowhere_else():
    topology = communes(HAI_PHONG)
    points = pd.DataFrame(
        {"name": ["Lương Xá"], "latitude": [20.96], "longitude": [106.16], "value": [50.0], "shown": ["50%"], "state": ["Chậm"]}
    )
    spec = village_map(topology.data, CAM_GIANG, points, topology.aspect(CAM_GIANG), subject="LS1")
    outline, dots, _ = spec["layer"]
    assert outline["transform"] == [{"filter": {"field": "properties.code", "equal": CAM_GIANG}}]
    assert dots["encoding"]["latitude"]["field"] == "latitude"
    assert spec["description"].startswith("Bản đồ: LS1; 1 thôn có vị trí và số liệu")
    drawn = vl_convert.vegalite_to_svg(spec)  # the village is drawn: its point and its name
    assert drawn.count('aria-roledescription="circle"') == 1 and ">Lương Xá</text>" in drawn


def test_a_point_is_inside_a_commune_give_or_take_a_kilometre():
    outline = commune_outline(CAM_GIANG)
    centre = outline.representative_point()
    assert distance_km(outline, centre.y, centre.x) == 0
    west = min((p for g in outline.geoms for p in g.exterior.coords), key=lambda p: p[0])
    assert distance_km(outline, west[1], west[0] - 0.005) == pytest.approx(0.52, abs=0.05)  # 0.005° of longitude at 21°N
    assert distance_km(outline, 20.86, 106.67) > 40  # Hải Phòng's old centre
    assert commune_outline("99999") is None
