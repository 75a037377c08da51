"""Biểu 00-05 typed in TCVN3 and VNI fonts (tests/fixtures/legacy) read exactly
as their Unicode twins, whose cells no legacy font types: every text cell in a
legacy font is converted by its font, a .VnTimeH title comes back in
capitals, and cells whose legacy form reads as Vietnamese ("Cã", "hé", "vô",
"Ghi chó", "Lé") are converted too; a Unicode file is never converted."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import FontFace, Style, TextProperties
from odf.table import Table, TableColumn, TableRow

import cli
from loaders import load_file, read_grids
from loaders.fonts import legacy_fonts
from loaders.legacy import TCVN3_CAPITALS, TCVN3_FONT, VNI_FONT
from loaders.registry import Registry, Village
from tests.fixtures.make_legacy_fixtures import FORMS, typed
from tests.fixtures.make_loader_fixtures import members_of, ods_cell, xlsx_bytes, zip_of
from tests.test_loaders_wild import compared_values

LEGACY = Path(__file__).parent / "fixtures" / "legacy"
TWINS = [f"{form}-{encoding}.{ext}" for form in FORMS for encoding in ("tcvn3", "vni") for ext in ("xlsx", "xls", "ods")]
ENCODINGS = {"tcvn3": "TCVN3 (ABC, phông .VnTime, .VnArial)", "vni": "VNI-Windows (phông VNI-Times)"}


@pytest.fixture
def villages(registry) -> Registry:
    return Registry([*registry.villages, Village("T08", "Lộ", "Cẩm Hưng")])


def located(problems) -> list[tuple]:
    return [(p.code, p.severity, p.sheet, p.row, p.column, p.field, p.message) for p in problems]


def texts(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Every text cell of each sheet, as the Dữ liệu page shows it."""
    sheets = read_grids(path.read_bytes(), path.name)
    return {
        s.name: [(r, c, v) for r, row in enumerate(s.rows) for c, v in enumerate(row) if isinstance(v, str) and v] for s in sheets
    }


@pytest.mark.parametrize("name", [*TWINS, "02-tcvn3-khong-phong.xlsx"])
def test_a_legacy_twin_gives_the_figures_of_its_unicode_twin(name, villages):
    """The same forms, periods, rows, values and problems, plus one
    legacy_encoding warning per sheet naming the encoding and counting
    every cell beyond ASCII; the file without legacy fonts (Calibri) is converted throughout by
    its words, as none of its cells reads better as it stands."""
    form, encoding = name.split(".")[0].split("-")[:2]
    twin = load_file(LEGACY / name, registry=villages)
    unicode = load_file(LEGACY / f"{form}-unicode.xlsx", registry=villages)
    assert (twin.forms, twin.periods, twin.rows) == (unicode.forms, unicode.periods, unicode.rows)
    assert compared_values(twin).equals(compared_values(unicode)) and not unicode.values.empty
    assert located(p for p in twin.problems if p.code != "legacy_encoding") == located(unicode.problems)
    warnings = [p for p in twin.problems if p.code == "legacy_encoding"]
    cells = texts(LEGACY / f"{form}-unicode.xlsx")
    assert [p.sheet for p in warnings] == list(cells)
    for p in warnings:
        assert (p.severity, p.row, p.column) == ("warning", 1, "A")
        count = sum(not text.isascii() for *_, text in cells[p.sheet])
        assert f"bảng mã cũ {ENCODINGS[encoding]}; hệ thống đã chuyển {count} ô sang Unicode" in p.message


@pytest.mark.parametrize("name", TWINS)
def test_every_text_cell_reads_as_in_the_unicode_twin(name):
    """Units, "Ghi chú", "Lộ", "Có" and the title in capitals included: the sheet view shows the twin's cells."""
    assert texts(LEGACY / name) == texts(LEGACY / f"{name[:2]}-unicode.xlsx")


def test_the_cells_a_word_check_cannot_tell_apart(villages):
    """What the issue named, in Biểu 01, 02 and 05 typed in TCVN3: "Có", units, "Ghi chú", "Lộ", an all-caps title."""
    report = texts(LEGACY / "01-tcvn3.xlsx")
    assert report["Biểu 01"][0] == (0, 0, "BÁO CÁO KẾT QUẢ THỰC HIỆN CHUYỂN ĐỔI XANH NĂM 2026")
    assert {v for _, c, v in report["Lương Xá"] if c == 2} == {"Đơn vị tính", "hộ", "vụ"}
    result = load_file(LEGACY / "01-tcvn3.xlsx", registry=villages)
    assert result.periods == ["2026"] and "T08" in set(result.values["entity"])
    assert any(p.code == "column_ignored" and 'Bỏ qua cột "Ghi chú"' in p.message for p in result.problems)
    for form, fields in (("02", ["has_investor"]), ("05", ["has_green_resolution", "green_criteria"])):
        values = load_file(LEGACY / f"{form}-tcvn3.xls", registry=villages).values
        assert set(values.loc[values["field"].isin(fields), "text"]) == {"yes", "no"}


def test_a_unicode_file_is_never_converted(villages):
    for form in FORMS:
        path = LEGACY / f"{form}-unicode.xlsx"
        assert legacy_fonts(path.read_bytes(), "xlsx") == {}
        assert all(p.code != "legacy_encoding" for p in load_file(path, registry=villages).problems)


def test_unicode_typed_over_a_legacy_font_stays():
    """An old template's .VnTime with Unicode typed in: cells holding a character no legacy font types are not touched."""
    book = {"Biểu": [["Tổng số hộ", "Cụm công nghiệp Phúc Điền", "Đồng Khê"]]}
    data = _in_font(xlsx_bytes(book), ".VnTime")
    assert legacy_fonts(data, "xlsx") == {"Biểu": [(0, 0, 0, 2, TCVN3_FONT)]}
    (sheet,) = read_grids(data, "bieu.xlsx")
    assert sheet.rows == book["Biểu"]


def _in_font(data: bytes, font: str) -> bytes:
    """The workbook with its default font (font 0, of every cell without a style) renamed."""
    members = members_of(data)
    members["xl/styles.xml"] = members["xl/styles.xml"].replace(b'<name val="Calibri"/>', f'<name val="{font}"/>'.encode(), 1)
    return zip_of(members)


@pytest.mark.parametrize("ext", ["xlsx", "xls", "ods"])
def test_the_fonts_of_each_format(ext):
    """Title cell in .VnTimeH, "Có" (row 4, column C) in .VnTime; positions absolute, 0-based."""
    spans = legacy_fonts((LEGACY / f"02-tcvn3.{ext}").read_bytes(), ext)["Biểu 02"]

    def font_at(row: int, col: int):
        return next((font for top, left, bottom, right, font in spans if top <= row <= bottom and left <= col <= right), None)

    assert (font_at(0, 0), font_at(3, 2), font_at(1, 0)) == (TCVN3_CAPITALS, TCVN3_FONT, None)
    vni = legacy_fonts((LEGACY / f"02-vni.{ext}").read_bytes(), ext)["Biểu 02"]
    assert {font for *_, font in vni} == {VNI_FONT}


def test_a_default_font_covers_the_cells_without_a_style(villages):
    """An .xlsx whose default font is .VnTime (no cell has a style of its own)."""
    book, _ = typed(FORMS["05"], "tcvn3")
    result = load_file(_in_font(xlsx_bytes(book), ".VnTime"), "05.xlsx", registry=villages)
    unicode = load_file(LEGACY / "05-unicode.xlsx", registry=villages)
    assert compared_values(result).equals(compared_values(unicode))


def test_an_ods_cell_takes_its_font_from_its_column_or_the_parent_style(villages):
    """Cells with no style of their own: a column's default cell style, and a style whose parent names .VnTime."""
    doc = OpenDocumentSpreadsheet()
    doc.fontfacedecls.addElement(FontFace(name="Cu", fontfamily="'.VnTime'"))
    parent = Style(name="Cu", family="table-cell")
    parent.addElement(TextProperties(fontname="Cu"))
    doc.styles.addElement(parent)
    child = Style(name="ce1", family="table-cell", parentstylename=parent)
    doc.automaticstyles.addElement(child)
    table = Table(name="Biểu 05")
    table.addElement(TableColumn(numbercolumnsrepeated=6, defaultcellstylename=child))
    book, _ = typed(FORMS["05"], "tcvn3")
    for row in book["Biểu 05"]:
        line = TableRow()
        for value in row:
            line.addElement(ods_cell(value))
        table.addElement(line)
    doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    result = load_file(buffer.getvalue(), "05.ods", registry=villages)
    assert compared_values(result).equals(compared_values(load_file(LEGACY / "05-unicode.xlsx", registry=villages)))


def test_validate_json_gives_the_unicode_twins_answers(tmp_path, capsys):
    """`cli.py validate --json` over the twins, the registry ingested first: the same answers, rows and problems."""
    db = tmp_path / "cli.sqlite"
    assert cli.main(["--db", str(db), "ingest", str(LEGACY / "00-unicode.xlsx")]) == 0
    capsys.readouterr()
    forms = [form for form in FORMS if form != "00"]
    files = [LEGACY / f"{form}-{encoding}.xlsx" for form in forms for encoding in ("unicode", "tcvn3", "vni")]
    cli.main(["--db", str(db), "validate", "--json", *map(str, files)])
    answers = json.loads(capsys.readouterr().out)

    def answer(report: dict) -> dict:
        return {**report, "file": None, "problems": [p for p in report["problems"] if p["code"] != "legacy_encoding"]}

    for n in range(0, len(answers), 3):
        unicode, tcvn3, vni = map(answer, answers[n : n + 3])
        assert unicode["rows"] and unicode == tcvn3 == vni
