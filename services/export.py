"""Tables as files to take away: .xlsx and CSV (UTF-8 with BOM, so Excel
opens Vietnamese text right). In a CSV a text cell that begins with
= + - @ (or a tab or carriage return) is neutralised with a leading
apostrophe, so no spreadsheet ever runs it as a formula (CSV injection);
in an .xlsx every text cell is typed as text (reports/cells.py), which
needs no visible apostrophe."""

from __future__ import annotations

import io
import re

import pandas as pd

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every risky text cell prefixed by an apostrophe."""

    def safe(value: object) -> object:
        return "'" + value if isinstance(value, str) and value.startswith(DANGEROUS) else value

    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(safe)
    out.columns = [safe(str(c)) for c in out.columns]
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """CRLF line ends (RFC 4180, as Excel writes): the csv module then quotes
    any cell holding a CR or LF, so a stray CR can never split a row."""
    return neutralise(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx(sheets: dict[str, pd.DataFrame], images: dict[str, bytes] | None = None) -> bytes:
    """One sheet per frame (names cut to Excel's 31 characters), header
    row frozen and columns sized to their content; then each PNG image (a
    map) on a sheet of its own. openpyxl is imported here, at the first
    download, not by every dashboard process that shows the button."""
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from reports.cells import put

    wb = Workbook()
    wb.remove(wb.active)
    for name, frame in sheets.items():
        sheet = wb.create_sheet(_sheet_title(name, wb.sheetnames))
        for col, column in enumerate(frame.columns, start=1):
            put(sheet, 1, col, str(column)).font = Font(bold=True)
            for row, value in enumerate(frame[column].tolist(), start=2):
                put(sheet, row, col, value)
            width = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))]) + 2
            sheet.column_dimensions[get_column_letter(col)].width = min(width, 60)
        sheet.freeze_panes = "A2"
    for name, png in (images or {}).items():
        picture = Image(io.BytesIO(png))
        picture.width, picture.height = picture.width // 2, picture.height // 2  # drawn at twice the size: sharp when printed
        wb.create_sheet(_sheet_title(name, wb.sheetnames)).add_image(picture, "A1")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet_title(name: str, taken: list[str]) -> str:
    """A sheet title Excel accepts: no []:*?/\\ and at most 31 characters, unique."""
    title = (_BAD_TITLE.sub(" ", name).strip() or "Sheet")[:31]
    n = 2
    while title in taken:
        suffix = f" ({n})"
        title, n = title[: 31 - len(suffix)] + suffix, n + 1
    return title
