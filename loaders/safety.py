"""Refusing zipped spreadsheets built to exhaust memory before calamine opens them.

An .xlsx or .ods is a zip of XML. A few kilobytes can unzip to gigabytes
(a zip bomb), or put one cell at A1 and one at XFD1048576: calamine then
allocates the whole rectangle between them. So the sheets (and, when the
zip is big enough to hide a bomb, every member) are unzipped once as a
stream, with a cap on the bytes really unzipped, and the positions of the
cells that hold a value checked: an empty formatted cell (officials format
whole columns down to row 1,048,576) is no cell calamine lays out, and
declared sizes are never trusted. (XML entities need no check: calamine
does not expand them and refuses the file.) Whatever slips past these
checks still meets the sandbox's memory ceiling (loaders/sandbox.py).
.xls files are checked in loaders/xls_safety.py.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from typing import IO

from loaders.cells import col_number
from loaders.packages import is_sheet_part, package_parts, sheet_parts, workbook_part

MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 10 * 1024 * 1024  # below this much XML a high ratio is harmless
MAX_MEMBERS = 10_000
DEFLATE_MAX_RATIO = 1032
NEAR_AREA = 702 * 9999  # the most a sheet spans when no reference is far (A1:ZZ9999)
MAX_CELLS = 8_000_000  # rows x columns of a sheet's used rectangle
MAX_TOTAL_CELLS = 16_000_000  # the same, summed over the sheets
CHUNK = 256 * 1024

# Cell references reduced to their shape (letters A, digits 0; whitespace, '/'
# and '>' as a space), so that literal searches run at C speed. Far: three
# letters (a column from AAA) or five digits (a row from 10000). Odd: a cell
# tag (any namespace prefix) whose first attribute is not r=, which calamine
# places after the previous cell instead.
_REF_SHAPES = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\t\r\n/>", b"A" * 26 + b"0" * 10 + b" " * 5)
_FAR_REF = re.compile(rb' r="(?:AAA|A{0,2}00000)')
_ODD_CELLS = (re.compile(rb'<c (?!r=")'), re.compile(rb':c (?!r=")'))
_XLSX_TAG = re.compile(rb"<(?:\w+:)?(row|c)[\s/>]([^>]*)")
_XLSX_REF = re.compile(rb"""\sr=["']([A-Z]*)(\d*)""")
_ODS_TAG = re.compile(
    rb"<table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^<>]*?)(/?)>"
)  # [^<>]: see packages.py
_ODS_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated="(\d+)"')


class Bomb(Exception):
    """The file would expand beyond what may be read safely."""


def _related_sheets(zf: zipfile.ZipFile, kind: str) -> set[str]:
    """The members the workbook names as its sheets, wherever they lie (a
    reader follows the relationships, not the usual names)."""
    if kind != "xlsx":
        return set()
    parts = package_parts(zf)
    workbook = workbook_part(zf, parts)
    if workbook is None or not workbook.endswith(".xml"):
        return set()
    return {parts[part] for part in sheet_parts(zf, parts, workbook).values() if part in parts and part.endswith(".xml")}


def check_zip(zf: zipfile.ZipFile, size: int, kind: str) -> None:
    """Raise Bomb for a zip that unzips too far or whose sheets span too many cells."""
    infos = zf.infolist()
    declared = sum(i.file_size for i in infos)
    if len(infos) > MAX_MEMBERS or declared > MAX_UNZIPPED or (declared > RATIO_FLOOR and declared > MAX_RATIO * size):
        raise Bomb
    sheets = {i.filename for i in infos if is_sheet_part(i.filename, kind)} | _related_sheets(zf, kind)
    every_member = _may_hide_bomb(infos)
    measure_all = len(sheets) * NEAR_AREA > MAX_TOTAL_CELLS  # several sheets: the bound is too loose
    unzipped = cells = 0
    for info in infos:
        sheet = info.filename in sheets
        if not (sheet or every_member):
            continue
        near = True
        with zf.open(info) as member:
            for chunk in tag_chunks(member):
                unzipped += len(chunk)
                if unzipped > MAX_UNZIPPED:
                    raise Bomb
                near = near and not (sheet and kind == "xlsx" and _maybe_far(chunk))
        if sheet:
            area = NEAR_AREA if near and kind == "xlsx" and not measure_all else _area(zf, info, kind)
            cells += area
            if area > MAX_CELLS or cells > MAX_TOTAL_CELLS:
                raise Bomb


def _area(zf: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str) -> int:
    with zf.open(info) as member:
        return (_xlsx_area if kind == "xlsx" else _ods_area)(tag_chunks(member))


def _may_hide_bomb(infos: list[zipfile.ZipInfo]) -> bool:
    """Declared sizes may lie; only unzipping tells, unless the compressed
    bytes are too few to reach the cap even at deflate's highest ratio."""
    methods = {i.compress_type for i in infos}
    return bool(methods - {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}) or (
        sum(i.compress_size for i in infos) * DEFLATE_MAX_RATIO > MAX_UNZIPPED
    )


def tag_chunks(member: IO[bytes]) -> Iterator[bytes]:
    """The member's bytes in pieces that end after a '>', so no tag is cut."""
    carry = b""
    while block := member.read(CHUNK):
        data = carry + block
        cut = data.rfind(b">") + 1
        if cut == 0 and len(data) < 4 * CHUNK:
            carry = data
            continue
        cut = cut or len(data)
        yield data[:cut]
        carry = data[cut:]
    if carry:
        yield carry


def _maybe_far(chunk: bytes) -> bool:
    """Cheap test: a reference beyond ZZ9999, or a cell placed without one."""
    shapes = chunk.translate(_REF_SHAPES)
    return any(pattern.search(shapes) for pattern in (_FAR_REF, *_ODD_CELLS))


def xlsx_cells(chunks: Iterator[bytes]) -> Iterator[tuple[int, int, bytes]]:
    """Each <c> tag of a sheet part: its row and column (1-based), placed as
    calamine places them (by its reference, else next to the previous one),
    and its attributes."""
    row = col = 0
    for chunk in chunks:
        for tag in _XLSX_TAG.finditer(chunk):
            ref = _XLSX_REF.search(b" " + tag.group(2))
            letters, digits = (ref.group(1), ref.group(2)) if ref else (b"", b"")
            if tag.group(1) == b"row":
                row, col = (int(digits) if digits else row + 1), 0
                continue
            col = col_number(letters.decode()) if letters else col + 1
            yield (int(digits) if digits else row), col, tag.group(2)


def _xlsx_area(chunks: Iterator[bytes]) -> int:
    """Rows x columns from A1 to the farthest cell that holds something."""
    max_row = max_col = 0
    for row, col, attrs in xlsx_cells(chunks):
        if not attrs.rstrip().endswith(b"/"):  # <c r="XFD9" s="1"/> holds nothing to lay out
            max_row, max_col = max(max_row, row), max(max_col, col)
    return max_row * max_col


def _ods_area(chunks: Iterator[bytes]) -> int:
    """Cells calamine would lay out for content.xml, repeats expanded, summed
    over tables; empty self-closing cells (LibreOffice's padding) count not."""
    total = rows = max_row = max_col = col = 0
    for chunk in chunks:
        for tag in _ODS_TAG.finditer(chunk):
            name, attrs, closed = tag.groups()
            found = _ODS_REPEAT.search(attrs)
            repeat = int(found.group(1)) if found else 1
            if name == b"table":
                total, rows, max_row, max_col = total + max_row * max_col, 0, 0, 0
            elif name == b"table-row":
                rows, col = rows + repeat, 0
            else:
                if not closed or b"office:value-type" in attrs:
                    max_row, max_col = rows, max(max_col, col + repeat)
                col += repeat
    return total + max_row * max_col
