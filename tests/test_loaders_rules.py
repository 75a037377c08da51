"""Each validation rule the loaders check on a file of its own (DOMAIN.md,
"Validation rules", "Keys", "Period"): the exact problem, located as Excel shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import load_file
from loaders.problems import MESSAGES

FIXTURES = Path(__file__).parent / "fixtures" / "loaders"

# file -> (code, severity, sheet, row, column, field), the file's only problem
RULES = {
    "loi-not-a-number.xlsx": ("not_a_number", "error", "Biểu", 4, "B", "households_total"),
    "loi-not-whole-number.xlsx": ("not_whole_number", "error", "Biểu", 4, "B", "households_total"),
    "loi-negative.xlsx": ("negative", "error", "Biểu", 4, "B", "households_total"),
    "loi-percent-out-of-range.xlsx": ("percent_out_of_range", "error", "Biểu", 4, "B", "percent_complete"),
    "loi-enum-invalid.xlsx": ("enum_invalid", "error", "Biểu", 4, "B", "has_investor"),
    "loi-date-invalid.xlsx": ("date_invalid", "error", "Biểu", 4, "B", "deadline"),
    "loi-duplicate-key.xlsx": ("duplicate_key", "error", "Biểu", 5, "A", "village_name"),
    "loi-duplicate-cluster.xlsx": ("duplicate_key", "error", "Biểu", 5, "A", "cluster_name"),
    "loi-key-missing.xlsx": ("key_missing", "error", "Biểu", 5, "A", "village_name"),
    "loi-village-unknown.xlsx": ("village_unknown", "error", "Biểu", 4, "A", "village_name"),
    "loi-village-ambiguous.xlsx": ("village_ambiguous", "error", "Biểu", 4, "A", "village_name"),
    "loi-village-mismatch.xlsx": ("village_mismatch", "error", "Biểu", 4, "B", "village_name"),
    "loi-village-missing.xlsx": ("village_missing", "error", "Báo cáo", None, None, "village_name"),
    "loi-column-duplicate.xlsx": ("column_duplicate", "error", "Biểu", 3, "C", "households_total"),
    "loi-column-ignored.xlsx": ("column_ignored", "warning", "Biểu", 3, "C", None),
    "loi-row-ignored.xlsx": ("row_ignored", "warning", "Báo cáo", 5, "D", None),
    "loi-task-name-missing.xlsx": ("task_name_missing", "error", "Biểu", 4, "A", "task_name"),
    "loi-task-name-differs.xlsx": ("task_name_differs", "warning", "Biểu", 4, "B", "task_name"),
    "loi-period-invalid.xlsx": ("period_invalid", "error", "Biểu", 4, "B", None),
    "loi-period-unknown.xlsx": ("period_unknown", "error", "Biểu", None, None, None),
    "loi-no-data-rows.xlsx": ("no_data_rows", "error", "Biểu", None, None, None),
    "loi-form-unknown.xlsx": ("form_unknown", "error", None, None, None, None),
    "loi-coordinate-invalid.xlsx": ("coordinate_invalid", "error", "Biểu", 4, "C", "latitude"),
}

# Words each message must carry: what the official has to find and fix.
MESSAGE_WORDS = {
    "loi-not-a-number.xlsx": ["Tổng số hộ", '"nhiều"', "không phải là số"],
    "loi-not-whole-number.xlsx": ["số nguyên", "12,5"],
    "loi-negative.xlsx": ["không được âm", "-3"],
    "loi-percent-out-of-range.xlsx": ["0-100", "150"],
    "loi-enum-invalid.xlsx": ['"Chắc có"', "Có, Không"],
    "loi-date-invalid.xlsx": ['"31/02/2027"'],
    "loi-duplicate-key.xlsx": ['"Thôn Tân Phong"', "2026", "dòng 4"],
    "loi-duplicate-cluster.xlsx": ['"cụm cn a"', "dòng 4"],
    "loi-village-unknown.xlsx": ['"Tân Phog"', 'Có phải là: "Tân Phong"?'],
    "loi-village-ambiguous.xlsx": ["Đông Hà (T06)", "Đồng Hà (T07)"],
    "loi-village-mismatch.xlsx": ['"T01"', "Tân Phong", '"Ngọc Trì"'],
    "loi-column-duplicate.xlsx": ['"Tổng số hộ (hộ)"', "cột B"],
    "loi-column-ignored.xlsx": ['"Người báo cáo"', "Biểu 01"],
    "loi-row-ignored.xlsx": ['"Số hộ nghèo"'],
    "loi-task-name-missing.xlsx": ['"XX-09"'],
    "loi-task-name-differs.xlsx": ['"Thay đèn LED"', "PL-04", "Thay thế 100% hệ thống chiếu sáng"],
    "loi-period-invalid.xlsx": ['"Quý 3/2026"'],
    "loi-no-data-rows.xlsx": ['"Biểu"', "Biểu 01"],
    "loi-coordinate-invalid.xlsx": ["Vĩ độ", "106,16", "từ -90 đến 90"],
}


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_rule_is_located(name, registry):
    result = load_file(FIXTURES / name, registry=registry)
    assert [(p.code, p.severity, p.sheet, p.row, p.column, p.field) for p in result.problems] == [RULES[name]]
    (p,) = result.problems
    assert result.ok == (p.severity == "warning")
    for word in MESSAGE_WORDS.get(name, []):
        assert word in p.message
    if p.row is not None:
        assert p.message.startswith(f"Dòng {p.row}, cột {p.column}: ")


def test_every_loader_code_is_exercised():
    """Each code the loaders can raise on a file's content has a fixture or a test."""
    store_codes = {"period_locked", "exceeds", "change_too_large", "value_blank_now", "duplicate_file", "location_incomplete"}
    loader_codes = set(MESSAGES) - store_codes - {"location_outside"}  # tests/test_locations.py
    covered = {rule[0] for rule in RULES.values()} | {
        "file_missing",
        "file_unreadable",
        "file_unsupported",
        "file_empty",
        "file_too_large",
        "file_bomb",
        # tests/test_loaders_wild.py and tests/test_sandbox.py
        "file_crashed",
        "file_timeout",
        "file_encrypted",
        "legacy_encoding",
        "formula_no_value",
        "formula_error",
        "sheet_skipped",
        "percent_scaled",
        "period_conflict",
        "problems_more",
    }
    assert loader_codes == covered


def test_rows_with_errors_add_no_values(registry):
    result = load_file(FIXTURES / "loi-key-missing.xlsx", registry=registry)
    assert list(result.values["row"]) == [4]


def test_percent_out_of_range_is_not_kept(registry):
    result = load_file(FIXTURES / "loi-percent-out-of-range.xlsx", registry=registry)
    assert result.values.empty


# -- period: the file's own wins; a chosen one fills in or conflicts ------------------------


def test_period_from_title(registry):
    result = load_file(FIXTURES / "ky-tieu-de.xlsx", registry=registry)
    assert (result.periods, result.problems) == (["2026"], [])


def test_chosen_period_that_agrees_with_the_title(registry):
    result = load_file(FIXTURES / "ky-tieu-de.xlsx", registry=registry, period="2026")
    assert (result.periods, result.problems) == (["2026"], [])


def test_chosen_period_that_contradicts_the_title(registry):
    result = load_file(FIXTURES / "ky-tieu-de.xlsx", registry=registry, period="2026-H1")
    (p,) = result.problems
    assert (p.code, p.severity, p.sheet, p.row, p.column) == ("period_conflict", "error", "Biểu", 1, "A")
    assert p.message.endswith(
        "Kỳ báo cáo trong tệp (2026) khác với kỳ đã chọn (6 tháng 2026)."
    )  # periods named as pages name them
    assert set(result.values["period"]) == {"2026"}  # the file's own period wins


def test_chosen_period_that_contradicts_a_period_column(registry):
    result = load_file(FIXTURES / "01-lich-su.xlsx", registry=registry, period="2025")
    assert [(p.code, p.row, p.column) for p in result.problems] == [("period_conflict", 5, "A"), ("period_conflict", 6, "A")]


def test_chosen_period_fills_in_when_the_file_has_none(registry):
    result = load_file(FIXTURES / "ky-khong-co.xlsx", registry=registry, period="2025")
    assert (result.periods, result.problems) == (["2025"], [])
    assert set(result.values["period"]) == {"2025"}


def test_no_period_anywhere(registry):
    result = load_file(FIXTURES / "ky-khong-co.xlsx", registry=registry)
    assert [p.code for p in result.problems] == ["period_unknown"] and result.values.empty


def test_a_chosen_period_that_is_no_period_code(registry):
    result = load_file(FIXTURES / "ky-tieu-de.xlsx", registry=registry, period="2026-H2")
    assert [(p.code, p.row) for p in result.problems] == [("period_invalid", None)]


def test_form_00_has_no_period_even_when_one_is_chosen(registry):
    result = load_file(FIXTURES / "00-danh-muc.xlsx", registry=registry, period="2026")
    assert (result.periods, result.problems) == ([], [])
