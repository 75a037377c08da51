"""Lĩnh vực: each sector of the program (those of the sector filter, else
all) as one section, its indicators at a glance and its tasks, so a sector's
officer sees in one place what the program asks of them and where it stands.

Indicator cards are the overview's (ui.widgets.card); task completion,
status and flags come from metrics.tasks through view.tasks().
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from catalog import load_catalog
from catalog.models import Sector
from charts import task_flags, task_status_label
from ui.state import View, current_view
from ui.widgets import card

CARDS_PER_ROW = 4


def indicator_cards(view: View, sector_id: str) -> None:
    """The sector's indicators as cards, CARDS_PER_ROW to a row."""
    indicators = [i for i in load_catalog().indicators if i.sector == sector_id]
    if not indicators:
        st.info(view.t("sector_no_indicators"))
        return
    for start in range(0, len(indicators), CARDS_PER_ROW):
        for column, ind in zip(st.columns(CARDS_PER_ROW), indicators[start : start + CARDS_PER_ROW]):
            with column:
                card(view, ind)


def progress_source(view: View, task: pd.Series) -> str:
    """Where the completion comes from: an indicator, or the unit's report."""
    if task["completion_source"] == "computed":
        return view.t("source_computed", ind=task["completion_indicator"])
    if task["completion_source"] == "reported":
        return view.t("source_reported")
    return "—"


def task_table(view: View, tasks: pd.DataFrame) -> pd.DataFrame:
    """Tasks as a table: id, name, where they stand (completion, status,
    flags), then where the completion comes from and the lead unit."""
    return pd.DataFrame(
        {
            view.t("col_task_id"): tasks["task_id"],
            view.t("col_task"): tasks["name"] if view.lang == "vi" else tasks["name_en"],
            view.t("completion"): tasks["completion"].round(0),
            view.t("status"): tasks["status"].map(lambda s: task_status_label(s, view.lang)),
            view.t("col_flags"): [task_flags(late, stale, view.lang) for late, stale in zip(tasks["late"], tasks["stale"])],
            view.t("col_completion_source"): [progress_source(view, t) for _, t in tasks.iterrows()],
            view.t("col_lead_unit"): tasks["lead_unit"],
        }
    )


def task_columns(view: View) -> dict:
    """Widths (pixels) that keep the whole table in sight on a laptop;
    completion as a bar (whole percents read the same in both languages)."""
    text = st.column_config.TextColumn
    return {
        view.t("col_task_id"): text(width=60),
        view.t("col_task"): text(width=290),
        view.t("completion"): st.column_config.ProgressColumn(format="%.0f%%", min_value=0, max_value=100, width=110),
        view.t("status"): text(width=120),
        view.t("col_flags"): text(width=170),
        view.t("col_completion_source"): text(width=110),
        view.t("col_lead_unit"): text(width=200),
    }


def task_list(view: View, tasks: pd.DataFrame) -> None:
    if tasks.empty:
        st.info(view.t("sector_no_tasks"))
        return
    st.dataframe(task_table(view, tasks), hide_index=True, width="stretch", column_config=task_columns(view))


def sector_section(view: View, sector: Sector, tasks: pd.DataFrame) -> None:
    """One sector: heading, a one-line summary, its indicators and its tasks."""
    mine = tasks[tasks["sector"] == sector.id] if not tasks.empty else tasks
    count = sum(1 for i in load_catalog().indicators if i.sector == sector.id)
    st.header(view.name(sector), divider="green")
    st.caption(view.t("sector_summary", n=count, m=len(mine)))
    st.subheader(view.t("sector_indicators"))
    indicator_cards(view, sector.id)
    st.subheader(view.t("sector_tasks"))
    task_list(view, mine)


def new_tasks_section(view: View, tasks: pd.DataFrame) -> None:
    """Tasks reported under new ids carry no sector: shown apart, so none is lost."""
    new = tasks[tasks["sector"].fillna("") == ""] if not tasks.empty else tasks
    if new.empty:
        return
    st.header(view.t("new_tasks"), divider="gray")
    task_list(view, new)


def sectors_page(view: View) -> None:
    st.title(view.t("sectors_title"))
    if view.snap.empty or view.period is None:
        st.info(view.t("empty_store"))
        return
    catalog = load_catalog()
    tasks = view.tasks()
    chosen = [s for s in catalog.sectors if not view.sectors or s.id in view.sectors]
    for sector in chosen:
        sector_section(view, sector, tasks)
    if not view.sectors:
        new_tasks_section(view, tasks)


sectors_page(current_view())
