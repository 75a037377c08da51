"""Grids written as the files villages send: .xlsx (openpyxl, stable bytes),
legacy .xls (xlwt), .ods (odfpy), and semicolon CSV in UTF-8 or
Windows-1258 with combining tone marks; a file to write and its name."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from catalog import load_catalog
from scripts.sample_data.grids import Fact, Grid
from services.workbook import fixed_zip, stable_xlsx


def _xlsx_styles() -> dict[str, dict[str, object]]:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return {
        "title": {"font": Font(bold=True, size=13), "alignment": center},
        "bold": {"font": Font(bold=True), "alignment": Alignment(horizontal="center")},
        "italic": {"font": Font(italic=True), "alignment": Alignment(horizontal="center")},
        "header": {"font": Font(bold=True), "alignment": center, "border": box},
        "colnum": {"font": Font(italic=True), "alignment": center, "border": box},
        "section": {"font": Font(bold=True), "border": box},
        "total": {"font": Font(bold=True), "border": box},
        "cell": {"border": box, "alignment": Alignment(vertical="center", wrap_text=True)},
    }


def write_xlsx(path: Path, grids: Sequence[Grid], fast: bool = False) -> None:
    """An .xlsx; `fast` uses openpyxl's write-only mode (no styles, no merges)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=fast)
    if not fast:
        wb.remove(wb.active)
    styles = {} if fast else _xlsx_styles()
    for grid in grids:
        ws = wb.create_sheet(grid.name)
        if fast:
            for values in grid.dense():
                ws.append(values)
            continue
        for (r, c), value in grid.cells.items():
            ws.cell(r + 1, c + 1, value)
        for (r, c), style in grid.styles.items():
            for attr, obj in styles[style].items():
                setattr(ws.cell(r + 1, c + 1), attr, obj)
        for r1, c1, r2, c2 in grid.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
        for c, width in grid.widths.items():
            ws.column_dimensions[get_column_letter(c + 1)].width = width
    path.write_bytes(stable_xlsx(wb, load_catalog().commune.committee_vi))


def write_xls(path: Path, grids: Sequence[Grid]) -> None:
    """A legacy .xls (BIFF8) with xlwt, as old office PCs still save."""
    import xlwt

    box = "borders: left thin, right thin, top thin, bottom thin"
    center = "align: wrap on, horiz centre, vert centre"
    easy = {
        "title": f"font: bold on, height 260; {center}",
        "bold": "font: bold on; align: horiz centre",
        "italic": "font: italic on; align: horiz centre",
        "header": f"font: bold on; {center}; {box}",
        "colnum": f"font: italic on; {center}; {box}",
        "section": f"font: bold on; {box}",
        "total": f"font: bold on; {box}",
        "cell": f"align: wrap on, vert centre; {box}",
    }
    styles = {name: xlwt.easyxf(spec) for name, spec in easy.items()}
    plain = xlwt.easyxf("")
    wb = xlwt.Workbook(encoding="utf-8")
    for grid in grids:
        ws = wb.add_sheet(grid.name)
        covered: set[tuple[int, int]] = set()
        for r1, c1, r2, c2 in grid.merges:
            style = styles.get(grid.styles.get((r1, c1), ""), plain)
            ws.write_merge(r1, r2, c1, c2, grid.cells.get((r1, c1), ""), style)
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for pos in sorted(set(grid.cells) | set(grid.styles)):
            if pos not in covered:
                ws.write(pos[0], pos[1], grid.cells.get(pos, ""), styles.get(grid.styles.get(pos, ""), plain))
        for c, width in grid.widths.items():
            ws.col(c).width = int(256 * width)
    wb.save(str(path))


def write_ods(path: Path, grids: Sequence[Grid]) -> None:
    """An OpenDocument spreadsheet written with odfpy, merged cells included."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties
    from odf.table import CoveredTableCell, Table, TableCell
    from odf.table import TableRow as OdsRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    bold = Style(name="bold", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    for grid in grids:
        table = Table(name=grid.name)
        spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in grid.merges}
        covered = {(r, c) for r1, c1, r2, c2 in grid.merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - set(spans)
        for r in range(grid.height):
            row = OdsRow()
            for c in range(grid.width):
                if (r, c) in covered:
                    row.addElement(CoveredTableCell())
                    continue
                attrs: dict[str, object] = {}
                if (r, c) in spans:
                    attrs["numberrowsspanned"], attrs["numbercolumnsspanned"] = map(str, spans[(r, c)])
                if grid.styles.get((r, c)) in ("title", "bold", "header", "section", "total"):
                    attrs["stylename"] = bold
                row.addElement(_ods_cell(TableCell, P, grid.cells.get((r, c)), attrs))
            table.addElement(row)
        doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    path.write_bytes(fixed_zip(buffer.getvalue()))


def _ods_cell(
    cell_type: Callable[..., object], paragraph: Callable[..., object], value: object, attrs: dict[str, object]
) -> object:
    """A float cell for numbers, a string cell with one paragraph per line."""
    if value is None:
        return cell_type(**attrs)
    if isinstance(value, (int, float)):
        cell = cell_type(valuetype="float", value=str(value), **attrs)
        cell.addElement(paragraph(text=str(value)))
        return cell
    cell = cell_type(valuetype="string", **attrs)
    for part in str(value).split("\n"):
        cell.addElement(paragraph(text=part))
    return cell


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave, acute, tilde, hook, dot


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes as Vietnamese Windows writes them.

    Windows-1258 has the base letters (ê, ơ, ư, ă, â, ô, đ) but stores tone
    marks as combining characters: each tone is split off its letter (NFD),
    the rest of the letter is kept precomposed (NFC).
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(p for p in parts if p in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def write_csv(path: Path, grids: Sequence[Grid], encoding: str = "utf-8-sig") -> None:
    """A semicolon CSV of the first grid, in cp1258 (tone marks combining) or UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for values in grids[0].dense():
        writer.writerow(["" if v is None else v for v in values])
    text = buffer.getvalue()
    path.write_bytes(to_cp1258(text) if encoding == "cp1258" else text.encode(encoding))


@dataclass
class OutFile:
    """A file to write: its sheets, form, periods, and a line for the README."""

    name: str
    form: str
    periods: tuple[str, ...]
    layout: str
    grids: list[Grid]
    period_from: str = "title"  # "title", "column" or "none"
    encoding: str = "utf-8-sig"  # CSV only

    def facts(self) -> list[Fact]:
        return [fact for grid in self.grids for fact in grid.facts]


def write_file(out_dir: Path, out: OutFile, fast: bool = False) -> Path:
    """Write one file in the format its name ends with."""
    path = out_dir / out.name
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(path, out.grids, fast)
    elif suffix == ".xls":
        write_xls(path, out.grids)
    elif suffix == ".ods":
        write_ods(path, out.grids)
    elif suffix == ".csv":
        write_csv(path, out.grids, out.encoding)
    else:
        raise ValueError(f"no writer for {path.name}")
    return path


def slug(text: str) -> str:
    """'Tràng Kỹ' -> 'trang-ky' for file names (no diacritics, no i/y folding)."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text).split())
