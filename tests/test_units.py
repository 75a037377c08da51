"""The official list of administrative units (catalog/units.py) checked
against a second source: the committed boundary data (maps/data, built
from the public boundary dataset by scripts/build_maps.py), which carries
the same codes and names. The list is the NSO's published one; where the
two disagree the list wins and the map says so."""

from __future__ import annotations

import pytest

from catalog.text import spelling
from catalog.units import find, units
from maps import boundaries

HAI_PHONG = 31
SETTLED = {"6978": "6970"}  # the boundary data's code for Xã Ba Chẽ (Quảng Ninh) -> the NSO list's
# The list's data is of August 2025; the boundary data (July 2026) already
# has Đồng Nai as a city and ten of its communes as wards. Codes did not
# change, so nothing joins wrongly; names follow the list.
PROVINCE_KINDS = {"75": ("Tỉnh Đồng Nai", "Thành phố Đồng Nai")}
NOW_WARDS = {"25270", "25357", "25363", "26116", "26170", "26248", "26326", "26368", "26425", "26485"}


def mapped() -> dict[str, dict]:
    """Every commune of the committed maps, by code."""
    found = {}
    for code in {u.province_code for u in units().values()}:
        for unit in boundaries.communes(code).units:
            assert unit["code"] not in found, unit
            found[unit["code"]] = unit
    return found


def test_the_country_has_34_provinces_and_3321_units():
    listed = units()
    assert len(listed) == 3321
    assert len({u.province_code for u in listed.values()}) == 34
    assert {u.type for u in listed.values()} == {"xã", "phường", "đặc khu"}


def test_every_code_of_hai_phong_agrees_with_the_boundary_data():
    listed = {u.code: u.name for u in units().values() if u.province_code == HAI_PHONG}
    drawn = {u["code"]: u["name"] for u in boundaries.communes(HAI_PHONG).units}
    assert len(listed) == 114
    assert set(drawn) == set(listed)
    assert {code: spelling(name) for code, name in drawn.items()} == {code: spelling(name) for code, name in listed.items()}


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Phường Thành Đông, Hải Phòng", "10507"),
        ("Xã An Thành, Hải Phòng", "10792"),
        ("Phường Nam Đồng, Hải Phòng", "10837"),
        ("Phường Tứ Minh, Hải Phòng", "10891"),
        ("Phường Ngô Quyền, Hải Phòng", "11329"),
        ("Phường Văn Miếu - Quốc Tử Giám, Hà Nội", "226"),
        ("Xã Ba Chẽ, Quảng Ninh", "6970"),
    ],
)
def test_names_find_their_official_codes(query, code):
    assert find(query).code == code


def test_codes_name_the_units_the_official_list_gives_them():
    assert find("226").name == "Phường Văn Miếu - Quốc Tử Giám"
    assert find("229").name == "Phường Kim Liên"
    assert [find(c).name for c in ("1537", "1558", "1561")] == ["Xã Lý Quốc", "Xã Hạ Lang", "Xã Vinh Quý"]
    assert not any("  " in u.name or u.name != u.name.strip() for u in units().values())


def test_the_whole_country_agrees_with_the_boundary_data_but_for_one_settled_code():
    listed, drawn = units(), mapped()
    assert len(drawn) == 3321 and set(drawn) == set(listed)
    assert {u["source_code"]: code for code, u in drawn.items() if "source_code" in u} == SETTLED
    differ = {
        code: (listed[code].name, u["name"]) for code, u in drawn.items() if spelling(u["name"]) != spelling(listed[code].name)
    }
    assert set(differ) == NOW_WARDS
    assert all(listed == drawn.replace("Phường ", "Xã ", 1) for listed, drawn in differ.values())


def test_the_provinces_map_names_the_listed_provinces():
    listed = {str(u.province_code): u.province for u in units().values()}
    drawn = {u["code"]: u["name"] for u in boundaries.provinces().units}
    assert set(drawn) == set(listed)
    differ = {c: (listed[c], drawn[c]) for c in drawn if spelling(drawn[c]) != spelling(listed[c])}
    assert differ == PROVINCE_KINDS
