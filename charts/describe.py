"""What a screen reader says of a chart: what it shows and its key figures,
in the reading language.

Vega names an undescribed chart "Vega visualization" and reads its points
as raw field values ("value: 52.2633744856"). Each builder therefore sets
the chart's description from these sentences, gives its main marks a short
description of their own ("Tân Phong: 45,2%, Chậm") and hides decorations
(labels repeating a value, target rules) from assistive technology. Every
chart is also shown with its table (ui/widgets.chart_block).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from charts.labels import period_label, value_text
from i18n.strings import t


def _values(rows: pd.DataFrame, is_percent: bool, lang: str) -> tuple[str, str, str, str] | None:
    """First and last value of a series over time, with their periods."""
    data = rows.dropna(subset=["value"]).sort_values("time")
    if data.empty:
        return None
    first, last = data.iloc[0], data.iloc[-1]
    return (
        value_text(first["value"], is_percent, lang),
        period_label(first["period"], lang),
        value_text(last["value"], is_percent, lang),
        period_label(last["period"], lang),
    )


def target_clause(target: float | None, target_year: int | None, is_percent: bool, lang: str) -> str:
    if target is None or pd.isna(target):
        return t("describe_no_target", lang)
    shown = value_text(target, is_percent, lang)
    return (
        t("describe_target", lang, target=shown, year=target_year)
        if target_year
        else t("describe_target_value", lang, target=shown)
    )


def series(subject: str, rows: pd.DataFrame, is_percent: bool, target, target_year, lang: str) -> str:
    """A trend: its span of periods, first and newest values, target."""
    ends = _values(rows, is_percent, lang)
    if ends is None:
        return t("describe_empty", lang, subject=subject)
    first, first_period, last, last_period = ends
    return t(
        "describe_trend",
        lang,
        subject=subject,
        periods=rows.dropna(subset=["value"])["period"].nunique(),
        first=first,
        first_period=first_period,
        last=last,
        last_period=last_period,
        target=target_clause(target, target_year, is_percent, lang),
    )


def ranking(subject: str, data: pd.DataFrame, is_percent: bool, target, lang: str, of: str = "village") -> str:
    """Bars by village (or commune, `of`): how many, the highest and the lowest."""
    if data.empty:
        return t("describe_empty", lang, subject=subject)
    ordered = data.sort_values("value", ascending=False)
    top, bottom = ordered.iloc[0], ordered.iloc[-1]
    return t(
        _keyed("describe_ranking", of),
        lang,
        subject=subject,
        n=len(ordered),
        top=top["name"],
        top_value=value_text(top["value"], is_percent, lang),
        bottom=bottom["name"],
        bottom_value=value_text(bottom["value"], is_percent, lang),
        target=target_clause(target, None, is_percent, lang),
    )


def counted(states: pd.Series, lang: str) -> str:
    """'12 Đúng tiến độ, 3 Chậm': how many of each status, most first."""
    counts = Counter(s for s in states if s)
    return ", ".join(f"{n} {state}" for state, n in counts.most_common()) or "—"


def grid(subject: str, data: pd.DataFrame, lang: str, of: str = "village") -> str:
    """A village (or commune, `of`) x indicator heatmap: its size and the statuses in it."""
    return t(
        _keyed("describe_heatmap", of),
        lang,
        subject=subject,
        villages=data["name"].nunique(),
        indicators=data["ind"].nunique(),
        counts=counted(data["state"], lang),
    )


def _keyed(key: str, of: str) -> str:
    """The sentence for rows of villages (the key) or of communes."""
    return key if of == "village" else f"{key}_{of}"


def timeline(subject: str, data: pd.DataFrame, lang: str) -> str:
    """The tasks' timeline: how many tasks, and their statuses."""
    return t("describe_timeline", lang, subject=subject, n=len(data), counts=counted(data["state"], lang))


def panels(subject: str, data: pd.DataFrame, lang: str) -> str:
    """Small multiples: each indicator's newest value and status."""
    newest = data.sort_values("time").groupby("indicator", sort=False).tail(1)
    items = "; ".join(f"{row.indicator} {row.shown}" + (f" ({row.state})" if row.state else "") for row in newest.itertuples())
    return t("describe_panels", lang, subject=subject, items=items or "—")


def mark(*parts: object) -> str:
    """A mark's own description: its parts that say something, joined."""
    return ", ".join(str(p) for p in parts if p is not None and str(p) != "")


def areas(subject: str, data: pd.DataFrame, lowest_first: bool, lang: str, of: str = "commune") -> str:
    """A map: how many units have a figure and how many none, the three
    best and the three worst (best: highest, or lowest for an indicator
    that should fall)."""
    known = data.dropna(subset=["value"]).sort_values("value", ascending=lowest_first, kind="stable")
    if known.empty:
        return t("describe_empty", lang, subject=subject)

    def named(rows: pd.DataFrame) -> str:
        return ", ".join(f"{row.name} ({row.shown})" for row in rows.itertuples())

    best, rest = known.head(3), known.iloc[3:]
    worst = t("describe_map_worst", lang, worst=named(rest.tail(3).iloc[::-1])) if len(rest) else ""
    return t(
        _keyed("describe_map", of),
        lang,
        subject=subject,
        n=len(known),
        missing=len(data) - len(known),
        best=named(best),
        worst=worst,
    )
