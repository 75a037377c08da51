"""What the dashboard pages read: one snapshot of the store, and the tables
derived from it for a choice of villages, sectors and period.

Pages cache the snapshot on the store's last change (Store.last_change),
so a new submission shows at once and nothing is recomputed otherwise.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import pandas as pd

from catalog import load_catalog
from catalog.models import Indicator
from metrics.completeness import completeness, reporting_count
from metrics.indicators import indicator_values
from metrics.tasks import task_progress
from services.communes import program_label
from services.queries import periods as periods_of
from services.queries import places as located
from services.queries import villages as villages_of
from store import Store


@dataclass(frozen=True)
class Snapshot:
    """The store's current values with their sources, at one change."""

    values: pd.DataFrame  # VALUE columns + submission_id, filename, user, created_at
    villages: pd.DataFrame  # code, name, group
    periods: list[str]  # in time order
    last_change: int
    program: str = "chương trình chung của thành phố"  # which program the targets and tasks follow (services.communes)

    @property
    def empty(self) -> bool:
        return self.values.empty

    @property
    def newest(self) -> dt.datetime | None:
        return None if self.values.empty else pd.Timestamp(self.values["created_at"].max()).to_pydatetime()

    def village_names(self) -> dict[str, str]:
        return dict(zip(self.villages["code"], self.villages["name"]))

    @functools.cached_property
    def places(self) -> pd.DataFrame:
        """Villages with a location (code, latitude, longitude)."""
        return located(self.values)


def snapshot(store: Store) -> Snapshot:
    values = store.value_sources()
    return Snapshot(values, villages_of(values), periods_of(values), store.last_change(), program_label(store))


def indicator_rows(snap: Snapshot, villages: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Indicator rows for the commune (restricted to `villages` when given:
    Σ over those villages only) and for each village."""
    chosen = snap.villages if not villages else snap.villages[snap.villages["code"].isin(villages)]
    return indicator_values(snap.values, load_catalog(), chosen)


def commune_histories(rows: pd.DataFrame, period: str | None) -> dict[str, pd.DataFrame]:
    """Each indicator's commune rows up to `period` (its whole history when it
    has no row then): what its card and trend draw. Split once for all
    indicators: the rows hold every village of a city too."""
    commune = rows[rows["village"].isna()]
    now = commune.loc[commune["period"] == period, ["indicator", "time"]].set_index("indicator")["time"]
    until = commune["indicator"].map(now).fillna(float("inf"))
    return {ind: group for ind, group in commune[commune["time"] <= until].groupby("indicator", sort=False)}


def task_rows(snap: Snapshot, period: str, rows: pd.DataFrame) -> pd.DataFrame:
    return task_progress(snap.values, load_catalog(), period, rows)


def reporting(snap: Snapshot, period: str, villages: tuple[str, ...] | None = None) -> tuple[int, int, list[str]]:
    """(villages that reported form 01 for `period`, villages, names of the missing ones)."""
    chosen = snap.villages if not villages else snap.villages[snap.villages["code"].isin(villages)]
    if chosen.empty:
        return 0, 0, []
    reported, total = reporting_count(snap.values, chosen, period)
    matrix = completeness(snap.values, chosen, [period])
    missing = [snap.village_names().get(c, c) for c in chosen["code"] if matrix.loc[c, period] == 0]
    return reported, total, missing


def indicators_of(sectors: tuple[str, ...] | None = None) -> list[Indicator]:
    """The catalog's indicators, of some sectors when given."""
    return [i for i in load_catalog().indicators if not sectors or i.sector in sectors]


def sources(snap: Snapshot, indicator: Indicator, period: str, villages: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The submissions a figure comes from: file, date, sender and how many
    of the values it reads they supplied."""
    fields = set()
    for part in (indicator.numerator, indicator.denominator):
        if part:
            fields |= part.fields()
    rows = snap.values[(snap.values["form"] == indicator.form) & (snap.values["period"] == period)]
    if fields:
        rows = rows[rows["field"].isin(fields)]
    if villages and indicator.form == "01":
        rows = rows[rows["village"].isin(villages)]
    grouped = rows.groupby(["submission_id", "filename", "user"], as_index=False).agg(
        created_at=("created_at", "max"), values=("field", "size")
    )
    return grouped.sort_values("created_at", ascending=False).reset_index(drop=True)
