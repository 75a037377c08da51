"""scripts/build_maps.py on a small dataset of its source's shape: codes
settled from the official list, one shared border between neighbours, far
islands marked for an inset, the same bytes every run; and the committed
map data within its budget."""

from __future__ import annotations

import json
from pathlib import Path

from maps.boundaries import DATA, Topology
from scripts.build_maps import build

BUDGET = 4 * 1024 * 1024  # bytes of committed map data in all


def square(x: float, y: float, size: float = 0.05) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def write_unit(path: Path, code: str, name: str, geometry: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    feature = {"type": "Feature", "id": code, "properties": {"code": code, "fullName": name}, "geometry": geometry}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}, ensure_ascii=False), encoding="utf-8")


def dataset(root: Path) -> Path:
    """Hải Phòng as two neighbouring squares and a far island; Quảng Ninh as
    Ba Chẽ under the dataset's own code."""
    folder = root / "json" / "geojson" / "31_hai_phong"
    write_unit(folder / "wards" / "10903_cam_giang.geojson", "10903", "Xã Cẩm Giàng", square(106.10, 20.90))
    write_unit(folder / "wards" / "10507_thanh_dong.geojson", "10507", "Phường  Thành Đông", square(106.15, 20.90))
    write_unit(folder / "wards" / "11948_bach_long_vi.geojson", "11948", "Đặc khu Bạch Long Vĩ", square(107.70, 20.10, 0.02))
    whole = {
        "type": "MultiPolygon",
        "coordinates": [square(106.10, 20.90, 0.1)["coordinates"], square(107.70, 20.10, 0.02)["coordinates"]],
    }
    write_unit(folder / "31_hai_phong.geojson", "31", "Thành phố Hải Phòng", whole)
    folder = root / "json" / "geojson" / "22_quang_ninh"
    write_unit(folder / "wards" / "06978_ba_che.geojson", "06978", "Xã Ba Chẽ", square(106.10, 20.95))
    write_unit(folder / "22_quang_ninh.geojson", "22", "Tỉnh Quảng Ninh", square(106.10, 20.95))
    return root


def test_the_build_settles_codes_shares_borders_and_marks_far_islands(tmp_path):
    out = tmp_path / "out"
    sizes = build(dataset(tmp_path / "source"), out)
    assert set(sizes) == {"communes/31", "communes/22", "provinces"}
    communes = Topology(out / "communes" / "31.topojson", "commune")
    by_code = {u["code"]: u for u in communes.units}
    assert by_code["10507"]["name"] == "Phường Thành Đông"  # whitespace made one space
    assert by_code["11948"]["inset"] == 1 and "inset" not in by_code["10903"]
    assert Topology(out / "communes" / "22.topojson", "commune").units == [
        {"code": "6970", "name": "Xã Ba Chẽ", "source_code": "6978"}
    ]
    left, right = communes.outline("10903"), communes.outline("10507")
    assert left.intersection(right).length > 0.04  # one border, drawn once for both
    assert abs(communes.outline("11948").bounds[0] - 107.70) < 0.001
    provinces = Topology(out / "provinces.topojson", "province")
    assert [(u["code"], u.get("inset")) for u in provinces.units] == [("22", None), ("31", None), ("31", 1)]
    assert provinces.outline("31").bounds[2] > 107.70  # the island as a piece of its province
    first = {p.name: p.read_bytes() for p in out.rglob("*.topojson")}
    build(tmp_path / "source", out)
    assert {p.name: p.read_bytes() for p in out.rglob("*.topojson")} == first


def test_the_committed_map_data_stays_within_its_budget():
    files = list(DATA.rglob("*.topojson"))
    assert len(files) == 35  # the provinces and each province's communes
    assert sum(f.stat().st_size for f in files) < BUDGET
