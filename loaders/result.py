"""What a loader returns: a tidy frame of values plus located problems.

pandas is imported where a frame is made, not with this module: a parsing
worker and the command line's ingest make none, and pandas is a third of
their start."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from loaders.problems import Problem, has_errors

if TYPE_CHECKING:
    import pandas as pd

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
    import pandas as pd

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
    # The values column by column (VALUE_COLUMNS, plain lists) as read: what
    # a sandbox worker sends back. The frame and the records are made from
    # them when asked for: a batch's writer needs only the records, a page
    # only the frame, and a frame costs milliseconds to build for each file.
    columns: dict[str, list] | None = field(default=None, repr=False)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0  # data rows read (a vertical report counts one)
    # Blank cells of carried columns of forms merged by field, as
    # (form, period, entity, field, sheet, row, column): "not reported".
    blanks: list[tuple] = field(default_factory=list)
    _frame: pd.DataFrame | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def values(self) -> pd.DataFrame:
        """The values as a frame of VALUE_COLUMNS with the dtypes of empty_values()."""
        if self._frame is None:
            self._frame = values_frame(self.columns) if self.columns else empty_values()
        return self._frame

    def records(self) -> list[dict]:
        """The values as records (dicts of VALUE_COLUMNS), missing as None."""
        if not self.columns:
            return []
        columns = [[_present(v) for v in self.columns[c]] for c in VALUE_COLUMNS]
        return [dict(zip(VALUE_COLUMNS, row)) for row in zip(*columns)]

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def values_frame(columns: dict[str, list]) -> pd.DataFrame:
    """Columns of values as a frame with the dtypes of empty_values()."""
    import numpy as np
    import pandas as pd
    from pandas.api.types import is_object_dtype

    dtypes = _dtypes()
    index = pd.RangeIndex(len(columns["row"]))  # given, so no index is aligned
    arrays = {}
    for column in VALUE_COLUMNS:
        dtype = dtypes[column]
        if column == "num":
            arrays[column] = np.array(columns[column], dtype=float)
        elif is_object_dtype(dtype):  # pd.array would infer str; a Series keeps object
            arrays[column] = pd.Series(columns[column], dtype=object, index=index)
        else:
            arrays[column] = pd.array(columns[column], dtype=dtype)
    return pd.DataFrame(arrays, index=index, copy=False)


@functools.cache
def _dtypes() -> pd.Series:
    return empty_values().dtypes


def _present(value: object) -> object:
    """None for a missing number (NaN) as for any other missing value."""
    return None if value is None or value != value else value
