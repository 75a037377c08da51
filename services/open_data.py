"""The open data API's tables (web/api.py serves them): the communes, a
commune's indicators, its villages' figures and its tasks for a period, and
every commune's indicators for the city.

Each is a list of plain rows (JSON values, the same keys in every row),
made from the figures the pages show (services.dashboard for a commune,
each commune's stored results for the city, services.city), so the API
says exactly what the dashboard and `cli.py metrics` say. Beside them, the
change a table stands at: its ETag carries it, so a refresh that finds
nothing new costs one small query and no figure.
"""

from __future__ import annotations

import functools
import hashlib
import json

import pandas as pd

from catalog import load_catalog, shipped_catalog, using
from metrics.indicators import COLUMNS as METRIC_COLUMNS
from metrics.tasks import COLUMNS as TASK_COLUMNS
from services import city as city_view
from services import dashboard
from services.communes import catalog_of
from services.plain import records
from store import Store
from store import communes as registry

ALL = "all"  # ?period=all: every period with data
COMMUNE = ["code", "name", "province", "type"]  # as `cli.py commune list --json`
# Named as the CLI's JSON of metrics (PRODUCT.md) and of tasks, with each
# indicator's names and sector, and the unit its numerator and gap are in.
INDICATOR = ["indicator", "name_vi", "name_en", "sector", *(c for c in METRIC_COLUMNS[1:] if c != "village"), "numerator_unit"]
VILLAGE = ["village", "village_name", *INDICATOR]
TASK = ["period", *("name_vi" if c == "name" else c for c in TASK_COLUMNS)]  # period: the one they are as of
CITY = [
    "commune",
    "commune_name",
    "province",
    "type",
    *(c for c in INDICATOR if c not in ("sector", "target", "target_year", "projection")),
]


class Unknown(LookupError):
    """A commune or village the store does not hold; the message is Vietnamese."""


def communes(store: Store) -> list[dict]:
    """The registered communes, by code."""
    return [{"code": u.code, "name": u.name, "province": u.province, "type": u.type} for u in registry.listed(store)]


def commune(store: Store, code: str) -> Store:
    """The store serving the commune `code` (Unknown when not registered)."""
    if code not in {u.code for u in registry.listed(store)}:
        raise Unknown(f"Không có xã, phường mã {code} trong hệ thống.")
    return store.scoped(code)


def commune_change(store: Store) -> str:
    """What a commune's tables stand at: its newest change."""
    return f"{store.commune}:{store.last_change()}"


def store_change(store: Store) -> str:
    """What the tables over every commune stand at: the newest change of any
    commune and which communes are registered (registering one is no change)."""
    codes = ",".join(u.code for u in registry.listed(store))
    return f"{registry.newest_change(store)}:{hashlib.sha256(codes.encode()).hexdigest()[:16]}"


@functools.cache
def shape() -> str:
    """What else the tables depend on: the shipped catalog (targets, names)
    and the tables' columns; a new release with either changed changes it."""
    text = json.dumps([shipped_catalog().model_dump_json(), COMMUNE, INDICATOR, VILLAGE, TASK, CITY])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def indicators(store: Store, period: str | None = None) -> list[dict]:
    """The commune's own figures (Σ over its villages) for the period:
    None for the newest with data, ALL for every one."""
    with using(catalog_of(store)):
        snap = dashboard.snapshot(store)
        rows = dashboard.indicator_rows(snap)
        return _rows(_of_period(rows[rows["village"].isna()], snap, period), INDICATOR)


def villages(store: Store, period: str | None = None, village: str | None = None) -> list[dict]:
    """Each village's figures (or one village's: Unknown when the village
    registry has no such code) for the period, as `indicators` chooses it."""
    with using(catalog_of(store)):
        snap = dashboard.snapshot(store)
        names = snap.village_names()
        if village is not None and village not in names:
            raise Unknown(f"Sổ thôn (Biểu 00) của xã không có thôn mã {village}.")
        rows = dashboard.indicator_rows(snap, (village,) if village else None)
        rows = _of_period(rows[rows["village"].notna()], snap, period)
        return _rows(rows.assign(village_name=rows["village"].map(names)), VILLAGE)


def tasks(store: Store, period: str | None = None) -> list[dict]:
    """Every task as of the period (None: the newest with data); a period
    without data of its own still has its tasks, as `cli.py tasks` says."""
    with using(catalog_of(store)):
        snap = dashboard.snapshot(store)
        as_of = period or (snap.periods[-1] if snap.periods else None)
        if as_of is None:
            return []
        table = dashboard.task_rows(snap, as_of, dashboard.indicator_rows(snap))
        table = table.rename(columns={"name": "name_vi"}).assign(period=as_of, indicators=table["indicators"].map(", ".join))
        return records(table, TASK)


def city(store: Store, period: str | None = None) -> list[dict]:
    """Every commune's own figures for the period (None: the newest any
    commune has; ALL: every one), from the results kept per commune."""
    known = city_view.periods(store)  # newest first, stale results refreshed
    chosen = list(reversed(known)) if period == ALL else [period or known[0]] if known else []
    units = registry.listed(store)
    tables = [city_view.every_indicator(store, units, p) for p in chosen]
    if not tables:
        return []
    table = pd.concat(tables, ignore_index=True).rename(columns={"name": "commune_name"})
    shared = load_catalog().indicators  # units are the city's: a program sets targets, not units
    table = table.assign(
        villages_reporting=table["villages_reporting"].astype("Int64"),
        unit=table["indicator"].map({i.id: "%" if i.is_percent else i.unit_vi for i in shared}),
        numerator_unit=table["indicator"].map({i.id: i.unit_vi for i in shared}),
    )
    return _rows(table, CITY)


def _of_period(rows: pd.DataFrame, snap: dashboard.Snapshot, period: str | None) -> pd.DataFrame:
    """The rows of one period (None: the newest with data), or all (ALL) in time order."""
    if period == ALL:
        return rows.sort_values("time", kind="stable")
    chosen = period or (snap.periods[-1] if snap.periods else None)
    return rows[rows["period"] == chosen]


def _rows(table: pd.DataFrame, columns: list[str]) -> list[dict]:
    """Plain rows with the indicators' names."""
    catalog = load_catalog().indicators
    named = table.assign(
        name_vi=table["indicator"].map({i.id: i.name_vi for i in catalog}),
        name_en=table["indicator"].map({i.id: i.name_en for i in catalog}),
    )
    return records(named, columns)
