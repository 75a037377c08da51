"""Villages' locations (Biểu 00, Vĩ độ and Kinh độ): read as decimal
degrees whichever decimal mark, kept inside the commune's outline give or
take a kilometre, both or neither, on the values as they stand after the
merge with the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.ingest import ingest_file
from store import Store
from tests.filemaker import write_sheet

FIXTURES = Path(__file__).parent / "fixtures" / "loaders"


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "store.sqlite", commune="10903")  # Xã Cẩm Giàng, Hải Phòng


def places(store: Store) -> dict[str, tuple[float | None, float | None]]:
    values = store.current_values(["00"])
    mine = values[values["field"].isin(["latitude", "longitude"])]
    found: dict[str, dict[str, float]] = {}
    for row in mine.itertuples():
        found.setdefault(row.entity, {})[row.field] = row.num
    return {code: (p.get("latitude"), p.get("longitude")) for code, p in found.items()}


def located(report) -> list[tuple]:
    return [(p.code, p.severity, p.sheet, p.row, p.column, p.field) for p in report.problems]


def test_locations_inside_the_commune_are_kept_as_decimal_degrees(store):
    report = ingest_file(store, FIXTURES / "00-vi-tri.xlsx", user="lan")
    assert report.ok and located(report) == []
    assert places(store) == {"T01": (20.9612, 106.1534), "T05": (20.99, 106.16)}  # "20,9612", "106.16°"; T02 has none


def test_a_location_outside_the_commune_is_located_and_says_how_far(store):
    report = ingest_file(store, FIXTURES / "loi-location-outside.xlsx", user="lan")
    assert not report.ok
    assert located(report) == [("location_outside", "error", "Biểu", 4, "C", "latitude")]
    assert report.problems[0].message == (
        "Dòng 4, cột C: Vị trí (20,86; 106,68) nằm ngoài xã Cẩm Giàng, cách ranh giới 51,7 km. "
        "Hãy kiểm tra lại: có thể vĩ độ và kinh độ bị đổi chỗ hoặc gõ nhầm số."
    )
    assert places(store) == {}


def test_half_a_location_is_refused(store):
    report = ingest_file(store, FIXTURES / "loi-location-incomplete.xlsx", user="lan")
    assert located(report) == [("location_incomplete", "error", "Biểu", 4, "C", "longitude")]
    assert report.problems[0].message.startswith("Dòng 4, cột C: Thiếu Kinh độ")


def test_a_location_is_judged_as_it_stands_after_the_merge(store, tmp_path):
    """A later registry moving only the latitude keeps the stored longitude:
    inside is accepted, a latitude that takes the point out is refused."""
    assert ingest_file(store, FIXTURES / "00-vi-tri.xlsx", user="lan").ok
    moved = write_sheet(
        tmp_path / "moved.xlsx", ["Mã thôn", "Tên thôn", "Vĩ độ"], [["T01", "Tân Phong", 20.975]], "DANH MỤC THÔN"
    )
    assert ingest_file(store, moved, user="lan").ok
    assert places(store)["T01"] == (20.975, 106.1534)
    away = write_sheet(tmp_path / "away.xlsx", ["Mã thôn", "Tên thôn", "Vĩ độ"], [["T01", "Tân Phong", 21.3]], "DANH MỤC THÔN")
    report = ingest_file(store, away, user="lan")
    assert located(report) == [("location_outside", "error", "Biểu", 4, "C", "latitude")]
    assert places(store)["T01"] == (20.975, 106.1534)


def test_a_margin_of_a_kilometre_allows_for_simplified_borders(store, tmp_path):
    near = write_sheet(
        tmp_path / "near.xlsx",
        ["Mã thôn", "Tên thôn", "Vĩ độ", "Kinh độ"],
        [["T01", "Tân Phong", 20.975, 106.17]],
        "DANH MỤC THÔN",
    )
    assert ingest_file(store, near, user="lan").ok  # 0,5 km outside the drawn border
    far = write_sheet(
        tmp_path / "far.xlsx", ["Mã thôn", "Tên thôn", "Vĩ độ", "Kinh độ"], [["T01", "Tân Phong", 20.95, 106.14]], "DANH MỤC THÔN"
    )
    assert [p.code for p in ingest_file(store, far, user="lan").problems] == ["location_outside"]  # 1,07 km
