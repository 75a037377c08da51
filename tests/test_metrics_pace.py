"""The status rule of DOMAIN.md "Pace and status toward a target", branch by
branch. Baseline 2025, target year 2030 unless said otherwise, so for a
percent target of 100 from v0 = 0 the required pace is r_req = 100 / 5 = 20
points a year."""

from __future__ import annotations

import numpy as np
import pytest

from metrics.pace import Judgement, gap, gap_arrays, judge, judge_arrays


def up(v0, vt, t=2026, target=100, is_percent=True, **kw) -> Judgement:
    return judge(v0, 2025, vt, t, target, 2030, "increase", is_percent, **kw)


def down(v0, vt, t=2026, target=0, **kw) -> Judgement:
    return judge(v0, 2025, vt, t, target, 2030, "decrease", False, **kw)


def test_achieved_increase_projection_clipped_at_100():
    j = up(20, 100)
    # r_act = (100 - 20) / 1 = 80; projection 20 + 80 × 5 = 420 -> 100 for a percent
    assert (j.status, j.projection, j.ratio, j.progress) == ("achieved", 100.0, None, 100.0)


def test_achieved_decrease_projection_clipped_at_0():
    j = down(4, 0)
    # r_act = -4; projection 4 - 4 × 5 = -16 -> 0
    assert (j.status, j.projection, j.progress) == ("achieved", 0.0, 100.0)


def test_achieved_comes_before_a_missing_baseline():
    j = up(None, 100)
    assert (j.status, j.projection) == ("achieved", None)


@pytest.mark.parametrize(
    ("v0", "vt", "t"),
    [
        (None, 50, 2026),  # no baseline
        (20, 50, 2025),  # t = t0
        (20, 50, 2024.5),  # t < t0
        (20, None, 2026),  # zero denominator: no value
    ],
)
def test_insufficient_data(v0, vt, t):
    j = up(v0, vt, t)
    assert (j.status, j.projection, j.ratio) == ("insufficient_data", None, None)


def test_backwards_when_the_baseline_had_met_the_target():
    j = up(100, 90)
    # r_act = -10; projection 100 - 10 × 5 = 50
    assert (j.status, j.projection, j.ratio, j.progress) == ("backwards", 50.0, None, 0.0)


def test_backwards_decrease_target_already_met_never_divides_by_a_zero_pace():
    # v0 = V* = 0: r_req would be 0; the baseline met the target, 3 cases now
    j = down(0, 3)
    # projection 0 + 3 × 5 = 15
    assert (j.status, j.projection, j.ratio) == ("backwards", 15.0, None)


@pytest.mark.parametrize(
    ("vt", "status", "ratio"),
    [
        (19, "on_track", 0.95),  # r_act 19 / r_req 20 = 0.95 exactly
        (30, "on_track", 1.5),
        (18.9, "needs_acceleration", 0.945),
        (12, "needs_acceleration", 0.6),  # 12 / 20 = 0.6 exactly
        (11.9, "slow", 0.595),
        (0, "slow", 0.0),  # no movement: ratio 0
    ],
)
def test_pace_thresholds(vt, status, ratio):
    j = up(0, vt)
    assert j.status == status
    assert j.ratio == pytest.approx(ratio)
    assert j.projection == pytest.approx(min(vt * 5, 100))  # 0 + r_act × 5


def test_backwards_when_moving_away():
    j = up(20, 10)
    # r_req = 80 / 5 = 16, r_act = -10: ratio -0.625; projection 20 - 50 = -30 -> 0
    assert (j.status, j.ratio, j.projection, j.progress) == ("backwards", -0.625, 0.0, 0.0)


def test_half_year_counts_half_a_year():
    j = up(20, 25, t=2025.5)
    # r_act = 5 / 0.5 = 10, r_req = 16: ratio 0.625; projection 20 + 10 × 5 = 70
    assert (j.status, j.ratio, j.projection) == ("needs_acceleration", 0.625, 70.0)


def test_decrease_on_track():
    j = down(10, 8)
    # r_req = (0 - 10) / 5 = -2, r_act = -2: ratio 1; projection 10 - 10 = 0; progress 2 / 10
    assert (j.status, j.ratio, j.projection, j.progress) == ("on_track", 1.0, 0.0, 20.0)


def test_projection_of_a_sum_is_not_capped_at_100():
    j = up(10, 40, is_percent=False)
    # r_act 30: 10 + 30 × 5 = 160 cases, a count, not a percent
    assert (j.status, j.projection) == ("on_track", 160.0)


def test_no_target_no_status():
    assert judge(20, 2025, 30, 2026, None, None, "increase", True) == Judgement(None, None, None, None)


def test_value_decides_achieved_while_the_panel_decides_the_pace():
    # the commune's value over every village is 100, its panel went 20 -> 41.67
    assert up(20, 41.67, t=2025.5, value=100).status == "achieved"
    j = up(20, 125 / 3, t=2025.5, value=53.75)
    # r_act = (41.67 - 20) / 0.5 = 43.33, r_req 16: ratio 2.71
    assert (j.status, j.ratio) == ("on_track", pytest.approx(43.333333 / 16))


def test_progress_is_the_share_of_the_way_to_the_target():
    # (60 - 20) / (100 - 20) = 50 %
    assert up(20, 60).progress == 50.0


def test_arrays_judge_like_the_scalar():
    cases = [(20, 100), (None, 50), (100, 90), (0, 19), (0, 12), (0, 0), (20, 10)]
    v0, vt = zip(*cases)
    n = len(cases)
    j = judge_arrays(np.array(v0, dtype=float), np.full(n, 2025.0), vt, np.full(n, 2026.0), np.full(n, 100.0), 2030, False, True)
    assert list(j.status) == [up(a, b).status for a, b in cases]


def test_gap_percent_increase():
    # 100 % of 1000 households, 688 committed: 312 left
    assert gap(100, "increase", True, 688, 1000) == 312
    # 20 % of 1234 ha = 246.8, 200 done: 46.8 exactly, no float dust
    assert gap(20, "increase", True, 200, 1234) == 46.8
    assert gap(100, "increase", True, 50, 50) == 0


def test_gap_sum_decrease():
    assert gap(0, "decrease", False, 9, None) == 9
    assert gap(2, "decrease", False, 1, None) == 0  # below the target: nothing left, never negative


def test_gap_none():
    assert gap(None, "increase", True, 1, 2) is None  # no target
    assert gap(100, "increase", False, 40, None) is None  # a sum with an increase target
    assert gap(0, "decrease", True, 5, 10) is None  # a percent with a decrease target
    assert gap(100, "increase", True, None, None) is None


def test_gap_arrays():
    got = gap_arrays([100, 0, np.nan], [False, True, False], [True, False, True], [688, 9, 1], [1000, np.nan, 2])
    assert np.array_equal(got, [312, 9, np.nan], equal_nan=True)
