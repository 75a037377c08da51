"""Files as they really come (tests/fixtures/wild, one file per defect that
real spreadsheets revealed): read like the same report saved plainly, or
refused for what they really are, each problem located."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from loaders import load_file
from loaders.registry import Registry
from services.ingest import ingest_file
from services.queries import indicator_table
from store import Store
from tests import filemaker

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
WILD = FIXTURES / "wild"
TWIN = WILD / "01-unicode.xlsx"  # the report saved plainly
COMPARED = ["form", "period", "entity", "village", "field", "num", "text", "row", "column"]


@pytest.mark.parametrize(("generator", "folder"), [("make_wild_fixtures.py", "wild"), ("make_legacy_fixtures.py", "legacy")])
def test_fixtures_are_what_the_generator_makes(generator, folder, tmp_path):
    """The committed files are reproducible: the script's output, in a fresh
    process, is deterministic."""
    subprocess.run([sys.executable, str(FIXTURES / generator), str(tmp_path)], check=True, cwd=ROOT, timeout=300)
    made = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    assert made == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (FIXTURES / folder).iterdir()}


def compared_values(result) -> pd.DataFrame:
    return result.values[COMPARED].sort_values(["entity", "field"]).reset_index(drop=True)


@pytest.mark.parametrize(
    "name",
    [
        "goi-gach-nguoc.xlsx",  # zip paths with backslashes (xl\workbook.xml)
        "goi-vi-tri-khac.xlsx",  # the workbook part at baocao/workbook.xml, found through _rels/.rels
        "goi-toi-gian.xlsx",  # the smallest package: workbook.xml and sheet1.xml at the root
        "goi-chu-hoa.xlsx",  # part names stored in capitals, named in lower case by the relationships
        "01-kem-trang-macro.xlsm",  # a chart sheet and an Excel 4 macro sheet beside the report
        "01-nhi-phan.xlsb",  # Excel binary workbook
        "01-unicode-text.txt",  # Excel's "Unicode Text": UTF-16 LE with a BOM, tabs
        "01-utf16-be.csv",  # UTF-16 BE with a BOM, commas
        "dinh-dang-den-dong-cuoi.xlsx",  # empty formatted cells down to XFD1048576: no bomb
        "kich-thuoc-hua-hen.xls",  # a DIMENSIONS record promising 825 billion cells: no bomb
    ],
)
def test_read_like_the_plain_report(name, registry):
    result = load_file(WILD / name, registry=registry)
    assert (result.problems, result.forms, result.periods, result.rows) == ([], ["01"], ["2026-H1"], 3)
    pd.testing.assert_frame_equal(compared_values(result), compared_values(load_file(TWIN, registry=registry)))


def test_a_chart_sheet_and_a_sheet_without_cells_are_empty_not_broken(registry):
    """calamine refuses the workbook for its macro sheet; a reader reads it, and finds nothing."""
    (p,) = load_file(WILD / "bieu-do-va-trang-trong.xlsm", registry=registry).problems
    assert (p.code, p.severity, p.sheet) == ("file_empty", "error", None)
    assert p.message == f"Tệp {WILD / 'bieu-do-va-trang-trong.xlsm'} không có dữ liệu."


@pytest.mark.parametrize(
    ("name", "encoding", "sheet", "row", "count"),
    [
        ("01-tcvn3.xlsx", "TCVN3 (ABC, phông .VnTime", "Biểu 01", 1, 9),  # title, 5 headers, 3 names
        ("01-vni.xlsx", "VNI-Windows (phông VNI-Times)", "Biểu 01", 1, 9),
        ("01-tcvn3.csv", "TCVN3 (ABC, phông .VnTime", None, 1, 9),
        ("01-vni.csv", "VNI-Windows (phông VNI-Times)", None, 1, 9),
        (
            "01-tcvn3-dong-du-lieu.xlsx",
            "TCVN3 (ABC, phông .VnTime",
            "Biểu 01",
            4,
            3,
        ),  # a template's Unicode headers, rows typed in TCVN3
    ],
)
def test_legacy_font_encodings_read_as_their_unicode_twin(name, encoding, sheet, row, count, registry):
    result = load_file(WILD / name, registry=registry)
    (p,) = result.problems
    assert (p.code, p.severity, p.sheet, p.row, p.column) == ("legacy_encoding", "warning", sheet, row, "A")
    assert f"bảng mã cũ {encoding}" in p.message and f"đã chuyển {count} ô sang Unicode" in p.message
    pd.testing.assert_frame_equal(compared_values(result), compared_values(load_file(TWIN, registry=registry)))


def test_legacy_twins_give_identical_metrics(tmp_path):
    """Each twin ingested into its own store gives exactly the Unicode file's indicators."""
    villages = [("T01", "Tân Phong", None), ("T03", "Quý Dương", None), ("T04", "Đồng Khê", None)]
    tables = {}
    for name in ("01-unicode.xlsx", "01-tcvn3.xlsx", "01-vni.xlsx", "01-tcvn3.csv", "01-vni.csv", "01-tcvn3-dong-du-lieu.xlsx"):
        store = Store(tmp_path / f"{name}.sqlite")
        assert ingest_file(store, filemaker.registry_file(tmp_path / "00.xlsx", villages), user="t").ok
        assert ingest_file(store, WILD / name, user="t").ok
        tables[name] = indicator_table(store).reset_index(drop=True)
    reference = tables.pop("01-unicode.xlsx")
    assert set(reference["indicator"]) >= {"LS1", "NL1"}
    for table in tables.values():
        pd.testing.assert_frame_equal(table, reference)


@pytest.mark.parametrize("name", ["mat-khau.xlsx", "mat-khau-rc4.xls", "mat-khau-xor.xls", "mat-khau.ods"])
def test_a_password_is_named_with_how_to_remove_it(name, registry):
    (p,) = load_file(WILD / name, registry=registry).problems
    assert (p.code, p.severity, p.sheet, p.row, p.column) == ("file_encrypted", "error", None, None, None)
    assert f"Tệp {WILD / name} được đặt mật khẩu" in p.message and "xóa mật khẩu" in p.message


@pytest.mark.parametrize(("name", "sheet", "shown"), [("so-vo-cuc.xlsx", "Biểu 01", "∞"), ("so-nan.ods", "Bieu01", "NaN")])
def test_an_overflowing_number_is_one_located_error(name, sheet, shown, registry):
    result = load_file(WILD / name, registry=registry)
    (p,) = result.problems
    assert (p.code, p.sheet, p.row, p.column, p.field) == ("not_a_number", sheet, 5, "B", "households_total")
    assert f'"{shown}" không phải là số' in p.message
    assert "T03" not in set(result.values.loc[result.values["field"] == "households_total", "entity"])


def test_formulas_without_computed_values_and_formula_errors(registry):
    result = load_file(WILD / "cong-thuc.xlsx", registry=registry)
    uncomputed, error = result.problems
    assert (uncomputed.code, uncomputed.severity, uncomputed.row, uncomputed.column) == ("formula_no_value", "warning", 4, "C")
    assert uncomputed.message.startswith("Dòng 4, cột C: Cột này có 2 ô có công thức nhưng chưa có giá trị tính sẵn")
    assert (error.code, error.severity, error.row, error.column, error.field) == (
        "formula_error",
        "error",
        6,
        "E",
        "public_lights_led",
    )
    assert "#DIV/0!" in error.message
    committed = result.values[result.values["field"] == "households_committed"]
    assert list(committed["entity"]) == ["T04"]  # the two uncomputed cells count as blank


class CountingRegistry(Registry):
    def __init__(self, villages):
        super().__init__(villages)
        self.calls = 0

    def resolve(self, name, code):
        self.calls += 1
        return super().resolve(name, code)


def test_a_32767_character_village_line_is_resolved_in_a_few_tries(registry):
    """The line is cut at the longest name the registry could hold: the
    resolver is tried a handful of times, not once per word (32,767
    characters took 35 s when every start of the line was tried)."""
    counting = CountingRegistry(registry.villages)
    result = load_file(WILD / "thon-dong-dai.xlsx", registry=counting)
    assert (result.problems, list(result.values["entity"]), list(result.values["num"])) == ([], ["T05"], [412.0])
    assert counting.calls <= registry.most_words + 4


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_a_byte_order_mark(codec, registry):
    text = (WILD / "01-unicode-text.txt").read_bytes().decode("utf-16")
    result = load_file(text.encode(codec), "bao-cao.txt", registry=registry)
    assert (result.problems, result.rows) == ([], 3)
    pd.testing.assert_frame_equal(compared_values(result), compared_values(load_file(TWIN, registry=registry)))


@pytest.mark.parametrize(
    ("scan", "text"),
    [
        ("cells", b'<c r="A1" t="e" ' * 20_000 + b"<f"),  # an error cell's tag never closed: 96 s before
        ("cells", b'<c r="A1"' * 20_000 + b"<f>1</f>"),
        ("relationships", b'<Relationship Type="x/officeDocument" ' * 20_000),
        ("sheets", b'<sheet name="a" ' * 20_000),
        ("ods", b"<table:table-cell " * 20_000 + b">"),
        ("styles", b'<fonts><font><name val=".VnTime" ' * 20_000),
        ("ods styles", b'<style:style style:name="a" ' * 20_000 + b">"),
    ],
)
def test_unclosed_tags_in_a_part_are_scanned_at_once(scan, text):
    """The regular expressions over a package's XML stay linear however a
    hostile part leaves its tags open (a worker must not spend its time
    limit on a 20 KB part); each finds nothing here, as there is nothing."""
    import time

    from loaders import fonts, formulas, packages, safety

    run = {
        "cells": lambda: formulas._scan(text),
        "relationships": lambda: packages.RELATIONSHIP.findall(text),
        "sheets": lambda: packages._SHEET.findall(text),
        "ods": lambda: safety._ODS_TAG.findall(text),
        "styles": lambda: fonts._xlsx_styles(text),
        "ods styles": lambda: fonts._ODS_TAG.findall(text),
    }[scan]
    started = time.perf_counter()
    found = run()
    assert time.perf_counter() - started < 1 and len(found) <= 1


def test_a_flood_of_one_problem_is_listed_up_to_a_limit_and_counted(tmp_path):
    """1,300 copies of one village row: 200 duplicate_key problems listed,
    the other 1,099 counted in one line (the worker's reply stays small)."""
    from loaders.collect import MAX_PER_CODE

    header = "Tên thôn,Tổng số hộ,Số hộ ký cam kết phân loại rác tại nguồn"
    path = tmp_path / "lap.csv"
    path.write_text("\n".join(["BÁO CÁO NĂM 2025", header, *["Thôn Tân Phong,100,50"] * 1300]), encoding="utf-8-sig")
    result = load_file(path, registry=Registry.from_triples([("V01", "village_name", "Thôn Tân Phong")]))
    codes = [p.code for p in result.problems]
    assert codes.count("duplicate_key") == MAX_PER_CODE == 200 and codes.count("problems_more") == 1
    (more,) = [p for p in result.problems if p.code == "problems_more"]
    assert more.severity == "warning" and more.message.startswith("Còn 1.099 lỗi khác cùng loại (duplicate_key)")


@pytest.mark.parametrize("stored", ["xl/foo.xml", "XL/FOO.XML"])
def test_a_far_cell_in_a_sheet_stored_under_another_name_is_a_bomb(stored, tmp_path):
    """The workbook names its sheet xl/foo.xml: the zip check measures the
    parts the relationships name, not only those named like sheets, found
    as calamine finds them (ignoring case)."""
    import io
    import zipfile

    from loaders import load_isolated

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    members = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/foo.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {ns} xmlns:r="{rel}"><sheets><sheet name="Biểu 01" sheetId="1" r:id="s1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="s1" Type="{rel}/worksheet" Target="foo.xml"/></Relationships>',
        stored: f'<worksheet {ns}><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>',
    }
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    path = tmp_path / "xa.xlsx"
    path.write_bytes(data.getvalue())
    result = load_isolated(path, registry=Registry([]))  # in a worker: unchecked, it would exhaust memory
    assert [p.code for p in result.problems] == ["file_bomb"]
