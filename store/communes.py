"""The communes a store holds: registering them from the official list,
which one a Store serves, each one's program in versions, and its
commune-level results (what the city page reads).

A program is a YAML text (catalog/programs.py checks it); each change is a
new version, so a report can say which one it used. Results are written by
services/results.py after each change of a commune's data and carry the
change they stand at, so a reader can tell whether they are current.
"""

from __future__ import annotations

import datetime as dt
import time
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from catalog import load_catalog
from catalog.units import Unit, UnitError, find
from store import CommuneChoice, Store, StoreError, result_frame
from store.schema import communes, events, programs, results

if TYPE_CHECKING:  # imported where a frame is made (store/sql.py says why)
    import pandas as pd

RESULT_COLUMNS = ["indicator", "period", "value", "numerator", "denominator", "villages_reporting", "status", "gap"]


@dataclass(frozen=True)
class Program:
    version: int
    content: str
    created_at: dt.datetime
    created_by: str


LISTED_SECONDS = 5  # a commune registered by another process shows within this time
_listed: weakref.WeakKeyDictionary[Store, tuple[float, list[Unit]]] = weakref.WeakKeyDictionary()  # by open store


def listed(store: Store) -> list[Unit]:
    """The registered communes, by code: read again every few seconds (a
    national store's 3,321 rows are asked for several times a page)."""
    now = time.monotonic()
    kept = _listed.get(store)
    if kept is None or now - kept[0] > LISTED_SECONDS:
        with store.transaction() as conn:
            rows = conn.execute(sa.select(communes).order_by(communes.c.code)).all()
        kept = (now, [Unit(code, name, kind, province, province_code) for code, name, province, province_code, kind, *_ in rows])
        _listed[store] = kept
    return list(kept[1])


def register(store: Store, unit: Unit) -> bool:
    """Register a commune of the official list; False when it already was."""
    try:
        return _inserted(store, unit)
    finally:  # after the commit: a list read meanwhile must not be kept
        _listed.pop(store, None)


def _inserted(store: Store, unit: Unit) -> bool:
    with store.transaction(write=True) as conn:
        if conn.execute(sa.select(communes.c.code).where(communes.c.code == unit.code)).first():
            return False
        conn.execute(
            communes.insert().values(
                code=unit.code,
                name=unit.name,
                province=unit.province,
                province_code=unit.province_code,
                type=unit.type,
                added_at=store.now(),
            )
        )
    return True


def resolve(store: Store, wanted: str | None) -> str:
    """The commune a Store serves: `wanted` (a registered code), else the
    only one registered; with none registered, `wanted` or the catalog's
    commune is registered first (a new install); with several, CommuneChoice."""
    codes = [u.code for u in listed(store)]
    if wanted is not None:
        code = code_of(wanted)
        if code in codes:
            return code
        if codes:
            raise StoreError(f"Xã mã {wanted} chưa được đăng ký trong kho; các xã đã đăng ký: {', '.join(codes)}.")
        try:
            unit = find(code)
        except UnitError as error:
            raise StoreError(str(error)) from error
        register(store, unit)
        return unit.code
    if len(codes) == 1:
        return codes[0]
    if codes:
        raise CommuneChoice(codes)
    code = load_catalog().commune.code
    register(store, find(code))
    return code


def code_of(text: str) -> str:
    """A commune's code as written ("011560") as the store keys it ("11560")."""
    return str(int(text)) if text.strip().isdigit() else text.strip()


# ----- programs -----------------------------------------------------------------


def program(store: Store) -> Program | None:
    """The newest program version of the store's commune (None: the shipped one)."""
    with store.transaction() as conn:
        row = (
            conn.execute(sa.select(programs).where(programs.c.commune == store.commune).order_by(programs.c.version.desc()))
            .mappings()
            .first()
        )
    return Program(row["version"], row["content"], row["created_at"], row["created_by"]) if row else None


def set_program(store: Store, content: str, user: str) -> int:
    """Record a new program version for the store's commune; its number."""
    with store.transaction(write=True) as conn:
        newest = conn.execute(sa.select(sa.func.max(programs.c.version)).where(programs.c.commune == store.commune)).scalar()
        version, at = (newest or 0) + 1, store.now()
        conn.execute(
            programs.insert().values(commune=store.commune, version=version, content=content, created_at=at, created_by=user)
        )
        store.record_event(conn, user, "program", at, detail=f"version {version}")
    return version


# ----- results ------------------------------------------------------------------


def write_results(store: Store, rows: pd.DataFrame, change: int) -> None:
    """Replace the commune's results by `rows` (RESULT_COLUMNS), standing at `change`."""
    records = [
        {"commune": store.commune, **{c: _plain(r[c]) for c in RESULT_COLUMNS}} for r in rows[RESULT_COLUMNS].to_dict("records")
    ]
    with store.transaction(write=True) as conn:
        conn.execute(results.delete().where(results.c.commune == store.commune))
        if records:
            conn.execute(results.insert(), records)
        conn.execute(communes.update().where(communes.c.code == store.commune).values(results_change=change))


def stale(store: Store) -> list[str]:
    """Registered communes whose results stand behind their newest change."""
    newest = sa.select(events.c.commune, sa.func.max(events.c.id).label("change")).group_by(events.c.commune).subquery()
    query = (
        sa.select(communes.c.code)
        .join(newest, newest.c.commune == communes.c.code)
        .where(newest.c.change > communes.c.results_change)
        .order_by(communes.c.code)
    )
    with store.transaction() as conn:
        return [r[0] for r in conn.execute(query)]


def read_results(store: Store, codes: list[str], period: str | None = None) -> pd.DataFrame:
    """The results of some communes (of one period, or every period)."""
    query = sa.select(results).where(results.c.commune.in_(codes))
    if period is not None:
        query = query.where(results.c.period == period)
    with store.transaction() as conn:
        return result_frame(conn.execute(query))


def _plain(value: object) -> object:
    """JSON-ish values for the database: NaN and NA as NULL, numpy as Python."""
    import pandas as pd

    if hasattr(value, "item"):
        value = value.item()
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value


def province_counts(store: Store, indicator: str, period: str, statuses: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """(province code, communes with a figure, those among them in `statuses`)
    for one indicator and period, counted by the database: a national store's
    results are tens of thousands of rows."""
    good = sa.func.sum(sa.case((results.c.status.in_(statuses), 1), else_=0))
    query = (
        sa.select(communes.c.province_code, sa.func.count(), good)
        .join(communes, communes.c.code == results.c.commune)
        .where(results.c.indicator == indicator, results.c.period == period, results.c.value.is_not(None))
        .group_by(communes.c.province_code)
        .order_by(communes.c.province_code)
    )
    with store.transaction() as conn:
        return [(int(code), int(n), int(g or 0)) for code, n, g in conn.execute(query)]


def reporting(store: Store, codes: list[str], indicators: list[str], period: str) -> set[str]:
    """Those of the communes with a village counted in one of the indicators
    for the period, read from their results (by their keys: a national
    store's values are millions of rows, its results a few per commune)."""
    query = (
        sa.select(results.c.commune)
        .where(
            results.c.commune.in_(codes),
            results.c.indicator.in_(indicators),
            results.c.period == period,
            results.c.villages_reporting > 0,
        )
        .distinct()
    )
    with store.transaction() as conn:
        return {r[0] for r in conn.execute(query)} if codes else set()


def result_periods(store: Store) -> list[str]:
    """The periods any commune has results for."""
    with store.transaction() as conn:
        return [r[0] for r in conn.execute(sa.select(results.c.period).distinct())]


def newest_change(store: Store) -> int:
    """The newest change of any commune: what tables over every commune
    (the city's, the open data API's) stand at."""
    with store.transaction() as conn:
        return conn.execute(sa.select(sa.func.coalesce(sa.func.max(events.c.id), 0))).scalar()
