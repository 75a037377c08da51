"""Cells as calamine and the csv module hand them over, and where they sit.

A grid row is a list of Python values: str, float, int, bool, date,
datetime, time or timedelta; '' is an empty cell. Problems are located as
Excel shows them, so grid positions are turned into 1-based rows and column
letters here.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass, field

from catalog.text import clean, fold, header_keys

Merge = tuple[int, int, int, int]  # top row, left col, bottom row, right col (grid indexes)
Span = tuple[int, int, int, int, tuple[str, bool]]  # the same, inclusive, and a legacy font (loaders/legacy.py)


@functools.lru_cache(maxsize=1024)
def col_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def col_number(letters: str | None) -> int:
    """'A' -> 1, 'AA' -> 27; 0 for no column (a problem of the whole row or sheet)."""
    number = 0
    for letter in letters or "":
        number = number * 26 + ord(letter) - 64
    return number


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def format_number(value: float) -> str:
    """12.0 -> '12', 12.5 -> '12.5': how a figure reads in a message. A cell
    can hold infinity or NaN (1e309 in the XML, an ODS value "NaN"): shown
    as '∞' and 'NaN', for a message that locates it."""
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("-∞" if value < 0 else "∞")
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".10g")


def number_param(value: float) -> tuple[str, str]:
    """A figure for a message in both languages: ('12,5', '12.5')."""
    text = format_number(value)
    return text.replace(".", ","), text


def cell_text(value: object) -> str:
    """The cell as clean text: numbers without a spurious '.0', dates in ISO."""
    if is_blank(value):
        return ""
    if is_number(value):
        return format_number(float(value))
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return clean(value)


@functools.lru_cache(maxsize=8192)
def folded(text: str) -> str:
    """catalog.text.fold, cached: the same headers and labels recur in every file."""
    return fold(text)


@functools.lru_cache(maxsize=8192)
def text_keys(text: str) -> frozenset[str]:
    """Header keys of a cell text, also without a unit written on its last line."""
    keys = set(header_keys(text))
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        keys |= header_keys(" ".join(lines[:-1]))
    return frozenset(keys)


@dataclass
class Sheet:
    """One sheet as a grid, with the offset of its first cell (calamine skips
    the empty area at the top left) so positions can be shown as Excel does."""

    name: str | None  # None for a CSV file
    rows: list[list[object]]
    top: int = 0
    left: int = 0
    merges: list[Merge] = field(default_factory=list)
    # Formula cells read as blank (grid row, col): None when the file keeps no
    # computed value for them, else the error Excel shows ('#DIV/0!').
    formulas: dict[tuple[int, int], str | None] = field(default_factory=dict)
    legacy: str | None = None  # the legacy Vietnamese encoding its text was converted from
    fonts: list[Span] = field(default_factory=list)  # text cells typed in a legacy font (loaders/fonts.py)

    def cell(self, row: int, col: int) -> object:
        if 0 <= row < len(self.rows):
            cells = self.rows[row]
            if 0 <= col < len(cells):
                return cells[col]
        return ""

    def text(self, row: int, col: int) -> str:
        value = self.cell(row, col)
        return value.strip() if isinstance(value, str) else cell_text(value)

    def excel_row(self, row: int) -> int:
        return self.top + row + 1

    def excel_col(self, col: int) -> str:
        return col_letter(self.left + col)
