"""What reading one file gathers: values, located problems, keys seen.

Sheets and layouts differ, but every value ends as one row of VALUE_COLUMNS
and every problem is located the same way, so both are collected here.
Values are kept by column of the sheet (a Column: one form, field, sheet
and column letter) and the frame is built once at the end: a list append
per cell is all reading costs, so ingesting stays close to calamine's speed.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from catalog.models import Catalog, FormField
from catalog.periods import sort_codes
from i18n import fmt_number
from loaders.fields import FieldReader, Issue, Value, label, percent_issue
from loaders.problems import Problem, problem
from loaders.registry import Registry

NO_PERIOD = "—"  # how a repeated key of form 00, which has no period, is shown

Target = tuple[str, str, str | None]  # period, entity, village: whose values a row holds


class Spot(NamedTuple):
    """A cell as Excel shows it; row and column None for the whole sheet or file."""

    sheet: str | None = None
    row: int | None = None
    column: str | None = None


WHOLE_FILE = Spot()
MAX_PER_CODE = 200  # problems of one code listed; the rest are counted in one line


@dataclass
class Values:
    """The values read from one column of a sheet (or one item of a vertical
    report): one form and field, many rows."""

    form: str
    field: FormField
    sheet: str | None
    column: str
    targets: list[Target] = field(default_factory=list)
    nums: list[float | None] = field(default_factory=list)
    texts: list[str | None] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    signs: list[bool] = field(default_factory=list)  # percent written with '%' (percent fields only)

    def add(self, target: Target, value: Value, row: int) -> None:
        self.targets.append(target)
        self.nums.append(value.num)
        self.texts.append(value.text)
        self.rows.append(row)
        if self.field.kind == "percent":
            self.signs.append(value.percent_sign)

    def keep(self, indexes: list[int]) -> None:
        for name in ("targets", "nums", "texts", "rows", "signs"):
            items = getattr(self, name)
            if items:
                setattr(self, name, [items[i] for i in indexes])


class Collector:
    """Values and problems of one file, with what the checks across rows need."""

    def __init__(self, file_name: str, catalog: Catalog, registry: Registry, chosen_period: str | None):
        self.file_name = file_name
        self.catalog = catalog
        self.registry = registry
        self.chosen_period = chosen_period
        self.fields = FieldReader(catalog)
        self.problems: list[Problem] = []
        self._per_code: Counter[str] = Counter()  # problems reported, listed or not
        self.forms: set[str] = set()
        self.periods: set[str] = set()
        self.rows = 0
        self._columns: list[Values] = []
        self.blanks: list[tuple] = []  # (form, period, entity, field, sheet, row, column) of blank cells
        self._keys: dict[tuple[str, str, str], Spot] = {}
        self._uncomputed: dict[tuple[str | None, str, str], list[int]] = {}
        self._conflicts: set[str] = set()

    def report(self, code: str, spot: Spot = WHOLE_FILE, field: str | None = None, **params: object) -> None:
        """A problem at `spot`; past MAX_PER_CODE of one code only counted (a
        file of a million bad cells must not become a million messages)."""
        self._per_code[code] += 1
        if self._per_code[code] <= MAX_PER_CODE:
            self.problems.append(problem(code, sheet=spot.sheet, row=spot.row, column=spot.column, field=field, **params))

    def listed_problems(self) -> list[Problem]:
        """The problems reported, and one line for each code with more than were listed."""
        more = [
            problem("problems_more", n=(fmt_number(n - MAX_PER_CODE), fmt_number(n - MAX_PER_CODE, "en")), kind=code)
            for code, n in self._per_code.items()
            if n > MAX_PER_CODE
        ]
        return [*self.problems, *more]

    def report_issue(self, issue: Issue, spot: Spot, field: str) -> None:
        self.report(issue.code, spot, field, **issue.params)

    def values(self, form: str, field: FormField, sheet: str | None, column: str) -> Values:
        """A new column of values, kept for the frame."""
        values = Values(form, field, sheet, column)
        self._columns.append(values)
        return values

    def read(self, values: Values, raw: object, row: int, target: Target | None) -> None:
        """Read a non-blank cell into `values`, unless its row is already lost
        (target None); an issue is reported at the cell either way."""
        value = self.fields.read(values.field, raw)
        if isinstance(value, Issue):
            self.report_issue(value, Spot(values.sheet, row, values.column), values.field.id)
        elif target is not None:
            values.add(target, value, row)

    def note_blank(self, values: Values, target: Target | None, row: int) -> None:
        """A blank cell in a column the file carries, for a form merged by
        field: kept so the check against the store can warn when a value
        reported earlier for that period is blank now."""
        if target is not None and self.catalog.forms[values.form].merge == "village_field":
            self.blanks.append((values.form, target[0], target[1], values.field.id, values.sheet, row, values.column))

    def note_formula(self, values: Values, row: int, error: str | None) -> None:
        """A formula cell that reads as blank: an error when its result was an
        error (#DIV/0!), else counted for one warning per column that the
        file keeps no computed values (report_formulas)."""
        spot = Spot(values.sheet, row, values.column)
        if error is not None:
            self.report("formula_error", spot, values.field.id, label=label(values.field), value=error)
            return
        self._uncomputed.setdefault((values.sheet, values.column, values.field.id), []).append(row)

    def report_formulas(self) -> None:
        """One warning per column holding formulas without computed values."""
        for (sheet, column, field_id), rows in self._uncomputed.items():
            self.report("formula_no_value", Spot(sheet, rows[0], column), field_id, count=len(rows))
        self._uncomputed.clear()

    def check_repeat(self, form: str, period: str, key: str, spot: Spot, field: FormField, written: str) -> None:
        """duplicate_key when this key (already normalised) was read for the period
        (DOMAIN.md, "Keys")."""
        earlier = self._keys.setdefault((form, period, key), spot)
        if earlier is spot:
            return
        other: object = str(earlier.row)
        if earlier.sheet != spot.sheet:
            other = (f'{earlier.row} của trang "{earlier.sheet}"', f'{earlier.row} of sheet "{earlier.sheet}"')
        self.report("duplicate_key", spot, field.id, label=label(field), key=written, period=period or NO_PERIOD, other_row=other)

    def note_period(self, code: str, spot: Spot) -> None:
        """A period the file states; an error when it contradicts the chosen one."""
        self.periods.add(code)
        if self.chosen_period and code != self.chosen_period and code not in self._conflicts:
            self._conflicts.add(code)
            self.report("period_conflict", spot, found=code, chosen=self.chosen_period)

    def settle_percents(self, values: Values, header_row: int) -> None:
        """Scale a percent column that holds only 0-1 fractions (Excel's percent
        format) ×100, then check every percent against 0-100."""
        plain = [n for n, sign in zip(values.nums, values.signs) if not sign]
        if plain and all(0 <= n <= 1 for n in plain) and any(n > 0 for n in plain):
            values.nums = [n if sign else round(n * 100, 9) for n, sign in zip(values.nums, values.signs)]
            self.report(
                "percent_scaled", Spot(values.sheet, header_row, values.column), values.field.id, label=label(values.field)
            )
        keep = []
        for i, (num, row) in enumerate(zip(values.nums, values.rows)):
            issue = percent_issue(values.field, num)
            if issue:
                self.report_issue(issue, Spot(values.sheet, row, values.column), values.field.id)
            else:
                keep.append(i)
        if len(keep) < len(values.nums):
            values.keep(keep)

    def columns(self) -> dict[str, list]:
        """The values read so far, column by column (VALUE_COLUMNS)."""
        columns = [c for c in self._columns if c.rows]
        sizes = [len(c.rows) for c in columns]
        targets = list(itertools.chain.from_iterable(c.targets for c in columns))
        return {
            "form": _repeat([c.form for c in columns], sizes),
            "period": [t[0] for t in targets],
            "entity": [t[1] for t in targets],
            "village": [t[2] for t in targets],
            "field": _repeat([c.field.id for c in columns], sizes),
            "num": list(itertools.chain.from_iterable(c.nums for c in columns)),
            "text": list(itertools.chain.from_iterable(c.texts for c in columns)),
            "sheet": _repeat([c.sheet for c in columns], sizes),
            "row": list(itertools.chain.from_iterable(c.rows for c in columns)),
            "column": _repeat([c.column for c in columns], sizes),
        }

    def sorted_periods(self) -> list[str]:
        return sort_codes(self.periods)


def _repeat(items: list, sizes: list[int]) -> list:
    return list(itertools.chain.from_iterable(itertools.repeat(item, n) for item, n in zip(items, sizes)))
