"""The report's tables as an Excel workbook, one sheet per section, ready
to print: A4 (landscape when the tables are wider than a portrait page),
fitted to the page width, header rows bold on grey with borders, wrapped
text, column widths from the report's, the commune and period in the page
header and page numbers in the footer.

Figures stay numbers, with a number format that shows them as the report
does (49,2%; 1.234 hộ in a Vietnamese Excel). Text is always written as
text, never as a formula, whatever it begins with.
"""

from __future__ import annotations

import io
import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from reports.cells import put
from reports.model import Cell, Figure, Report, Section, Table, cell_text

FONT = "Times New Roman"
CHARS_PER_CM = 5.2  # Excel's width unit is about one digit
PORTRAIT_CM = 17.5  # wider tables print landscape
LINE_PT = 14.5  # a line of 11-point text
TEXT_CHARS = 1.2  # letters of 11-point Times per unit of column width (a digit of the default font)
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
WRAP = Alignment(wrap_text=True, vertical="top")


def to_xlsx(report: Report) -> bytes:
    book = Workbook()
    book.remove(book.active)
    header = f"{' '.join(report.head.issuer)} - {report.head.title} {report.head.subject[-1]}"
    for section in report.sections:
        if section.sheet and section.tables:
            write_sheet(book.create_sheet(section.sheet[:31]), section, header)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_sheet(sheet: Worksheet, section: Section, header: str) -> None:
    """The section's heading, then each table: title, header row, rows."""
    put(sheet, 1, 1, section.heading).font = Font(name=FONT, size=13, bold=True)
    widths(sheet, section.tables)
    row = 3
    header_rows = []
    for block in section.tables:
        header_rows.append(row + 1)
        row = write_table(sheet, block, row) + 2
    page_setup(sheet, section.tables, header, header_rows)


def write_table(sheet: Worksheet, table: Table, top: int) -> int:
    """The table from row `top`; returns its last row."""
    put(sheet, top, 1, table.title).font = Font(name=FONT, size=12, bold=True, italic=True)
    for col, column in enumerate(table.columns, start=1):
        cell = put(sheet, top + 1, col, column.title)
        cell.font, cell.fill, cell.border = Font(name=FONT, size=11, bold=True), HEADER_FILL, BOX
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    fit_height(sheet, top + 1, [c.title for c in table.columns])
    for r, values in enumerate(table.rows, start=top + 2):
        for col, value in enumerate(values, start=1):
            write_cell(sheet, r, col, value)
        fit_height(sheet, r, [cell_text(v) for v in values])
    return top + 1 + len(table.rows)


def fit_height(sheet: Worksheet, row: int, texts: list[str]) -> None:
    """A row tall enough for its text wrapped in the sheet's columns: neither
    Excel nor LibreOffice sizes the rows of a written file, so wrapped lines
    would hide each other."""
    chars = [sheet.column_dimensions[sheet.cell(1, i).column_letter].width * TEXT_CHARS - 1 for i in range(1, len(texts) + 1)]
    lines = max(sum(math.ceil(len(part) / max(1, width)) or 1 for part in text.split("\n")) for text, width in zip(texts, chars))
    sheet.row_dimensions[row].height = LINE_PT * lines + 3


def write_cell(sheet: Worksheet, row: int, col: int, value: Cell) -> None:
    if isinstance(value, Figure):
        cell = put(sheet, row, col, None if value.missing else float(value.value))
        cell.number_format = number_format(value)
        cell.alignment = Alignment(vertical="top", horizontal="right")
    else:
        cell = put(sheet, row, col, value or None)
        cell.alignment = WRAP
    cell.font, cell.border = Font(name=FONT, size=11), BOX


def number_format(value: Figure) -> str:
    """'0.0"%"' for a percent, '#,##0" hộ"' for a count (decimals where the
    value has them)."""
    if value.percent:
        decimals = 1 if value.decimals is None else value.decimals
        return ("0." + "0" * decimals if decimals else "0") + '"%"'
    whole = value.decimals == 0 or (not value.missing and float(value.value).is_integer())
    unit = value.unit.replace('"', "")
    return ("#,##0" if whole else "#,##0.0#") + (f'" {unit}"' if unit else "")


def widths(sheet: Worksheet, tables: list[Table]) -> None:
    """Each column as wide as the widest of its tables' columns."""
    cms: dict[int, float] = {}
    for table in tables:
        for i, column in enumerate(table.columns, start=1):
            cms[i] = max(cms.get(i, 0), column.width)
    for i, cm in cms.items():
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = round(cm * CHARS_PER_CM, 1)


def page_setup(sheet: Worksheet, tables: list[Table], header: str, header_rows: list[int]) -> None:
    """A4 fitted to the page width; a sheet with one table repeats its
    header row on every printed page and keeps it in view on screen."""
    wide = max(sum(c.width for c in t.columns) for t in tables) > PORTRAIT_CM
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if wide else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.7, right=0.5, top=0.8, bottom=0.7, header=0.3, footer=0.3)
    sheet.print_options.horizontalCentered = True
    sheet.oddHeader.center.text = header.replace("&", "&&")
    sheet.oddFooter.center.text = "Trang &P/&N"
    if len(header_rows) == 1:
        sheet.print_title_rows = f"{header_rows[0]}:{header_rows[0]}"
        sheet.freeze_panes = sheet.cell(header_rows[0] + 1, 1)
