"""Formula cells that calamine hands over as blank, found in the sheet XML.

A workbook keeps each formula with the value it last computed, and that
cached value is what calamine reads. Two cases read as an empty cell and
must not pass silently as "not reported": a file written by a program that
stores formulas but computes nothing (openpyxl, some web exports) has no
cached value at all, and a formula whose result was an error (#DIV/0!,
#REF!) is cached as that error, which calamine drops. Both are found here,
for .xlsx, by position, so the loaders can say so at the cell.
"""

from __future__ import annotations

import html
import re
import zipfile

from loaders.cells import col_number
from loaders.packages import head, is_sheet_part, package_parts, sheet_parts, workbook_part
from loaders.safety import MAX_UNZIPPED

Positions = dict[tuple[int, int], str | None]  # (row, col) from 0 -> None (no value) or the error shown

_PREFIX = rb"(?:\w+:)?"
# Attributes as [^<>] (loaders/packages.py says why).
_FORMULA_CELL = re.compile(
    rb"<" + _PREFIX + rb"c\b([^<>]*)>\s*<" + _PREFIX + rb"f\b[^<>]*?(?:/>|>[^<]*</" + _PREFIX + rb"f>)\s*"
    rb"(?:<" + _PREFIX + rb"v>([^<]*)</" + _PREFIX + rb"v>|<" + _PREFIX + rb"v/>)?"
)
_VALUE_CELL = re.compile(rb"<" + _PREFIX + rb"c\b([^<>]*)>\s*<" + _PREFIX + rb"v>([^<]*)</")  # errors typed in among them
_REF = re.compile(rb"\br=\"([A-Z]{1,3})(\d+)\"")
_TYPE = re.compile(rb"\bt=\"(\w+)\"")


def formula_cells(zf: zipfile.ZipFile) -> dict[str, Positions]:
    """Sheet name -> its formula cells without a usable cached value."""
    parts = package_parts(zf)
    workbook = workbook_part(zf, parts)
    if workbook is None or not workbook.endswith(".xml"):
        return {}
    found = {}
    for name, part in sheet_parts(zf, parts, workbook).items():
        if part in parts and is_sheet_part(part, "xlsx"):
            cells = _scan(head(zf, parts[part], MAX_UNZIPPED))  # the zip check already capped it
            if cells:
                found[name] = cells
    return found


def _scan(xml: bytes) -> Positions:
    if b"<f" not in xml and b":f" not in xml and b't="e"' not in xml:
        return {}
    cells: Positions = {}
    typed_errors = (c for c in _VALUE_CELL.finditer(xml) if b't="e"' in c.group(1))
    for cell in [*_FORMULA_CELL.finditer(xml), *typed_errors]:
        attrs, cached = cell.group(1), cell.group(2)
        ref, typ = _REF.search(attrs), _TYPE.search(attrs)
        kind = typ.group(1) if typ else b"n"
        if ref is None or (cached and kind != b"e") or kind == b"str":
            continue  # a value is cached (an empty string is a formula's real result)
        error = html.unescape(cached.decode("utf-8", "replace")) if kind == b"e" and cached else None
        cells[int(ref.group(2)) - 1, col_number(ref.group(1).decode()) - 1] = error
    return cells
