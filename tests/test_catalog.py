"""The catalog as data: the shipped one loads and encodes DOMAIN.md; a
wrong one fails loudly, naming the file and the entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalog import DEFAULT_DIR, CatalogError, load_catalog, shipped_catalog
from catalog.periods import as_of, parse_period, time_of
from catalog.text import fold, header_keys


def test_shipped_catalog_holds_the_program():
    catalog = load_catalog()
    assert [s.id for s in catalog.sectors] == [
        "transport",
        "industry",
        "energy",
        "construction",
        "agriculture",
        "lifestyle",
        "governance",
    ]
    assert sorted(catalog.forms) == ["00", "01", "02", "03", "04", "05"]
    assert len(catalog.forms["01"].value_fields) == 26
    assert len(catalog.indicators) == 26 and len(catalog.tasks) == 27
    ct3 = catalog.indicator("CT3")
    assert (ct3.target, ct3.target_year, ct3.numerator.sum, ct3.denominator.sum) == (20, 2030, "gap_area", "cultivated_area")
    assert catalog.indicator("TC1").target_year == 2026
    assert catalog.indicator("NN3").direction == "decrease"
    assert [t.id for t in catalog.tasks if t.priority] == ["PL-01", "PL-02", "PL-03", "PL-04"]
    assert catalog.task("PL-02").indicators == ["NN3", "NN4"]


def broken(tmp_path: Path, name: str, old: str, new: str) -> str:
    folder = tmp_path / "catalog"
    shutil.copytree(DEFAULT_DIR, folder)
    path = folder / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(folder)


@pytest.mark.parametrize(
    ("name", "old", "new", "says"),
    [
        (
            "indicators",
            '  sector: agriculture\n  form: "01"\n  kind: ratio\n  numerator: {sum: gap_area}',
            '  sector: farming\n  form: "01"\n  kind: ratio\n  numerator: {sum: gap_area}',
            ["indicators.yaml", "CT3", "farming"],
        ),
        ("indicators", "numerator: {sum: gap_area}", "numerator: {sum: gap_acres}", ["indicators.yaml", "CT3", "gap_acres"]),
        ("tasks", "indicators: [NL1]", "indicators: [NL9]", ["tasks.yaml", "PL-04", "NL9"]),
        ("indicators", "  target: 20\n", "  target: hai mươi\n", ["indicators.yaml", "CT3", "target"]),
        ("forms", "kind: enum, enum: yes_no}", "kind: enum, enum: maybe}", ["forms.yaml", "has_investor", "maybe"]),
        ("rules", "left: gap_area", "left: gap_zone", ["rules.yaml", "gap_zone"]),
        ("commune", 'baseline_period: "2025"', "baseline_period: [", ["commune.yaml"]),
    ],
)
def test_wrong_catalog_names_file_and_entry(tmp_path, name, old, new, says):
    with pytest.raises(CatalogError) as error:
        load_catalog(broken(tmp_path, name, old, new))
    for word in says:
        assert word in str(error.value)


def test_another_commune_edits_data_only(tmp_path, monkeypatch):
    folder = broken(tmp_path, "commune", "name_vi: xã Cẩm Giàng", "name_vi: phường Lê Chân")
    monkeypatch.setenv("XANH_CATALOG", folder)
    shipped_catalog.cache_clear()
    try:
        assert load_catalog().commune.name_vi == "phường Lê Chân"
    finally:
        shipped_catalog.cache_clear()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Năm 2026", "2026"),
        ("2026", "2026"),
        (2026.0, "2026"),
        ("6 tháng đầu năm 2026", "2026-H1"),
        ("6 tháng năm 2026", "2026-H1"),
        ("2026-H1", "2026-H1"),
        ("BÁO CÁO 6 THÁNG ĐẦU NĂM 2026", "2026-H1"),
        ("BÁO CÁO KẾT QUẢ THỰC HIỆN CHUYỂN ĐỔI XANH CÁC THÔN NĂM 2025", "2025"),
        ("Cẩm Giàng, ngày 20 tháng 12 năm 2025", None),
        ("Thôn Lương Xá", None),
        (2026.5, None),
    ],
)
def test_periods_are_read_as_officials_write_them(text, code):
    assert parse_period(text) == code


def test_time_axis_and_as_of_dates():
    assert time_of("2026-H1") == 2025.5 and time_of("2026") == 2026.0
    assert str(as_of("2026-H1")) == "2026-06-14" and str(as_of("2025")) == "2025-12-14"


def test_header_spellings_fold_together():
    assert fold("Tỉ lệ hoàn thành") == fold("TỶ LỆ HOÀN THÀNH") == fold("tỷ lệ hoàn thành")
    assert fold("Hoá") == fold("Hóa")
    assert "tong so ho" in header_keys("Tổng số hộ\n(hộ)")
    assert {"thuoc xa cu", "thuoc"} <= header_keys("Thuộc (xã cũ)")
