"""Hostile and odd text from files comes back out as text, never as a
formula or as HTML: a registry, a Biểu 01 and a Biểu 04 whose names and
notes start with = + - @, hold commas and double quotes, run to 300
characters or carry <script>, go through every template and every export.
No formula cell anywhere; every template sent back untouched is accepted
as unchanged; the drop-downs list the exact names."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from catalog import load_catalog
from services import explore
from services.dashboard import snapshot
from services.export import to_csv, to_xlsx
from services.ingest import ingest_file
from services.queries import task_table
from services.report import write as write_report
from services.templates import LISTS, template_for
from store import Store
from tests.page_helpers import runner

PERIOD = "2026-H1"
LONG = "Thôn " + "Dài Lắm " * 37  # 300 characters
HOSTILE = [
    ("H1", '=HYPERLINK("http://example.invalid","x")', "+SUM(1,1)"),
    ("H2", "+SUM(1,1) Thôn", "=1+1"),
    ("H3", "-Xóm Giữa", "@SUM(A1)"),
    ("H4", "@Thôn Bắc", ""),
    ("H5", 'Thôn "Đông", Tây', ""),
    ("H6", LONG[:300], ""),
    ("H7", "<script>alert(1)</script>", "<b>đậm</b>"),
]
NOTES = {"result": "=1+2 đã xong", "issues": "@SUM(A1) <script>x</script>", "reporting_unit": '-Đoàn "Thanh niên", xã'}
OWN_TASK, OWN_UNIT = "<b>Việc</b> của xã <script>y</script>", "<i>Ban</i> <script>z</script>"  # a task the commune adds
FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def csv_bytes(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    """A registry of hostile names, a Biểu 01 for them, a Biểu 04 with hostile notes."""
    folder = tmp_path_factory.mktemp("hostile")
    made = Store(folder / "s.sqlite")
    files = {
        "00.csv": [["Mã thôn", "Tên thôn", "Tên gọi khác"], *[list(v) for v in HOSTILE]],
        "01.csv": [
            ["BÁO CÁO 6 THÁNG ĐẦU NĂM 2026"],
            ["Tên thôn", "Tổng số hộ", "Số hộ ký cam kết phân loại rác tại nguồn"],
            *[[name, 100 + i, 50 + i] for i, (_, name, _) in enumerate(HOSTILE)],
        ],
        "04.csv": [
            ["BÁO CÁO 6 THÁNG ĐẦU NĂM 2026"],
            [
                "Mã nhiệm vụ",
                "Tên nhiệm vụ",
                "Trạng thái",
                "Kết quả đạt được",
                "Khó khăn, kiến nghị",
                "Đơn vị báo cáo",
                "Thời hạn",
            ],
            ["PL-01", "", "Đang triển khai", NOTES["result"], NOTES["issues"], NOTES["reporting_unit"], ""],
            ["XA-09", OWN_TASK, "Đang triển khai", "", "", OWN_UNIT, "31/12/2026"],
        ],
    }
    for name, rows in files.items():
        (folder / name).write_bytes(csv_bytes(rows))
        report = ingest_file(made, folder / name, user="t")
        assert report.ok, [p.message for p in report.problems]
    return made


def no_formula(content: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                assert not FORMULA.search(zf.read(name)), name
    book = load_workbook(io.BytesIO(content))
    assert not [c.coordinate for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_the_hostile_names_were_stored_as_written(store):
    rows = store.current_values().query("form == '00' and field == 'village_name'")
    assert dict(zip(rows["entity"], rows["text"])) == {code: name for code, name, _ in HOSTILE}


@pytest.mark.parametrize(("form", "village"), [("00", None), ("01", None), ("01", "H1"), ("03", None), ("04", None)])
def test_templates_hold_no_formula_and_come_back_unchanged(store, form, village, tmp_path):
    content = template_for(store, form, PERIOD if load_catalog().forms[form].has_period else None, village)
    no_formula(content)
    path = tmp_path / f"bieu-{form}.xlsx"
    path.write_bytes(content)
    if form == "03":
        return  # no work stored: an empty register has no row to send back
    report = ingest_file(store, path, user="t")
    assert report.ok, [p.message for p in report.problems]
    assert (report.summary["inserted"], report.summary["updated"]) == (0, 0) and report.summary["unchanged"] > 0


def test_the_village_drop_down_lists_the_exact_names(store):
    book = load_workbook(io.BytesIO(template_for(store, "03", PERIOD)))
    listed = [row[0] for row in book[LISTS].iter_rows(values_only=True) if row[0] is not None]
    assert [name for _, name, _ in HOSTILE] == [n for n in listed if n in {name for _, name, _ in HOSTILE}]


def test_template_cells_show_the_text_itself(store):
    sheet = load_workbook(io.BytesIO(template_for(store, "00", None))).worksheets[0]
    cells = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert {name for _, name, _ in HOSTILE} <= cells and "+SUM(1,1)" in cells  # no apostrophe, no "=1+1"


def test_exports_and_the_report_hold_no_formula(store, tmp_path):
    snap = snapshot(store)
    labelled = explore.labelled(snap.values, load_catalog(), snap.village_names(), "vi")
    no_formula(to_xlsx({"Số liệu": labelled, "Nhiệm vụ": task_table(store, PERIOD)}))
    assert "'=HYPERLINK" in to_csv(labelled).decode("utf-8-sig")  # CSV keeps the neutralising apostrophe
    xlsx = write_report(store, PERIOD, tmp_path / "bao-cao.xlsx")
    no_formula(xlsx.read_bytes())
    docx = write_report(store, PERIOD, tmp_path / "bao-cao.docx")
    with zipfile.ZipFile(docx) as zf:
        body = zf.read("word/document.xml")
    assert b"<script>" not in body and b"&lt;script&gt;" in body


@pytest.mark.parametrize(
    ("page", "params", "named"),
    [
        ("views/villages.py", {}, False),
        ("views/villages.py", {"villages": "H7"}, True),  # the village's profile names it
        ("views/explore.py", {}, False),
        ("views/tasks.py", {}, False),
        ("views/tasks.py", {"unit": OWN_UNIT}, True),  # the unit's own view names it
        ("views/report.py", {}, False),
        ("views/indicators.py", {}, False),
    ],
)
def test_pages_show_hostile_text_as_text(store, page, params, named, monkeypatch):
    """No page draws a name from a file as markup; where a page names it in
    text, it is there, escaped."""
    at = runner(Path(store.url.removeprefix("sqlite:///")), monkeypatch)(page, period=PERIOD, **params)
    assert not at.exception
    shown = " ".join(str(m.value) for m in [*at.markdown, *at.caption, *at.info, *at.header, *at.title])
    assert "<script>" not in shown.replace("\\<script\\>", "")
    assert ("\\<script\\>" in shown) == named
