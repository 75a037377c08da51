"""Tables as files to take away: .xlsx and CSV (UTF-8 with BOM, so Excel
opens Vietnamese text right). A text cell that begins with = + - @ (or a
tab or carriage return) is neutralised with a leading apostrophe, so no
spreadsheet ever runs it as a formula (CSV/formula injection)."""

from __future__ import annotations

import io

import pandas as pd

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
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


def to_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per frame (names cut to Excel's 31 characters), header
    row frozen and columns sized to their content."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet_name = name[:31]
            neutralise(frame).to_excel(writer, sheet_name=sheet_name, index=False)
            sheet = writer.sheets[sheet_name]
            sheet.freeze_panes = "A2"
            for i, column in enumerate(frame.columns, start=1):
                width = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))]) + 2
                sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = min(width, 60)
    return buffer.getvalue()
