"""The periodic report for the sample data, 2026-H1, made through the
command line and the service, read back with python-docx and openpyxl and
compared with what `cli.py metrics`, `cli.py history` and the store say."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import shutil

import docx
import openpyxl
import pytest

import cli
from catalog import load_catalog
from catalog.periods import today
from charts import period_label
from i18n import fmt_date, fmt_percent
from i18n.strings import t
from reports.content import date_line
from reports.excel import to_xlsx
from reports.model import Column, Figure, Letterhead, Report, Section, Table
from services import dashboard, report
from services.queries import indicator_table
from store import Store

PERIOD = "2026-H1"
HEADLINE = ("CT1", "CT2", "CT3", "CT4")


@pytest.fixture(scope="module")
def db(seeded_file, tmp_path_factory):
    """A copy of the seeded store, shared by the module (nothing writes)."""
    path = tmp_path_factory.mktemp("report") / "report.sqlite"
    shutil.copy(seeded_file, path)
    return path


@pytest.fixture(scope="module")
def made(db, tmp_path_factory):
    """The report written by `cli.py report`, as .docx and .xlsx."""
    folder = tmp_path_factory.mktemp("out")
    files = {fmt: folder / f"bao-cao.{fmt}" for fmt in ("docx", "xlsx")}
    for path in files.values():
        assert cli.main(["--db", str(db), "report", "--period", PERIOD, "--out", str(path)]) == 0
    return {"docx": docx.Document(str(files["docx"])), "xlsx": openpyxl.load_workbook(files["xlsx"])}


def cli_json(capsys, *argv: str) -> list[dict]:
    assert cli.main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def headline(capsys, db) -> dict[str, float]:
    """CT1-CT4 for the commune, as `cli.py metrics --json` gives them."""
    rows = cli_json(capsys, "--db", str(db), "metrics", "--period", PERIOD, "--json")
    return {r["indicator"]: r["value"] for r in rows if r["indicator"] in HEADLINE and r["village"] is None}


def word_text(document) -> str:
    """Every paragraph and table cell of the document, header table included."""
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def sheet_values(sheet) -> list:
    return [v for row in sheet.iter_rows(values_only=True) for v in row if v is not None]


def test_word_holds_the_headline_figures_of_cli_metrics(made, capsys, db):
    figures = headline(capsys, db)
    assert set(figures) == set(HEADLINE)
    text = word_text(made["docx"])
    for indicator, value in figures.items():
        assert f"{indicator}. " in text
        assert fmt_percent(value) in text, (indicator, fmt_percent(value))
    assert "49,2%" in text  # CT4 of the sample story, vi-VN


def test_excel_holds_the_headline_figures_as_numbers(made, capsys, db):
    figures = headline(capsys, db)
    sheet = made["xlsx"]["Tổng hợp"]
    rows = {row[0].value.split(".")[0]: row for row in sheet.iter_rows() if isinstance(row[0].value, str)}
    for indicator, value in figures.items():
        cell = rows[indicator][2]  # the period's value, after the baseline
        assert cell.value == pytest.approx(value) and cell.number_format == '0.0"%"'


def test_administrative_form(made):
    document = made["docx"]
    commune = load_catalog().commune
    issuer, motto = (cell.text for cell in document.tables[0].rows[0].cells)
    assert issuer.startswith("ỦY BAN NHÂN DÂN\nXÃ CẨM GIÀNG") and "Số:" in issuer and "/BC-UBND" in issuer
    assert motto.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert date_line(commune.place_vi, today()) in motto  # the day in Vietnam, whatever the server's zone
    text = word_text(document)
    assert "BÁO CÁO\nKết quả thực hiện Chương trình hành động số 14-CTr/ĐU" in text
    assert "tầm nhìn đến năm 2050\n6 tháng đầu năm 2026" in text
    closing = document.tables[-1].rows[0].cells
    assert closing[0].text.startswith("Nơi nhận:")
    for name in commune.report_recipients_vi:
        assert f"- {name}" in closing[0].text
    assert closing[1].text.startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH") and closing[1].text.endswith("[Họ và tên người ký]")
    assert document.core_properties.language == "vi-VN"
    assert 'w:lang w:val="vi-VN"' in document.styles.element.xml
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == 3.0


def test_every_sector_has_its_section_sheet_and_chart(made, db):
    document, book = made["docx"], made["xlsx"]
    catalog = load_catalog()
    sectors = [s.name_vi for s in catalog.sectors]
    found = headings(document)
    for i, name in enumerate(sectors, start=1):
        assert f"{i}. {name}" in found
        assert name in book.sheetnames
    text = word_text(document)
    for ind in catalog.indicators:
        assert f"{ind.id}. {ind.name_vi}" in text
    # one chart for the targets, one per sector with figures this period, the villages' map
    table = indicator_table(Store(db), PERIOD)
    with_figures = {catalog.indicator(i).sector for i in table["indicator"]}
    charts = 1 + sum(s.id in with_figures for s in catalog.sectors) + 1
    assert len(document.inline_shapes) == charts == 9
    for shape in document.inline_shapes:
        blob = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        assert blob.startswith(b"\x89PNG")
    captions = [p.text for p in document.paragraphs if p.text.startswith("Biểu đồ ")]
    assert [c.split(".")[0] for c in captions] == [f"Biểu đồ {n}" for n in range(1, charts + 1)]


def test_the_workbook_carries_the_same_tables(made):
    document, book = made["docx"], made["xlsx"]
    word = [p.text for p in document.paragraphs if p.text.startswith("Bảng ")]
    excel = [v for sheet in book for v in sheet_values(sheet) if isinstance(v, str) and v.startswith("Bảng ")]
    assert word == excel and len(word) == len(document.tables) - 2  # the letterhead and closing are no tables of data
    for sheet in book:
        assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.fitToWidth == 1  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert "Trang &P/&N" in sheet.oddFooter.center.text
        header = next(r for r in sheet.iter_rows() if r[0].value in ("Chỉ tiêu", "Mã", "TT"))
        assert all(c.font.bold for c in header if c.value)
        assert sheet.row_dimensions[header[0].row].height >= 14.5  # sized for its (wrapped) titles
        assert sheet.column_dimensions["B"].width > 5


def test_completeness_and_sources(made, capsys, db):
    snap = dashboard.snapshot(Store(db))
    reported, total, missing = dashboard.reporting(snap, PERIOD)
    line = t("completeness", reported=reported, total=total, period=period_label(PERIOD))
    text = word_text(made["docx"])
    assert f"{line} {t('missing_villages', names=', '.join(missing))}" in text
    assert "14/15 thôn đã báo cáo kỳ 6 tháng 2026." in text
    history = cli_json(capsys, "--db", str(db), "history", "--json")
    sources = sheet_values(made["xlsx"]["Nguồn số liệu"])
    for submission in history:
        assert submission["filename"] in text and submission["filename"] in sources
    assert fmt_date(snap.newest) in text and "sample_data" in text


def test_villages_furthest_behind_lead_their_section(made, db):
    """The first village named has the lowest mean progress over the
    targeted indicators of the village report it can be judged on; before
    the baseline no village can be."""
    catalog = load_catalog()
    ids = [i.id for i in catalog.indicators if i.form == "01" and i.target is not None]
    table = indicator_table(Store(db), PERIOD)
    judged = table["status"].notna() & (table["status"] != "insufficient_data")
    villages = table[table["village"].notna() & table["indicator"].isin(ids) & judged]
    lowest = villages.groupby("village")["progress"].mean().idxmin()
    names = dashboard.snapshot(Store(db)).village_names()
    sheet = made["xlsx"]["Thôn"]
    first = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "1")
    assert first[1] == names[lowest]
    early = report.content(dashboard.snapshot(Store(db)), "2023", charts=False)
    (behind,) = [s for s in early.sections if s.heading.endswith("CÁC THÔN CÒN CHẬM")]
    assert not behind.tables and behind.blocks[0].text.startswith("Chưa đánh giá được thôn nào năm 2023")


def test_the_villages_map_is_there_only_where_villages_have_locations(made, db, monkeypatch):
    """The sample registry locates 12 of its 15 villages: the report draws
    them on the commune's outline; a registry without locations draws no map."""
    captions = [p.text for p in made["docx"].paragraphs if p.text.startswith("Biểu đồ ")]
    assert captions[-1].endswith("Vị trí các thôn, tô màu theo trạng thái của chỉ tiêu xa mục tiêu nhất, 6 tháng đầu năm 2026")
    snap = dashboard.snapshot(Store(db))
    assert len(snap.places) == 12
    drawn = []
    monkeypatch.setattr("reports.content.village_map", lambda *args, **kwargs: drawn.append(args[2]) or {})
    monkeypatch.setattr("reports.content.to_png", lambda chart: b"")
    report.content(snap, PERIOD)
    assert list(drawn[0]["code"]) == list(snap.places["code"])  # only the located villages, none invented
    unplaced = dataclasses.replace(snap, values=snap.values[~snap.values["field"].isin(["latitude", "longitude"])])
    report.content(unplaced, PERIOD)
    assert len(drawn) == 1


def test_late_tasks_and_issues(made):
    text = word_text(made["docx"])
    assert "Nhiệm vụ quá hạn chưa hoàn thành: XA-01 (thời hạn 30/04/2026)." in text
    assert "Thiếu máy cuộn rơm; chi phí xây hầm biogas cao" in text  # PL-02's difficulty


def test_the_service_dates_the_report_and_builds_once(db):
    snap = dashboard.snapshot(Store(db))
    issued = dt.date(2026, 6, 20)
    document = docx.Document(io.BytesIO(report.render(snap, PERIOD, "docx", issued)))
    assert "Cẩm Giàng, ngày 20 tháng 6 năm 2026" in word_text(document)
    content = report.content(snap, PERIOD, issued, charts=False)
    assert not content.charts and [s.heading for s in content.sections][0].startswith("I. ")
    book = openpyxl.load_workbook(io.BytesIO(report.render(snap, PERIOD, "xlsx", issued)))
    assert book.sheetnames == [s.sheet for s in content.sections if s.sheet]


def test_date_line_writes_leading_zeros_as_the_decree_asks():
    assert date_line("Cẩm Giàng", dt.date(2026, 2, 5)) == "Cẩm Giàng, ngày 05 tháng 02 năm 2026"
    assert date_line("Cẩm Giàng", dt.date(2026, 12, 14)) == "Cẩm Giàng, ngày 14 tháng 12 năm 2026"


def test_a_period_without_data_and_a_wrong_file_type(capsys, db, tmp_path):
    out = tmp_path / "r.docx"
    assert cli.main(["--db", str(db), "report", "--period", "2027", "--out", str(out)]) == 1
    assert "Chưa có số liệu kỳ 2027" in capsys.readouterr().err and not out.exists()
    with pytest.raises(SystemExit) as usage:
        cli.main(["--db", str(db), "report", "--period", PERIOD, "--out", str(tmp_path / "r.pdf")])
    assert usage.value.code == 2


def test_excel_text_is_never_a_formula_and_figures_keep_units():
    table = Table("Bảng 1. Thử", (Column("Tệp", 4), Column("Số", 2)), (("=HYPERLINK(1)", Figure(1234.0, unit="hộ")),))
    head = Letterhead(("ỦY BAN NHÂN DÂN",), "Số:", "", "BÁO CÁO", ("Thử",), (), (), "")
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(Report(head, (), (Section("I. Thử", 1, (table,), "Thử"),)))))
    text, number = book["Thử"]["A5"], book["Thử"]["B5"]
    assert (text.value, text.data_type) == ("=HYPERLINK(1)", "s")
    assert (number.value, number.number_format) == (1234, '#,##0" hộ"')


def test_an_earlier_period_uses_only_the_files_up_to_it(db):
    content = report.content(dashboard.snapshot(Store(db)), "2025", charts=False)
    (sources,) = [s for s in content.sections if s.heading.endswith("NGUỒN SỐ LIỆU")]
    (table,) = sources.tables
    files = {row[1]: row for row in table.rows}
    assert "bieu-00-danh-muc-thon.xlsx" in files and files["bieu-00-danh-muc-thon.xlsx"][3] == "—"  # the registry: no period
    assert files["bieu-02-cum-cong-nghiep-2024-2026.xlsx"][3] == "2024, 2025"
    assert not [name for name in files if "6thang-2026" in name]


def test_the_signer_comes_from_the_communes_catalog():
    """A commune that names its signer gets its title and the name under the signature."""
    import types

    from reports.content import letterhead

    catalog = load_catalog()
    commune = catalog.commune.model_copy(update={"signer_title_vi": "Phó Chủ tịch", "signer_name": "Nguyễn Văn An"})
    head = letterhead(
        catalog.model_copy(update={"commune": commune}), types.SimpleNamespace(period="2026-H1", issued=dt.date(2026, 7, 1))
    )
    assert (head.signer, head.signer_name) == (("TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH"), "Nguyễn Văn An")
