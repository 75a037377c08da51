"""Layouts villages and units send (DOMAIN.md, "How files look, and how they
are read"), read from the files made by tests/fixtures/make_loader_fixtures.py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from loaders import load_file
from loaders.registry import Registry
from loaders.result import VALUE_COLUMNS, empty_values
from tests.fixtures.make_loader_fixtures import xlsx_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "loaders"


def load(name: str, registry: Registry, **kwargs):
    return load_file(FIXTURES / name, registry=registry, **kwargs)


def cell(result, entity: str, field: str, period: str | None = None) -> pd.Series:
    """The one value row of an entity's field (and period)."""
    v = result.values
    rows = v[(v["entity"] == entity) & (v["field"] == field)]
    if period is not None:
        rows = rows[rows["period"] == period]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def codes(result) -> list[str]:
    return [p.code for p in result.problems]


def test_values_frame_has_the_contract_columns_and_dtypes(registry):
    result = load("01-hai-dong-tieu-de.xlsx", registry)
    assert list(result.values.columns) == VALUE_COLUMNS
    assert result.values.dtypes.equals(empty_values().dtypes)


def test_two_row_header_under_title_rows_with_totals_and_footer(registry):
    result = load("01-hai-dong-tieu-de.xlsx", registry)
    assert (result.forms, result.periods, result.rows, result.ok) == (["01"], ["2025"], 3, True)
    # Tổng cộng, the column-number row and the signatures are not villages or values.
    assert sorted(result.values["entity"].unique()) == ["T01", "T02", "T03"]
    assert len(result.values) == 6 + 6 + 5  # Quý Dương left households_committed blank
    collected = cell(result, "T02", "waste_collected")
    assert (collected["num"], collected["sheet"], collected["row"], collected["column"]) == (0.63, "Biểu 01", 11, "F")
    assert cell(result, "T01", "households_total")["num"] == 781
    assert cell(result, "T03", "public_lights_led")["num"] == 71
    assert set(result.values["village"]) == {"T01", "T02", "T03"}
    assert not (result.values["field"].isin(["village_name", "village_code"])).any()
    (ignored,) = result.problems
    assert (ignored.code, ignored.severity, ignored.row, ignored.column) == ("column_ignored", "warning", 7, "I")
    assert "Ghi chú" in ignored.message


def test_vertical_report_with_village_line(registry):
    result = load("01-doc-dong-thon.xlsx", registry)
    assert (result.forms, result.periods, result.rows, result.problems) == (["01"], ["2026-H1"], 1, [])
    assert set(result.values["entity"]) == {"T05"}
    assert dict(zip(result.values["field"], result.values["num"])) == {
        "households_total": 412,
        "households_committed": 300,
        "waste_generated": 0.45,
        "public_lights_total": 90,
        "public_lights_led": 60,
    }
    led = cell(result, "T05", "public_lights_led")
    assert (led["sheet"], led["row"], led["column"]) == ("Báo cáo", 12, "D")


def test_vertical_report_with_village_in_title(registry):
    result = load("01-doc-tieu-de.xlsx", registry)
    assert (result.periods, result.problems) == (["2026"], [])
    assert set(result.values["entity"]) == {"T04"}
    assert cell(result, "T04", "livestock_biogas")["num"] == 45


def test_vertical_report_of_an_unknown_village(registry):
    result = load("01-doc-thon-la.xlsx", registry)
    (p,) = result.problems
    assert (p.code, p.sheet, p.row, p.column, p.field) == ("village_unknown", "Báo cáo", 3, "A", "village_name")
    assert "Hạ Lũng" in p.message and result.values.empty


def test_xls_with_upper_case_headers_and_period_column(registry):
    result = load("01-chu-hoa-ky-bao-cao.xls", registry)
    assert (result.forms, result.periods, result.rows, result.problems) == (["01"], ["2026-H1"], 2, [])
    assert cell(result, "T02", "rooftop_solar_kwp")["num"] == 135.2
    assert cell(result, "T01", "households_sorting")["column"] == "D"


def test_ods_with_spanned_group_header(registry):
    result = load("01-ods.ods", registry)
    assert (result.periods, result.rows, result.problems) == (["2026"], 2, [])
    generated = cell(result, "T03", "waste_generated")
    assert (generated["num"], generated["row"], generated["column"]) == (0.7, 5, "C")
    assert cell(result, "T04", "waste_collected")["num"] == 0.4


def test_windows_1258_semicolon_csv_with_text_numbers(registry):
    result = load("01-windows-1258.csv", registry)
    assert (result.periods, result.problems) == (["2026-H1"], [])
    expected = {"households_total": 1234, "cultivated_area": 102.1, "gap_area": 13.3, "rooftop_solar_kwp": 1140.8}
    for field, number in expected.items():
        assert cell(result, "T03", field)["num"] == pytest.approx(number)
    assert cell(result, "T04", "cultivated_area")["num"] == pytest.approx(109.9)
    row = cell(result, "T04", "gap_area")
    assert (row["sheet"], row["row"], row["column"]) == (None, 4, "E")


def test_utf8_bom_comma_csv_with_quoted_headers(registry):
    result = load("01-utf8-bom.csv", registry)
    assert (result.periods, result.problems) == (["2026"], [])
    assert cell(result, "T01", "businesses_total")["num"] == 21
    assert cell(result, "T03", "businesses_rooftop_solar")["num"] == 6


def test_header_spellings(registry):
    result = load("01-tieu-de-bien-the.xlsx", registry)
    assert result.problems == []
    fields = set(result.values["field"])
    assert fields == {"livestock_biogas", "green_farming_models", "ipm_area", "electric_vehicles", "charging_stations"}


def test_notes_sheet_is_skipped_and_named(registry):
    result = load("01-co-sheet-huong-dan.xlsx", registry)
    (p,) = result.problems
    assert (p.code, p.severity, p.sheet, p.row, p.column) == ("sheet_skipped", "warning", "Hướng dẫn", None, None)
    assert "Hướng dẫn" in p.message
    assert set(result.values["entity"]) == {"T01", "T02"} and result.ok


def test_history_sheet_holds_several_periods(registry):
    result = load("01-lich-su.xlsx", registry)
    assert (result.periods, result.problems) == (["2025", "2026-H1", "2026"], [])
    assert cell(result, "T01", "households_total", "2025")["num"] == 770
    assert cell(result, "T01", "households_total", "2026-H1")["num"] == 781
    assert cell(result, "T01", "households_total", "2026")["num"] == 790
    assert cell(result, "T02", "households_committed", "2026")["num"] == 210


def test_partial_report_with_lighting_only(registry):
    result = load("01-chieu-sang.xlsx", registry)
    assert result.ok and set(result.values["field"]) == {"public_lights_total", "public_lights_led"}
    assert len(result.values) == 4


def test_form_00_village_registry(registry):
    result = load("00-danh-muc.xlsx", registry)
    assert (result.forms, result.periods, result.rows, result.problems) == (["00"], [], 2, [])
    assert set(result.values["period"]) == {""}
    assert cell(result, "T08", "aliases")["text"] == "Hạ Lủng; Thôn Hạ"
    assert cell(result, "T01", "group")["text"] == "Lương Điền"
    villages = {v.code: v for v in Registry.from_values(result.values).villages}
    assert villages["T08"].name == "Hạ Lũng" and villages["T08"].aliases == ("Hạ Lủng", "Thôn Hạ")
    assert villages["T01"].aliases == ()


def test_form_02_clusters(registry):
    result = load("02-cum-cn.xlsx", registry)
    assert result.problems == []
    assert cell(result, "Cụm CN Cẩm Giàng", "has_investor")["text"] == "yes"
    assert cell(result, "Cụm CN Cẩm Giàng", "wwtp_status")["text"] == "operating_compliant"
    assert cell(result, "Cụm CN Cẩm Giàng", "wwtp_capacity")["num"] == 1500
    assert cell(result, "Cụm CN Lương Điền", "wwtp_status")["text"] == "not_invested"
    assert cell(result, "Cụm CN Lương Điền", "has_investor")["text"] == "no"


def test_form_03_works_name_their_village_when_they_can(registry):
    result = load("03-cong-trinh.xlsx", registry)
    assert (result.periods, result.problems) == (["2026-H1"], [])
    hall = result.values[result.values["entity"] == "Nhà văn hóa thôn Tân Phong"]
    assert set(hall["village"]) == {"T01"} and cell(result, hall["entity"].iloc[0], "village")["text"] == "T01"
    assert cell(result, "Nhà văn hóa thôn Tân Phong", "capital_source")["text"] == "state_budget"
    road = result.values[result.values["entity"] == "Đường trục xã"]
    assert road["village"].isna().all() and "village" not in set(road["field"])
    assert cell(result, "Đường trục xã", "capital_source")["text"] == "other"


def test_form_04_tasks(registry):
    result = load("04-nhiem-vu.xlsx", registry)
    assert result.problems == []
    assert sorted(result.values["entity"].unique()) == ["PL-01", "PL-04", "XX-01"]
    assert cell(result, "PL-01", "percent_complete")["num"] == 45
    assert cell(result, "PL-01", "deadline")["text"] == "2027-12-31"
    assert cell(result, "PL-04", "deadline")["text"] == "2026-06-30"
    assert cell(result, "XX-01", "deadline")["text"] == "2028-12-31"
    assert cell(result, "PL-04", "status")["text"] == "completed"
    assert cell(result, "XX-01", "percent_complete")["num"] == 0
    assert cell(result, "PL-04", "issues")["text"] == "Thiếu kinh phí"


def test_form_04_percent_in_0_1_is_scaled(registry):
    result = load("04-phan-tram-0-1.xlsx", registry)
    (p,) = result.problems
    assert (p.code, p.severity, p.sheet, p.row, p.column, p.field) == (
        "percent_scaled",
        "warning",
        "Biểu",
        3,
        "D",
        "percent_complete",
    )
    assert [cell(result, t, "percent_complete")["num"] for t in ("PL-01", "PL-02", "PL-04")] == [25, 50, 100]


def test_form_05_party_cells(registry):
    result = load("05-chi-bo.xlsx", registry)
    assert result.problems == []
    assert cell(result, "Chi bộ thôn Tân Phong", "cell_type")["text"] == "village"
    assert cell(result, "Chi bộ thôn Tân Phong", "has_green_resolution")["text"] == "yes"
    assert cell(result, "Chi bộ Trường THCS Cẩm Giàng", "cell_type")["text"] == "school"
    assert cell(result, "Chi bộ Trường THCS Cẩm Giàng", "has_green_resolution")["text"] == "no"
    assert cell(result, "Chi bộ Trường THCS Cẩm Giàng", "members_briefed")["num"] == 28


def test_registry_sheet_resolves_villages_of_the_same_workbook():
    data = xlsx_bytes(
        {
            "Danh mục": [["Mã thôn", "Tên thôn"], ["T09", "Bến Tắm"]],
            "Báo cáo": [["BÁO CÁO NĂM 2026"], ["Tên thôn", "Số xe điện"], ["Bến Tắm", 5]],
        }
    )
    result = load_file(data, "hai-bieu.xlsx", registry=Registry([]))
    assert (result.forms, result.problems) == (["00", "01"], [])
    assert cell(result, "T09", "electric_vehicles", "2026")["num"] == 5


def test_vertical_report_variants(registry):
    """Header 'Chỉ tiêu/Nội dung', the village line going on after the name,
    the period in the value column's header, numbered labels."""
    data = xlsx_bytes(
        {
            "BC": [
                ["ỦY BAN NHÂN DÂN XÃ CẨM GIÀNG"],
                ["Tên thôn: Quý Dương, xã Cẩm Giàng"],
                ["STT", "Chỉ tiêu/Nội dung", "ĐVT", "Kết quả thực hiện 6 tháng đầu năm 2026"],
                ["1.1", "Tổng số hộ (hộ)", "hộ", "1.234"],
                ["a)", "Số xe điện", "xe", 7],
            ]
        }
    )
    result = load_file(data, "quy-duong.xlsx", registry=registry)
    assert (result.periods, result.problems) == (["2026-H1"], [])
    assert cell(result, "T03", "households_total")["num"] == 1234
    assert cell(result, "T03", "electric_vehicles")["row"] == 5


def test_two_vertical_reports_of_one_village_in_one_file(registry):
    sheet = [["BÁO CÁO NĂM 2026"], ["Thôn: Tân Phong"], ["TT", "Chỉ tiêu", "Số liệu"], [1, "Số xe điện", 5]]
    result = load_file(xlsx_bytes({"A": sheet, "B": sheet}), "x.xlsx", registry=registry)
    (p,) = result.problems
    assert (p.code, p.sheet, p.row, p.column) == ("duplicate_key", "B", 2, "A")
    assert 'dòng 2 của trang "A"' in p.message


def test_problems_come_in_reading_order(registry):
    data = xlsx_bytes(
        {
            "Biểu": [
                ["BÁO CÁO NĂM 2026"],
                ["Tên thôn", "Tổng số hộ", "Số xe điện", "Ghi chú"],
                ["Tân Phog", "x", -1],
                ["Ngọc Trì", 5, "y"],
            ]
        }
    )
    result = load_file(data, "x.xlsx", registry=registry)
    assert [(p.code, p.row, p.column) for p in result.problems] == [
        ("column_ignored", 2, "D"),
        ("village_unknown", 3, "A"),
        ("not_a_number", 3, "B"),
        ("negative", 3, "C"),
        ("not_a_number", 4, "C"),
    ]
    assert list(result.values["field"]) == ["households_total"]  # the rows with errors add nothing else
