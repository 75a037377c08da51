"""The small parts of the loaders: numbers as text, village resolution,
fields, rows around tables, and the list of problem codes in the docs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from catalog import load_catalog
from loaders.fields import FieldReader, Issue, Value
from loaders.numbers import parse_text_number
from loaders.problems import MESSAGES
from loaders.registry import Registry, Village
from loaders.rows import is_footer, is_numbering, is_total

DOC = Path(__file__).parents[1] / "docs" / "problem-codes.md"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234", 1234),
        ("1.234,5", 1234.5),
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("0,70", 0.7),
        ("0.70", 0.7),
        ("1.234.567", 1234567),
        ("1 234", 1234),
        ("1\u00a0234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("-3", -3),
        ("\u22122,5", -2.5),
        ("2026", 2026),
        (".5", 0.5),
        ("0.700", 0.7),
    ],
)
def test_vietnamese_text_numbers(text, number):
    assert parse_text_number(text) == (number, False)


@pytest.mark.parametrize("text", ["abc", "", "12.34.5", "12,", "1..2", "1,2,3", "x%", "--1"])
def test_text_that_is_no_number(text):
    assert parse_text_number(text) is None


def test_percent_sign():
    assert parse_text_number("45%") == (45.0, True)
    assert parse_text_number("12,5 %") == (12.5, True)


# -- registry ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Tân Phong", "T01"),
        ("Ngọc Trì Thượng", "T02"),
        ("Đồng Khe", "T04"),
        ("thôn tân phong", "T01"),
        ("THÔN QUÝ DƯƠNG", "T03"),
        ("KDC Lương Xá", "T05"),
        ("Khu dân cư Lương Xá", "T05"),
        ("Tan Phong", "T01"),
        ("Quí Dương", "T03"),
        ("Đông Hà", "T06"),
        ("Đồng Hà", "T07"),
        ("  Tân  Phong ", "T01"),
    ],
)
def test_names_resolve(name, code, registry):
    assert registry.resolve(name, None).code == code


def test_ambiguous_name_names_both(registry):
    resolution = registry.resolve("Dong Ha", None)
    assert (resolution.code, resolution.problem) == (None, "village_ambiguous")
    assert resolution.candidates == ("Đông Hà (T06)", "Đồng Hà (T07)")


def test_unknown_name_suggests_the_closest(registry):
    resolution = registry.resolve("Ngọc Tri Thuong A", None)
    assert resolution.problem == "village_unknown" and resolution.candidates[0] == "Ngọc Trì"
    assert len(registry.resolve("Tân", None).candidates) <= 3
    assert registry.resolve("Xyz", None).candidates == ()


def test_codes_and_names_together(registry):
    assert registry.resolve("Tân Phong", "T01").code == "T01"
    assert registry.resolve(None, "t01").code == "T01"
    assert registry.resolve("Dong Ha", "T07").code == "T07"  # the code settles an ambiguous name
    mismatch = registry.resolve("Ngọc Trì", "T01")
    assert (mismatch.problem, mismatch.code_name) == ("village_mismatch", "Tân Phong")
    assert registry.resolve("Tân Phong", "T99").problem == "village_unknown"
    assert registry.resolve(None, None).problem == "village_missing"


def test_resolution_as_problem(registry):
    problem = registry.resolve("Ngọc Trì", "T01").as_problem(sheet="S", row=4, column="B", field="village_name")
    assert (problem.code, problem.row, problem.column) == ("village_mismatch", 4, "B")
    assert problem.message == 'Dòng 4, cột B: Mã thôn "T01" là thôn Tân Phong, nhưng tên thôn ghi "Ngọc Trì".'
    assert registry.resolve("Tân Phong", None).as_problem() is None


def test_registry_from_values():
    values = pd.DataFrame(
        {
            "form": ["00", "00", "00", "00", "01"],
            "period": ["", "", "", "", "2026"],
            "entity": ["T01", "T01", "T01", "T02", "T01"],
            "village": ["T01", "T01", "T01", "T02", "T01"],
            "field": ["village_name", "group", "aliases", "village_name", "households_total"],
            "num": [None, None, None, None, 5.0],
            "text": ["Tân Phong", "Lương Điền", "Tân Phong A; TP", "Ngọc Trì", None],
            "sheet": ["S"] * 5,
            "row": [2, 2, 2, 3, 2],
            "column": ["B", "C", "D", "B", "C"],
        }
    )
    registry = Registry.from_values(values)
    assert registry.villages == [Village("T01", "Tân Phong", "Lương Điền", ("Tân Phong A", "TP")), Village("T02", "Ngọc Trì")]
    assert registry.resolve("TP", None).code == "T01"


# -- fields -----------------------------------------------------------------------------


@pytest.fixture
def reader() -> FieldReader:
    return FieldReader(load_catalog())


def field(form: str, field_id: str):
    return load_catalog().forms[form].field(field_id)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("31/12/2027", "2027-12-31"),
        ("1/6/2026", "2026-06-01"),
        ("2028", "2028-12-31"),
        (2029, "2029-12-31"),
        ("Năm 2030", "2030-12-31"),
        (dt.date(2026, 6, 30), "2026-06-30"),
        (dt.datetime(2026, 6, 30, 8), "2026-06-30"),
        ("2026-07-01", "2026-07-01"),
    ],
)
def test_deadlines(raw, expected, reader):
    assert reader.read(field("04", "deadline"), raw) == Value(text=expected)


@pytest.mark.parametrize("raw", ["31/02/2027", "sớm", 46022, "Quý IV/2026", True])
def test_bad_deadlines(raw, reader):
    assert reader.read(field("04", "deadline"), raw).code == "date_invalid"


@pytest.mark.parametrize(
    ("raw", "value_id"),
    [
        ("Có", "yes"),
        ("co", "yes"),
        (" CÓ ", "yes"),
        ("x", "yes"),
        (1, "yes"),
        ("Chưa có", "no"),
        ("không", "no"),
    ],
)
def test_yes_no(raw, value_id, reader):
    assert reader.read(field("02", "has_investor"), raw) == Value(text=value_id)


def test_enum_invalid_lists_the_choices(reader):
    issue = reader.read(field("02", "wwtp_status"), "tốt")
    assert isinstance(issue, Issue) and issue.code == "enum_invalid"
    assert issue.params["allowed"][0] == "Chưa đầu tư, Đang xây dựng, Đã vận hành, chưa đạt quy chuẩn, Vận hành đạt quy chuẩn"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("12,5", "not_whole_number"),
        (-1, "negative"),
        ("5%", "not_a_number"),
        (True, "not_a_number"),
        (dt.date(2026, 1, 1), "not_a_number"),
        ("#DIV/0!", "not_a_number"),
    ],
)
def test_integer_issues(raw, code, reader):
    assert reader.read(field("01", "households_total"), raw).code == code


def test_numbers_as_cells_or_text(reader):
    assert reader.read(field("01", "households_total"), 781.0000000001) == Value(num=781.0)
    assert reader.read(field("01", "waste_generated"), "0,84") == Value(num=0.84)
    assert reader.read(field("04", "percent_complete"), "45%") == Value(num=45.0, percent_sign=True)


# -- rows around a table ----------------------------------------------------------------


def test_rows_that_are_not_data():
    assert is_numbering(["(1)", "(2)", "(3)"]) and is_numbering(["", 1, 2, 3, 4]) and is_numbering(["(A)", "(B)"])
    assert not is_numbering([1, "Tân Phong", 781]) and not is_numbering([1, 5, 9])
    assert is_total(["", "Tổng cộng", 12]) and is_total(["TỔNG CỘNG:"]) and is_total(["Toàn xã", 3])
    assert not is_total([1, "Tân Phong", 3])
    for footer in (
        ["", "NGƯỜI LẬP BIỂU"],
        ["TM. ỦY BAN NHÂN DÂN"],
        ["KT. CHỦ TỊCH"],
        ["Trưởng thôn"],
        ["Cẩm Giàng, ngày 20 tháng 12 năm 2025"],
    ):
        assert is_footer(footer)
    assert not is_footer(["Tân Phong", 3])


# -- docs -------------------------------------------------------------------------------


def test_every_problem_code_is_documented_and_vice_versa():
    rows = re.findall(r"^\| `([a-z_]+)` \| (error|warning) \|", DOC.read_text(encoding="utf-8"), re.MULTILINE)
    documented = dict(rows)
    assert set(documented) == set(MESSAGES)
    assert documented == {code: load_catalog().rules.severities[code] for code in MESSAGES}
