"""Task progress: computed against reported completion, and the edges of
late and stale. As-of dates: 2026-H1 is 14/06/2026, 2026 is 14/12/2026."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from catalog import load_catalog
from metrics.indicators import indicator_values
from metrics.tasks import COLUMNS, as_of_date, lead_units, task_progress
from tests.metrics_helpers import frame, report, row


def task_values() -> pd.DataFrame:
    return frame(
        # LS1 30 % -> 70 %, LS2 20 % -> 40 % (PL-01); CT4 (LS-01) never reported
        report("2025", "T01", households_total=100, households_committed=20, households_sorting=10),
        report("2025", "T02", households_total=100, households_committed=40, households_sorting=30),
        report("2026", "T01", households_total=100, households_committed=60, households_sorting=30),
        report("2026", "T02", households_total=100, households_committed=80, households_sorting=50),
        row("04", "2025", "CN-02", status="in_progress", percent_complete=10),
        row("04", "2026-H1", "PL-01", status="in_progress", percent_complete=40),
        row("04", "2026-H1", "CN-03", status="in_progress", percent_complete=30, reporting_unit="UBND xã"),
        row("04", "2026-H1", "XD-03", status="in_progress", deadline="2026-06-14"),
        row("04", "2026-H1", "TC-04", status="in_progress", deadline="2026-06-13", issues="Thiếu kinh phí"),
        row("04", "2026-H1", "NN-05", status="completed", percent_complete=100, deadline="2026-01-31"),
        row("04", "2026-H1", "NEW-01", task_name="Trồng cây xanh ven đường", status="in_progress",
            reporting_unit="Hội Phụ nữ xã", deadline="2027"),
        row("04", "2026", "PL-01", status="in_progress", percent_complete=60),
        row("04", "2026", "TC-04", result="Đã kiểm tra 3 đơn vị"),  # status left blank
    )  # fmt: skip


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def tasks(catalog) -> dict[str, pd.DataFrame]:
    values = task_values()
    rows = indicator_values(values, catalog)
    return {p: task_progress(values, catalog, p, rows).set_index("task_id") for p in ("2025", "2026-H1", "2026")}


def test_one_row_per_task_catalog_first_then_new(tasks, catalog):
    table = tasks["2026"]
    assert list(table.index) == [t.id for t in catalog.tasks] + ["NEW-01"]
    assert "NEW-01" not in tasks["2025"].index  # not yet reported then
    assert list(task_progress(frame(), catalog, "2026").columns) == COLUMNS


def test_computed_completion_is_the_least_advanced_targeted_indicator(tasks):
    pl01 = tasks["2026"].loc["PL-01"]
    # LS1 (70 - 30) / (100 - 30) = 57.1 %, LS2 (40 - 20) / (100 - 20) = 25 %: LS2 sets it
    assert (pl01.computed_completion, pl01.completion_indicator) == (25, "LS2")
    assert (pl01.reported_completion, pl01.completion, pl01.completion_source) == (60, 25, "computed")
    assert tasks["2026-H1"].loc["PL-01"].computed_completion == 0  # only the 2025 baseline so far


def test_reported_completion_where_nothing_is_computed(tasks):
    cn03 = tasks["2026"].loc["CN-03"]  # no indicators
    assert pd.isna(cn03.computed_completion)
    assert (cn03.reported_completion, cn03.completion, cn03.completion_source) == (30, 30, "reported")
    ls01 = tasks["2026"].loc["LS-01"]  # LS1, LS2 known but CT4 never reported: least advanced unknown
    assert pd.isna(ls01.computed_completion) and pd.isna(ls01.completion)
    gt01 = tasks["2026"].loc["GT-01"]  # GT1 has no target, never reported
    assert pd.isna(gt01.completion) and pd.isna(gt01.completion_source)


def test_passing_indicator_rows_changes_nothing(tasks, catalog):
    assert task_progress(task_values(), catalog, "2026").set_index("task_id").equals(tasks["2026"])


def test_late_deadline_on_the_as_of_date_has_not_passed(tasks):
    assert as_of_date(load_catalog(), "2026-H1") == dt.date(2026, 6, 14)
    xd03 = tasks["2026-H1"].loc["XD-03"]
    assert (xd03.deadline, xd03.late, xd03.status) == ("2026-06-14", False, "in_progress")
    xd03 = tasks["2026"].loc["XD-03"]
    assert (xd03.late, xd03.status) == (True, "late")
    tc04 = tasks["2026-H1"].loc["TC-04"]  # due the day before
    assert (tc04.late, tc04.status) == (True, "late")


def test_completed_is_never_late_nor_stale(tasks):
    nn05 = tasks["2026"].loc["NN-05"]  # deadline 31/01/2026 passed, but completed
    assert (nn05.late, nn05.stale, nn05.status) == (False, False, "completed")


def test_catalog_deadline_and_year_deadline(tasks):
    assert tasks["2026"].loc["PL-01"].deadline == "2030-12-31"
    assert tasks["2026"].loc["NEW-01"].deadline == "2027-12-31"  # '2027' means 31/12/2027


def test_stale_report_exactly_six_months_old_is_not_stale(tasks):
    # CN-02 last reported in 2025 (14/12/2025)
    assert not tasks["2026-H1"].loc["CN-02"].stale  # 14/06/2026: exactly 6 months
    assert tasks["2026"].loc["CN-02"].stale  # 14/12/2026: 12 months
    # CN-03 last reported 2026-H1, judged at 2026: exactly 6 months
    assert not tasks["2026"].loc["CN-03"].stale


def test_never_reported_is_stale(tasks):
    gt01 = tasks["2026"].loc["GT-01"]
    assert (gt01.stale, gt01.status) == (True, "not_reported") and pd.isna(gt01.last_report_period)


def test_a_blank_never_erases_a_reported_value(tasks):
    tc04 = tasks["2026"].loc["TC-04"]
    assert (tc04.reported_status, tc04.last_report_period) == ("in_progress", "2026")
    assert (tc04.issues, tc04.result) == ("Thiếu kinh phí", "Đã kiểm tra 3 đơn vị")


def test_new_task_from_form_04(tasks):
    new = tasks["2026"].loc["NEW-01"]
    assert (new["name"], new.lead_unit, new.new, new.indicators) == ("Trồng cây xanh ven đường", "Hội Phụ nữ xã", True, [])
    assert pd.isna(new.sector)
    assert not tasks["2026"].loc["PL-01"].new


def test_stale_six_months_before_the_31st_is_the_30th(catalog):
    # a commune whose annual figures stand at 31/12: six months earlier is 30/06
    year = catalog.commune.year.model_copy(update={"as_of": "12-31"})
    other = catalog.model_copy(update={"commune": catalog.commune.model_copy(update={"year": year})})
    table = task_progress(task_values(), other, "2026").set_index("task_id")
    assert table.loc["CN-03"].stale  # 14/06/2026 is before 30/06/2026


def test_stale_one_day_past_six_months(catalog):
    # half-year figures standing at 15/06: the 2025 report (14/12/2025) is six months and a day old then
    half = catalog.commune.half_year.model_copy(update={"as_of": "06-15"})
    other = catalog.model_copy(update={"commune": catalog.commune.model_copy(update={"half_year": half})})
    table = task_progress(task_values(), other, "2026-H1").set_index("task_id")
    assert table.loc["CN-02"].stale
    assert not table.loc["PL-01"].stale  # reported in 2026-H1 itself


def test_late_wins_over_a_paused_status_and_a_year_deadline_ends_on_its_31_december(catalog):
    values = frame(
        row("04", "2026-H1", "GT-02", status="paused", deadline="2026-05-31"),
        row("04", "2026-H1", "XD-03", status="in_progress", deadline="2026"),
    )
    h1 = task_progress(values, catalog, "2026-H1").set_index("task_id")
    assert (h1.loc["GT-02"].late, h1.loc["GT-02"].status, h1.loc["GT-02"].reported_status) == (True, "late", "paused")
    assert not task_progress(values, catalog, "2026").set_index("task_id").loc["XD-03"].late  # 14/12 < 31/12/2026


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Hội Nông dân, Hội Phụ nữ, Đoàn Thanh niên", ["Hội Nông dân", "Hội Phụ nữ", "Đoàn Thanh niên"]),
        ("UBND xã, các thôn", ["UBND xã", "Các thôn"]),
        ("Các chi, đảng bộ trực thuộc", ["Các chi, đảng bộ trực thuộc"]),
        ("Ủy ban MTTQ và các tổ chức chính trị - xã hội", ["Ủy ban MTTQ và các tổ chức chính trị - xã hội"]),
        ("HĐND xã;  UBND xã ,", ["HĐND xã", "UBND xã"]),
        (None, []),
    ],
)
def test_lead_units_split_a_lead_unit_list(text, units):
    assert lead_units(text) == units
