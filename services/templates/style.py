"""The look a template's sheets share: the font of Vietnamese administrative
documents, boxed cells, the fills that tell an official where to type, and
merged title cells whose rows are as tall as their wrapped text."""

from __future__ import annotations

import math

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from reports.cells import put

LINE_HEIGHT = 16  # points per line of 12-point text

_THIN = Side(style="thin")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)
FONT = "Times New Roman"  # the font of Vietnamese administrative documents
TO_FILL = PatternFill("solid", fgColor="FFF7D6")  # pale yellow: type here
GIVEN = PatternFill("solid", fgColor="EDEDED")  # grey: pre-filled, locked
_HEAD = PatternFill("solid", fgColor="D9E1F2")


def merged(
    ws: Worksheet, row: int, first: int, last: int, text: str, bold: bool = False, italic: bool = False, size: int = 12
) -> None:
    cell = put(ws, row, first, text)
    cell.font = Font(name=FONT, bold=bold, italic=italic, size=size)
    cell.alignment = WRAP
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def head_cell(ws: Worksheet, row: int, column: int, text: str) -> None:
    """A column heading: bold, boxed, centred, on the heading fill."""
    cell = put(ws, row, column, text)
    cell.font, cell.alignment, cell.border, cell.fill = Font(name=FONT, bold=True), WRAP, BOX, _HEAD


def lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column `width` characters wide
    (Excel does not grow rows of merged or protected cells by itself)."""
    return sum(math.ceil(max(len(part), 1) / (width - 2)) for part in text.split("\n"))
