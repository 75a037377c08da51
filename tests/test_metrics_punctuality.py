"""On time or late: a village's first accepted Biểu 01 submission for a
period against the catalog's due day, in Vietnam time."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from metrics.completeness import punctuality

UTC = dt.UTC


def reports(*triples: tuple[int, str, str]) -> pd.DataFrame:
    return pd.DataFrame(triples, columns=["submission_id", "village", "period"])


def submissions(*rows: tuple[int, dt.datetime, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "created_at", "state"])


def flags(result: pd.DataFrame) -> dict[tuple[str, str], bool]:
    return {(r.village, r.period): bool(r.on_time) for r in result.itertuples()}


def test_the_due_day_counts_in_vietnam_time():
    result = punctuality(
        reports((1, "T01", "2026-H1"), (2, "T02", "2026-H1"), (3, "T03", "2026-H1")),
        submissions(
            (1, dt.datetime(2026, 6, 20, 16, 59, tzinfo=UTC), "accepted"),  # 23:59 on 20/06 in Vietnam
            (2, dt.datetime(2026, 6, 20, 17, 0, tzinfo=UTC), "accepted"),  # 00:00 on 21/06 in Vietnam
            (3, dt.datetime(2026, 6, 19, 23, 0, tzinfo=UTC), "accepted"),  # 06:00 on 20/06
        ),
        "06-20",
        "12-20",
    )
    assert flags(result) == {("T01", "2026-H1"): True, ("T02", "2026-H1"): False, ("T03", "2026-H1"): True}
    assert str(result.loc[result["village"] == "T02", "first"].iloc[0]) == "2026-06-21 00:00:00+07:00"


def test_the_year_is_due_on_its_own_day_and_naive_times_are_utc():
    result = punctuality(
        reports((1, "T01", "2026"), (2, "T02", "2026")),
        submissions((1, dt.datetime(2026, 12, 20, 10, 0), "accepted"), (2, dt.datetime(2026, 12, 21, 1, 0), "accepted")),
        "06-20",
        "12-20",
    )
    assert flags(result) == {("T01", "2026"): True, ("T02", "2026"): False}
    assert result["due"].tolist() == [dt.date(2026, 12, 20)] * 2


def test_a_late_resubmission_keeps_a_report_on_time():
    result = punctuality(
        reports((1, "T01", "2026-H1"), (2, "T01", "2026-H1")),
        submissions((2, dt.datetime(2026, 7, 2, tzinfo=UTC), "accepted"), (1, dt.datetime(2026, 6, 10, tzinfo=UTC), "accepted")),
        "06-20",
        "12-20",
    )
    assert flags(result) == {("T01", "2026-H1"): True}


def test_a_reverted_submission_never_came():
    result = punctuality(
        reports((1, "T01", "2026-H1"), (2, "T01", "2026-H1"), (3, "T02", "2026-H1")),
        submissions(
            (1, dt.datetime(2026, 6, 10, tzinfo=UTC), "reverted"),
            (2, dt.datetime(2026, 7, 2, tzinfo=UTC), "accepted"),
            (3, dt.datetime(2026, 6, 1, tzinfo=UTC), "reverted"),
        ),
        "06-20",
        "12-20",
    )
    assert flags(result) == {("T01", "2026-H1"): False}  # T02 only ever sent a reverted file


def test_a_file_of_several_periods_and_the_catalog_due_days():
    result = punctuality(
        reports((1, "T01", "2025"), (1, "T01", "2026-H1")),
        submissions((1, dt.datetime(2026, 6, 25, tzinfo=UTC), "accepted")),
        "06-30",
        "12-20",
    )
    assert flags(result) == {("T01", "2025"): False, ("T01", "2026-H1"): True}


def test_nothing_sent_is_an_empty_table():
    result = punctuality(reports(), submissions(), "06-20", "12-20")
    assert result.empty and list(result.columns) == ["village", "period", "first", "due", "on_time"]
