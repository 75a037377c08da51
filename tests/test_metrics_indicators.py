"""Indicator values on a small hand-made commune: four villages T01-T04,
periods 2025 (the baseline), 2026-H1 and 2026, and the registers of forms
02-05. Every expected figure is computed by hand in the comments; the
required pace of a 100 % target from v0 is (100 - v0) / 5 a year."""

from __future__ import annotations

import pandas as pd
import pytest

from catalog import load_catalog
from metrics.indicators import COLUMNS, indicator_values
from tests.metrics_helpers import VILLAGES, frame, report, row

PRODUCT_COLUMNS = [
    "indicator", "period", "village", "numerator", "denominator", "value", "unit",
    "villages_reporting", "target", "target_year", "status", "projection", "gap",
]  # fmt: skip


def commune_values() -> pd.DataFrame:
    return frame(
        # 2025, the baseline. T04 did not report.
        report("2025", "T01", households_total=100, households_committed=20, cultivated_area=100, gap_area=10,
               public_lights_total=50, public_lights_led=10, straw_burning_cases=4),
        report("2025", "T02", households_total=200, households_committed=40, cultivated_area=100, gap_area=10,
               public_lights_total=50, public_lights_led=50, straw_burning_cases=6),
        report("2025", "T03", households_total=100, households_committed=30),
        # 2026-H1: T03 sends only straw burning; T01 has no livestock.
        report("2026-H1", "T01", households_total=100, households_committed=25, straw_burning_cases=3,
               livestock_households=0, livestock_biogas=0),
        report("2026-H1", "T02", households_total=200, households_committed=100, straw_burning_cases=6),
        report("2026-H1", "T03", straw_burning_cases=1),
        report("2026-H1", "T04", households_total=100, households_committed=90),
        # 2026
        report("2026", "T01", households_total=100, households_committed=70, cultivated_area=100, gap_area=14,
               public_lights_total=50, public_lights_led=30, straw_burning_cases=0, env_selfmanaged_models=2),
        report("2026", "T02", households_total=200, households_committed=110, cultivated_area=100, gap_area=16,
               public_lights_total=50, public_lights_led=45, straw_burning_cases=9),
        report("2026", "T03", households_total=100, households_committed=31, cultivated_area=200, gap_area=0,
               straw_burning_cases=0),
        report("2026", "T04", households_total=100, households_committed=95, public_lights_total=0, public_lights_led=0),
        # Biểu 02, industrial clusters
        row("02", "2025", "CCN A", has_investor="yes", wwtp_status="operating_compliant"),
        row("02", "2025", "CCN B", has_investor="yes", wwtp_status="under_construction"),
        row("02", "2025", "CCN C", has_investor="yes", wwtp_status="not_invested"),
        row("02", "2026-H1", "CCN A", has_investor="yes", wwtp_status="operating_compliant", wwtp_capacity=500),
        row("02", "2026-H1", "CCN B", has_investor="yes", wwtp_status="under_construction"),
        row("02", "2026-H1", "CCN C", has_investor="no", wwtp_status="not_invested"),
        row("02", "2026-H1", "CCN D", has_investor="yes"),  # status blank
        row("02", "2026-H1", "CCN E", wwtp_status="operating_compliant"),  # investor blank
        # Biểu 03, public works
        row("03", "2026", "W1", "T01", capital_source="state_budget", masonry_total=1000, masonry_non_fired=1000),
        row("03", "2026", "W2", "T01", capital_source="foreign_public", masonry_total=500, masonry_non_fired=200),
        row("03", "2026", "W3", "T02", capital_source="other", masonry_total=800, masonry_non_fired=0),
        row("03", "2026", "W4", None, capital_source="state_budget", masonry_total=300, masonry_non_fired=300),
        row("03", "2026", "W5", "T03", capital_source="state_budget", masonry_non_fired=100),  # total blank
        row("03", "2026", "W6", "T02", masonry_total=100, masonry_non_fired=100),  # capital blank
        # Biểu 05, party cells
        row("05", "2026-H1", "C1", cell_type="village", members_total=30, members_briefed=30,
            has_green_resolution="yes", green_criteria="yes"),
        row("05", "2026-H1", "C2", cell_type="agency", members_total=20, members_briefed=10,
            has_green_resolution="no", green_criteria="yes"),
        row("05", "2026-H1", "C3", cell_type="school", members_total=10, has_green_resolution="yes"),
        row("05", "2026-H1", "C4", cell_type="enterprise", has_green_resolution="no", green_criteria="no"),
        row("05", "2026", "C1", members_total=30, members_briefed=30),
        row("05", "2026", "C2", members_total=20, members_briefed=20),
        # Biểu 04, task progress, with two tasks not in the catalog
        row("04", "2026-H1", "PL-01", status="in_progress", percent_complete=40),
        row("04", "2026-H1", "PL-04", status="completed", percent_complete=100),
        row("04", "2026-H1", "NEW-01", task_name="Trồng cây xanh ven đường", status="in_progress", percent_complete=50),
        row("04", "2026", "PL-01", status="completed", percent_complete=100),
        row("04", "2026", "NEW-02", task_name="Sân trường xanh", status="not_started"),
    )  # fmt: skip


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return indicator_values(commune_values(), load_catalog(), VILLAGES)


def at(table: pd.DataFrame, indicator: str, period: str, village: str | None = None) -> pd.Series:
    place = table["village"].isna() if village is None else table["village"] == village
    (found,) = table.index[(table["indicator"] == indicator) & (table["period"] == period) & place]
    return table.loc[found]


def periods(table: pd.DataFrame, indicator: str, village: str | None = None) -> list[str]:
    place = table["village"].isna() if village is None else table["village"] == village
    return list(table.loc[(table["indicator"] == indicator) & place, "period"])


def test_columns_are_those_of_the_metrics_json(table):
    assert COLUMNS == PRODUCT_COLUMNS
    assert list(table.columns[: len(COLUMNS)]) == PRODUCT_COLUMNS
    assert at(table, "LS1", "2026")["village"] is None


def test_ls1_commune_is_a_ratio_of_sums_judged_over_the_panel(table):
    r = at(table, "LS1", "2025")
    # (20 + 40 + 30) / (100 + 200 + 100) = 90 / 400; t = t0: insufficient; gap 400 - 90
    assert (r.numerator, r.denominator, r.value, r.villages_reporting) == (90, 400, 22.5, 3)
    assert (r.status, r.gap, r.unit, r.target, r.target_year) == ("insufficient_data", 310, "%", 100, 2030)
    assert pd.isna(r.projection)

    r = at(table, "LS1", "2026-H1")
    # every village reporting: (25 + 100 + 90) / (100 + 200 + 100) = 215 / 400 = 53.75 %
    # (not the mean of village percentages, (25 + 50 + 90) / 3 = 55 %)
    assert (r.numerator, r.denominator, r.value, r.villages_reporting, r.gap) == (215, 400, 53.75, 3, 185)
    # panel T01, T02 (T04 has no baseline): 60 / 300 = 20 % -> 125 / 300 = 41.67 %
    assert (r.panel_villages, r.panel_baseline) == (2, 20)
    assert r.panel_value == pytest.approx(125 / 3)
    # r_act = 21.67 / 0.5 = 43.33, r_req = 80 / 5 = 16: ratio 2.71; projection 20 + 43.33 × 5 -> 100
    assert (r.status, r.ratio, r.projection) == ("on_track", pytest.approx(43.3333333 / 16), 100)
    assert r.progress == pytest.approx(21.6666667 / 80 * 100)  # share of the way 20 -> 100
    assert r.baseline_value == 22.5  # the commune's own 2025 figure, for the chart

    r = at(table, "LS1", "2026")
    # (70 + 110 + 31 + 95) / (100 + 200 + 100 + 100) = 306 / 500; gap 500 - 306
    assert (r.numerator, r.denominator, r.value, r.villages_reporting, r.gap) == (306, 500, 61.2, 4, 194)
    # panel T01-T03: 90 / 400 = 22.5 % -> 211 / 400 = 52.75 %; ratio 30.25 / 15.5
    assert (r.panel_villages, r.panel_baseline, r.panel_value) == (3, 22.5, 52.75)
    assert (r.status, r.ratio) == ("on_track", pytest.approx(30.25 / 15.5))


def test_ls1_villages_have_their_own_status(table):
    assert periods(table, "LS1", "T04") == ["2026-H1", "2026"]  # rows only where T04 has data
    r = at(table, "LS1", "2026-H1", "T01")
    # 20 % -> 25 %: r_act 10, r_req 16: 0.625; projection 20 + 50 = 70; gap 100 - 25
    assert (r.value, r.villages_reporting, r.status, r.ratio, r.projection, r.gap) == (
        25, 1, "needs_acceleration", 0.625, 70, 75,
    )  # fmt: skip
    r = at(table, "LS1", "2026", "T03")
    # 30 % -> 31 %: r_act 1, r_req 14: 0.071; projection 35
    assert (r.status, r.projection, r.gap) == ("slow", 35, 69)
    r = at(table, "LS1", "2026", "T04")
    assert (r.value, r.status) == (95, "insufficient_data")  # no 2025 report
    assert pd.isna(r.projection) and pd.isna(r.baseline_value)


def test_ct3_a_new_village_lowers_the_value_but_the_panel_judges_the_pace(table):
    assert periods(table, "CT3") == ["2025", "2026"]  # nobody reported areas in 2026-H1
    r = at(table, "CT3", "2026")
    # all villages: (14 + 16 + 0) / (100 + 100 + 200) = 7.5 %, below the 10 % baseline ...
    assert (r.numerator, r.denominator, r.value, r.baseline_value) == (30, 400, 7.5, 10)
    # ... but T01, T02 went 20 / 200 = 10 % -> 30 / 200 = 15 %: r_act 5, r_req (20 - 10) / 5 = 2
    assert (r.panel_villages, r.panel_baseline, r.panel_value) == (2, 10, 15)
    # ratio 2.5; projection 10 + 5 × 5 = 35; gap 20 % × 400 ha - 30 = 50 ha
    assert (r.status, r.ratio, r.projection, r.gap, r.numerator_unit) == ("on_track", 2.5, 35, 50, "ha")
    r = at(table, "CT3", "2026", "T03")
    assert (r.value, r.status, r.gap) == (0, "insufficient_data", 40)  # 20 % × 200 ha


def test_nn3_a_sum_with_a_decrease_target(table):
    r = at(table, "NN3", "2026-H1")
    # 3 + 6 + 1 = 10 cases; panel T01, T02: 10 -> 9; r_act -2, r_req -10 / 5 = -2: ratio 1
    assert (r.numerator, r.value, r.unit, r.villages_reporting, r.panel_value) == (10, 10, "vụ", 3, 9)
    assert pd.isna(r.denominator)
    # projection 10 - 2 × 5 = 0; gap 10 - 0
    assert (r.status, r.ratio, r.projection, r.gap) == ("on_track", 1, 0, 10)
    r = at(table, "NN3", "2026")
    # 0 + 9 + 0 = 9; panel 10 -> 9: r_act -1, ratio 0.5; projection 10 - 5 = 5
    assert (r.value, r.status, r.ratio, r.projection, r.gap) == (9, "slow", 0.5, 5, 9)
    t01 = at(table, "NN3", "2026", "T01")
    # 4 -> 0 reaches the target; projection 4 - 4 × 5 = -16 -> 0
    assert (t01.status, t01.projection, t01.gap) == ("achieved", 0, 0)
    t02 = at(table, "NN3", "2026", "T02")
    # 6 -> 9: r_act 3, r_req -1.2: ratio -2.5; projection 6 + 15 = 21
    assert (t02.status, t02.ratio, t02.projection) == ("backwards", -2.5, 21)
    t03 = at(table, "NN3", "2026", "T03")
    assert t03.status == "achieved" and pd.isna(t03.projection)  # achieved needs no baseline


def test_nl1_backwards_after_the_baseline_met_and_zero_denominator(table):
    r = at(table, "NL1", "2026")
    # (30 + 45 + 0) / (50 + 50 + 0) = 75 %; T04 has no lights but reported both parts
    assert (r.value, r.villages_reporting, r.panel_baseline, r.panel_value) == (75, 3, 60, 75)
    # r_act 15, r_req 8; projection 60 + 75 = 135 -> 100; gap 100 - 75 lights
    assert (r.status, r.projection, r.gap) == ("on_track", 100, 25)
    t02 = at(table, "NL1", "2026", "T02")
    # 100 % in 2025, 90 % now; projection 100 - 10 × 5 = 50
    assert (t02.status, t02.projection, t02.gap) == ("backwards", 50, 5)
    assert pd.isna(t02.ratio)
    t04 = at(table, "NL1", "2026", "T04")
    assert (t04.numerator, t04.denominator, t04.status, t04.gap) == (0, 0, "insufficient_data", 0)
    assert pd.isna(t04.value)


def test_zero_denominator_for_the_commune(table):
    r = at(table, "NN4", "2026-H1")  # T01 alone: 0 of 0 livestock households
    assert (r.numerator, r.denominator, r.status, r.villages_reporting) == (0, 0, "insufficient_data", 1)
    assert pd.isna(r.value) and pd.isna(r.projection)


def test_ct1_register_rows_with_blanks_count_in_neither_part(table):
    r = at(table, "CT1", "2025")
    assert (r.numerator, r.denominator, r.rows_counted) == (1, 3, 3)
    r = at(table, "CT1", "2026-H1")
    # with an investor and both fields: A (compliant), B; C has none; D, E have a blank
    assert (r.numerator, r.denominator, r.value, r.rows_counted, r.gap) == (1, 2, 50, 2, 1)
    assert pd.isna(r.villages_reporting)  # clusters name no village
    # the register as it stands: 33.33 % -> 50 %: r_act 33.33, r_req 13.33: 2.5; projection -> 100
    assert (r.status, r.ratio, r.projection) == ("on_track", pytest.approx(2.5), 100)
    assert list(table.loc[table["indicator"] == "CT1", "village"].dropna()) == []


def test_ct2_xd1_public_works_for_the_commune_and_the_villages_they_name(table):
    r = at(table, "CT2", "2026")
    # state or foreign public works W1, W2, W4: (1000 + 200 + 300) / (1000 + 500 + 300); W3 private,
    # W5 and W6 have a blank; gap 1800 - 1500 bricks; no 2025 register: insufficient
    assert (r.numerator, r.denominator, r.value, r.rows_counted, r.gap) == (1500, 1800, pytest.approx(250 / 3), 3, 300)
    assert (r.villages_reporting, r.status) == (2, "insufficient_data")  # T01 (W1, W2), T02 (W3)
    t01 = at(table, "CT2", "2026", "T01")
    assert (t01.numerator, t01.denominator, t01.value, t01.villages_reporting, t01.gap) == (1200, 1500, 80, 1, 300)
    t02 = at(table, "CT2", "2026", "T02")  # only a private work: nothing in the fraction
    assert (t02.numerator, t02.denominator, t02.rows_counted) == (0, 0, 0) and pd.isna(t02.value)
    assert "T03" not in set(table.loc[table["indicator"] == "CT2", "village"])  # W5 has a blank

    r = at(table, "XD1", "2026")
    # works entirely non-fired: W1, W4 of W1, W2, W4
    assert (r.numerator, r.denominator, r.value) == (2, 3, pytest.approx(200 / 3))
    assert (at(table, "XD1", "2026", "T01").numerator, at(table, "XD1", "2026", "T01").denominator) == (1, 2)


def test_party_cell_registers(table):
    tc1 = at(table, "TC1", "2026-H1")
    # C1, C2 have both member counts: 40 / 50; gap 10 members; target year 2026
    assert (tc1.numerator, tc1.denominator, tc1.value, tc1.gap, tc1.target_year) == (40, 50, 80, 10, 2026)
    assert tc1.status == "insufficient_data"  # no 2025 register
    tc2 = at(table, "TC2", "2026-H1")  # resolution: C1, C3 yes of C1-C4
    assert (tc2.numerator, tc2.denominator, tc2.rows_counted, tc2.gap) == (2, 4, 4, 2)
    tc3 = at(table, "TC3", "2026-H1")  # criteria: C1, C2 yes, C4 no, C3 blank
    assert (tc3.numerator, tc3.denominator, tc3.gap) == (2, 3, 1)
    assert at(table, "TC1", "2026").status == "achieved"  # 50 / 50
    assert periods(table, "TC2") == ["2026-H1"]  # the 2026 register gives no resolution


def test_tc4_counts_new_tasks_in_the_list(table):
    n = len(load_catalog().tasks)
    r = at(table, "TC4", "2026-H1")
    # PL-04 completed, of the catalog's tasks + NEW-01
    assert (r.numerator, r.denominator, r.value) == (1, n + 1, pytest.approx(100 / (n + 1)))
    r = at(table, "TC4", "2026")
    # PL-04 (still completed as last reported) and PL-01, of the catalog's + NEW-01 + NEW-02
    assert (r.numerator, r.denominator) == (2, n + 2)
    assert periods(table, "TC4") == ["2026-H1", "2026"]


@pytest.mark.parametrize(("indicator", "period"), [("LS5", "2026"), ("XD1", "2026"), ("TC4", "2026")])
def test_no_target_no_status(table, indicator, period):
    r = at(table, indicator, period)
    assert r.status is None
    assert all(pd.isna(r[c]) for c in ("target", "target_year", "projection", "gap"))


def test_a_sum_has_no_denominator(table):
    r = at(table, "LS5", "2026", "T01")
    assert (r.numerator, r.value, r.unit) == (2, 2, "mô hình") and pd.isna(r.denominator)


def test_villages_limit_village_figures_but_not_the_commune_registers():
    selected = VILLAGES[VILLAGES["code"].isin(["T01", "T02"])]
    table = indicator_values(commune_values(), load_catalog(), selected)
    # LS1 2026 over T01, T02: (70 + 110) / (100 + 200) = 60 %
    assert at(table, "LS1", "2026").value == 60
    assert at(table, "CT2", "2026").numerator == 1500  # the whole register
    assert set(table["village"].dropna()) == {"T01", "T02"}


def test_order_catalog_then_time_then_commune_first(table):
    ls1 = table[table["indicator"] == "LS1"]
    assert list(zip(ls1["period"], ls1["village"].fillna("xã")))[:5] == [
        ("2025", "xã"), ("2025", "T01"), ("2025", "T02"), ("2025", "T03"), ("2026-H1", "xã"),
    ]  # fmt: skip
    order = [i.id for i in load_catalog().indicators]
    assert sorted(table["indicator"].unique(), key=order.index) == list(table["indicator"].unique())


def test_no_values_no_rows():
    table = indicator_values(frame(), load_catalog())
    assert table.empty and list(table.columns[: len(COLUMNS)]) == COLUMNS
