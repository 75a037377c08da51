"""Indicator values for the commune and its villages in every period with
data, judged against the targets (DOMAIN.md "Indicators", "Pace and status").

Every indicator but TC4 is a fraction over rows: a village's report (Biểu 01)
or a register row (02 clusters, 03 works, 05 party cells). Each row gives its
share of the numerator and denominator (a row with a needed field blank gives
none), and the commune and village figures are sums of those shares, never
means of percentages. Status then compares like with like: for village-based
indicators the commune is judged over the panel of villages that reported
both at the baseline and in the judged period.

Decisions where DOMAIN.md is silent:
- A register indicator has a row for a period where at least one register
  row was usable (every needed field filled); if none of them falls inside
  the denominator (no cluster has an investor), the value is None and the
  status insufficient_data, like a village's zero denominator.
- villages_reporting counts distinct villages behind the figure: villages
  with both parts reported (Biểu 01), villages named by the usable works
  (Biểu 03, so CT2/XD1), and None where the form names no village (02, 05,
  and TC4). rows_counted gives the register rows inside the denominator.
- `villages`, when given, limits every village-based figure to those codes
  (the registry, or a selection such as a former commune); the commune's
  registers (CT1, CT2, XD1, TC1-TC3) stay whole, only their village rows are
  limited.
- baseline_value is each place's own figure in the baseline period (for a
  commune row, over every village reporting then); the commune's status,
  projection and progress use the panel's two values instead.
- unit is '%' for percent indicators (the unit of value) and the catalog's
  unit for sums; numerator_unit is always the catalog's unit (that of
  numerator, denominator and gap).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from catalog.models import Catalog, Form, Indicator, Part
from catalog.periods import sort_codes, time_of
from metrics.frames import COMPLETED, field_table, form_rows, task_rows, times
from metrics.pace import gap_arrays, judge_arrays

# The metrics JSON of PRODUCT.md ("Command line"), in its order.
COLUMNS = [
    "indicator",
    "period",
    "village",
    "numerator",
    "denominator",
    "value",
    "unit",
    "villages_reporting",
    "target",
    "target_year",
    "status",
    "projection",
    "gap",
]
# Added for pages: where the row sits and how its status was reached.
EXTRA_COLUMNS = [
    "sector",
    "time",  # the period on the time axis: 2026-H1 -> 2025.5
    "baseline_period",
    "baseline_value",  # this place's own value in the baseline period
    "panel_villages",  # commune rows of Biểu 01 indicators: villages in both periods
    "panel_baseline",  # ... their value at the baseline
    "panel_value",  # ... and now; status and projection compare these two
    "ratio",  # r_act / r_req where it set the status
    "progress",  # share of the way from baseline to target, 0-100 (task completion)
    "rows_counted",  # registers: rows inside the denominator
    "numerator_unit",  # unit of numerator, denominator and gap
]
VILLAGE_FORM = "01"
COMMUNE = ""  # the village key of commune rows while computing; None in the result
_KEY = ["indicator", "period", "village"]
_SUMMED = ["numerator", "denominator", "counted"]
_COUNTS = ["villages_reporting", "panel_villages", "rows_counted", "target_year"]


def indicator_values(values: pd.DataFrame, catalog: Catalog, villages: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per indicator, period with data and place (the commune, whose
    village is None, then each village): COLUMNS then EXTRA_COLUMNS.

    Missing numbers are NaN (null in JSON); status is None without a target.
    """
    codes = None if villages is None else set(villages["code"])
    fractions = _fractions(values, catalog, codes)
    rows = pd.concat(
        [_communes(fractions), _villages(fractions, codes), _tasks_completed(values, catalog)], ignore_index=True
    ).join(_attributes(catalog), on="indicator")
    rows = rows.assign(
        time=times(rows["period"]),
        value=_value(rows["numerator"], rows["denominator"], rows["is_percent"]),
        rows_counted=rows["rows_counted"].where(rows["register"]),
        villages_reporting=rows["villages_reporting"].where(rows["names_villages"]),
    )
    return _finish(_judged(_with_panel(_with_baseline(rows))))


def _fractions(values: pd.DataFrame, catalog: Catalog, codes: set[str] | None) -> pd.DataFrame:
    """Each usable row's share of each indicator: indicator, period, village,
    numerator, denominator, counted (inside the denominator)."""
    tables: dict[str, pd.DataFrame] = {}
    frames = []
    for ind in catalog.indicators:
        if ind.kind == "tasks_completed":
            continue
        if ind.form not in tables:
            tables[ind.form] = _table(values, catalog.forms[ind.form], codes)
        frames.append(_fraction(tables[ind.form], ind))
    if not frames:  # a catalog of TC4 alone
        return pd.DataFrame(columns=["indicator", "period", "village", *_SUMMED]).astype({"counted": bool})
    return pd.concat(frames, ignore_index=True)


def _table(values: pd.DataFrame, form: Form, codes: set[str] | None) -> pd.DataFrame:
    """A form's rows, one column per field, with period and village code.

    A work's village is the `village` column of its values (the code the
    loader resolved), else the text of its `village` field.
    """
    rows = form_rows(values, form.id)
    if form.id == VILLAGE_FORM:
        if codes is not None:
            rows = rows[rows["village"].isin(codes)]
        return field_table(rows, form, ["period", "village"]).reset_index()
    table = field_table(rows, form, ["period", "entity"])
    named = rows.groupby(["period", "entity"])["village"].first().reindex(table.index)
    return table.assign(village=named.combine_first(table.get("village", named))).reset_index()


def _fraction(table: pd.DataFrame, ind: Indicator) -> pd.DataFrame:
    needed = sorted(ind.numerator.fields() | (ind.denominator.fields() if ind.denominator else set()))
    usable = table.loc[table[needed].notna().all(axis=1), ["period", "village", *needed]]
    return pd.DataFrame(
        {
            "indicator": ind.id,
            "period": usable["period"],
            "village": usable["village"],
            "numerator": _amount(usable, ind.numerator),
            "denominator": _amount(usable, ind.denominator) if ind.denominator else np.nan,
            "counted": _selected(usable, ind.denominator or ind.numerator),
        }
    )


def _selected(rows: pd.DataFrame, part: Part) -> pd.Series:
    """Rows a part keeps: enum fields among its ids, equal fields equal."""
    mask = pd.Series(True, index=rows.index)
    for field_id, ids in part.where.items():
        mask &= rows[field_id].isin(ids)
    if part.equal:
        mask &= rows[part.equal[0]] == rows[part.equal[1]]
    return mask


def _amount(rows: pd.DataFrame, part: Part) -> pd.Series:
    """A row's contribution to a part: its field (sum) or 1 (count) if kept, else 0."""
    kept = _selected(rows, part).astype(float)
    return kept * rows[part.sum] if part.sum else kept


def _communes(fractions: pd.DataFrame) -> pd.DataFrame:
    grouped = fractions.groupby(["indicator", "period"], sort=False)
    sums = grouped[_SUMMED].sum(min_count=1).assign(villages_reporting=grouped["village"].nunique())
    return sums.reset_index().assign(village=COMMUNE).rename(columns={"counted": "rows_counted"})


def _villages(fractions: pd.DataFrame, codes: set[str] | None) -> pd.DataFrame:
    named = fractions[fractions["village"].isin(codes) if codes is not None else fractions["village"].notna()]
    sums = named.groupby(_KEY, sort=False)[_SUMMED].sum(min_count=1)
    return sums.reset_index().assign(villages_reporting=1).rename(columns={"counted": "rows_counted"})


def _tasks_completed(values: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """TC4-like rows: for every period with Biểu 04 data, the tasks whose
    latest reported status is completed over the catalog's tasks plus the
    new ones reported up to then."""
    rows = task_rows(values)
    statuses = rows[rows["field"] == "status"]
    ids = [i.id for i in catalog.indicators if i.kind == "tasks_completed"]
    records = []
    for code in sort_codes(rows["period"].unique()):
        until = time_of(code)
        tasks = {t.id for t in catalog.tasks} | set(rows.loc[rows["time"] <= until, "entity"])
        latest = statuses[statuses["time"] <= until].drop_duplicates("entity", keep="last")
        done = float((latest["text"] == COMPLETED).sum())
        records += [{"indicator": i, "period": code, "numerator": done, "denominator": float(len(tasks))} for i in ids]
    return pd.DataFrame(records, columns=["indicator", "period", "numerator", "denominator"]).assign(village=COMMUNE)


def _attributes(catalog: Catalog) -> pd.DataFrame:
    """What the catalog says of each indicator, as columns to join."""
    records = []
    for order, ind in enumerate(catalog.indicators):
        baseline = ind.baseline_period or catalog.commune.baseline_period
        records.append(
            {
                "indicator": ind.id,
                "order": order,
                "sector": ind.sector,
                "unit": "%" if ind.is_percent else ind.unit_vi,
                "numerator_unit": ind.unit_vi,
                "target": ind.target,
                "target_year": ind.target_year if ind.target is not None else None,
                "decrease": ind.direction == "decrease",
                "is_percent": ind.is_percent,
                "baseline_period": baseline,
                "t0": time_of(baseline),
                "panel": ind.form == VILLAGE_FORM,
                "register": ind.form != VILLAGE_FORM and ind.kind != "tasks_completed",
                "names_villages": any(f.kind == "village" for f in catalog.forms[ind.form].fields),
            }
        )
    return pd.DataFrame(records).set_index("indicator").astype({"target": float, "target_year": float})


def _value(numerator: pd.Series, denominator: pd.Series, is_percent: pd.Series) -> pd.Series:
    """Σnumerator × 100 / Σdenominator for percents (None for a zero
    denominator), Σnumerator for sums. ×100 first keeps 29/100 at 29.0."""
    return (numerator * 100 / denominator.where(denominator > 0)).where(is_percent, numerator)


def _with_baseline(rows: pd.DataFrame) -> pd.DataFrame:
    """Each place's own figures in its indicator's baseline period."""
    base = rows.loc[rows["period"] == rows["baseline_period"], ["indicator", "village", "numerator", "denominator", "value"]]
    base = base.rename(columns={c: f"baseline_{c}" for c in ("numerator", "denominator", "value")})
    return rows.merge(base, on=["indicator", "village"], how="left")


def _with_panel(rows: pd.DataFrame) -> pd.DataFrame:
    """For commune rows of village-based indicators: the panel of villages
    that reported both at the baseline and then, and its two values."""
    members = rows[rows["panel"] & (rows["village"] != COMMUNE) & rows["baseline_numerator"].notna()]
    grouped = members.groupby(["indicator", "period"])
    sums = grouped[["numerator", "denominator", "baseline_numerator", "baseline_denominator"]].sum()
    is_percent = grouped["is_percent"].first()
    panel = pd.DataFrame(
        {
            "panel_villages": grouped.size(),
            "panel_value": _value(sums["numerator"], sums["denominator"], is_percent),
            "panel_baseline": _value(sums["baseline_numerator"], sums["baseline_denominator"], is_percent),
        }
    )
    rows = rows.merge(panel.reset_index().assign(village=COMMUNE), on=_KEY, how="left")
    on_panel = rows["panel"] & (rows["village"] == COMMUNE)
    return rows.assign(on_panel=on_panel, panel_villages=rows["panel_villages"].fillna(0).where(on_panel))


def _judged(rows: pd.DataFrame) -> pd.DataFrame:
    """Status, projection, ratio, progress and gap: the commune over its panel
    (value still decides 'achieved'), villages and registers as they stand."""
    v0 = rows["panel_baseline"].where(rows["on_panel"], rows["baseline_value"])
    vt = rows["panel_value"].where(rows["on_panel"], rows["value"])
    flags = rows["decrease"], rows["is_percent"]
    judged = judge_arrays(v0, rows["t0"], vt, rows["time"], rows["target"], rows["target_year"], *flags, value=rows["value"])
    return rows.assign(
        status=judged.status,
        projection=judged.projection,
        ratio=judged.ratio,
        progress=judged.progress,
        gap=gap_arrays(rows["target"], *flags, rows["numerator"], rows["denominator"]),
    )


def _finish(rows: pd.DataFrame) -> pd.DataFrame:
    """Catalog order, then time, the commune before its villages."""
    rows = rows.sort_values(["order", "time", "village"], kind="stable").reset_index(drop=True)
    commune = rows["village"] == COMMUNE
    rows = rows.assign(
        village=pd.Series(np.where(commune, None, rows["village"]), dtype=object),
        status=rows["status"].astype(object).where(rows["status"].notna(), None),
        **{c: rows[c].astype("Int64") for c in _COUNTS},
    )
    return rows[COLUMNS + EXTRA_COLUMNS]
