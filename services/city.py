"""The city's view over its communes: each commune's headline figures and
status for a period, a ranking on one indicator, which communes have not
reported, and every commune's indicators as one table to take away.

Figures come from each commune's stored results (services/results.py),
computed under that commune's own program, so the city page shows exactly
what each commune's own pages and `cli.py metrics` show.
"""

from __future__ import annotations

import pandas as pd

from catalog import load_catalog
from catalog.periods import sort_codes
from catalog.units import Unit
from metrics.indicators import VILLAGE_FORM
from services.results import refresh_stale
from store import Store
from store import communes as registry

GOOD = ("achieved", "on_track")  # a commune counted in its province's share on the provinces map


def communes(store: Store, province: int | None = None, types: tuple[str, ...] = ()) -> list[Unit]:
    """Registered communes, of one province and of some kinds when given."""
    return [
        u for u in registry.listed(store) if (province is None or u.province_code == province) and (not types or u.type in types)
    ]


def provinces(store: Store) -> dict[int, str]:
    """The provinces of the registered communes: code -> name."""
    return {u.province_code: u.province for u in registry.listed(store)}


def home_province(store: Store) -> int | None:
    """The province of the configured commune, when it is registered."""
    code = load_catalog().commune.code
    return next((u.province_code for u in registry.listed(store) if u.code == code), None)


def periods(store: Store) -> list[str]:
    """Periods with results, newest first (stale results refreshed first)."""
    refresh_stale(store)
    return list(reversed(sort_codes(registry.result_periods(store))))


def headline(store: Store, units: list[Unit], period: str) -> pd.DataFrame:
    """One row per commune and headline indicator: code, name, type,
    indicator, value, status (None where the commune has no figure)."""
    ids = [i.id for i in load_catalog().indicators if i.headline]
    found = registry.read_results(store, [u.code for u in units], period)
    found = found[found["indicator"].isin(ids)].rename(columns={"commune": "code"})
    grid = pd.DataFrame(
        {
            "code": [u.code for u in units for _ in ids],
            "name": [u.name for u in units for _ in ids],
            "type": [u.type for u in units for _ in ids],
            "indicator": ids * len(units),
        }
    )
    rows = grid.merge(found[["code", "indicator", "value", "status", "villages_reporting"]], on=["code", "indicator"], how="left")
    return rows.assign(status=rows["status"].astype(object).where(rows["status"].notna(), None))


def not_reported(store: Store, units: list[Unit], period: str) -> list[Unit]:
    """The communes whose villages sent no form 01 for the period (no village
    counted in any of its indicators: their results say it)."""
    village_indicators = [i.id for i in load_catalog().indicators if i.form == VILLAGE_FORM]
    done = registry.reporting(store, [u.code for u in units], village_indicators, period)
    return [u for u in units if u.code not in done]


def every_indicator(store: Store, units: list[Unit], period: str) -> pd.DataFrame:
    """Every commune's every indicator for the period, one row each, for the city export."""
    names = {u.code: u for u in units}
    found = registry.read_results(store, list(names), period)
    found = found.assign(
        name=found["commune"].map(lambda c: names[c].name),
        type=found["commune"].map(lambda c: names[c].type),
        province=found["commune"].map(lambda c: names[c].province),
    )
    columns = ["commune", "name", "type", "province", "indicator", "period", "value", "numerator", "denominator"]
    return found[[*columns, "villages_reporting", "status", "gap"]].sort_values(["name", "indicator"]).reset_index(drop=True)


def province_shares(store: Store, period: str, indicator: str) -> pd.DataFrame:
    """Per province of the registered communes: how many have a figure for
    the indicator and period, how many of those have achieved it or are on
    track, and that share in percent (code is the province's code as text)."""
    names = provinces(store)
    counted = registry.province_counts(store, indicator, period, GOOD)
    return pd.DataFrame(
        {
            "code": [str(code) for code, _, _ in counted],
            "name": [names.get(code, str(code)) for code, _, _ in counted],  # a province registered in the last seconds
            "communes": [n for _, n, _ in counted],
            "good": [g for _, _, g in counted],
            "value": [g / n * 100 for _, n, g in counted],
        },
        columns=["code", "name", "communes", "good", "value"],
    )
