"""Nhiệm vụ: the task register as of the chosen period, the program's tasks
and those a commune added in Biểu 04, with lead unit, indicators,
completion computed beside completion reported, status, late and stale
flags, and the program's timeline.

Filters live in the URL like the sidebar's: the lead unit (?unit=, one of
the units a task's comma list names, so ?unit=Hội Nông dân is that unit's
own view) and the status (?status=late,paused); the sector is the
sidebar's. Task rows come from metrics.tasks through view.tasks().
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from catalog import load_catalog
from charts import TASK_COLOURS, fit_width, period_label, status_label, task_status_label, task_timeline
from i18n import fmt_date
from metrics.tasks import as_of_date, lead_units
from ui.state import View, current_view, url_multiselect, url_select
from ui.tables import register, register_columns
from ui.widgets import chart_block, downloads, plain, show_value

ALL = ""  # the unit choice that keeps every unit


def units(tasks: pd.DataFrame) -> list[str]:
    """Every unit named as lead, in the order the register first names it."""
    return list(dict.fromkeys(unit for text in tasks["lead_unit"] for unit in lead_units(text)))


def filters(view: View, tasks: pd.DataFrame) -> tuple[str, list[str]]:
    """The lead unit and the statuses chosen (kept in the URL)."""
    left, right = st.columns(2)
    unit = url_select(left, view.t("col_lead_unit"), [ALL, *units(tasks)], "unit", lambda u: u or view.t("all_units"))
    statuses = url_multiselect(
        right,
        view.t("status"),
        list(TASK_COLOURS),
        "status",
        lambda s: task_status_label(s, view.lang),
        placeholder=view.t("all_statuses"),
    )
    return unit, statuses


def chosen(view: View, tasks: pd.DataFrame, unit: str, statuses: list[str]) -> pd.DataFrame:
    """The tasks of the sidebar's sectors, led (or co-led) by `unit`, in one
    of `statuses`; an empty choice keeps everything."""
    keep = pd.Series(True, index=tasks.index)
    if view.sectors:
        keep &= tasks["sector"].isin(view.sectors)
    if unit:
        keep &= tasks["lead_unit"].map(lambda text: unit in lead_units(text))
    if statuses:
        keep &= tasks["status"].isin(statuses)
    return tasks[keep]


def counts(view: View, tasks: pd.DataFrame) -> None:
    """How many tasks, done, late, and without a report for over 6 months."""
    figures = (
        ("tasks_count", len(tasks)),
        ("tasks_completed", int((tasks["status"] == "completed").sum())),
        ("flag_late", int(tasks["late"].sum())),
        ("flag_stale", int(tasks["stale"].sum())),
    )
    for column, (key, value) in zip(st.columns(len(figures)), figures):
        column.metric(view.t(key), value)


def unit_indicators(view: View, tasks: pd.DataFrame) -> None:
    """A unit's own view: the indicators that measure its tasks, now."""
    ids = list(dict.fromkeys(i for ids in tasks["indicators"] for i in ids))
    if not ids:
        return
    catalog = load_catalog()
    rows = view.rows()
    now = rows[rows["village"].isna() & (rows["period"] == view.period)].set_index("indicator")
    table = pd.DataFrame(
        {
            view.t("col_indicator"): [f"{i} · {view.short(catalog.indicator(i))}" for i in ids],
            view.t("value"): [show_value(view, catalog.indicator(i), now["value"].get(i)) for i in ids],
            view.t("status"): [status_label(now["status"].get(i), view.lang) if i in now.index else "—" for i in ids],
        }
    )
    st.caption(view.t("unit_indicators", period=period_label(view.period, view.lang)))
    st.dataframe(table, hide_index=True, width="stretch")


def timeline(view: View, tasks: pd.DataFrame, table: pd.DataFrame, unit: str | None, statuses: list[str]) -> None:
    """The program's years, from the year after the baseline to the last
    deadline, of the tasks the page's filters (`unit`, `statuses`) chose."""
    catalog = load_catalog()
    start = int(catalog.commune.baseline_period[:4]) + 1
    end = max(catalog.commune.target_year, *(int(d[:4]) for d in tasks["deadline"]))
    as_of = as_of_date(catalog, view.period)
    st.header(view.t("tasks_timeline", start=start, end=end))
    st.caption(view.t("timeline_help", date=fmt_date(as_of, view.lang)))
    subject = view.t("tasks_timeline", start=start, end=end)
    columns = [view.t(k) for k in ("col_task_id", "col_task", "status", "col_computed", "col_deadline")]
    chart_block(
        view,
        lambda: fit_width(task_timeline(tasks, view.lang, f"{start}-01-01", as_of.isoformat(), subject)),
        lambda: table[columns],
        f"lo-trinh-nhiem-vu-{view.period}",
        chosen=(unit, tuple(statuses)),
    )


def tasks_page(view: View) -> None:
    st.title(view.t("tasks_title"))
    if view.snap.empty or view.period is None:
        st.info(view.t("empty_store"))
        return
    as_of = as_of_date(load_catalog(), view.period)
    st.caption(view.t("tasks_help", date=fmt_date(as_of, view.lang), period=period_label(view.period, view.lang)))
    tasks = view.tasks()
    unit, statuses = filters(view, tasks)
    if view.sectors:
        st.caption(view.t("tasks_sector_note"))
    mine = chosen(view, tasks, unit, statuses)
    if mine.empty:
        st.info(view.t("tasks_nothing"))
        return
    counts(view, mine)
    if unit:
        st.header(view.t("unit_view", unit=plain(unit), n=len(mine)))
        unit_indicators(view, mine)
    st.header(view.t("tasks_register"))
    table = register(view, mine)
    st.dataframe(table, hide_index=True, width="stretch", column_config=register_columns(view))
    downloads(view, {view.t("page_tasks"): table}, f"{view.t('page_tasks')}-{view.period}")
    timeline(view, mine, table, unit, statuses)


tasks_page(current_view())
