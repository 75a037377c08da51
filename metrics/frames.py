"""Views of the values frame (loaders/result.py VALUE_COLUMNS) that several
metrics read: one form's rows, a row-per-key table of its fields, and the
task reports in time order."""

from __future__ import annotations

import numpy as np
import pandas as pd

from catalog.models import Form
from catalog.periods import time_of

TASK_FORM = "04"
COMPLETED = "completed"  # the task_status id of "Hoàn thành"


def form_rows(values: pd.DataFrame, form: str) -> pd.DataFrame:
    """The rows of one form that carry a value (a blank is 'not reported')."""
    return values[(values["form"] == form) & (values["num"].notna() | values["text"].notna())]


def times(periods: pd.Series) -> pd.Series:
    """time_of for a column of period codes, computed once per distinct code."""
    codes, distinct = pd.factorize(periods)  # a missing code is -1: the trailing NaN
    return pd.Series(np.array([time_of(c) for c in distinct] + [np.nan])[codes], index=periods.index)


def field_table(rows: pd.DataFrame, form: Form, index: list[str]) -> pd.DataFrame:
    """One row per `index` key, one column per field of `form` (every field,
    blank where unreported): numbers from `num`, the rest from `text`."""
    numeric = [f.id for f in form.fields if f.numeric]
    other = [f.id for f in form.fields if not f.numeric]
    keyed = rows.drop_duplicates([*index, "field"], keep="last").set_index([*index, "field"])
    nums = keyed["num"].dropna().unstack("field").reindex(columns=numeric)
    texts = keyed["text"].dropna().unstack("field").reindex(columns=other)
    return pd.concat([nums, texts], axis=1)  # outer join: keys with only text fields stay


def task_rows(values: pd.DataFrame) -> pd.DataFrame:
    """Biểu 04 rows with a value, in time order, with their `time`."""
    rows = form_rows(values, TASK_FORM)
    return rows.assign(time=times(rows["period"])).sort_values("time", kind="stable")
