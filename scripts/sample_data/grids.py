"""A sheet as a grid of cells and the facts its cells carry (so the check can
read each value back), what officials put around a table (letterhead,
titles, totals, signatures), and a form's columns with their headers and
units taken from the catalog, so the files never drift from the forms."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from catalog import load_catalog
from catalog.models import Form, FormField
from services.workbook import MOTTO, issuer


@dataclass(frozen=True)
class Fact:
    """One written value and what it means, so --check can read it back."""

    row: int
    col: int
    form: str
    period: str | None
    key: str
    field: str  # a field id, or "period" for a cell that names the period
    value: object


@dataclass
class Grid:
    """One sheet: cells at 0-based (row, col), merges, styles and facts."""

    name: str
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    styles: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    cursor: int = 0

    def put(self, row: int, col: int, value: object, style: str | None = None) -> None:
        if value is not None and value != "":
            self.cells[(row, col)] = value
        if style:
            self.styles[(row, col)] = style

    def line(self, values: Sequence[object], style: str | None = None, start: int = 0) -> int:
        """Write a row at the cursor and move on; returns the row written."""
        row = self.cursor
        for offset, value in enumerate(values):
            self.put(row, start + offset, value, style)
        self.cursor += 1
        return row

    def merge(self, row: int, first: int, last: int, rows: int = 1) -> None:
        if last > first or rows > 1:
            self.merges.append((row, first, row + rows - 1, last))

    @property
    def width(self) -> int:
        return 1 + max((c for _, c in self.cells), default=-1)

    @property
    def height(self) -> int:
        return 1 + max((r for r, _ in self.cells), default=-1)

    def dense(self) -> list[list[object]]:
        return [[self.cells.get((r, c)) for c in range(self.width)] for r in range(self.height)]


@dataclass(frozen=True)
class Column:
    """A table column: the header printed and what fills it.

    `source` is a field id or one of "tt", "period", "note"; a column under
    a merged group cell prints its sub-header and names its `group`.
    """

    header: str
    source: str
    group: str | None = None


@dataclass(frozen=True)
class TableRow:
    """One data row: the key it belongs to and its values by column source."""

    key: str
    period: str | None
    values: dict[str, object]


@dataclass(frozen=True)
class Letterhead:
    """The two title blocks of an official document: issuer and motto."""

    left: tuple[str, ...]
    right: tuple[str, ...] = MOTTO
    date_line: str | None = None


@dataclass(frozen=True)
class Footer:
    """The signature block: titles, then names a few rows below."""

    left: tuple[str, ...] = ("NGƯỜI LẬP BIỂU",)
    left_name: str | None = None
    right: tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    right_name: str | None = None


@dataclass(frozen=True)
class Head:
    """Everything around a table that officials add and loaders must skip."""

    letterhead: Letterhead | None = None
    titles: tuple[str, ...] = ()
    column_numbers: bool = False
    total_label: str | None = None
    footer: Footer | None = None


def commune_letterhead(date_line: str | None = None) -> Letterhead:
    """'ỦY BAN NHÂN DÂN / XÃ CẨM GIÀNG' from the catalog's commune name."""
    return Letterhead(issuer(load_catalog().commune), date_line=date_line)


def form_of(form_id: str) -> Form:
    return load_catalog().forms[form_id]


def field_or_none(form: Form, source: str) -> FormField | None:
    return next((f for f in form.fields if f.id == source), None)


def with_unit(fld: FormField, units: str) -> str:
    """The header with its unit on a second line, inline, or not at all."""
    return fld.header_vi if units == "none" else fld.header_with_unit("\n" if units == "newline" else " ")


def header_groups(fields: Sequence[FormField]) -> dict[str, tuple[str, str]]:
    """Field id -> (group, sub-header) for runs that share a long prefix.

    Three or more neighbouring fields with one unit and at least three words
    in common ("Khối lượng CTR sinh hoạt ...") get a merged group cell, the
    way officials lay out the waste columns.
    """
    groups: dict[str, tuple[str, str]] = {}
    start = 0
    while start < len(fields):
        end = start + 1
        while end < len(fields) and _prefix_words(fields[start : end + 1]) >= 3 and fields[end].unit == fields[start].unit:
            end += 1
        run = fields[start:end]
        if len(run) >= 3:
            n = _prefix_words(run)
            group = " ".join(run[0].header_vi.split()[:n]) + (f" ({run[0].unit})" if run[0].unit else "")
            for f in run:
                rest = " ".join(f.header_vi.split()[n:])
                groups[f.id] = (group, rest[:1].upper() + rest[1:])
        start = end
    return groups


def _prefix_words(fields: Sequence[FormField]) -> int:
    words = [f.header_vi.split() for f in fields]
    return sum(1 for _ in itertools.takewhile(lambda ws: len(set(ws)) == 1, zip(*words)))


def field_columns(
    form_id: str,
    ids: Sequence[str] | None = None,
    units: str = "newline",
    upper: bool = False,
    grouped: bool = False,
) -> list[Column]:
    """Columns for a form's fields, headers and units taken from the catalog."""
    form = form_of(form_id)
    fields = [f for f in form.fields if (ids is None and f.role == "value") or (ids is not None and f.id in ids)]
    groups = header_groups(fields) if grouped else {}
    columns = []
    for f in fields:
        if f.id in groups:
            group, sub = groups[f.id]
            columns.append(Column(sub.upper() if upper else sub, f.id, group.upper() if upper else group))
        else:
            text = with_unit(f, units)
            columns.append(Column(text.upper() if upper else text, f.id))
    return columns


def key_column(form_id: str, field_id: str) -> Column:
    return Column(form_of(form_id).field(field_id).header_vi, field_id)
