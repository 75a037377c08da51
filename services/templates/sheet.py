"""A template's data sheet, laid out as the official form: letterhead and
national motto, the form's name and the period in words (which the loader
reads as the period), the catalog's headers with their units, the rows
(pre-filled keys locked in grey, cells to fill in pale yellow), the
signature block the loader stops at; frozen header, protection that leaves
only the cells to fill unlocked, A4 landscape printing."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from catalog.models import Catalog, Form, FormField
from catalog.periods import period_title
from loaders.headers import VILLAGE_FORM
from reports.cells import put
from services.templates.contents import LOCKED, Row
from services.templates.style import BOX, FONT, GIVEN, LINE_HEIGHT, TO_FILL, WRAP, head_cell, lines, merged
from services.templates.validation import validations
from services.workbook import MOTTO, issuer

TITLE_COLUMNS = 8  # the letterhead and titles span the first columns, on screen
ISSUER_WIDTH = 24  # characters the issuer block needs
SIGNERS = {VILLAGE_FORM: "TRƯỞNG THÔN"}
SIGNER = "THỦ TRƯỞNG ĐƠN VỊ"
WIDTHS = {
    **{"integer": 14, "decimal": 14, "percent": 13, "enum": 24, "village": 20, "village_code": 11, "deadline": 14, "text": 30},
    **{"latitude": 12, "longitude": 12},
}
FIELD_WIDTHS = {"village_code": 11, "village_name": 20, "group": 20, "task_id": 11, "task_name": 48, "reporting_unit": 22}
DATE_FORMAT = "dd/mm/yyyy"


def _width(f: FormField) -> float:
    return FIELD_WIDTHS.get(f.id, WIDTHS[f.kind])


def write_table(ws: Worksheet, catalog: Catalog, form: Form, period: str | None, rows: list[Row], refs: dict[str, str]) -> None:
    widths = [5, *(_width(f) for f in form.fields)]
    span = min(len(widths), TITLE_COLUMNS)
    split = next(i for i in range(1, span + 1) if sum(widths[:i]) >= ISSUER_WIDTH or i == span - 1)
    for r, (left, right) in enumerate(zip(issuer(catalog.commune), MOTTO), start=1):
        merged(ws, r, 1, split, left, bold=True)
        merged(ws, r, split + 1, span, right, bold=True)
    titles = [f"BIỂU {form.id}: {form.name_vi.upper()}", *([period_title(period)] if period else [])]
    for r, title in enumerate(titles, start=4):
        merged(ws, r, 1, span, title, bold=True, size=14)
    header = 5 + len(titles)
    _header(ws, header, form.fields, widths)
    for i, row in enumerate(rows, start=1):
        _data_row(ws, header + i, i, form.fields, row)
    last = header + len(rows)
    validations(ws, form.fields, header + 1, last, refs)
    _footer(ws, last + 2, SIGNERS.get(form.id, SIGNER), split, span)
    _finish(ws, header, len(LOCKED[form.id]) + 1 if form.id in LOCKED else 0)


def _header(ws: Worksheet, row: int, fields: list[FormField], widths: list[float]) -> None:
    """TT and the headers with their units; the row is as tall as the longest."""
    texts = ["TT", *(f.header_with_unit("\n") for f in fields)]
    for c, (text, width) in enumerate(zip(texts, widths), start=1):
        head_cell(ws, row, c, text)
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[row].height = LINE_HEIGHT * max(lines(t, w) for t, w in zip(texts, widths))


def _data_row(ws: Worksheet, row: int, number: int, fields: list[FormField], data: Row) -> None:
    tt = put(ws, row, 1, number)
    tt.font, tt.alignment, tt.border = Font(name=FONT), WRAP, BOX
    for c, f in enumerate(fields, start=2):
        cell = put(ws, row, c, data.values.get(f.id))
        cell.font, cell.border = Font(name=FONT), BOX
        cell.alignment = Alignment(vertical="center", wrap_text=f.kind == "text")
        locked = f.id in data.locked
        cell.protection = Protection(locked=locked)
        cell.fill = GIVEN if locked else TO_FILL
        if f.kind == "deadline":
            cell.number_format = DATE_FORMAT


def _footer(ws: Worksheet, row: int, signer: str, split: int, span: int) -> None:
    """The signature block the loader stops at."""
    merged(ws, row, 1, split, "NGƯỜI LẬP BIỂU", bold=True)
    merged(ws, row, split + 1, span, signer, bold=True)
    for first, last in ((1, split), (split + 1, span)):
        merged(ws, row + 1, first, last, "(Ký, ghi rõ họ tên)", italic=True)


def _finish(ws: Worksheet, header: int, frozen_columns: int) -> None:
    """Frozen header (and key columns), protection, printing on A4 landscape."""
    ws.freeze_panes = ws.cell(header + 1, frozen_columns + 1)
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False  # allowed: widen, heighten
    ws.protection.insertRows = ws.protection.deleteRows = False  # allowed: add rows
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
