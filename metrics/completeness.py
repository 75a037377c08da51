"""Which villages sent their report (Biểu 01) for which period, how many
of its fields, and whether it came by the due date: the completeness matrix
of the Dữ liệu page and the '15/16 thôn đã báo cáo kỳ 2026-H1' line of the
overview."""

from __future__ import annotations

import pandas as pd

from catalog.periods import VIETNAM_TIME, due_date, sort_codes
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


def punctuality(reports: pd.DataFrame, submissions: pd.DataFrame, half_due: str, year_due: str) -> pd.DataFrame:
    """When each village's report of each period first arrived, and whether
    that was on time: on or before the period's due day, in Vietnam time
    (a file sent at 23:30 on 20/06 is on time although it is 16:30 UTC).

    `reports`: (submission_id, village, period) for every submission that
    brought the village's Biểu 01 values, superseded ones included, since a
    resubmission must not make a report that came on time late. `submissions`:
    (id, created_at in UTC, state); reverted ones do not count, as if never sent.
    Returns village, period, first (Vietnam time), due (date), on_time.
    """
    accepted = submissions.loc[submissions["state"] == "accepted", ["id", "created_at"]]
    arrived = reports.merge(accepted, left_on="submission_id", right_on="id")
    arrived["first"] = pd.to_datetime(arrived["created_at"], utc=True).dt.tz_convert(VIETNAM_TIME)
    first = arrived.groupby(["village", "period"], as_index=False)["first"].min()
    first["due"] = [due_date(p, half_due, year_due) for p in first["period"]]
    first["on_time"] = first["first"].dt.date <= first["due"]
    return first[["village", "period", "first", "due", "on_time"]]
