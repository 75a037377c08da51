"""The completeness matrix: which village reported Biểu 01 in which period,
and how many fields."""

from __future__ import annotations

from metrics.completeness import completeness, reporting_count
from tests.metrics_helpers import VILLAGES, frame, report, row


def values():
    return frame(
        report("2025", "T01", households_total=100, households_committed=20, public_lights_total=50),
        report("2025", "T02", households_total=200),
        report("2026-H1", "T01", households_total=100),
        report("2026-H1", "T03", households_total=100, straw_burning_cases=0),  # 0 is a value
        report("2026-H1", "T09", households_total=80),  # a village not in the registry
        row("01", "2026-H1", "T02", "T02", households_total=None),  # a blank is not a report
        row("03", "2026-H1", "W1", "T04", masonry_total=100),  # another form does not count
    )


def test_matrix_counts_fields_per_village_and_period():
    matrix = completeness(values(), VILLAGES)
    assert list(matrix.columns) == ["2025", "2026-H1"]  # time order
    assert list(matrix.index) == ["T01", "T02", "T03", "T04", "T09"]  # registry order, then others
    assert matrix.loc["T01"].tolist() == [3, 1]
    assert matrix.loc["T02"].tolist() == [1, 0]
    assert matrix.loc["T03"].tolist() == [0, 2]
    assert matrix.loc["T04"].tolist() == [0, 0]
    assert matrix.loc["T09"].tolist() == [0, 1]


def test_chosen_periods_even_without_reports():
    matrix = completeness(values(), VILLAGES, ["2026", "2025"])
    assert list(matrix.columns) == ["2025", "2026"]
    assert matrix["2026"].sum() == 0


def test_reporting_count_over_the_registry():
    assert reporting_count(values(), VILLAGES, "2026-H1") == (2, 4)  # T01, T03; T09 is not in it
    assert reporting_count(values(), VILLAGES, "2025") == (2, 4)
    assert reporting_count(frame(), VILLAGES, "2026") == (0, 4)
