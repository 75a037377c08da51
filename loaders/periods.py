"""Which period a sheet's figures are for, when no period column says so.

DOMAIN.md: the file's own period wins (a column, else the title area);
the period chosen at upload is used only when the file states none, and
one that contradicts the file is an error (Collector.note_period).
"""

from __future__ import annotations

from catalog.periods import parse_period
from loaders.cells import Sheet
from loaders.collect import Collector, Spot


def title_period(sheet: Sheet, rows: range) -> tuple[str, Spot] | None:
    """The first period named by a text cell in these rows, and where."""
    for r in rows:
        for c, value in enumerate(sheet.rows[r] if r < len(sheet.rows) else ()):
            if isinstance(value, str) and value.strip():
                code = parse_period(value)
                if code:
                    return code, Spot(sheet.name, sheet.excel_row(r), sheet.excel_col(c))
    return None


def sheet_period(sheet: Sheet, title_rows: range, collector: Collector) -> str | None:
    """The period of the sheet's title area, else the chosen one, else None."""
    found = title_period(sheet, title_rows)
    if found is None:
        return collector.chosen_period
    collector.note_period(*found)
    return found[0]
