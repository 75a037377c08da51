"""Which text cells of a workbook were typed in a legacy Vietnamese font.

calamine hands over values without fonts, and a cell typed in .VnTime
(TCVN3) can read as Vietnamese as it stands ("Cã" is "Có" typed in TCVN3),
so the fonts come from the file itself: for .xlsx the styles part (fonts,
then cellXfs, then each cell's s attribute), for .xls the FONT and XF
records and each cell record's XF index, for .ods the font faces and cell
styles (their parents, a row's or column's default style, the default
style) and each cell's style. Found: spans of cells that may hold text and
share a legacy font, on one row (a repeated .ods cell: a rectangle), with
absolute 0-based positions. A workbook none of whose styles names a legacy
font costs one read of its styles. Not read: the fonts of rich-text runs (a
cell is as its style says) and .xlsb styles. The scans are linear (tag
regexes as in loaders/packages.py) over parts the zip and .xls checks have
bounded.
"""

from __future__ import annotations

import bisect
import codecs
import html
import io
import posixpath
import re
import struct
import zipfile
from collections.abc import Iterator

from loaders.cells import Span
from loaders.legacy import Font, font_encoding
from loaders.packages import head, package_parts, sheet_parts, workbook_part
from loaders.safety import MAX_UNZIPPED, tag_chunks, xlsx_cells
from loaders.xls_safety import workbook_stream

_NUMBER = rb"(\d{1,9})"  # an index or a count; longer is no real file's
_STYLE_TAG = re.compile(rb"<(/?)(?:\w+:)?(fonts|font|name|cellXfs|xf)(?=[\s/>])([^<>]*)>")
_VAL = re.compile(rb'\bval="([^"<>]*)"')
_FONT_ID = re.compile(rb'\bfontId="' + _NUMBER + rb'"')
_CELL_STYLE = re.compile(rb'\bs="' + _NUMBER + rb'"')
_TEXT_CELL = re.compile(rb'\bt="(?:s|str|inlineStr)"')

_FONT, _XF, _BOUNDSHEET, _BOF, _EOF, _CODEPAGE = 0x0031, 0x00E0, 0x0085, 0x0809, 0x000A, 0x0042
_TEXT_RECORDS = frozenset({0x00FD, 0x0204, 0x00D6, 0x0006})  # LABELSST, LABEL, RSTRING, FORMULA: row, column, XF
_RECORD = struct.Struct("<HH")
_CELL = struct.Struct("<HHH")

_ODS_TAG = re.compile(
    rb"<(/?)(style:font-face|style:style|style:default-style|style:text-properties|"
    rb"table:table-column|table:table-row|table:table-cell|table:covered-table-cell|table:table)(?=[\s/>])([^<>]*?)(/?)>"
)  # [^<>]: see packages.py
_ODS_ATTRS = {
    name: re.compile(rb"(?<![\w:-])" + name + rb'="([^"<>]*)"')
    for name in (
        b"style:name",
        b"style:family",
        b"style:parent-style-name",
        b"style:font-name",
        b"svg:font-family",
        b"fo:font-family",
        b"table:name",
        b"table:style-name",
        b"table:default-cell-style-name",
    )
}
_ODS_REPEAT = {name: re.compile(rb"\btable:number-" + name + rb'-repeated="' + _NUMBER + rb'"') for name in (b"rows", b"columns")}
_MOST_PARENTS = 16


class _Spans(list):
    """Spans in the order cells come, a cell next to the previous one on its row with the same font joined to it."""

    def add(self, row: int, col: int, font: Font, rows: int = 1, cols: int = 1) -> None:
        if self and rows == cols == 1:
            top, left, bottom, right, last = self[-1]
            if last == font and top == bottom == row and right + 1 == col:
                self[-1] = (top, left, bottom, col, font)
                return
        self.append((row, col, row + rows - 1, col + cols - 1, font))


def legacy_fonts(data: bytes, kind: str) -> dict[str, list[Span]]:
    """Sheet name -> spans of its text cells typed in a legacy font. The fonts
    are evidence, not data: a part they cannot be read from leaves every cell
    to be judged by its text, as before, and never makes the file unreadable."""
    try:
        if kind == "xls":
            return _xls(data)
        if kind in ("xlsx", "ods"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return (_xlsx if kind == "xlsx" else _ods)(zf)
    except Exception:
        pass
    return {}


# -- .xlsx ------------------------------------------------------------------------


def _xlsx(zf: zipfile.ZipFile) -> dict[str, list[Span]]:
    parts = package_parts(zf)
    workbook = workbook_part(zf, parts)
    if workbook is None or not workbook.endswith(".xml"):
        return {}
    styles = _xlsx_styles(head(zf, parts.get(posixpath.join(posixpath.dirname(workbook), "styles.xml")), MAX_UNZIPPED))
    if not any(styles):
        return {}
    found = {}
    for name, part in sheet_parts(zf, parts, workbook).items():
        spans = found[name] = _Spans()
        if part not in parts:
            continue
        with zf.open(parts[part]) as member:
            for row, col, attrs in xlsx_cells(tag_chunks(member)):
                style = _CELL_STYLE.search(attrs)
                index = int(style.group(1)) if style else 0
                font = styles[index] if index < len(styles) else None
                if font and _TEXT_CELL.search(attrs):
                    spans.add(row - 1, col - 1, font)
    return found


def _xlsx_styles(xml: bytes) -> list[Font | None]:
    """The legacy font of each cell format (cellXfs), by index; without
    cellXfs every cell has the first font."""
    fonts: list[Font | None] = []
    xfs: list[int] = []
    section = None
    for found in _STYLE_TAG.finditer(xml):
        closing, tag, attrs = found.groups()
        if tag in (b"fonts", b"cellXfs"):
            section = None if closing or attrs.endswith(b"/") else tag
        elif closing:
            continue
        elif section == b"fonts" and tag == b"font":
            fonts.append(None)
        elif section == b"fonts" and tag == b"name" and fonts and (value := _VAL.search(attrs)):
            fonts[-1] = font_encoding(html.unescape(value.group(1).decode("utf-8", "replace")))
        elif section == b"cellXfs" and tag == b"xf":
            font_id = _FONT_ID.search(attrs)
            xfs.append(int(font_id.group(1)) if font_id else 0)
    return [fonts[i] if i < len(fonts) else None for i in xfs or [0]]


# -- .xls -------------------------------------------------------------------------


def _records(stream: bytes, pos: int) -> Iterator[tuple[int, bytes]]:
    while pos + 4 <= len(stream):
        typ, size = _RECORD.unpack_from(stream, pos)
        yield typ, stream[pos + 4 : pos + 4 + size]
        pos += 4 + size


def _xls(data: bytes) -> dict[str, list[Span]]:
    stream = workbook_stream(data)
    fonts: list[Font | None] = []
    xfs: list[int] = []
    sheets: list[tuple[int, str]] = []
    biff8, codec = True, "cp1252"
    for typ, body in _records(stream, 0):
        if typ == _EOF:
            break
        if typ == _BOF and len(body) >= 2:
            biff8 = body[:2] == b"\x00\x06"
        elif typ == _CODEPAGE and len(body) >= 2:
            codec = _codec(int.from_bytes(body[:2], "little"), codec)
        elif typ == _FONT:
            fonts.append(font_encoding(_xls_text(body, 14, biff8, codec)))
        elif typ == _XF and len(body) >= 2:
            xfs.append(int.from_bytes(body[:2], "little"))
        elif typ == _BOUNDSHEET and len(body) >= 6:
            sheets.append((int.from_bytes(body[:4], "little"), _xls_text(body, 6, biff8, codec)))
    styles = [_numbered(fonts, index) for index in xfs]
    if not any(styles):
        return {}
    found = {}
    for offset, name in sheets:
        spans = found[name] = _Spans()
        depth = 0
        for typ, body in _records(stream, offset):
            depth += (typ == _BOF) - (typ == _EOF)
            if depth <= 0:
                break
            if depth == 1 and typ in _TEXT_RECORDS and len(body) >= 6:
                row, col, xf = _CELL.unpack_from(body)
                if xf < len(styles) and styles[xf]:
                    spans.add(row, col, styles[xf])
    return found


def _numbered(fonts: list[Font | None], index: int) -> Font | None:
    """The font an XF names: FONT records are numbered 0-3, then 5 on (there is no font 4)."""
    position = index if index < 4 else index - 1
    return fonts[position] if index != 4 and position < len(fonts) else None


def _codec(codepage: int, default: str) -> str:
    """The Python codec of a CODEPAGE record (BIFF5 text), as calamine decodes it."""
    try:
        return codecs.lookup(f"cp{codepage}").name
    except LookupError:
        return default


def _xls_text(body: bytes, at: int, biff8: bool, codec: str) -> str:
    """A short string: a length byte, then (BIFF8) a flag byte for UTF-16 or Latin-1 characters, or (BIFF5) bytes."""
    if at >= len(body):
        return ""
    size = body[at]
    if not biff8:
        return body[at + 1 : at + 1 + size].decode(codec, "replace").replace("\0", "")
    wide = at + 1 < len(body) and body[at + 1] & 1
    raw = body[at + 2 : at + 2 + size * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace").replace("\0", "")


# -- .ods -------------------------------------------------------------------------


class _OdsStyles:
    """Cell styles and the fonts they name, through their parents, else the default style."""

    def __init__(self) -> None:
        self.faces: dict[bytes, bytes] = {}  # font-face name -> family
        self.styles: dict[bytes | None, list] = {}  # style name (None: the default style) -> [parent, font]
        self.current: list | None = None
        self.cache: dict[bytes | None, Font | None] = {}

    def take(self, closing: bytes, tag: bytes, attrs: bytes, empty: bytes) -> None:
        """One style tag; text properties belong to the cell style open around them."""
        if tag == b"style:font-face":
            name = _attr(attrs, b"style:name")
            self.faces[name] = _attr(attrs, b"svg:font-family") or name
        elif tag == b"style:text-properties":
            face = _attr(attrs, b"style:font-name")
            font = self.faces.get(face, face) if face else _attr(attrs, b"fo:font-family")
            if self.current is not None and font:
                self.current[1] = font
        elif closing or _attr(attrs, b"style:family") != b"table-cell":
            self.current = None
        else:
            name = _attr(attrs, b"style:name") if tag == b"style:style" else None
            style = self.styles[name] = [_attr(attrs, b"style:parent-style-name") or None, None]
            self.current = None if empty else style
        self.cache.clear()

    def any_legacy(self) -> bool:
        return any(font and font_encoding(_text(font)) for _, font in self.styles.values())

    def font(self, name: bytes | None) -> Font | None:
        if name not in self.cache:
            style, font = name, None
            for _ in range(_MOST_PARENTS):
                parent, family = self.styles.get(style) or (None, None)
                if family or style is None:
                    font = font_encoding(_text(family)) if family else None
                    break
                style = parent if parent in self.styles else None
            self.cache[name] = font
        return self.cache[name]


def _ods(zf: zipfile.ZipFile) -> dict[str, list[Span]]:
    parts = package_parts(zf)
    styles = _OdsStyles()
    for found in _ODS_TAG.finditer(head(zf, parts.get("styles.xml"), MAX_UNZIPPED)):
        closing, tag, attrs, empty = found.groups()
        if tag.startswith(b"style:"):
            styles.take(closing, tag, attrs, empty)
    tables: dict[str, list[Span]] = {}
    if "content.xml" not in parts:
        return tables
    with zf.open(parts["content.xml"]) as member:
        for chunk in tag_chunks(member):
            for found in _ODS_TAG.finditer(chunk):
                closing, tag, attrs, empty = found.groups()
                if tag.startswith(b"style:"):
                    styles.take(closing, tag, attrs, empty)
                elif tag == b"table:table" and not closing:
                    if not styles.any_legacy():
                        return {}
                    table = _OdsTable(styles)
                    tables[_text(_attr(attrs, b"table:name"))] = table.spans
                elif not closing and tables:
                    table.take(tag, attrs, bool(empty))
    return tables


class _OdsTable:
    """One table's cells placed as calamine places them: repeats expanded, covered cells counted."""

    def __init__(self, styles: _OdsStyles) -> None:
        self.styles, self.spans = styles, _Spans()
        self.starts: list[int] = []  # first column of each run of columns
        self.column_styles: list[bytes | None] = []
        self.columns = self.row = self.rows = self.col = 0
        self.row_style: bytes | None = None

    def take(self, tag: bytes, attrs: bytes, empty: bool) -> None:
        default = _attr(attrs, b"table:default-cell-style-name") or None
        if tag == b"table:table-column":
            self.starts.append(self.columns)
            self.column_styles.append(default)
            self.columns += _repeat(attrs, b"columns")
        elif tag == b"table:table-row":
            self.row, self.rows, self.col, self.row_style = self.row + self.rows, _repeat(attrs, b"rows"), 0, default
        else:
            cols = _repeat(attrs, b"columns")
            if not empty:
                run = bisect.bisect_right(self.starts, self.col) - 1
                style = (
                    _attr(attrs, b"table:style-name")
                    or self.row_style
                    or (self.column_styles[run] if run >= 0 else None)
                    or b"Default"
                )
                font = self.styles.font(style)
                if font:
                    self.spans.add(self.row, self.col, font, self.rows, cols)
            self.col += cols


def _attr(attrs: bytes, name: bytes) -> bytes:
    found = _ODS_ATTRS[name].search(attrs)
    return found.group(1) if found else b""


def _repeat(attrs: bytes, what: bytes) -> int:
    found = _ODS_REPEAT[what].search(attrs)
    return max(1, int(found.group(1))) if found else 1


def _text(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8", "replace"))
