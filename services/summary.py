"""What a link pasted into Zalo shows: one commune's newest period in a
few lines (the four headline targets with value, target and status, the
four priority tasks, the villages that have not reported, the newest
data's date), or the city's communes by status; and the sentence its link
card carries. Built from the dashboard's own figures (services.dashboard),
once per data change, for the light summary page (web/summary.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from catalog import load_catalog
from catalog.periods import period_label
from charts.labels import status_label, task_status_label, value_text
from i18n import fmt_percent
from i18n.strings import t
from services import dashboard
from services.communes import unit_of
from store import Store
from store import communes as registry


@dataclass(frozen=True)
class Target:
    id: str
    name: str
    value: str  # as shown: "49,2%", "2.570 xe"
    target: str  # "Mục tiêu 2030: 100,0%"
    status: str | None  # the status code (its colour)
    words: str  # the status in words


@dataclass(frozen=True)
class Task:
    id: str
    name: str
    completion: str
    status: str


@dataclass(frozen=True)
class Summary:
    commune: str  # "Xã Cẩm Giàng"
    code: str
    period: str | None  # the newest period with data
    targets: tuple[Target, ...]
    tasks: tuple[Task, ...]
    reported: int
    villages: int
    missing: tuple[str, ...]
    newest: dt.datetime | None

    def sentence(self, lang: str = "vi") -> str:
        """The targets' statuses in words: the link card's description."""
        if self.period is None:
            return t("summary_empty", lang)
        statuses = "; ".join(f"{x.id} {x.value} ({x.words})" for x in self.targets)
        return t(
            "summary_card",
            lang,
            period=period_label(self.period, lang),
            statuses=statuses,
            reported=self.reported,
            total=self.villages,
        )


_made: dict[tuple[str, str, int], Summary] = {}  # by store, commune and change: a crowd of link cards costs one


def of_commune(store: Store) -> Summary:
    """The summary of the store's commune, made once per data change."""
    key = (store.url, store.commune, store.last_change())
    if key not in _made:
        if len(_made) > 256:
            _made.clear()
        _made[key] = _make(store)
    return _made[key]


def _make(store: Store) -> Summary:
    catalog = load_catalog()
    code = store.commune
    snap = dashboard.snapshot(store)
    name = unit_of(store).name
    period = snap.periods[-1] if snap.periods else None
    if period is None:
        return Summary(name, code, None, (), (), 0, len(snap.villages), (), snap.newest)
    rows = dashboard.indicator_rows(snap)
    now = rows[rows["village"].isna() & (rows["period"] == period)].set_index("indicator")
    targets = tuple(_target(ind, now) for ind in catalog.indicators if ind.headline)
    tasks = dashboard.task_rows(snap, period, rows)
    priority = tasks[tasks["priority"]] if not tasks.empty else tasks
    reported, total, missing = dashboard.reporting(snap, period)
    return Summary(
        name, code, period, targets, tuple(_task(r) for _, r in priority.iterrows()), reported, total, tuple(missing), snap.newest
    )


def _target(ind, now) -> Target:
    value = now["value"].get(ind.id) if ind.id in now.index else None
    value = value if pd.notna(value) else None  # a row without a figure holds NaN
    status = now["status"].get(ind.id) if ind.id in now.index else None
    shown = value_text(value, ind.is_percent, "vi") + ("" if ind.is_percent or value is None else f" {ind.unit_vi}")
    goal = (
        t("target_by", "vi", year=ind.target_year, value=value_text(ind.target, ind.is_percent, "vi"))
        if ind.target is not None
        else t("no_target", "vi")
    )
    words = status_label(status, "vi") if value is not None else t("map_no_data", "vi")  # not "no target": no figure yet
    return Target(ind.id, ind.short_vi, shown, goal, status if isinstance(status, str) else None, words)


def _task(row) -> Task:
    done = fmt_percent(row["completion"], "vi", 0) if row["completion"] == row["completion"] else "—"
    return Task(row["task_id"], row["name"], done, task_status_label(row["status"], "vi"))


def of_city(store: Store) -> list[tuple[str, str, dict[str, int]]]:
    """Each headline indicator (id, name) with how many communes stand in
    each status for the newest period any has results for."""
    from services import city

    periods = city.periods(store)
    if not periods:
        return []
    rows = city.headline(store, registry.listed(store), periods[0])
    catalog = load_catalog()
    return [
        (ind.id, ind.short_vi, rows[rows["indicator"] == ind.id]["status"].fillna("none").value_counts().to_dict())
        for ind in catalog.indicators
        if ind.headline
    ]
