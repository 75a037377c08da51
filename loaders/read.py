"""Bytes to sheets: which spreadsheet a file really is, and its grids.

Files arrive renamed (an .xlsx saved as .csv, a CSV named .xlsx), so the
format is taken from the content and the extension only names what the
file claimed to be when it cannot be read. Workbooks are read with
calamine, each sheet once; CSV text is UTF-8 (with or without BOM) or
Windows-1258, whose tone marks arrive as combining characters, with a
comma, semicolon (or tab) between cells.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
import zlib
from pathlib import PurePath

from python_calamine import CalamineWorkbook, SheetTypeEnum

from loaders.cells import Sheet
from loaders.safety import OLE2_MAGIC, Bomb, check_xls, check_zip

FORMATS = {"xlsx": "Excel (.xlsx)", "xls": "Excel 97-2003 (.xls)", "ods": "OpenDocument (.ods)", "csv": "CSV"}
EXTENSIONS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv", ".txt": "csv"}
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
DELIMITERS = (",", ";", "\t")
SNIFF_BYTES = 8192
SNIFF_LINES = 30


class FileError(Exception):
    """The file cannot be read at all; code and params of the one problem."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code, self.params = code, params


def claimed_format(name: str) -> str | None:
    """The format the file's extension claims, if it is one we read."""
    return EXTENSIONS.get(PurePath(name).suffix.lower())


def unreadable(name: str, kind: str | None) -> FileError:
    return FileError("file_unreadable", name=name, fmt=FORMATS[kind or claimed_format(name) or "xlsx"])


def read_sheets(data: bytes, name: str) -> list[Sheet]:
    """Every worksheet of the file, empty ones left out."""
    if not data.strip():
        raise FileError("file_empty", name=name)
    if data.startswith(ZIP_MAGIC):
        kind = _zip_kind(data, name)
    elif data.startswith(OLE2_MAGIC):
        kind = _xls_kind(data, name)
    elif _is_text(data[:SNIFF_BYTES]):
        return [_read_csv(data, name)]
    else:
        raise unreadable(name, None) if claimed_format(name) else FileError("file_unsupported", name=name)
    sheets = _read_workbook(data, name, kind)
    if not sheets:
        raise FileError("file_empty", name=name)
    return sheets


def _zip_kind(data: bytes, name: str) -> str:
    """xlsx or ods, after checking the zip is safe to hand to calamine."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            kind = "xlsx" if "xl/workbook.xml" in names else None
            if kind is None and "mimetype" in names:
                with zf.open("mimetype") as member:
                    kind = "ods" if member.read(len(ODS_MIMETYPE) + 2).strip() == ODS_MIMETYPE else None
            if kind is None:
                raise unreadable(name, None) if claimed_format(name) else FileError("file_unsupported", name=name)
            check_zip(zf, len(data), kind)
            return kind
    except Bomb:
        raise FileError("file_bomb", name=name) from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as exc:
        raise unreadable(name, "xlsx" if claimed_format(name) != "ods" else "ods") from exc


def _xls_kind(data: bytes, name: str) -> str:
    """xls, after checking calamine can lay its sheets out safely."""
    try:
        check_xls(data)
    except Bomb:
        raise FileError("file_bomb", name=name) from None
    return "xls"


def _read_workbook(data: bytes, name: str, kind: str) -> list[Sheet]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            if sheet.start is None:
                continue
            top, left = sheet.start
            merges = [(r0 - top, c0 - left, r1 - top, c1 - left) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ()]
            sheets.append(Sheet(meta.name, sheet.to_python(), top, left, merges))
        return sheets
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine raises several types, and a Rust panic is no Exception
        raise unreadable(name, kind) from exc


def _is_text(sample: bytes) -> bool:
    """No NUL and hardly any control bytes: text, not a binary file."""
    if b"\0" in sample:
        return False
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13)) + sample.count(b"\x7f")
    return controls <= len(sample) // 100


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-1258; NFC so tone marks are composed."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", text)


def _read_csv(data: bytes, name: str) -> Sheet:
    text = decode(data)
    if not text.strip():
        raise FileError("file_empty", name=name)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as exc:
        raise unreadable(name, "csv") from exc
    return Sheet(None, [[cell.strip() for cell in row] for row in rows])


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most cells (quotes
    respected, so commas inside quoted Vietnamese headers do not count)."""
    lines = [line for line in text.splitlines()[: SNIFF_LINES * 2] if line.strip()][:SNIFF_LINES]

    def widest(delimiter: str) -> int:
        try:
            return max((len(row) for row in csv.reader(lines, delimiter=delimiter)), default=0)
        except csv.Error:
            return 0

    return max(DELIMITERS, key=widest)
