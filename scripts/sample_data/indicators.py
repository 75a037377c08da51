"""The headline indicators of the merged sample, computed as the dashboard
does (Σ numerator / Σ denominator, never a mean of percents): the check's
report and the story of docs/sample-data.md."""

from __future__ import annotations

from collections.abc import Sequence

from catalog import load_catalog
from catalog.models import Indicator, Part
from catalog.periods import time_of
from scripts.sample_data.check import Store
from scripts.sample_data.vi_numbers import number_text, pct


def _part(part: Part, values: dict[str, object]) -> float:
    if any(values.get(f) not in ids for f, ids in part.where.items()):
        return 0.0
    if part.equal and values.get(part.equal[0]) != values.get(part.equal[1]):
        return 0.0
    return 1.0 if part.count else float(values[part.sum])


def indicator_value(store: Store, ind: Indicator, period: str) -> tuple[float, float | None, float | None, int]:
    """(Σ numerator, Σ denominator, value, rows counted): Σ/Σ, never a mean of %."""
    need = ind.numerator.fields() | (ind.denominator.fields() if ind.denominator else set())
    rows = [v for v in store.rows(ind.form, period).values() if all(v.get(f) is not None for f in need)]
    num = sum(_part(ind.numerator, v) for v in rows)
    if ind.denominator is None:
        return num, None, num, len(rows)
    den = sum(_part(ind.denominator, v) for v in rows)
    return num, den, (100 * num / den if den else None), len(rows)


def tasks_completed(store: Store, period: str) -> tuple[int, int]:
    """TC4: tasks whose latest status up to the period is completed / tasks listed."""
    latest: dict[str, object] = {t.id: None for t in load_catalog().tasks}
    for p in store.periods("04"):
        if time_of(p) <= time_of(period):
            latest |= {k: v.get("status") for k, v in store.rows("04", p).items()}
    return sum(s == "completed" for s in latest.values()), len(latest)


def indicator_lines(store: Store, ids: Sequence[str] | None = None) -> list[str]:
    """'LS1 2025: 2.345 / 5.678 = 41,3% (15)' for each indicator and period."""
    lines = []
    for ind in load_catalog().indicators:
        if ids is not None and ind.id not in ids:
            continue
        for period in store.periods(ind.form):
            if ind.kind == "tasks_completed":
                done, listed = tasks_completed(store, period)
                lines.append(f"{ind.id} {period}: {done} / {listed} = {pct(done, listed)}%")
                continue
            num, den, value, n = indicator_value(store, ind, period)
            if den is None:
                lines.append(f"{ind.id} {period}: Σ = {number_text(num)} ({n})")
            elif value is not None:
                lines.append(f"{ind.id} {period}: {number_text(num)} / {number_text(den)} = {pct(num, den)}% ({n})")
    return lines
