"""Excel binary workbooks (.xlsb) built for tests: Excel is not at hand and no
Python library writes the format, yet the loaders must read an .xlsb exactly as
the same table in .xlsx. Enough of [MS-XLSB] for calamine to read cell values.

The package is a zip of XML relationship parts and BIFF12 parts; a record is
its type and size as variable-length integers, then its body. The Workbook part
(2.1.7.61) holds BrtBeginBook, BrtBeginBundleShs, a BrtBundleSh (2.4.313) per
sheet, BrtEndBundleShs and BrtEndBook. Each Worksheet part (2.1.7.62) holds
BrtBeginSheet, BrtWsDim, then in BrtBeginSheetData a BrtRowHdr (2.4.761) per
row and its cells: BrtCellReal (2.4.323), BrtCellBool (2.4.317) and BrtCellSt
(2.4.327), an inline XLWideString, so no shared strings part is needed. calamine
needs no styles part either, so there is none and every cell has style 0;
numbers come back as float, as they do from .xlsx.
"""

from __future__ import annotations

import io
import struct
import zipfile

Rows = list[list[object]]
BEGIN_BOOK, END_BOOK, BEGIN_BUNDLE_SHS, END_BUNDLE_SHS, BUNDLE_SH = 0x83, 0x84, 0x8F, 0x90, 0x9C
BEGIN_SHEET, END_SHEET, WS_DIM, BEGIN_SHEET_DATA, END_SHEET_DATA = 0x81, 0x82, 0x94, 0x91, 0x92
ROW_HDR, CELL_BOOL, CELL_REAL, CELL_ST = 0x00, 0x04, 0x05, 0x06
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
MIME = "application/vnd.ms-excel"


def varint(n: int) -> bytes:
    """n in 7-bit groups, low first, the high bit set on all but the last."""
    out = bytearray()
    while True:
        out.append(n & 0x7F | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def record(typ: int, body: bytes = b"") -> bytes:
    """A BIFF12 record: type, body size, body."""
    return varint(typ) + varint(len(body)) + body


def wide(text: str) -> bytes:
    """XLWideString: the count of UTF-16 code units, then UTF-16LE."""
    data = text.encode("utf-16-le")
    return struct.pack("<I", len(data) // 2) + data


def cell(col: int, value: object) -> bytes:
    """The record of one cell (column, style 0, value); b"" for None."""
    if value is None:
        return b""
    head = struct.pack("<II", col, 0)
    if isinstance(value, bool):
        return record(CELL_BOOL, head + bytes([value]))
    if isinstance(value, int | float):
        return record(CELL_REAL, head + struct.pack("<d", value))
    if isinstance(value, str):
        return record(CELL_ST, head + wide(value))
    raise TypeError(f"no .xlsb cell for {value!r}")


def sheet(rows: Rows) -> bytes:
    """A worksheet part: its used range from A1, then per row a header (row, style 0, 15 pt, no flags, no spans) and its cells."""
    width = max((len(row) for row in rows), default=0)
    dim = struct.pack("<IIII", 0, max(len(rows) - 1, 0), 0, max(width - 1, 0))
    parts = [record(BEGIN_SHEET), record(WS_DIM, dim), record(BEGIN_SHEET_DATA)]
    for r, row in enumerate(rows):
        parts.append(record(ROW_HDR, struct.pack("<IIH3sI", r, 0, 300, b"\0\0\0", 0)))
        parts += [cell(c, value) for c, value in enumerate(row)]
    return b"".join([*parts, record(END_SHEET_DATA), record(END_SHEET)])


def workbook(names: list[str]) -> bytes:
    """The workbook part: one BrtBundleSh (visible, tab id, rel id, name) per sheet."""
    bundles = [record(BUNDLE_SH, struct.pack("<II", 0, n) + wide(f"rId{n}") + wide(name)) for n, name in enumerate(names, 1)]
    return b"".join([record(BEGIN_BOOK), record(BEGIN_BUNDLE_SHS), *bundles, record(END_BUNDLE_SHS), record(END_BOOK)])


def relationships(targets: list[tuple[str, str]]) -> str:
    """A .rels part: (type, target) pairs as rId1, rId2, ..."""
    rels = "".join(f'<Relationship Id="rId{n}" Type="{RELS}/{t}" Target="{target}"/>' for n, (t, target) in enumerate(targets, 1))
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_RELS}">{rels}</Relationships>'
    )


def content_types(count: int) -> str:
    """[Content_Types].xml for the workbook part and count worksheet parts."""
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.bin" ContentType="{MIME}.worksheet"/>' for n in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="/xl/workbook.bin" ContentType="{MIME}.sheet.binary.macroEnabled.main"/>{sheets}</Types>'
    )


def xlsb(sheets: dict[str, list[list[object]]]) -> bytes:
    """An .xlsb workbook (a zip of BIFF12 parts) whose sheets hold these rows: str, int, float, bool and None (empty) cells, row 1 first."""
    names = list(sheets)
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": content_types(len(names)),
        "_rels/.rels": relationships([("officeDocument", "xl/workbook.bin")]),
        "xl/workbook.bin": workbook(names),
        "xl/_rels/workbook.bin.rels": relationships(
            [("worksheet", f"worksheets/sheet{n}.bin") for n in range(1, len(names) + 1)]
        ),
    }
    parts |= {f"xl/worksheets/sheet{n}.bin": sheet(rows) for n, rows in enumerate(sheets.values(), 1)}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for path, data in parts.items():
            package.writestr(zipfile.ZipInfo(path, date_time=(2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
