"""Which villages sent their report (Biểu 01) for which period, and how many
of its fields: the completeness matrix of the Dữ liệu page and the
'15/16 thôn đã báo cáo kỳ 2026-H1' line of the overview."""

from __future__ import annotations

import pandas as pd

from catalog.periods import sort_codes
from metrics.indicators import VILLAGE_FORM


def completeness(values: pd.DataFrame, villages: pd.DataFrame, periods: list[str] | None = None) -> pd.DataFrame:
    """Village × period: the number of Biểu 01 fields each village reported
    (0: no report). Rows are the registry's villages in its order, then any
    other village with reports; columns are `periods` (default: every period
    with a report) in time order."""
    rows = values[(values["form"] == VILLAGE_FORM) & values["num"].notna()]  # its value fields are all numbers
    counts = rows.groupby(["village", "period"])["field"].nunique().unstack("period")
    codes = list(villages["code"])
    codes += sorted(set(counts.index) - set(codes))
    columns = sort_codes(rows["period"].unique() if periods is None else periods)
    matrix = counts.reindex(index=codes, columns=columns).fillna(0).astype(int)
    return matrix.rename_axis(index="village", columns="period")


def reporting_count(values: pd.DataFrame, villages: pd.DataFrame, period: str) -> tuple[int, int]:
    """(villages of the registry that reported `period`, villages in the registry)."""
    reported = completeness(values, villages, [period]).loc[list(villages["code"]), period] > 0
    return int(reported.sum()), len(villages)
