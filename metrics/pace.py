"""Pace and status toward a target (DOMAIN.md, "Pace and status toward a target").

A linear required pace from the baseline to the target, judged with Open
SDG's thresholds. The rule works on numpy arrays so that a whole frame of
indicator rows (a city has hundreds of thousands) is judged in one pass;
`judge` and `gap` are its one-value faces, and both go through the same code.

The degenerate pace r_req = 0 (the baseline equals the target) never reaches
the ratio: a baseline equal to the target has met it, so the row is either
achieved (step 1) or backwards (step 3). Step 4 therefore never divides by a
zero required pace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

ON_TRACK = 0.95
NEEDS_ACCELERATION = 0.6

# Statuses in the order a legend lists them (best first); their words are
# in i18n/strings.py (status_<id>).
STATUSES = ("achieved", "on_track", "needs_acceleration", "slow", "backwards", "insufficient_data")


@dataclass(frozen=True)
class Judgement:
    """One value judged: status (None without a target), projection at the
    target year, the pace ratio r_act / r_req (only where it set the status)
    and progress, the share of the way from baseline to target (0-100)."""

    status: str | None
    projection: float | None
    ratio: float | None
    progress: float | None = None


class Judgements(NamedTuple):
    """The arrays behind many Judgements (NaN and None where absent)."""

    status: np.ndarray
    projection: np.ndarray
    ratio: np.ndarray
    progress: np.ndarray


def judge(v0, t0, vt, t, target, target_year, direction: str, is_percent: bool, *, value=None) -> Judgement:
    """Status of `vt` at time `t` against a baseline `v0` at `t0`.

    `value` is the figure checked for 'achieved' when it differs from `vt`:
    the commune's value over every village reporting, while `v0`/`vt` are
    the panel's (DOMAIN: like with like). Missing numbers are None.
    """
    j = judge_arrays(v0, t0, vt, t, target, target_year, direction == "decrease", is_percent, value)
    return Judgement(j.status[()], _scalar(j.projection), _scalar(j.ratio), _scalar(j.progress))


def judge_arrays(v0, t0, vt, t, target, target_year, decrease, is_percent, value=None) -> Judgements:
    """DOMAIN steps 1-4 in order, element-wise; no target gives status None.

    A missing `vt` (a zero denominator) is insufficient_data, like a missing
    baseline.
    """
    v0, t0, vt, t, target, target_year = (_floats(x) for x in (v0, t0, vt, t, target, target_year))
    value = vt if value is None else _floats(value)
    decrease = np.asarray(decrease, dtype=bool)
    has_target = ~np.isnan(target)
    achieved = _meets(value, target, decrease)
    insufficient = np.isnan(v0) | np.isnan(vt) | ~(t > t0)
    baseline_met = _meets(v0, target, decrease)
    paced = has_target & ~achieved & ~insufficient & ~baseline_met
    with np.errstate(divide="ignore", invalid="ignore"):
        r_act = (vt - v0) / (t - t0)
        ratio = np.where(paced, r_act / ((target - v0) / (target_year - t0)), np.nan)
        share = np.clip((vt - v0) / (target - v0) * 100, 0, 100)
    status = np.select(
        [achieved, insufficient, baseline_met, ratio >= ON_TRACK, ratio >= NEEDS_ACCELERATION, ratio >= 0],
        ["achieved", "insufficient_data", "backwards", "on_track", "needs_acceleration", "slow"],
        "backwards",
    )
    projected = has_target & ~np.isnan(v0) & ~np.isnan(vt) & (t > t0)
    projection = np.maximum(v0 + r_act * (target_year - t0), 0)
    projection = np.where(is_percent, np.minimum(projection, 100), projection)
    progress = np.select([achieved, baseline_met], [100.0, 0.0], share)
    return Judgements(
        status=np.where(has_target, status, None),
        projection=np.where(projected, projection, np.nan),
        ratio=ratio + 0.0,  # + 0.0 turns -0.0 into 0.0
        progress=np.where(has_target, progress, np.nan) + 0.0,
    )


def gap(target, direction: str, is_percent: bool, numerator, denominator) -> float | None:
    """What is left to reach the target, in the numerator's unit (DOMAIN)."""
    return _scalar(gap_arrays(target, direction == "decrease", is_percent, numerator, denominator))


def gap_arrays(target, decrease, is_percent, numerator, denominator) -> np.ndarray:
    """Element-wise gap: percent increase max(0, V*/100 × den − num); sum with
    a decrease target max(0, num − V*); NaN otherwise.

    The percent gap is (V* × den − 100 × num) / 100 so that whole counts give
    whole gaps (0.2 × 1234 would leave float dust in '46.8 hộ').
    """
    target, numerator, denominator = _floats(target), _floats(numerator), _floats(denominator)
    decrease, is_percent = np.asarray(decrease, dtype=bool), np.asarray(is_percent, dtype=bool)
    left = np.select(
        [is_percent & ~decrease, ~is_percent & decrease],
        [(target * denominator - 100 * numerator) / 100, numerator - target],
        np.nan,
    )
    return np.maximum(left, 0) + 0.0  # + 0.0 turns -0.0 into 0.0


def _meets(x: np.ndarray, target: np.ndarray, decrease: np.ndarray) -> np.ndarray:
    """x has reached the target (False where either is missing)."""
    return np.where(decrease, x <= target, x >= target)


def _floats(x) -> np.ndarray:
    """None becomes NaN."""
    return np.asarray(x, dtype=float)


def _scalar(x: np.ndarray) -> float | None:
    x = float(x)
    return None if np.isnan(x) else x
