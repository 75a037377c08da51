"""Formats and damaged files: read by content, refused with one whole-file
problem, never an exception (PRODUCT.md: no traceback ever reaches a user)."""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from loaders import load_file, read
from loaders.registry import Registry
from tests import xlsmaker

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "loaders"
GENERATOR = Path(__file__).parent / "fixtures" / "make_loader_fixtures.py"

# file -> (code, the format named in the message or None)
REFUSED = {
    "rong.csv": ("file_empty", None),
    "rong.xlsx": ("file_empty", None),
    "cat-cut.xlsx": ("file_unreadable", "Excel (.xlsx)"),
    "ngau-nhien.xlsx": ("file_unreadable", "Excel (.xlsx)"),
    "anh.csv": ("file_unreadable", "CSV"),
    "van-ban.docx": ("file_unsupported", None),
    "bom-zip.xlsx": ("file_bomb", None),
    "o-xa.xlsx": ("file_bomb", None),
    "ods-lap-dong.ods": ("file_bomb", None),
    "thuc-the-xml.xlsx": ("file_unreadable", "Excel (.xlsx)"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_damaged_file_is_refused_whole(name, registry):
    result = load_file(FIXTURES / name, registry=registry)
    code, fmt = REFUSED[name]
    (p,) = result.problems
    assert (p.code, p.severity, p.sheet, p.row, p.column, p.field) == (code, "error", None, None, None, None)
    assert name in p.message and (fmt is None or fmt in p.message)
    assert (result.forms, result.periods, result.rows, result.values.empty) == ([], [], 0, True)


@pytest.mark.parametrize("name", ["xlsx-doi-ten.csv", "csv-doi-ten.xlsx"])
def test_renamed_file_is_read_by_its_content(name, registry):
    result = load_file(FIXTURES / name, registry=registry)
    assert (result.forms, result.periods, result.problems) == (["01"], ["2026"], [])
    assert list(result.values["num"]) == [239]


def test_upload_bytes_with_a_name(registry):
    data = (FIXTURES / "01-windows-1258.csv").read_bytes()
    result = load_file(data, "quy-duong.csv", registry=registry)
    assert result.name == "quy-duong.csv" and result.ok and len(result.values) == 10


def test_missing_file(tmp_path, registry):
    result = load_file(tmp_path / "khong-co.xlsx", registry=registry)
    (p,) = result.problems
    assert (p.code, p.row, p.column, p.sheet) == ("file_missing", None, None, None)
    assert "khong-co.xlsx" in p.message


@pytest.mark.parametrize("as_bytes", [False, True])
def test_file_too_large(as_bytes, registry):
    path = FIXTURES / "01-hai-dong-tieu-de.xlsx"
    result = load_file(path.read_bytes() if as_bytes else path, "lon.xlsx", registry=registry, max_bytes=1000)
    (p,) = result.problems
    assert p.code == "file_too_large" and "MB" in p.message


def test_libreoffice_padding_rows_are_not_a_bomb(registry):
    """LibreOffice writes a million empty rows as one repeated row: harmless."""
    assert load_file(FIXTURES / "01-ods.ods", registry=registry).ok


def test_never_raises_on_cut_or_scrambled_files(registry):
    """Whatever the bytes, a LoadResult with problems comes back."""
    rng = random.Random(2026)
    sources = [(FIXTURES / n).read_bytes() for n in ("01-hai-dong-tieu-de.xlsx", "01-ods.ods", "01-chu-hoa-ky-bao-cao.xls")]
    for data in sources:
        for _ in range(15):
            cut = data[: rng.randrange(len(data))]
            flipped = bytearray(data)
            for _ in range(20):
                flipped[rng.randrange(len(flipped))] = rng.randrange(256)
            for damaged, name in ((cut, "cut.xlsx"), (bytes(flipped), "flip.xls"), (rng.randbytes(300), "r.ods")):
                result = load_file(damaged, name, registry=registry)
                assert result.problems or result.ok


@pytest.mark.parametrize("source", [None, 42, "", b"\0" * 10, "\0bad"])
def test_never_raises_on_nonsense_arguments(source, registry):
    result = load_file(source, registry=registry)
    assert [p.severity for p in result.problems] == ["error"]


def test_empty_registry_makes_every_village_unknown():
    result = load_file(FIXTURES / "ky-tieu-de.xlsx", registry=Registry([]))
    assert [p.code for p in result.problems] == ["village_unknown"]


def test_fixtures_are_what_the_generator_makes(tmp_path):
    """The committed files are reproducible: the script's output, in a fresh
    process, is deterministic."""
    subprocess.run([sys.executable, str(GENERATOR), str(tmp_path)], check=True, cwd=ROOT, timeout=300)
    made = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    assert made == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in FIXTURES.iterdir()}


def _with_sheets(*sheet_xml: bytes) -> bytes:
    """A valid workbook whose worksheets are replaced by these XML bodies."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO((FIXTURES / "ky-tieu-de.xlsx").read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info))
        for n, body in enumerate(sheet_xml, start=1):
            xml = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            target.writestr(f"xl/worksheets/sheet{n}.xml", xml + body + b"</sheetData></worksheet>")
    return out.getvalue()


CORNERS = b'<row r="1"><c r="A1"><v>1</v></c></row><row r="9999"><c r="ZZ9999"><v>1</v></c></row>'


@pytest.mark.parametrize(
    ("sheets", "bomb"),
    [
        ([CORNERS], False),  # one sheet up to ZZ9999 is allowed
        ([CORNERS] * 3, True),  # three of them are too many cells in all
        ([b'<row r="1">' + b"<c><v>1</v></c>" * 20000 + b'</row><row r="500"><c r="A500"><v>1</v></c></row>'], True),
        ([b'<row r="1">' + b"<x:c><v>1</v></x:c>" * 20000 + b'</row><row r="500"><c r="A500"><v>1</v></c></row>'], True),
        ([b'<row r="1"><c r="A1"><v>1</v></c><c s="0" r="XFD1048576"><v>1</v></c></row>'], True),
        ([b'<row r="1"><c r="A1"><v>1</v></c><c s="0" r="A1048576"><v>1</v></c></row>'], False),  # one column
    ],
)
def test_cells_placed_far_apart_are_refused_before_calamine(sheets, bomb, registry):
    result = load_file(_with_sheets(*sheets), "o-xa.xlsx", registry=registry)
    assert (result.problems[0].code == "file_bomb") == bomb


# Loads each file under a cap on address space set after the imports (and a
# harmless .xls read) settle, so that a guard which lets an .xls bomb through
# makes calamine fail its allocation and the test fail, not the machine swap.
LIMITED_LOAD = """
import json, resource, sys
from loaders import load_file
from loaders.registry import Registry

load_file(sys.argv[1], registry=Registry([]))
size = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmSize:"))
resource.setrlimit(resource.RLIMIT_AS, (size + (600 << 20), size + (600 << 20)))
for path in sys.argv[2:]:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = load_file(path, registry=Registry([]))
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    problems = [[p.code, p.severity, p.sheet, p.row, p.column, p.field] for p in result.problems]
    print(json.dumps({"problems": problems, "grown_kb": grown}), flush=True)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="needs RLIMIT_AS and /proc")
def test_xls_bombs_are_refused_without_memory(tmp_path):
    """Far cells (the fixture: 5 KB, over a gigabyte in calamine) and a
    directory chain looping: one whole-file problem each, and the process
    hardly grows."""
    crafted = {"loop.xls": xlsmaker.loop_directory(xlsmaker.xls([(0, 0, 1)]))}
    for name, data in crafted.items():
        (tmp_path / name).write_bytes(data)
    paths = [FIXTURES / "o-xa.xls", *(tmp_path / name for name in crafted)]
    warm = FIXTURES / "01-chu-hoa-ky-bao-cao.xls"
    run = subprocess.run(
        [sys.executable, "-c", LIMITED_LOAD, str(warm), *map(str, paths)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["problems"] for line in lines] == [[["file_bomb", "error", None, None, None, None]]] * len(paths)
    assert all(line["grown_kb"] < 64 * 1024 for line in lines)


REAL_XLS = sorted([*(ROOT / "sample_data").glob("*.xls"), *FIXTURES.glob("*.xls")])


@pytest.mark.parametrize("path", [p for p in REAL_XLS if p.name != "o-xa.xls"], ids=lambda p: p.name)
def test_real_xls_loads_as_without_the_bomb_check(path, registry, monkeypatch):
    checked = load_file(path, registry=registry)
    monkeypatch.setattr(read, "check_xls", lambda data: None)
    unchecked = load_file(path, registry=registry)
    assert checked.forms and not {"file_bomb", "file_unreadable"} & {p.code for p in checked.problems}
    assert (checked.forms, checked.periods, checked.problems, checked.rows, checked.blanks) == (
        unchecked.forms,
        unchecked.periods,
        unchecked.problems,
        unchecked.rows,
        unchecked.blanks,
    )
    pd.testing.assert_frame_equal(checked.values, unchecked.values)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters(delimiter, registry):
    text = f'Tên thôn{delimiter}Năm{delimiter}"Tổng số doanh nghiệp, hộ kinh doanh sản xuất"\nTân Phong{delimiter}2026{delimiter}"1.234"\n'
    result = load_file(text.encode(), "x.csv", registry=registry)
    assert (result.problems, list(result.values["num"])) == ([], [1234])
