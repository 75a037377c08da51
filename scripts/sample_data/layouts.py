"""The layouts officials use, drawn on a grid: a horizontal table (one row
per key) under a letterhead and titles, with a one- or two-row header,
column numbers, a total row and a signature footer; and a one-village
vertical report, one row per field in numbered sections."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from catalog import load_catalog
from catalog.models import Form, FormField
from scripts.sample_data.grids import Column, Fact, Footer, Grid, Head, Letterhead, TableRow, field_or_none, form_of
from scripts.sample_data.vi_numbers import vi_number
from scripts.sample_data.villages import Record


def render(value: object, fld: FormField | None, text_numbers: bool) -> object:
    """What the cell shows: an enum's label, a number (as Vietnamese text in CSV)."""
    if value is None:
        return None
    if fld is not None and fld.kind == "enum":
        return load_catalog().enum_label(fld.enum, str(value))
    if text_numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        return vi_number(value)
    return value


def table_grid(
    name: str,
    form_id: str,
    columns: Sequence[Column],
    rows: Sequence[TableRow],
    head: Head = Head(),  # noqa: B008 (a frozen dataclass, safe to share)
    text_numbers: bool = False,
) -> Grid:
    """A horizontal table, one row per key, with whatever surrounds it."""
    grid = Grid(name)
    width = len(columns)
    if head.letterhead:
        put_letterhead(grid, head.letterhead, width)
        grid.cursor += 1
    for title in head.titles:
        grid.merge(grid.line([title], "title"), 0, width - 1)
    if head.titles:
        grid.cursor += 1
    put_header(grid, columns)
    if head.column_numbers:
        grid.line([f"({i})" for i in range(1, width + 1)], "colnum")
    for row in rows:
        put_data_row(grid, form_of(form_id), columns, row, text_numbers)
    if head.total_label:
        put_total_row(grid, form_of(form_id), columns, rows, head.total_label)
    if head.footer:
        put_footer(grid, head.footer, width)
    for i, col in enumerate(columns):
        grid.widths[i] = 6 if col.source == "tt" else 28 if col.source.endswith("name") else 14
    return grid


def put_letterhead(grid: Grid, head: Letterhead, width: int) -> None:
    """Issuer block at the left, motto block at the right, each merged."""
    span = max(2, width // 3)
    right = max(span, width - max(3, width // 3))
    for i in range(max(len(head.left), len(head.right))):
        row = grid.cursor
        if i < len(head.left):
            grid.put(row, 0, head.left[i], "bold")
            grid.merge(row, 0, span - 1)
        if i < len(head.right) and right < width:
            grid.put(row, right, head.right[i], "bold")
            grid.merge(row, right, width - 1)
        grid.cursor += 1
    if head.date_line and right < width:
        grid.put(grid.cursor, right, head.date_line, "italic")
        grid.merge(grid.cursor, right, width - 1)
        grid.cursor += 1


def put_header(grid: Grid, columns: Sequence[Column]) -> None:
    """One header row, or two when a merged group cell stands over sub-headers."""
    top = grid.cursor
    two = any(c.group for c in columns)
    for i, col in enumerate(columns):
        if col.group is None:
            grid.put(top, i, col.header, "header")
            if two:
                grid.put(top + 1, i, None, "header")
                grid.merge(top, i, i, rows=2)
        else:
            grid.put(top + 1, i, col.header, "header")
            grid.put(top, i, None, "header")
    index = 0
    for group, run in itertools.groupby(columns, key=lambda c: c.group):
        n = len(list(run))
        if group:
            grid.put(top, index, group, "header")
            grid.merge(top, index, index + n - 1)
        index += n
    grid.cursor += 2 if two else 1


def put_data_row(grid: Grid, form: Form, columns: Sequence[Column], row: TableRow, text_numbers: bool) -> None:
    r = grid.cursor
    for i, col in enumerate(columns):
        value = row.values.get(col.source)
        fld = field_or_none(form, col.source)
        grid.put(r, i, render(value, fld, text_numbers), "cell")
        if fld is not None and value is not None:
            grid.facts.append(Fact(r, i, form.id, row.period, row.key, fld.id, value))
        if col.source == "period":
            grid.facts.append(Fact(r, i, form.id, row.period, row.key, "period", row.period))
    grid.cursor += 1


def put_total_row(grid: Grid, form: Form, columns: Sequence[Column], rows: Sequence[TableRow], label: str) -> None:
    """'Tổng cộng' under the name column, sums under the number columns."""
    names = [i for i, c in enumerate(columns) if c.source in ("village_name", "village_code", "project_name")]
    label_col = names[0] if names else 0
    r = grid.cursor
    for i, col in enumerate(columns):
        fld = field_or_none(form, col.source)
        value: object = None
        if i == label_col:
            value = label
        elif fld is not None and fld.kind in ("integer", "decimal"):
            values = [row.values[col.source] for row in rows if row.values.get(col.source) is not None]
            value = round(sum(values), 2) if fld.kind == "decimal" else sum(values)
        grid.put(r, i, value, "total")
    grid.cursor += 1


def put_footer(grid: Grid, footer: Footer, width: int) -> None:
    """Signature titles, three blank rows for the signature, then names."""
    grid.cursor += 1
    left = 1 if width > 2 else 0
    right = max(left + 1, width - 3)
    for i in range(max(len(footer.left), len(footer.right))):
        if i < len(footer.left):
            grid.put(grid.cursor, left, footer.left[i], "bold")
        if i < len(footer.right):
            grid.put(grid.cursor, right, footer.right[i], "bold")
        grid.cursor += 1
    grid.cursor += 3
    grid.put(grid.cursor, left, footer.left_name, "bold")
    grid.put(grid.cursor, right, footer.right_name, "bold")
    grid.cursor += 1


# The sections of a vertical report: (numeral, title, first field).
SECTIONS = (
    ("I", "Rác thải sinh hoạt", "households_total"),
    ("II", "Nông nghiệp", "cultivated_area"),
    ("III", "Năng lượng, giao thông, doanh nghiệp", "public_lights_total"),
    ("IV", "Trường học, cộng đồng", "schools_total"),
)
VERTICAL_LABELS = ("TT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú")


def vertical_grid(
    name: str,
    key: str,
    period: str,
    record: Record,
    head: Head,
    village_line: str | None = None,
    labels: Sequence[str] = VERTICAL_LABELS,
    notes: dict[str, str] | None = None,
) -> Grid:
    """One village's Biểu 01 as one row per field, in numbered sections."""
    form = form_of("01")
    grid = Grid(name)
    width = len(labels)
    if head.letterhead:
        put_letterhead(grid, head.letterhead, width)
        grid.cursor += 1
    for title in (*head.titles, *([village_line] if village_line else [])):
        grid.line([title], "title")
    grid.cursor += 1
    grid.line(labels, "header")
    starts = {first: (numeral, title) for numeral, title, first in SECTIONS}
    number = 0
    for fld in form.value_fields:
        if fld.id in starts:
            grid.line(starts[fld.id], "section")
            number = 0
        number += 1
        row = grid.line([number, fld.header_vi, fld.unit or "", record.get(fld.id), (notes or {}).get(fld.id)], "cell")
        if record.get(fld.id) is not None:
            grid.facts.append(Fact(row, 3, "01", period, key, fld.id, record[fld.id]))
    if head.footer:
        put_footer(grid, head.footer, 3)
    grid.widths.update({0: 6, 1: 62, 2: 12, 3: 12, 4: 24})
    return grid
