"""Bytes to sheets: which spreadsheet a file really is, and its grids.

Files arrive renamed (an .xlsx saved as .csv, a CSV named .xlsx), so the
format is taken from the content and the extension only names what the
file claimed to be when it cannot be read. Workbooks (.xlsx, .xlsm, .xlsb,
.xls, .ods) are read with calamine, each sheet once, with the legacy
fonts of their text cells (loaders/fonts.py); an Office package is
recognised by its relationships, wherever its workbook part lies and
whichever slash its paths use. A workbook protected by a password is named
as such, since saving it again keeps the password. Text files are UTF-8
(with or without BOM), UTF-16 (Excel's "Unicode Text"), Windows-1258, or
bytes typed in a legacy Vietnamese font encoding, with a comma, semicolon
or tab between cells.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
import zlib
from pathlib import PurePath

from python_calamine import CalamineWorkbook, SheetTypeEnum

from loaders import sandbox
from loaders.cells import Sheet
from loaders.fonts import legacy_fonts
from loaders.formulas import formula_cells
from loaders.legacy import decode_bytes
from loaders.packages import Encrypted, calamine_package, office_kind
from loaders.safety import Bomb, check_zip
from loaders.xls_safety import OLE2_MAGIC, check_xls, is_encrypted_ole

FORMATS = {
    "xlsx": "Excel (.xlsx)",
    "xlsb": "Excel (.xlsb)",
    "xls": "Excel 97-2003 (.xls)",
    "ods": "OpenDocument (.ods)",
    "csv": "CSV",
}
EXTENSIONS = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xlsb": "xlsb",
    ".xls": "xls",
    ".ods": "ods",
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
}
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
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
        kind, data = _zip_package(data, name)
    elif data.startswith(OLE2_MAGIC):
        kind = _xls_kind(data, name)
    elif data.startswith(UTF16_BOMS) or _is_text(data[:SNIFF_BYTES]) or _utf16_without_bom(data[:SNIFF_BYTES]):
        return [_read_csv(data, name)]
    else:
        raise unreadable(name, None) if claimed_format(name) else FileError("file_unsupported", name=name)
    sheets = _read_workbook(data, name, kind)
    if not sheets:
        raise FileError("file_empty", name=name)
    return sheets


def _zip_package(data: bytes, name: str) -> tuple[str, bytes]:
    """xlsx, xlsb or ods, after checking the zip is safe to hand to calamine,
    and the package as calamine can read it (loaders/packages.py)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            kind = office_kind(zf)
            if kind is None:
                raise unreadable(name, None) if claimed_format(name) else FileError("file_unsupported", name=name)
            check_zip(zf, len(data), kind)
            return kind, calamine_package(zf, data) if kind == "xlsx" else data
    except Bomb:
        raise FileError("file_bomb", name=name) from None
    except Encrypted:
        raise FileError("file_encrypted", name=name) from None
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
    """xls, after checking calamine can lay its sheets out safely. An
    encrypted .xlsx is a compound file too (its package encrypted inside)."""
    try:
        if is_encrypted_ole(data):
            raise FileError("file_encrypted", name=name)
        check_xls(data)
    except Bomb:
        raise FileError("file_bomb", name=name) from None
    return "xls"


def _read_workbook(data: bytes, name: str, kind: str) -> list[Sheet]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        formulas = _formula_cells(data) if kind == "xlsx" else {}
        fonts = legacy_fonts(data, kind)
        sheets = []
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            sandbox.stage(meta.name)
            sheet = book.get_sheet_by_name(meta.name)
            if sheet.start is None:
                continue
            top, left = sheet.start
            merges = [(r0 - top, c0 - left, r1 - top, c1 - left) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ()]
            blanks = {(r - top, c - left): error for (r, c), error in formulas.get(meta.name, {}).items()}
            spans = [(r0 - top, c0 - left, r1 - top, c1 - left, font) for r0, c0, r1, c1, font in fonts.get(meta.name, ())]
            sheets.append(Sheet(meta.name, sheet.to_python(), top, left, merges, blanks, fonts=spans))
        return sheets
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # calamine raises several types, and a Rust panic is no Exception
        raise unreadable(name, kind) from exc


def _formula_cells(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return formula_cells(zf)


def _is_text(sample: bytes) -> bool:
    """No NUL and hardly any control bytes: text, not a binary file."""
    if b"\0" in sample:
        return False
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13)) + sample.count(b"\x7f")
    return controls <= len(sample) // 100


def _utf16_without_bom(sample: bytes) -> str | None:
    """The codec of UTF-16 text saved without a byte-order mark: a NUL in
    most of one half of the bytes (ASCII and Latin-1 letters, digits,
    tabs; Vietnamese letters beyond Latin-1 fill both) and hardly any in
    the other."""
    pairs = sample[: len(sample) // 2 * 2]
    if len(pairs) < 4:
        return None
    even, odd = pairs[0::2].count(0), pairs[1::2].count(0)
    half = len(pairs) // 2
    if odd > 0.5 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.5 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str | None]:
    """The text (NFC, so tone marks are composed) and the legacy Vietnamese
    encoding it was typed in, if any: UTF-16 with a byte-order mark or
    without, UTF-8 (BOM or not), else TCVN3, VNI or Windows-1258."""
    if data.startswith(UTF16_BOMS):
        return unicodedata.normalize("NFC", data.decode("utf-16", errors="replace")), None
    codec = _utf16_without_bom(data[:SNIFF_BYTES])
    if codec:
        return unicodedata.normalize("NFC", data.decode(codec, errors="replace")), None
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8-sig")), None
    except UnicodeDecodeError:
        return decode_bytes(data)


def _read_csv(data: bytes, name: str) -> Sheet:
    text, legacy = decode(data)
    if not text.strip():
        raise FileError("file_empty", name=name)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as exc:
        raise unreadable(name, "csv") from exc
    return Sheet(None, [[cell.strip() for cell in row] for row in rows], legacy=legacy)


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
