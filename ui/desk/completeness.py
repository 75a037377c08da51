"""The completeness tab of the Dữ liệu page: village × period, each cell
whether the report came on time, late, not yet or not at all, in words
(with the day it came) and in colour (metrics.completeness.punctuality)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from catalog import load_catalog
from catalog.periods import VIETNAM_TIME
from charts import period_label
from i18n import fmt_date
from services import data_desk
from ui.state import View, store

STATUS_COLOURS = {"on_time": "#CDEBD3", "late": "#FFE2B8", "missing": "#F8D0D0", "pending": "#EEEEEE"}


def completeness_tab(view: View) -> None:
    commune = load_catalog().commune
    st.caption(view.t("completeness_help", half=day_month(commune.half_year.due), year=day_month(commune.year.due)))
    villages = view.snap.villages
    if view.villages:
        villages = villages[villages["code"].isin(view.villages)]
    today = dt.datetime.now(VIETNAM_TIME).date()
    cells = data_desk.report_status(store(), view.snap.values, villages, today)
    if cells.empty:
        st.info(view.t("completeness_empty"))
        return
    st.dataframe(status_grid(view, cells), hide_index=True, width="stretch", height="content")


def status_grid(view: View, cells: pd.DataFrame) -> Styler:
    """Village × period, each cell its status in words (with the day the
    report came) and in colour; villages by name, in the registry's order."""
    names = view.snap.village_names()
    cells["text"] = [cell_text(view, s, f) for s, f in zip(cells["status"], cells["first"])]
    order = list(dict.fromkeys(cells["village"]))
    grid = cells.pivot(index="village", columns="period", values="text").reindex(order)
    colours = cells.pivot(index="village", columns="period", values="status").reindex(order)
    colours = colours.map(lambda s: f"background-color: {STATUS_COLOURS[s]}; color: #000000")
    grid.columns = colours.columns = [period_label(p, view.lang) for p in grid.columns]
    village = view.t("col_village")
    grid = grid.reset_index(drop=True)
    grid.insert(0, village, [names.get(c, c) for c in order])
    colours = colours.reset_index(drop=True)
    colours.insert(0, village, "")
    return grid.style.apply(lambda _: colours, axis=None)


def cell_text(view: View, status: str, first) -> str:
    label = view.t(f"status_{status}")
    return label if pd.isna(first) else view.t("cell_with_day", label=label, day=fmt_date(first.date(), view.lang))


def day_month(month_day: str) -> str:
    """'06-20' -> '20/06'."""
    month, day = month_day.split("-")
    return f"{day}/{month}"
