"""Tổng quan: the four 2030 targets and four priority tasks at a glance,
completeness and freshness; a meeting mode for the projector."""

from __future__ import annotations

import html
from functools import partial

import pandas as pd
import streamlit as st

from catalog import load_catalog
from charts import period_label, task_status_label
from i18n import fmt_date, fmt_percent
from services.dashboard import reporting
from ui.state import View, current_view, once
from ui.widgets import (
    badge,
    card,
    commune_history,
    gap_sentence,
    history_table,
    indicator_trend,
    no_data_badge,
    plain,
    show_value,
    target_text,
)


def completeness_line(view: View) -> None:
    reported, total, missing = reporting(view.snap, view.period, view.villages)
    line = view.t("completeness", reported=reported, total=total, period=period_label(view.period, view.lang))
    if missing:
        line += " " + view.t("missing_villages", names=", ".join(missing))
    newest = view.snap.newest
    st.markdown(f"**{plain(line)}** {view.t('freshness', date=fmt_date(newest, view.lang)) if newest else ''}")


def task_lines(view: View, task: pd.Series) -> tuple[str, str, list[str]]:
    """A task's completion, a line with where it comes from and the task's
    status, and one HTML line per indicator that measures it."""
    catalog = load_catalog()
    done = fmt_percent(task["completion"], view.lang, 0) if pd.notna(task["completion"]) else "—"
    source = view.t("completion_" + task["completion_source"]) if isinstance(task["completion_source"], str) else ""
    status = view.t("completion") + (f" ({source})" if source else "")
    status += f" · {view.t('status')}: <b>{task_status_label(task['status'], view.lang)}</b>"
    rows = view.rows()
    now = rows[rows["village"].isna() & (rows["period"] == view.period)].set_index("indicator")
    lines = []
    for ind_id in task["indicators"]:
        ind = catalog.indicator(ind_id)
        value = show_value(view, ind, now["value"].get(ind_id))
        lines.append(f"{ind_id} {html.escape(view.short(ind))}: <b>{value}</b> {badge(now['status'].get(ind_id), view.lang)}")
    return done, status, lines


def task_name(view: View, task: pd.Series) -> str:
    """A task's id and name as written (a commune's own task is named in its Biểu 04)."""
    return f"{task['task_id']} · {task['name'] if view.lang == 'vi' else task['name_en']}"


def task_card(view: View, task: pd.Series) -> None:
    """A priority task: completion, status, and its indicators' statuses."""
    done, status, lines = task_lines(view, task)
    st.html(
        f"<div class='xanh-card'><p class='xanh-card-title'><strong>{html.escape(task_name(view, task))}</strong></p>"
        f"<div class='xanh-value'>{done}</div><div>{status}</div>" + "".join(f"<div>{line}</div>" for line in lines) + "</div>"
    )


def status_row(view: View, headline: list) -> None:
    """The four targets' statuses in one line, first on a phone's screen;
    the cards below say the rest."""
    now = view.rows()
    now = now[now["village"].isna() & (now["period"] == view.period)].set_index("indicator")["status"]
    chips = "".join(
        f"<span class='xanh-chip'><strong>{ind.id}</strong> {badge(now.get(ind.id), view.lang) if ind.id in now.index else no_data_badge(view.lang)}</span>"
        for ind in headline
    )
    st.html(f"<p class='xanh-status-row' aria-label='{html.escape(view.t('headline_targets'))}'>{chips}</p>")


def overview(view: View) -> None:
    catalog = load_catalog()
    st.title(view.t("overview_title", commune=catalog.commune.name_vi if view.lang == "vi" else catalog.commune.name_en))
    with st.container(key="xanh-meeting-button"):  # for a projector or a tablet, not a phone (CSS)
        if st.button(view.t("meeting_mode"), icon=":material/co_present:"):
            st.query_params["meeting"] = "1"
            st.rerun()
    headline = [i for i in catalog.indicators if i.headline]
    once(view, ("status_row",), partial(status_row, view, headline))
    once(view, ("completeness",), partial(completeness_line, view))
    st.header(view.t("headline_targets"))
    for column, ind in zip(st.columns(len(headline)), headline):
        with column:
            card(view, ind)
    st.header(view.t("priority_tasks"))
    tasks = view.tasks()
    priority = tasks[tasks["priority"]] if not tasks.empty else tasks
    for column, (_, task) in zip(st.columns(max(len(priority), 1)), priority.iterrows()):
        with column:
            once(view, ("task", task["task_id"]), partial(task_card, view, task))


def slides(view: View) -> list[tuple[str, str]]:
    """The meeting's screens: each headline indicator, then each priority task."""
    catalog = load_catalog()
    return [("indicator", i.id) for i in catalog.indicators if i.headline] + [("task", t.id) for t in catalog.tasks if t.priority]


def meeting(view: View) -> None:
    """One indicator or task per screen, large, with previous/next."""
    screens = slides(view)
    index = int(st.query_params.get("slide", "0")) % len(screens)
    kind, item_id = screens[index]
    if kind == "indicator":
        meeting_indicator(view, item_id)
    else:
        meeting_task(view, item_id)
    back, where, forward, leave = st.columns([1, 1, 1, 1])
    if back.button(view.t("previous"), width="stretch"):
        st.query_params["slide"] = str((index - 1) % len(screens))
        st.rerun()
    where.markdown(
        f"<div class='xanh-meeting-line' style='text-align:center'>{view.t('slide_of', i=index + 1, n=len(screens))}</div>",
        unsafe_allow_html=True,
    )
    if forward.button(view.t("next"), width="stretch", type="primary"):
        st.query_params["slide"] = str((index + 1) % len(screens))
        st.rerun()
    if leave.button(view.t("meeting_exit"), width="stretch"):
        for key in ("meeting", "slide"):
            st.query_params.pop(key, None)
        st.rerun()


def meeting_indicator(view: View, indicator_id: str) -> None:
    ind = load_catalog().indicator(indicator_id)
    rows = commune_history(view, indicator_id)
    now = rows[rows["period"] == view.period]
    st.markdown(f"<h1 class='xanh-meeting-title'>{ind.id} · {html.escape(view.name(ind))}</h1>", unsafe_allow_html=True)
    if now.empty:
        st.markdown(
            f"<div class='xanh-meeting-line'>{view.t('no_value_period', period=period_label(view.period, view.lang))}</div>",
            unsafe_allow_html=True,
        )
        return
    row = now.iloc[0]
    left, right = st.columns([2, 3])
    sentence = gap_sentence(view, ind, row["gap"])
    left.markdown(
        f"<div class='xanh-meeting-value'>{show_value(view, ind, row['value'])}</div>"
        f"<div class='xanh-meeting-line xanh-meeting'>{badge(row['status'], view.lang)}</div>"
        f"<div class='xanh-meeting-line'>{html.escape(target_text(view, ind))}</div>"
        + (f"<div class='xanh-meeting-line'><b>{html.escape(sentence)}</b></div>" if sentence else ""),
        unsafe_allow_html=True,
    )
    with right:
        chart = indicator_trend(view, ind, rows)
        st.altair_chart(
            chart.properties(height=420).configure_axis(labelFontSize=18, titleFontSize=18).configure_legend(labelFontSize=18),
            width="stretch",
        )
        with st.expander(view.t("table_view")):
            st.dataframe(history_table(view, ind, rows), hide_index=True, width="stretch")


def meeting_task(view: View, task_id: str) -> None:
    tasks = view.tasks()
    task = tasks[tasks["task_id"] == task_id]
    if task.empty:
        return
    done, status, lines = task_lines(view, task.iloc[0])
    st.markdown(
        f"<h1 class='xanh-meeting-title'>{html.escape(task_name(view, task.iloc[0]))}</h1>"
        f"<div class='xanh-meeting-value'>{done}</div>"
        f"<div class='xanh-meeting-line'>{status}</div>"
        + "".join(f"<div class='xanh-meeting-line xanh-meeting'>{line}</div>" for line in lines),
        unsafe_allow_html=True,
    )


view = current_view()
if view.snap.empty or view.period is None:
    st.title(view.t("app_title"))
    st.info(view.t("empty_store"))
elif st.query_params.get("meeting") == "1":
    meeting(view)
else:
    overview(view)
