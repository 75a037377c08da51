#!/usr/bin/env python3
"""Write the illustrative sample data of xã Cẩm Giàng into sample_data/.

The files imitate what villages and units really send to the commune: formal
tables with title rows, a two-row header, totals and signatures; per-group
files; one-village vertical reports; legacy .xls; .ods; a Windows-1258 CSV
with Vietnamese text numbers; a partial report with only the lighting columns.
The dashboard starts on them with a story to show, and the loaders meet every
layout. Headers, units and enumeration labels come from the catalog, so the
files never drift from the forms.

The figures are made up but deterministic (fixed seed, fixed zip timestamps):
running the script twice writes byte-identical files.

    python scripts/make_sample_data.py [--out DIR] [--check]

--check re-reads every written value with python-calamine (the CSV through
cp1258), asserts the catalog's validation rules on what it read and prints
the headline indicators. bench/make_city.py builds its city-scale set from
the same building blocks.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import random
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from catalog import load_catalog  # noqa: E402
from catalog.models import Form, FormField, Indicator, Part  # noqa: E402
from catalog.periods import parse_period, period_title, time_of  # noqa: E402
from catalog.text import fold  # noqa: E402
from services.workbook import MOTTO, fixed_zip, issuer, stable_xlsx  # noqa: E402

SEED = 14_2026  # Action Program No. 14, 2026: any fixed number keeps the files stable
OUT_DIR = ROOT / "sample_data"
DOCS = ROOT / "docs" / "sample-data.md"
SAMPLE_PERIODS = ("2023", "2024", "2025", "2026-H1")


# --------------------------------------------------------------------------
# Villages and their figures
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Village:
    """A village of the registry (Biểu 00) and how fast it moves.

    `pace` scales the progress after the baseline: above 1 a village is
    ahead of the commune, below 1 behind it, so the village pages have both.
    """

    code: str
    name: str
    group: str
    aliases: tuple[str, ...] = ()
    pace: float = 1.0


VILLAGES = (
    Village("LD01", "Lương Xá", "Lương Điền", ("Luong Xa",), 1.7),
    Village("LD02", "Đồng Khê", "Lương Điền"),
    Village("LD03", "Tân Phong", "Lương Điền"),
    Village("LD04", "Quảng Cư", "Lương Điền", pace=0.3),
    Village("NG01", "Tràng Kỹ", "Ngọc Liên", ("Trang Ky",)),
    Village("NG02", "Phí Xá", "Ngọc Liên", pace=1.6),
    Village("NG03", "Đông Hòa", "Ngọc Liên", pace=0.8),
    Village("CH01", "Hoàng Xá", "Cẩm Hưng", ("Hoàng Xá Đông",)),
    Village("CH02", "Cẩm Khê", "Cẩm Hưng", ("Khê Thượng",), 1.8),
    Village("CH03", "Ngọc Trì", "Cẩm Hưng"),
    Village("CH04", "Quý Dương", "Cẩm Hưng", pace=0.25),
    Village("PD01", "Phúc Cầu", "Phúc Điền", ("Phuc Cau",), 1.4),
    Village("PD02", "Cao Xá", "Phúc Điền", pace=0.4),
    Village("PD03", "Nghĩa Phú", "Phúc Điền"),
    Village("PD04", "Ô Xuyên", "Phúc Điền", ("Ô Xuyên Đông", "O Xuyen")),
)
LATE_VILLAGE = "PD03"  # sends no 2026-H1 report: completeness shows 14/15
# Phúc Cầu is the big village (1.150 households in 2025): its CSV shows a thousands separator.
SIZE_OVERRIDES = {"PD01": {"households_total": 1150.0}}

Record = dict[str, float | int]


@dataclass(frozen=True)
class Trend:
    """A quantity of its own: base × (1 + rate)^t, t in years from the baseline.

    Stocks (households, lights) drift slowly, flows such as straw burning fall.
    A `per_household` base scales with the village's size. A half-year report
    is year-to-date, so a flow's half-year figure is `half_share` of a year's.
    """

    field: str
    low: float
    high: float
    rate: float
    pre_rate: float | None = None
    per_household: bool = False
    paced: bool = False
    half_share: float = 1.0
    digits: int = 0


@dataclass(frozen=True)
class Share:
    """A numerator field as a share of its denominator field.

    The share is `mean ± spread` at the baseline, rose by `pre` a year before
    it and rises by `post` a year after it (times the village's pace when
    `paced`), which gives each ratio indicator its own story.
    """

    part: str
    whole: str
    mean: float
    spread: float
    pre: float
    post: float
    paced: bool = True


TRENDS = (  # households first: per-household bases scale with it
    Trend("households_total", 380, 980, 0.012),
    Trend("waste_generated", 1.0e-3, 1.35e-3, 0.02, per_household=True, digits=2),
    Trend("cultivated_area", 55, 140, -0.005, digits=1),
    Trend("livestock_households", 0.08, 0.2, -0.03, per_household=True),
    Trend("public_lights_total", 90, 230, 0.03),
    Trend("businesses_total", 6, 45, 0.04),
    Trend("schools_total", 0.5, 1.8, 0.0),
    Trend("straw_burning_cases", 4, 10, -0.45, pre_rate=-0.2, paced=True, half_share=0.5),
    Trend("green_farming_models", 0, 3, 0.25),
    Trend("certified_products", 0, 4, 0.2),
    Trend("rooftop_solar_kwp", 30, 180, 0.35, digits=1),
    Trend("electric_vehicles", 0.15, 0.35, 0.3, per_household=True),
    Trend("charging_stations", 0, 2, 0.4),
    Trend("env_selfmanaged_models", 0, 2, 0.3),
)
SHARES = (  # a part comes after its whole (sorting follows committed)
    Share("households_committed", "households_total", 0.42, 0.16, 0.13, 0.20),
    Share("households_sorting", "households_committed", 0.72, 0.08, 0.03, 0.06),
    Share("waste_collected", "waste_generated", 0.86, 0.05, 0.03, 0.02, paced=False),
    Share("waste_treated", "waste_collected", 0.55, 0.10, 0.04, 0.03),
    Share("gap_area", "cultivated_area", 0.14, 0.05, 0.02, 0.06, paced=False),
    Share("water_saving_irrigation_area", "cultivated_area", 0.12, 0.05, 0.02, 0.04, paced=False),
    Share("ipm_area", "cultivated_area", 0.26, 0.08, 0.03, 0.06, paced=False),
    Share("livestock_biogas", "livestock_households", 0.36, 0.10, 0.04, 0.08),
    Share("public_lights_led", "public_lights_total", 0.45, 0.20, 0.10, 0.50),
    Share("businesses_rooftop_solar", "businesses_total", 0.08, 0.05, 0.02, 0.06, paced=False),
    Share("businesses_low_emission", "businesses_total", 0.12, 0.06, 0.02, 0.06, paced=False),
    Share("schools_green_education", "schools_total", 0.3, 0.3, 0.1, 0.6, paced=False),
)


def _digits() -> dict[str, int]:
    """Decimals of each field: a share's part is written like its whole."""
    digits = {t.field: t.digits for t in TRENDS}
    for share in SHARES:
        digits[share.part] = digits[share.whole]
    return digits


DIGITS = _digits()


def rounded(value: float, digits: int) -> float | int:
    """Whole numbers for counts, a few decimals for tonnes and hectares."""
    return int(round(value)) if digits == 0 else round(value, digits)


def village_figures(
    village: Village,
    periods: Iterable[str],
    seed: int = SEED,
    overrides: dict[str, float] | None = None,
) -> dict[str, Record]:
    """Every Biểu 01 field of one village for each period.

    Each village draws from its own generator seeded by its code, so adding
    a village or a period never changes another village's figures.
    """
    rng = random.Random(f"{seed}:{village.code}")
    bases = {t.field: rng.uniform(t.low, t.high) for t in TRENDS} | (overrides or {})
    shares = {s.part: min(0.98, max(0.02, s.mean + rng.uniform(-s.spread, s.spread))) for s in SHARES}
    baseline = time_of(load_catalog().commune.baseline_period)
    return {p: _record(village.pace, bases, shares, time_of(p) - baseline, p.endswith("-H1")) for p in periods}


def _record(pace: float, bases: dict[str, float], shares: dict[str, float], t: float, half: bool) -> Record:
    """One period's figures, t years after the baseline (negative before)."""
    record: Record = {}
    for trend in TRENDS:
        if t < 0:
            rate = trend.rate if trend.pre_rate is None else trend.pre_rate
        else:
            rate = trend.rate * (pace if trend.paced else 1.0)
        value = bases[trend.field] * (1 + max(rate, -0.95)) ** t
        if trend.per_household:
            value *= record["households_total"]
        if half:
            value *= trend.half_share
        record[trend.field] = rounded(value, trend.digits)
    for share in SHARES:
        step = share.pre * t if t < 0 else share.post * t * (pace if share.paced else 1.0)
        ratio = min(1.0, max(0.0, shares[share.part] + step))
        whole = record[share.whole]
        record[share.part] = min(whole, rounded(whole * ratio, DIGITS[share.part]))
    return record


# --------------------------------------------------------------------------
# Sheets as grids of cells, and the facts they carry
# --------------------------------------------------------------------------


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


def render(value: object, fld: FormField | None, text_numbers: bool) -> object:
    """What the cell shows: an enum's label, a number (as Vietnamese text in CSV)."""
    if value is None:
        return None
    if fld is not None and fld.kind == "enum":
        return load_catalog().enum_label(fld.enum, str(value))
    if text_numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        return vi_number(value)
    return value


def vi_number(value: float, digits: int = 2) -> str:
    """Vietnamese text number: '1.234' for a whole number, '0,70' for a decimal."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    whole, frac = f"{value:,.{digits}f}".split(".")
    return whole.replace(",", ".") + "," + frac


def table_grid(
    name: str, form_id: str, columns: Sequence[Column], rows: Sequence[TableRow], head: Head = Head(), text_numbers: bool = False
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


# --------------------------------------------------------------------------
# Writers: .xlsx, .xls, .ods, .csv
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Rows of each form
# --------------------------------------------------------------------------


def slug(text: str) -> str:
    """'Tràng Kỹ' -> 'trang-ky' for file names (no diacritics, no i/y folding)."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def registry_rows(villages: Sequence[Village]) -> list[TableRow]:
    """Biểu 00 rows: code, name, former commune, aliases joined by ';'."""
    return [
        TableRow(
            v.code,
            None,
            {"tt": i, "village_code": v.code, "village_name": v.name, "group": v.group, "aliases": "; ".join(v.aliases) or None},
        )
        for i, v in enumerate(villages, 1)
    ]


def registry_file(name: str, villages: Sequence[Village], title: str) -> OutFile:
    """Biểu 00 as an .xlsx with a title line above the table."""
    columns = [Column("TT", "tt"), *field_columns("00", ["village_code", "village_name", "group", "aliases"])]
    grid = table_grid("Danh mục thôn", "00", columns, registry_rows(villages), Head(titles=(title,)))
    return OutFile(name, "00", (), "bảng có dòng tiêu đề", [grid], period_from="none")


def village_rows(
    villages: Sequence[Village],
    figures: dict[str, dict[str, Record]],
    period: str,
    names: dict[str, str] | None = None,
    period_value: object = None,
) -> list[TableRow]:
    """Biểu 01 rows of these villages for one period.

    `names` writes a village as officials sometimes do (an alias, "Thôn ..."),
    `period_value` fills a period column (`Năm`, `Kỳ báo cáo`).
    """
    rows = []
    for i, v in enumerate(villages, 1):
        values: dict[str, object] = dict(figures[v.code][period])
        values |= {"tt": i, "village_code": v.code, "village_name": (names or {}).get(v.code, v.name), "period": period_value}
        rows.append(TableRow(v.code, period, values))
    return rows


def register_rows(form_id: str, period: str, entries: Sequence[dict[str, object]], period_value: object = None) -> list[TableRow]:
    """Rows of a register form (02-05), keyed by the form's key field."""
    key = form_of(form_id).key[0]
    return [TableRow(str(entry[key]), period, {"tt": i, "period": period_value, **entry}) for i, entry in enumerate(entries, 1)]


def register_columns(form_id: str, period_header: str | None = None, units: str = "inline") -> list[Column]:
    """TT, an optional period column, then every field of the form."""
    period = [Column(period_header, "period")] if period_header else []
    return [Column("TT", "tt"), *period, *field_columns(form_id, [f.id for f in form_of(form_id).fields], units)]


# --------------------------------------------------------------------------
# The sample's registers (02-05): illustrative content
# --------------------------------------------------------------------------

# cluster -> period -> (has_investor, wwtp_status, capacity m³/ngày đêm)
CLUSTERS = {
    "Cụm công nghiệp Lương Điền": {
        "2024": ("yes", "under_construction", 2000),
        "2025": ("yes", "operating_substandard", 2000),
        "2026-H1": ("yes", "operating_compliant", 2000),
    },
    "Cụm công nghiệp Ngọc Liên": {
        "2024": ("yes", "not_invested", None),
        "2025": ("yes", "under_construction", 1200),
        "2026-H1": ("yes", "under_construction", 1200),
    },
    "Cụm công nghiệp Phúc Điền": {p: ("no", "not_invested", None) for p in ("2024", "2025", "2026-H1")},
}

# (work, village as written or None, capital source, period -> (masonry total, non-fired))
WORKS = (
    ("Cứng hóa đường trục thôn Lương Xá", "Lương Xá", "state_budget", {"2025": (185000, 92000)}),
    ("Nhà văn hóa thôn Đồng Khê", "Đồng Khê", "state_budget", {"2025": (64000, 64000)}),
    (
        "Nhà lớp học 2 tầng Trường Tiểu học Ngọc Liên",
        None,
        "state_budget",
        {"2025": (240000, 120000), "2026-H1": (240000, 168000)},
    ),
    (
        "Kiên cố hóa kênh mương nội đồng khu vực Cẩm Hưng",
        None,
        "foreign_public",
        {"2025": (150000, 60000), "2026-H1": (150000, 90000)},
    ),
    ("Nhà văn hóa thôn Cao Xá", "Cao Xá", "other", {"2025": (52000, 10000)}),
    ("Cải tạo Trạm Y tế xã", None, "state_budget", {"2025": (90000, 45000), "2026-H1": (90000, 72000)}),
    ("Nhà văn hóa thôn Đông Hòa", "thôn Đông Hòa", "state_budget", {"2026-H1": (60000, 60000)}),
    ("Đường giao thông nội đồng thôn Ô Xuyên", "Ô Xuyên", "state_budget", {"2026-H1": (120000, 108000)}),
    ("Nhà hiệu bộ Trường Mầm non Phúc Điền", None, "state_budget", {"2026-H1": (110000, 110000)}),
    ("Sân thể thao thôn Ngọc Trì", "Ngọc Trì", "other", {"2026-H1": (48000, 24000)}),
)

# (party cell, type, members 2025); village cells are added from VILLAGES
OTHER_CELLS = (
    ("Chi bộ Cơ quan Đảng - Đoàn thể", "agency", 28),
    ("Chi bộ Cơ quan Ủy ban nhân dân", "agency", 34),
    ("Chi bộ Công an xã", "agency", 21),
    ("Chi bộ Quân sự xã", "agency", 12),
    ("Chi bộ Trạm Y tế xã", "agency", 9),
    ("Chi bộ Trường Mầm non Cẩm Giàng", "school", 16),
    ("Chi bộ Trường Tiểu học Lương Điền", "school", 19),
    ("Chi bộ Trường Tiểu học Ngọc Liên", "school", 15),
    ("Chi bộ Trường THCS Cẩm Hưng", "school", 22),
    ("Chi bộ Trường THCS Phúc Điền", "school", 18),
    ("Chi bộ Công ty TNHH May mặc Phúc Điền", "enterprise", 11),
)

SIGNERS = (
    "Nguyễn Thị Hương",
    "Phạm Văn Thắng",
    "Trần Thị Mai",
    "Lê Văn Hải",
    "Vũ Đức Toàn",
    "Đỗ Thị Ngọc",
    "Bùi Văn Nam",
    "Hoàng Văn Khánh",
)


def cluster_entries(clusters: dict[str, dict[str, tuple]], period: str) -> list[dict[str, object]]:
    return [
        {"cluster_name": name, "has_investor": by[period][0], "wwtp_status": by[period][1], "wwtp_capacity": by[period][2]}
        for name, by in clusters.items()
        if period in by
    ]


def work_entries(works: Sequence[tuple], period: str) -> list[dict[str, object]]:
    return [
        {
            "project_name": name,
            "village": village,
            "capital_source": capital,
            "masonry_total": by[period][0],
            "masonry_non_fired": by[period][1],
        }
        for name, village, capital, by in works
        if period in by
    ]


def cell_entries(
    villages: Sequence[Village], others: Sequence[tuple[str, str, int]], period: str, seed: int = SEED
) -> list[dict[str, object]]:
    """Party cells with members and the briefing on Resolution 08.

    The resolution dates from 01/2026: at the 2025 baseline nobody was
    briefed and no cell had a green resolution; by mid-2026 briefing is
    nearly done (a few elderly or away members), resolutions under way.
    """
    baseline = time_of(load_catalog().commune.baseline_period)
    t = time_of(period) - baseline
    cells = [(f"Chi bộ thôn {v.name}", "village", 0) for v in villages] + list(others)
    entries = []
    for name, kind, members in cells:
        rng = random.Random(f"{seed}:{name}")  # same draws for every period
        size, joined, missed = rng.randint(28, 75), rng.choice((0, 0, 1, 1, 2)), rng.choice((0, 0, 0, 1, 1, 2, 3))
        draw_resolution, draw_school, draw_criteria = rng.random(), rng.random(), rng.random()
        total = (members or size) + (joined if t > 0 else 0)
        briefed = 0 if t <= 0 else max(0, total - missed) if t < 1 else total
        resolution = t > 0 and draw_resolution < 0.45 * 2 * t
        criteria = (kind == "school" and draw_school < 0.5) or (t > 0 and draw_criteria < 0.35 * 2 * t)
        entries.append(
            {
                "cell_name": name,
                "cell_type": kind,
                "members_total": total,
                "members_briefed": briefed,
                "has_green_resolution": "yes" if resolution else "no",
                "green_criteria": "yes" if criteria else "no",
            }
        )
    return entries


@dataclass(frozen=True)
class Progress:
    """One Biểu 04 row: status, percent and the unit's words."""

    status: str
    percent: int
    result: str = ""
    issues: str = ""
    deadline: str | None = None
    name: str | None = None  # only for a task the catalog does not list


def task_entries(progress: dict[str, Progress]) -> list[dict[str, object]]:
    """Biểu 04 rows: catalog tasks by catalog name and lead unit, then new ones."""
    catalog = load_catalog()
    entries = []
    for task_id, p in progress.items():
        task = catalog.task(task_id)
        entries.append(
            {
                "task_id": task_id,
                "task_name": task.name_vi if task else p.name,
                "status": p.status,
                "percent_complete": p.percent,
                "result": p.result or None,
                "issues": p.issues or None,
                "reporting_unit": reporting_unit(task.lead_unit if task else "UBND xã"),
                "deadline": p.deadline,
            }
        )
    return entries


def reporting_unit(lead_unit: str) -> str:
    """The unit that writes the row: the first lead unit ('UBND xã' of 'UBND xã,
    các thôn'), or the whole text when it names a plural ('Các chi, đảng bộ')."""
    first = lead_unit.split(",")[0].strip()
    return lead_unit if first.lower().startswith("các") else first


def ratio_text(num: float, den: float) -> str:
    """'1.630/2.390' for whole numbers, '231,9/1.360,2' otherwise."""

    def one(x: float) -> str:
        return vi_number(int(x)) if float(x).is_integer() else vi_number(x, 1)

    return f"{one(num)}/{one(den)}"


def share(num: float, den: float) -> float:
    return 100 * num / den if den else 0.0


def pct(num: float, den: float) -> str:
    """'41,3' the way a Vietnamese report writes a percent."""
    return vi_number(round(100 * num / den, 1), 1) if den else "0"


def totals(records: Iterable[Record], *fields: str) -> list[float]:
    records = list(records)
    return [round(sum(r[f] for r in records), 2) for f in fields]


def sample_progress(figures: dict[str, Record], cells: Sequence[dict[str, object]]) -> dict[str, dict[str, Progress]]:
    """Task progress for 2025 and 2026-H1, its results quoting the figures."""
    committed, households = totals(figures.values(), "households_committed", "households_total")
    led, lights = totals(figures.values(), "public_lights_led", "public_lights_total")
    gap, area = totals(figures.values(), "gap_area", "cultivated_area")
    biogas, livestock, straw = totals(figures.values(), "livestock_biogas", "livestock_households", "straw_burning_cases")
    kwp, models, products, env = totals(
        figures.values(), "rooftop_solar_kwp", "green_farming_models", "certified_products", "env_selfmanaged_models"
    )
    low, businesses, green, schools = totals(
        figures.values(), "businesses_low_emission", "businesses_total", "schools_green_education", "schools_total"
    )
    briefed = sum(int(c["members_briefed"]) for c in cells)
    members = sum(int(c["members_total"]) for c in cells)
    resolutions = sum(c["has_green_resolution"] == "yes" for c in cells)
    gap_target = load_catalog().indicator("CT3").target or 100
    h1 = {
        "PL-01": Progress(
            "in_progress",
            round(share(committed, households)),
            f"{len(figures)} thôn đã tổ chức ký cam kết; {ratio_text(committed, households)} hộ ký cam kết ({pct(committed, households)}%)",
            "Một số thôn chưa đủ thùng chứa rác đã phân loại",
        ),
        "PL-02": Progress(
            "in_progress",
            40,
            f"{int(straw)} vụ đốt rơm rạ; {ratio_text(biogas, livestock)} hộ chăn nuôi có hầm biogas",
            "Thiếu máy cuộn rơm; chi phí xây hầm biogas cao",
        ),
        "PL-03": Progress(
            "in_progress",
            min(100, round(share(gap, area) * 100 / gap_target)),
            f"{ratio_text(gap, area)} ha đạt GAP, hữu cơ ({pct(gap, area)}%)",
            "Chi phí chứng nhận VietGAP cao với hộ nhỏ lẻ",
        ),
        "PL-04": Progress(
            "in_progress",
            round(share(led, lights)),
            f"{ratio_text(led, lights)} bộ đèn là đèn LED ({pct(led, lights)}%)",
            "Đề nghị bố trí kinh phí thay đèn 6 tháng cuối năm",
            "2028",
        ),
        "GT-01": Progress("in_progress", 30, "Tuyên truyền trên loa truyền thanh các thôn"),
        "GT-02": Progress("paused", 10, "Đã khảo sát 3 vị trí đặt trạm sạc", "Chưa có nhà đầu tư, chờ quy hoạch"),
        "CN-01": Progress(
            "in_progress",
            50,
            "Cụm công nghiệp Lương Điền vận hành XLNT đạt quy chuẩn; cụm Ngọc Liên đang xây dựng",
            "Trạm XLNT cụm Ngọc Liên chậm tiến độ",
        ),
        "CN-02": Progress("in_progress", 25, f"{ratio_text(low, businesses)} cơ sở sản xuất ít phát thải, năng lượng sạch"),
        "CN-03": Progress("in_progress", 50, "Không tiếp nhận dự án có nguy cơ ô nhiễm cao"),
        "NL-01": Progress("in_progress", 35, f"Tổng công suất điện mặt trời áp mái {vi_number(kwp, 1)} kWp"),
        "XD-01": Progress("in_progress", 40, "Công trình mới khởi công dùng gạch không nung", "Giá gạch không nung còn cao"),
        "XD-02": Progress("in_progress", 40, "Giám sát vật liệu xây tại 6 công trình"),
        "XD-03": Progress("not_started", 0),
        "NN-01": Progress("in_progress", 45, "Mở rộng vùng lúa hữu cơ, áp dụng IPM"),
        "NN-02": Progress("in_progress", 30, "Hỗ trợ hộ chăn nuôi làm đệm lót sinh học"),
        "NN-03": Progress("in_progress", 50, "Hướng dẫn ủ rơm rạ làm phân hữu cơ", "Đốt rơm rạ còn xảy ra trong vụ thu hoạch"),
        "NN-04": Progress("in_progress", 30, f"{int(models)} mô hình nông nghiệp xanh, sinh thái, tuần hoàn"),
        "NN-05": Progress("in_progress", 35, f"{int(products)} sản phẩm đạt VietGAP, GlobalGAP, OCOP"),
        "LS-01": Progress("in_progress", 40, "Chợ xã hạn chế túi nilon; vận động bỏ đồ nhựa dùng một lần"),
        "LS-02": Progress("not_started", 0),
        "LS-03": Progress(
            "in_progress", 45, f"{ratio_text(green, schools)} trường triển khai giáo dục xanh; {int(env)} mô hình tự quản"
        ),
        "TC-01": Progress("in_progress", 50, "HĐND xã giám sát 2 công trình đầu tư công"),
        "TC-02": Progress("completed", 100, "Ban hành Kế hoạch thực hiện Chương trình hành động 14-CTr/ĐU", "", "31/03/2026"),
        "TC-03": Progress(
            "in_progress",
            int(share(briefed, members)),
            f"Đã quán triệt {ratio_text(briefed, members)} đảng viên ({pct(briefed, members)}%)",
            "Một số đảng viên cao tuổi, đi làm ăn xa chưa dự",
            "31/12/2026",
        ),
        "TC-04": Progress("not_started", 0),
        "TC-05": Progress("in_progress", 40, f"{int(env)} mô hình tự quản về môi trường"),
        "TC-06": Progress(
            "in_progress", round(share(resolutions, len(cells))), f"{resolutions}/{len(cells)} chi bộ có nghị quyết chuyên đề"
        ),
        "XA-01": Progress(
            "in_progress",
            80,
            "Đã trồng 1.200 cây xanh",
            "Thiếu quỹ đất trồng cây ở khu dân cư",
            "30/04/2026",
            "Trồng cây xanh trên các tuyến đường trục xã, thôn",
        ),
    }
    started_2025 = {
        "PL-01": Progress("in_progress", 30, "Thí điểm phân loại rác tại 5 thôn"),
        "PL-04": Progress("in_progress", 40, "Thay đèn LED theo chương trình nông thôn mới"),
        "CN-01": Progress("in_progress", 20, "Cụm công nghiệp Lương Điền đã vận hành XLNT, chưa đạt quy chuẩn"),
        "NN-01": Progress("in_progress", 20, "Vùng lúa hữu cơ thí điểm"),
        "NL-01": Progress("in_progress", 10, "Một số cơ sở lắp điện mặt trời áp mái"),
        "LS-01": Progress("in_progress", 20, "Tuyên truyền hạn chế túi nilon"),
    }
    baseline = {t.id: started_2025.get(t.id, Progress("not_started", 0)) for t in load_catalog().tasks}
    return {"2025": baseline, "2026-H1": h1}


# --------------------------------------------------------------------------
# The sample files
# --------------------------------------------------------------------------


def _in_group(group: str) -> list[Village]:
    return [v for v in VILLAGES if v.group == group]


def _signers(n: int, offset: int = 0) -> tuple[str, ...]:
    return tuple(SIGNERS[(offset + i) % len(SIGNERS)] for i in range(n))


def form01_annual_files(figures: dict[str, dict[str, Record]]) -> list[OutFile]:
    """The three annual commune-wide tables, each in another layout."""
    keys = [Column("TT", "tt"), key_column("01", "village_name")]
    ods_names = {"CH01": "Hoàng Xá Đông", "CH02": "Khê Thượng", "PD04": "Ô Xuyên Đông"}
    y2023 = table_grid(
        "Năm 2023",
        "01",
        [
            Column("Năm", "period"),
            key_column("01", "village_code"),
            key_column("01", "village_name"),
            *field_columns("01", units="none"),
        ],
        village_rows(VILLAGES, figures, "2023", ods_names, 2023),
    )
    xls_names = {v.code: f"Thôn {v.name}" for v in VILLAGES} | {"LD01": "Luong Xa", "NG01": "Trang Ky"}
    y2024 = table_grid(
        "Bieu01",
        "01",
        [*keys, Column("Kỳ báo cáo", "period"), *field_columns("01", units="inline")],
        village_rows(VILLAGES, figures, "2024", xls_names, "Năm 2024"),
        Head(titles=("BÁO CÁO SỐ LIỆU CHUYỂN ĐỔI XANH CÁC THÔN",)),
    )
    left, right = _signers(2)
    y2025 = table_grid(
        "Biểu 01",
        "01",
        [*keys, *field_columns("01", grouped=True)],
        village_rows(VILLAGES, figures, "2025"),
        Head(
            commune_letterhead("Cẩm Giàng, ngày 20 tháng 12 năm 2025"),
            (f"BÁO CÁO KẾT QUẢ THỰC HIỆN CHUYỂN ĐỔI XANH CÁC THÔN {period_title('2025')}", "(Số liệu tính đến ngày 14/12/2025)"),
            column_numbers=True,
            total_label="Tổng cộng",
            footer=Footer(left_name=left, right_name=right),
        ),
    )
    notes = Grid("Hướng dẫn")
    for text in (
        "GHI CHÚ",
        "- Số liệu minh họa, không phải số liệu thật của xã.",
        "- Chất thải rắn tính bình quân theo ngày.",
        "- Các thôn gửi báo cáo về Văn phòng UBND xã trước ngày 20/12.",
    ):
        notes.line([text])
    return [
        OutFile(
            "bieu-01-nam-2023-toan-xa.ods",
            "01",
            ("2023",),
            "bảng .ods toàn xã, tiêu đề ở dòng đầu, cột Năm và Mã thôn; vài thôn ghi tên cũ",
            [y2023],
            "column",
        ),
        OutFile(
            "bieu-01-nam-2024-toan-xa.xls",
            "01",
            ("2024",),
            'tệp .xls cũ toàn xã, cột Kỳ báo cáo, đơn vị trong ngoặc; tên thôn có chữ "Thôn" hoặc không dấu',
            [y2024],
            "column",
        ),
        OutFile(
            "bieu-01-nam-2025-toan-xa.xlsx",
            "01",
            ("2025",),
            "bảng toàn xã chính thức: quốc hiệu, tiêu đề gộp ô, tiêu đề hai dòng (nhóm CTR sinh hoạt), dòng số thứ tự cột, dòng Tổng cộng, chữ ký; thêm trang Hướng dẫn",
            [y2025, notes],
        ),
    ]


def form01_group_files(figures: dict[str, dict[str, Record]]) -> list[OutFile]:
    """2026-H1 from two groups: Lương Điền in full, Cẩm Hưng split in two files.

    Cẩm Hưng's table leaves out the lighting columns, which the lighting
    team reports in a partial file of its own: together they are complete.
    """
    period = "2026-H1"
    left, right = _signers(2, 2)
    luong_dien = table_grid(
        "Lương Điền",
        "01",
        [
            Column("TT", "tt"),
            key_column("01", "village_code"),
            key_column("01", "village_name"),
            *field_columns("01", grouped=True),
        ],
        village_rows(_in_group("Lương Điền"), figures, period),
        Head(
            Letterhead(("UBND XÃ CẨM GIÀNG", "KHU VỰC LƯƠNG ĐIỀN"), date_line="Lương Điền, ngày 16 tháng 6 năm 2026"),
            (f"BÁO CÁO KẾT QUẢ THỰC HIỆN CHUYỂN ĐỔI XANH {period_title(period)}", "Các thôn khu vực Lương Điền (xã cũ)"),
            column_numbers=True,
            total_label="Tổng cộng",
            footer=Footer(right=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), left_name=left, right_name=right),
        ),
    )
    lighting = ("public_lights_total", "public_lights_led")
    other_fields = [f.id for f in form_of("01").value_fields if f.id not in lighting]
    cam_hung = table_grid(
        "Cẩm Hưng",
        "01",
        [Column("TT", "tt"), key_column("01", "village_name"), *field_columns("01", other_fields, units="inline")],
        village_rows(_in_group("Cẩm Hưng"), figures, period),
        Head(
            titles=(f"BÁO CÁO {period_title(period)} - KHU VỰC CẨM HƯNG",),
            total_label="Tổng cộng",
            footer=Footer(right=("XÁC NHẬN CỦA UBND XÃ",), left_name=SIGNERS[4]),
        ),
    )
    rows = village_rows(_in_group("Cẩm Hưng"), figures, period)
    for row in rows:
        added = figures[row.key][period]["public_lights_led"] - figures[row.key]["2025"]["public_lights_led"]
        row.values["note"] = f"Thay mới {added} bộ đèn LED" if added > 0 else "Chưa thay thêm"
    led = table_grid(
        "Chiếu sáng",
        "01",
        [Column("TT", "tt"), key_column("01", "village_name"), *field_columns("01", lighting), Column("Ghi chú", "note")],
        rows,
        Head(
            commune_letterhead(),
            (
                "BÁO CÁO KẾT QUẢ THAY THẾ ĐÈN CHIẾU SÁNG CÔNG CỘNG BẰNG ĐÈN LED",
                f"{period_title(period, upper=False)} - khu vực Cẩm Hưng",
            ),
            total_label="Tổng cộng",
            footer=Footer(right=("CÔNG CHỨC ĐỊA CHÍNH - XÂY DỰNG",), left_name=SIGNERS[5], right_name=SIGNERS[6]),
        ),
    )
    return [
        OutFile(
            "bieu-01-6thang-2026-khu-vuc-luong-dien.xlsx",
            "01",
            (period,),
            "bảng theo khu vực (xã cũ Lương Điền): quốc hiệu, tiêu đề hai dòng, cột Mã thôn và Tên thôn, Tổng cộng, chữ ký",
            [luong_dien],
        ),
        OutFile(
            "bieu-01-6thang-2026-khu-vuc-cam-hung.ods",
            "01",
            (period,),
            "bảng .ods theo khu vực (xã cũ Cẩm Hưng), không có hai cột chiếu sáng",
            [cam_hung],
        ),
        OutFile(
            "bieu-01-6thang-2026-khu-vuc-cam-hung-chieu-sang.xlsx",
            "01",
            (period,),
            "báo cáo một phần: chỉ hai cột chiếu sáng công cộng của khu vực Cẩm Hưng, thêm cột Ghi chú",
            [led],
        ),
    ]


H1 = "2026-H1"


def _village(code: str) -> Village:
    return next(v for v in VILLAGES if v.code == code)


def _h1_file(name: str, layout: str, grid: Grid, period_from: str = "title", encoding: str = "utf-8-sig") -> OutFile:
    """A single-village Biểu 01 file of the half-year."""
    return OutFile(name, "01", (H1,), layout, [grid], period_from, encoding)


def form01_vertical_files(figures: dict[str, dict[str, Record]]) -> list[OutFile]:
    """Three one-village vertical reports: village on a 'Thôn:' line or in the title."""

    def footer(i: int) -> Footer:
        return Footer(left=("TRƯỞNG THÔN",), left_name=SIGNERS[i], right=())

    title = f"BÁO CÁO {period_title(H1)}"
    trang_ky, phi_xa, o_xuyen = _village("NG01"), _village("NG02"), _village("PD04")
    return [
        _h1_file(
            f"bieu-01-6thang-2026-thon-{slug(trang_ky.name)}-dang-doc.xlsx",
            f'báo cáo dạng dọc một thôn ({", ".join(VERTICAL_LABELS)}), mục I-IV, dòng "Thôn: {trang_ky.name}"',
            vertical_grid(
                "Báo cáo", trang_ky.code, H1, figures[trang_ky.code][H1],
                Head(Letterhead(("ỦY BAN NHÂN DÂN XÃ CẨM GIÀNG",), right=()), (title,), footer=footer(0)),
                village_line=f"Thôn: {trang_ky.name}", notes={"straw_burning_cases": "Trong vụ thu hoạch lúa chiêm"},
            ),
        ),
        _h1_file(
            f"bieu-01-6thang-2026-thon-{slug(phi_xa.name)}-dang-doc.xlsx",
            "báo cáo dạng dọc, tên thôn trong tiêu đề, cột Kết quả",
            vertical_grid(
                "Sheet1", phi_xa.code, H1, figures[phi_xa.code][H1],
                Head(titles=(f"{title} - THÔN {phi_xa.name.upper()}",), footer=footer(1)),
                labels=("TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Ghi chú"),
            ),
        ),
        _h1_file(
            f"bieu-01-6thang-2026-thon-{slug(o_xuyen.name)}-dang-doc.xls",
            "báo cáo dạng dọc trong tệp .xls cũ, cột Nội dung",
            vertical_grid(
                "O Xuyen", o_xuyen.code, H1, figures[o_xuyen.code][H1],
                Head(titles=(title,), footer=footer(2)),
                village_line=f"Thôn: {o_xuyen.name}", labels=("TT", "Nội dung", "Đơn vị tính", "Số liệu", "Ghi chú"),
            ),
        ),
    ]  # fmt: skip


def form01_flat_files(figures: dict[str, dict[str, Record]]) -> list[OutFile]:
    """Three one-row files: legacy .xls, Windows-1258 CSV, code-only .xlsx."""
    label = period_title(H1, upper=False)
    dong_hoa, phuc_cau, cao_xa = _village("NG03"), _village("PD01"), _village("PD02")
    households = vi_number(figures[phuc_cau.code][H1]["households_total"])
    old_spelling = dong_hoa.name.replace("Hòa", "Hoà")  # the old tone placement
    return [
        _h1_file(
            f"bieu-01-6thang-2026-thon-{slug(dong_hoa.name)}.xls",
            f'tệp .xls cũ một dòng, tiêu đề chữ in hoa, cột Kỳ báo cáo, tên "{old_spelling}" (dấu kiểu cũ)',
            table_grid(
                "Sheet1", "01",
                [key_column("01", "village_code"), key_column("01", "village_name"), Column("Kỳ báo cáo", "period"),
                 *field_columns("01", units="inline", upper=True)],
                village_rows([dong_hoa], figures, H1, {dong_hoa.code: old_spelling}, label),
            ),
            "column",
        ),
        _h1_file(
            f"bieu-01-6thang-2026-thon-{slug(phuc_cau.name)}-windows-1258.csv",
            f'CSV Windows-1258 (dấu thanh tổ hợp), dấu chấm phẩy, số dạng chữ kiểu Việt ("{households}", "0,70")',
            table_grid(
                "csv", "01",
                [key_column("01", "village_name"), Column("Kỳ báo cáo", "period"), *field_columns("01", units="none")],
                village_rows([phuc_cau], figures, H1, period_value=label), text_numbers=True,
            ),
            "column", "cp1258",
        ),
        _h1_file(
            f"bieu-01-6thang-2026-thon-{slug(cao_xa.name)}.xlsx",
            'một thôn, chỉ có cột Mã thôn, kỳ trong tiêu đề ("6 tháng năm 2026")',
            table_grid(
                "Báo cáo", "01", [key_column("01", "village_code"), *field_columns("01")],
                village_rows([cao_xa], figures, H1),
                Head(
                    titles=("ỦY BAN NHÂN DÂN XÃ CẨM GIÀNG", f"BÁO CÁO CHUYỂN ĐỔI XANH 6 THÁNG NĂM 2026 - THÔN {cao_xa.name.upper()}"),
                    footer=Footer(right=("TRƯỞNG THÔN",), left_name=SIGNERS[3], right_name=SIGNERS[7]),
                ),
            ),
        ),
    ]  # fmt: skip


def register_files(figures: dict[str, dict[str, Record]]) -> list[OutFile]:
    """Biểu 02-05 of the commune: clusters, public works, tasks, party cells."""
    files = [clusters_file(), *works_files()]
    cells = {p: cell_entries(VILLAGES, OTHER_CELLS, p) for p in ("2025", "2026-H1")}
    h1 = {code: figures[code]["2026-H1"] for code in figures if code != LATE_VILLAGE}
    progress = sample_progress(h1, cells["2026-H1"])
    files += [tasks_file(p, progress[p]) for p in progress]
    files += [cells_file(p, cells[p], ext) for p, ext in (("2025", ".xls"), ("2026-H1", ".xlsx"))]
    return files


def clusters_file() -> OutFile:
    """Biểu 02 as a history sheet: three periods in a `Kỳ báo cáo` column."""
    periods = ("2024", "2025", "2026-H1")
    rows = [row for p in periods for row in register_rows("02", p, cluster_entries(CLUSTERS, p), period_title(p, upper=False))]
    for i, row in enumerate(rows, 1):
        row.values["tt"] = i
    grid = table_grid(
        "Cụm CN",
        "02",
        register_columns("02", "Kỳ báo cáo"),
        rows,
        Head(
            commune_letterhead(),
            ("TÌNH HÌNH HẠ TẦNG XỬ LÝ NƯỚC THẢI CÁC CỤM CÔNG NGHIỆP",),
            footer=Footer(left_name=SIGNERS[6], right_name=SIGNERS[1]),
        ),
    )
    return OutFile(
        "bieu-02-cum-cong-nghiep-2024-2026.xlsx",
        "02",
        periods,
        "bảng lịch sử nhiều kỳ: cột Kỳ báo cáo (năm 2024, năm 2025, 6 tháng đầu năm 2026)",
        [grid],
        "column",
    )


def works_files() -> list[OutFile]:
    """Biểu 03 for 2025 (.ods) and 2026-H1 (.xlsx with a total row)."""
    files = []
    for period, ext, total in (("2025", ".ods", None), ("2026-H1", ".xlsx", "Tổng cộng")):
        grid = table_grid(
            "Công trình",
            "03",
            register_columns("03"),
            register_rows("03", period, work_entries(WORKS, period)),
            Head(
                commune_letterhead(),
                (f"DANH MỤC CÔNG TRÌNH ĐẦU TƯ CÔNG {period_title(period)}",),
                total_label=total,
                footer=Footer(left_name=SIGNERS[3], right_name=SIGNERS[1]),
            ),
        )
        layout = 'danh mục công trình, cột Thôn (có công trình cấp xã để trống), Nguồn vốn có "Khác"' + (
            ", dòng Tổng cộng" if total else ""
        )
        files.append(OutFile(f"bieu-03-cong-trinh-{_period_slug(period)}{ext}", "03", (period,), layout, [grid]))
    return files


def tasks_file(period: str, progress: dict[str, Progress]) -> OutFile:
    grid = table_grid(
        "Nhiệm vụ",
        "04",
        register_columns("04"),
        register_rows("04", period, task_entries(progress)),
        Head(
            commune_letterhead(),
            (f"BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ CHUYỂN ĐỔI XANH {period_title(period)}",),
            footer=Footer(left_name=SIGNERS[0], right_name=SIGNERS[1]),
        ),
    )
    new = [t for t in progress if load_catalog().task(t) is None]
    layout = "tiến độ mọi nhiệm vụ của danh mục" + (f", thêm nhiệm vụ mới {', '.join(new)} có tên" if new else "")
    return OutFile(f"bieu-04-tien-do-nhiem-vu-{_period_slug(period)}.xlsx", "04", (period,), layout, [grid])


def cells_file(period: str, entries: list[dict[str, object]], ext: str) -> OutFile:
    titles = (f"BÁO CÁO TÌNH HÌNH CÁC CHI BỘ TRỰC THUỘC {period_title(period)}",)
    if time_of(period) > time_of(load_catalog().commune.baseline_period):
        titles += ("Quán triệt Nghị quyết số 08-NQ/TU và xây dựng chi bộ xanh",)
    grid = table_grid(
        "Chi bộ",
        "05",
        register_columns("05", units="none"),
        register_rows("05", period, entries),
        Head(
            Letterhead(("ĐẢNG BỘ XÃ CẨM GIÀNG", "BAN XÂY DỰNG ĐẢNG"), ("ĐẢNG CỘNG SẢN VIỆT NAM",)),
            titles,
            footer=Footer(right=("TRƯỞNG BAN",), left_name=SIGNERS[5], right_name=SIGNERS[2]),
        ),
    )
    return OutFile(
        f"bieu-05-chi-bo-{_period_slug(period)}{ext}",
        "05",
        (period,),
        f"danh sách {len(entries)} chi bộ (thôn, cơ quan, trường học, doanh nghiệp), tiêu đề Đảng bộ",
        [grid],
    )


def _period_slug(period: str) -> str:
    return f"6thang-{period[:4]}" if period.endswith("-H1") else f"nam-{period}"


def sample_files() -> list[OutFile]:
    """Every sample file, in the order the README lists them."""
    figures = {v.code: village_figures(v, SAMPLE_PERIODS, overrides=SIZE_OVERRIDES.get(v.code)) for v in VILLAGES}
    files = [
        registry_file("bieu-00-danh-muc-thon.xlsx", VILLAGES, f"DANH MỤC THÔN {load_catalog().commune.name_vi.upper()}"),
        *form01_annual_files(figures),
        *form01_group_files(figures),
        *form01_vertical_files(figures),
        *form01_flat_files(figures),
        *register_files(figures),
    ]
    return files


# --------------------------------------------------------------------------
# Reading back and checking
# --------------------------------------------------------------------------

Rows = dict[str, dict[str, object]]  # key -> field -> value


@dataclass
class Store:
    """Values as they stand after merging every file, as the store merges them."""

    tables: dict[tuple[str, str | None], Rows] = field(default_factory=dict)

    def rows(self, form: str, period: str | None) -> Rows:
        return self.tables.get((form, period), {})

    def periods(self, form: str) -> list[str]:
        return sorted({p for f, p in self.tables if f == form and p}, key=time_of)

    def add(self, out: OutFile, pairs: Iterable[tuple[Fact, object]]) -> None:
        """Merge one file's values: 00/01 by field, 04 by row, 02/03/05 whole registers."""
        merge = load_catalog().forms[out.form].merge
        mine: dict[tuple[str, str | None], Rows] = {}
        for fact, value in pairs:
            if fact.field != "period":
                mine.setdefault((fact.form, fact.period), {}).setdefault(fact.key, {})[fact.field] = value
        for slot, rows in mine.items():
            target = self.tables.setdefault(slot, {})
            if merge == "register":
                self.tables[slot] = rows
            for key, values in rows.items():
                if merge == "village_field":
                    target.setdefault(key, {}).update(values)
                elif merge == "row":
                    target[key] = values


def read_sheets(path: Path, out: OutFile) -> list[list[list[object]]]:
    """Each grid's rows as read from disk: calamine, or the CSV decoded and NFC'd."""
    if path.suffix.lower() == ".csv":
        text = path.read_bytes().decode(out.encoding)
        if out.encoding == "cp1258":
            assert any(ch in TONE_MARKS for ch in text), f"{path.name}: no combining tone marks"
        return [list(csv.reader(io.StringIO(unicodedata.normalize("NFC", text)), delimiter=";"))]
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return [book.get_sheet_by_name(g.name).to_python(skip_empty_area=False) for g in out.grids]


def _cell(sheet: list[list[object]], row: int, col: int) -> object:
    return sheet[row][col] if row < len(sheet) and col < len(sheet[row]) else ""


def same(expected: object, actual: object) -> bool:
    if expected is None or expected == "":
        return actual in ("", None)
    if isinstance(expected, (int, float)):
        return isinstance(actual, (int, float)) and abs(float(actual) - expected) <= 1e-9 * max(1.0, abs(expected))
    return isinstance(actual, str) and unicodedata.normalize("NFC", actual) == expected


def parse_vi_number(text: str) -> float:
    """'1.234' -> 1234, '1.234,5' -> 1234.5, '0,70' -> 0.7 (check side only)."""
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    parts = text.split(".")
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        return float("".join(parts))
    return float(text)


def read_value(fact: Fact, actual: object) -> object:
    """The meaning of a read cell: a number, an enum id, a period code, text."""
    if fact.field == "period":
        return parse_period(actual)
    fld = form_of(fact.form).field(fact.field)
    if fld.kind == "enum":
        return load_catalog().enum_lookup(fld.enum).get(fold(actual))
    if fld.numeric:
        return parse_vi_number(actual) if isinstance(actual, str) else actual
    return actual


def read_back(out_dir: Path, out: OutFile) -> list[tuple[Fact, object]]:
    """Re-read one file; every cell must be as written, every fact as meant."""
    sheets = read_sheets(out_dir / out.name, out)
    pairs = []
    for grid, sheet in zip(out.grids, sheets):
        for (r, c), expected in grid.cells.items():
            actual = _cell(sheet, r, c)
            assert same(expected, actual), f"{out.name}/{grid.name} R{r + 1}C{c + 1}: wrote {expected!r}, read {actual!r}"
        for fact in grid.facts:
            value = read_value(fact, _cell(sheet, fact.row, fact.col))
            assert same(fact.value, value), f"{out.name} {fact.key}.{fact.field}: meant {fact.value!r}, read {value!r}"
            pairs.append((fact, value))
    return pairs


def check_file(out: OutFile) -> None:
    """A file's own promises: its period can be known, no key twice a period."""
    seen: set[tuple[str | None, str]] = set()
    for grid in out.grids:
        rows = {(f.period, f.key) for f in grid.facts}
        assert not rows & seen, f"{out.name}: a key twice for one period"
        seen |= rows
    if out.period_from == "title":
        first = min((f.row for f in out.grids[0].facts), default=0)
        found = {parse_period(v) for (r, _), v in out.grids[0].cells.items() if r < first and isinstance(v, str)} - {None}
        assert found == set(out.periods), f"{out.name}: title gives {found}, meant {out.periods}"
    for fact in out.facts():
        check_kind(out.name, fact)


def check_kind(name: str, fact: Fact) -> None:
    """Whole numbers ≥ 0, decimals ≥ 0, percents 0-100, enums valid."""
    if fact.field == "period":
        return
    fld = form_of(fact.form).field(fact.field)
    value = fact.value
    if fld.kind == "integer":
        assert isinstance(value, int) and value >= 0, f"{name}: {fact.field}={value!r}"
    elif fld.kind in ("decimal", "percent"):
        assert isinstance(value, (int, float)) and value >= 0, f"{name}: {fact.field}={value!r}"
        assert fld.kind != "percent" or value <= 100, f"{name}: {fact.field}={value!r}"
    elif fld.kind == "enum":
        assert value in {e.id for e in load_catalog().enums[fld.enum]}, f"{name}: {fact.field}={value!r}"


def resolve(name: str, registry: Rows) -> set[str]:
    """Codes a written village name fits: name, alias, or folded without 'Thôn'."""

    def bare(text: str) -> str:
        folded = fold(text)
        for prefix in ("thon ", "khu dan cu ", "kdc "):
            folded = folded.removeprefix(prefix)
        return folded

    exact = {code for code, v in registry.items() if name in (v["village_name"], *_aliases(v))}
    return exact or {code for code, v in registry.items() if bare(name) in {bare(v["village_name"]), *map(bare, _aliases(v))}}


def _aliases(values: dict[str, object]) -> list[str]:
    return [a.strip() for a in str(values.get("aliases") or "").split(";") if a.strip()]


def check_rules(store: Store, pairs_by_file: Sequence[tuple[OutFile, list[tuple[Fact, object]]]]) -> None:
    """Every comparison, change and blank rule of the catalog, after merging."""
    catalog = load_catalog()
    registry = store.rows("00", None)
    for out, pairs in pairs_by_file:
        for fact, value in pairs:
            if fact.field == "village_name":
                assert resolve(str(value), registry) == {fact.key}, f"{out.name}: {value!r} is not {fact.key}"
            if fact.field == "village" and value is not None:
                assert len(resolve(str(value), registry)) == 1, f"{out.name}: village {value!r} unknown or ambiguous"
    for (form, period), rows in store.tables.items():
        for key, values in rows.items():
            for rule in catalog.rules.comparisons:
                if rule.form == form and values.get(rule.left) is not None and values.get(rule.right) is not None:
                    assert values[rule.left] <= values[rule.right] + 1e-9, f"{form} {period} {key}: {rule.left} > {rule.right}"
        if form == "01":
            assert set(rows) <= set(registry), f"01 {period}: unknown villages {set(rows) - set(registry)}"
    for code in registry:
        check_village_history(store, code)
    for period in store.periods("04"):
        rows = store.rows("04", period)
        assert {t.id for t in catalog.tasks} <= set(rows), f"04 {period}: tasks missing"
        assert all(v.get("task_name") for k, v in rows.items() if catalog.task(k) is None), "a new task without a name"


def check_village_history(store: Store, code: str) -> None:
    """households_total moves < max_change; no field reported before is blank now."""
    catalog = load_catalog()
    value_ids = {f.id for f in form_of("01").value_fields}
    seen: set[str] = set()
    last: dict[str, float] = {}
    for period in store.periods("01"):
        values = store.rows("01", period).get(code)
        if values is None:
            continue
        reported = set(values) & value_ids
        assert not seen - reported, f"01 {period} {code}: blank now {seen - reported}"
        seen |= reported
        for change in catalog.rules.changes:
            if change.form == "01" and change.field in values:
                if change.field in last:
                    moved = abs(values[change.field] - last[change.field]) / last[change.field]
                    assert moved <= change.max_change, f"01 {period} {code}: {change.field} moved {moved:.0%}"
                last[change.field] = values[change.field]


def collect(files: Sequence[OutFile], out_dir: Path | None) -> Store:
    """Merge the files' values: as meant (out_dir None) or as read back from disk."""
    store = Store()
    pairs_by_file = []
    for out in files:
        check_file(out)
        pairs = read_back(out_dir, out) if out_dir else [(f, f.value) for f in out.facts()]
        store.add(out, pairs)
        pairs_by_file.append((out, pairs))
    check_rules(store, pairs_by_file)
    return store


# --------------------------------------------------------------------------
# Indicators, for the check's report and the README's story
# --------------------------------------------------------------------------


def _part(part: Part, values: dict[str, object]) -> float:
    if any(values.get(f) not in ids for f, ids in part.where.items()):
        return 0.0
    if part.equal and values.get(part.equal[0]) != values.get(part.equal[1]):
        return 0.0
    return 1.0 if part.count else float(values[part.sum])


def indicator_value(store: Store, ind: Indicator, period: str) -> tuple[float, float | None, float | None, int]:
    """(Σ numerator, Σ denominator, value, rows counted): Σ/Σ, never a mean of %."""
    need = ind.numerator.fields() | (ind.denominator.fields() if ind.denominator else set())
    rows = [v for v in store.rows(ind.form, period).values() if all(v.get(f) is not None for f in need)]
    num = sum(_part(ind.numerator, v) for v in rows)
    if ind.denominator is None:
        return num, None, num, len(rows)
    den = sum(_part(ind.denominator, v) for v in rows)
    return num, den, (100 * num / den if den else None), len(rows)


def tasks_completed(store: Store, period: str) -> tuple[int, int]:
    """TC4: tasks whose latest status up to the period is completed / tasks listed."""
    latest: dict[str, object] = {t.id: None for t in load_catalog().tasks}
    for p in store.periods("04"):
        if time_of(p) <= time_of(period):
            latest |= {k: v.get("status") for k, v in store.rows("04", p).items()}
    return sum(s == "completed" for s in latest.values()), len(latest)


def number_text(x: float) -> str:
    """A sum as a Vietnamese number without trailing zeros: '1.234', '145,1'."""
    x = round(x, 2)
    return vi_number(int(x)) if float(x).is_integer() else vi_number(x).rstrip("0")


def indicator_lines(store: Store, ids: Sequence[str] | None = None) -> list[str]:
    """'LS1 2025: 2.345 / 5.678 = 41,3% (15)' for each indicator and period."""
    lines = []
    for ind in load_catalog().indicators:
        if ids is not None and ind.id not in ids:
            continue
        for period in store.periods(ind.form):
            if ind.kind == "tasks_completed":
                done, listed = tasks_completed(store, period)
                lines.append(f"{ind.id} {period}: {done} / {listed} = {pct(done, listed)}%")
                continue
            num, den, value, n = indicator_value(store, ind, period)
            if den is None:
                lines.append(f"{ind.id} {period}: Σ = {number_text(num)} ({n})")
            elif value is not None:
                lines.append(f"{ind.id} {period}: {number_text(num)} / {number_text(den)} = {pct(num, den)}% ({n})")
    return lines


# --------------------------------------------------------------------------
# README and entry point
# --------------------------------------------------------------------------


def readme(files: Sequence[OutFile], store: Store) -> str:
    """docs/sample-data.md: what each sample file is and how real files
    replace them (kept out of sample_data/ so that every file there is a
    form: `cli.py ingest sample_data/*` takes them all)."""

    def period_text(out: OutFile) -> str:
        return ", ".join(period_title(p, upper=False) for p in out.periods) or "không có kỳ"

    villages = store.rows("00", None)
    groups = list(dict.fromkeys(v.group for v in VILLAGES))
    late = next(v for v in VILLAGES if v.code == LATE_VILLAGE)
    reported = len(store.rows("01", "2026-H1"))
    table = "\n".join(f"| `{f.name}` | {f.form} - {form_of(f.form).name_vi} | {period_text(f)} | {f.layout} |" for f in files)
    story = "\n".join(
        f"- {line}" for line in indicator_lines(store, ("LS1", "CT3", "NL1", "CT4", "NN3", "TC1", "CT1", "CT2", "TC4"))
    )
    return f"""# Dữ liệu mẫu - số liệu minh họa

*English: illustrative sample data, made-up figures in the layouts villages really send; regenerate with `python scripts/make_sample_data.py --check`.*

Các tệp trong thư mục `sample_data/` là **số liệu minh họa**, không phải số liệu thật của {load_catalog().commune.name_vi}.
Tên thôn, mã thôn, công trình, chi bộ và mọi con số đều được đặt ra để bảng điều khiển có sẵn
một câu chuyện khi khởi động lần đầu, và để bộ đọc tệp gặp đủ các kiểu trình bày mà thôn, đơn vị
thường gửi. Tiêu đề cột, đơn vị tính và nhãn danh mục lấy từ `catalog/data`, nên luôn khớp với biểu mẫu.
Các tệp được sinh bởi `scripts/make_sample_data.py` (hạt giống cố định: chạy lại cho ra đúng các tệp này).

## Câu chuyện số liệu

- {len(villages)} thôn thuộc {len(groups)} xã cũ ({", ".join(groups)}); kỳ gốc là năm {load_catalog().commune.baseline_period}.
- Kỳ 6 tháng đầu năm 2026: {reported}/{len(villages)} thôn đã báo cáo; thôn {late.name} ({late.code}) nộp muộn.
- Có thôn đi trước ({", ".join(v.name for v in VILLAGES if v.pace > 1)}), có thôn chậm ({", ".join(v.name for v in VILLAGES if v.pace < 0.5)}).
- Thay đèn LED tiến triển tốt; xử lý chất thải rắn đạt quy chuẩn còn chậm; diện tích GAP gần đạt mục tiêu 20%;
  số vụ đốt rơm rạ giảm; việc quán triệt Nghị quyết 08 gần xong.

Giá trị toàn xã (Σ tử số / Σ mẫu số, số thôn hoặc số dòng tính trong ngoặc):

{story}

## Danh sách tệp

| Tệp | Biểu | Kỳ báo cáo | Cách trình bày |
|---|---|---|---|
{table}

## Thay bằng số liệu thật

1. Bắt đầu bằng Biểu 00 - Danh mục thôn thật của xã (mã thôn, tên thôn, xã cũ, tên gọi khác).
2. Tải các tệp thôn, đơn vị gửi lên trang **Dữ liệu** (hoặc `python cli.py ingest TỆP...`). Bản nộp mới hơn
   cho cùng thôn, biểu và kỳ thay thế số liệu minh họa; số liệu cũ vẫn nằm trong lịch sử và có thể hoàn tác.
3. Nếu danh mục thôn thật khác danh mục mẫu, nên dùng một kho dữ liệu mới (không nạp thư mục `sample_data/`),
   để các thôn minh họa không còn trong số liệu. Có thể thay nội dung thư mục `sample_data/` bằng tệp thật:
   kho mặc định được nạp từ đây ở lần chạy đầu.
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder to write (default sample_data/)")
    parser.add_argument("--readme", type=Path, default=DOCS, help="where to describe the files (default docs/sample-data.md)")
    parser.add_argument("--check", action="store_true", help="re-read every value and assert the rules")
    args = parser.parse_args(argv)
    files = sample_files()
    store = collect(files, None)
    args.out.mkdir(parents=True, exist_ok=True)
    for out in files:
        write_file(args.out, out)
    args.readme.write_text(readme(files, store), encoding="utf-8")
    print(f"{len(files)} files in {args.out}, described in {args.readme}")
    if args.check:
        run_check(files, args.out)
    return 0


def run_check(files: Sequence[OutFile], out_dir: Path, report: Callable[[str], None] = print) -> Store:
    """Re-read everything from disk and report the headline indicators."""
    store = collect(files, out_dir)
    villages = len(store.rows("00", None))
    for period in store.periods("01"):
        report(f"01 {period}: {len(store.rows('01', period))}/{villages} villages")
    for line in indicator_lines(store):
        report(line)
    report("check: every cell read back as written; every rule holds")
    return store


if __name__ == "__main__":
    sys.exit(main())
