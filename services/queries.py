"""Read-side services: the store's current values turned into indicator,
task and history tables for pages, reports and the command line."""

from __future__ import annotations

import pandas as pd

from catalog import load_catalog
from catalog.periods import sort_codes
from loaders.registry import Registry
from metrics.indicators import COLUMNS as METRIC_COLUMNS  # noqa: F401 - the CLI's JSON columns
from metrics.indicators import indicator_values
from metrics.tasks import task_progress
from store import Store


def villages(values: pd.DataFrame) -> pd.DataFrame:
    """The village registry (code, name, group) from form-00 values."""
    registry = Registry.from_values(values[values["form"] == "00"])
    return pd.DataFrame(
        [{"code": v.code, "name": v.name, "group": v.group} for v in registry.villages], columns=["code", "name", "group"]
    )


def places(values: pd.DataFrame) -> pd.DataFrame:
    """Villages with a location in the registry (code, latitude, longitude):
    both coordinates given (Biểu 00 keeps them together)."""
    located = values[(values["form"] == "00") & values["field"].isin(["latitude", "longitude"])]
    wide = located.pivot_table(index="entity", columns="field", values="num", aggfunc="first")
    wide = wide.reindex(columns=["latitude", "longitude"]).dropna()
    return wide.rename_axis(None, axis=1).reset_index().rename(columns={"entity": "code"})


def periods(values: pd.DataFrame) -> list[str]:
    """Every reporting period with data, in time order."""
    return sort_codes(p for p in values["period"].unique() if p)


def indicator_table(store: Store, period: str | None = None, village: str | None = None) -> pd.DataFrame:
    """Indicator rows for the commune and each village, as `cli.py metrics`."""
    values = store.current_values()
    table = indicator_values(values, load_catalog(), villages(values))
    if period:
        table = table[table["period"] == period]
    if village:
        table = table[table["village"] == village]
    return table.reset_index(drop=True)


def task_table(store: Store, period: str | None = None) -> pd.DataFrame:
    """Tasks as of `period` (default: the newest period with data)."""
    values = store.current_values()
    known = periods(values)
    if period is None and not known:
        return pd.DataFrame()
    catalog = load_catalog()
    as_of = period or known[-1]
    rows = indicator_values(values, catalog, villages(values))
    return task_progress(values, catalog, as_of, rows)
