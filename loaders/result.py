"""What a loader returns: a tidy frame of values plus located problems."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from loaders.problems import Problem, has_errors

# One row per reported value. `entity` is the row's key within its form and
# period: the village code (00, 01), the task id (04), or the register row's
# key as written (02 cluster, 03 work, 05 cell). `village` is the village
# code a value belongs to (01 always, 03 when the work names one). Numbers
# go to `num`, everything else (text, enum value ids, ISO dates) to `text`.
# sheet/row/column locate the cell as Excel shows it (sheet None for CSV).
# Form 00 has no period: its period is "".
VALUE_COLUMNS = ["form", "period", "entity", "village", "field", "num", "text", "sheet", "row", "column"]


def empty_values() -> pd.DataFrame:
    """A values frame with no rows and the right columns and dtypes."""
    return pd.DataFrame(
        {
            "form": pd.Series(dtype="str"),
            "period": pd.Series(dtype="str"),
            "entity": pd.Series(dtype="str"),
            "village": pd.Series(dtype="object"),
            "field": pd.Series(dtype="str"),
            "num": pd.Series(dtype="float64"),
            "text": pd.Series(dtype="object"),
            "sheet": pd.Series(dtype="object"),
            "row": pd.Series(dtype="Int64"),
            "column": pd.Series(dtype="object"),
        }
    )


@dataclass
class LoadResult:
    """A file read and checked on its own (not yet against the store)."""

    name: str
    forms: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    values: pd.DataFrame = field(default_factory=empty_values)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0  # data rows read (a vertical report counts one)
    # Blank cells of carried columns of forms merged by field, as
    # (form, period, entity, field, sheet, row, column): "not reported".
    blanks: list[tuple] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)
