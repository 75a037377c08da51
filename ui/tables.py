"""Tables that pages hand out: the task register (the Nhiệm vụ page shows
and hands it out, the Báo cáo page adds it to its data download) and the
indicator rows of the sidebar's choice (the Báo cáo page's download).
Figures stay numbers, so a spreadsheet can add them up; words are in the
reader's language."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from catalog import load_catalog
from charts import period_label, status_label, task_flags, task_status_label
from i18n import MISSING, fmt_date
from ui.state import View


def register(view: View, tasks: pd.DataFrame) -> pd.DataFrame:
    """One line per task: what it is, who leads it, how far it is (from
    its indicators and as reported), its status, flags and schedule, what
    measures it, and what its unit reported."""
    sector_name = {s.id: view.name(s) for s in load_catalog().sectors}
    return pd.DataFrame(
        {
            view.t("col_task_id"): tasks["task_id"],
            view.t("col_task"): tasks["name"] if view.lang == "vi" else tasks["name_en"],
            view.t("col_lead_unit"): tasks["lead_unit"],
            view.t("col_computed"): tasks["computed_completion"].astype(float).round(0),
            view.t("col_reported"): tasks["reported_completion"].astype(float).round(0),
            view.t("status"): tasks["status"].map(lambda s: task_status_label(s, view.lang)),
            view.t("col_flags"): [task_flags(late, stale, view.lang) for late, stale in zip(tasks["late"], tasks["stale"])],
            view.t("col_deadline"): tasks["deadline"].map(lambda d: fmt_date(dt.date.fromisoformat(d), view.lang)),
            view.t("col_indicators"): tasks["indicators"].map(", ".join),
            view.t("col_weakest"): tasks["completion_indicator"],
            view.t("col_sector"): tasks["sector"].map(lambda s: sector_name.get(s, MISSING)),
            view.t("col_last_report"): tasks["last_report_period"].map(
                lambda p: period_label(p, view.lang) if isinstance(p, str) else MISSING
            ),
            view.t("col_task_result"): tasks["result"],
            view.t("col_task_issues"): tasks["issues"],
        }
    )


def register_columns(view: View) -> dict:
    """Completions as bars (whole percents read the same in both
    languages), and widths that keep the first columns in sight."""
    bar = {"format": "%.0f%%", "min_value": 0, "max_value": 100, "width": 110}
    text = st.column_config.TextColumn
    return {
        view.t("col_task_id"): text(width=60),
        view.t("col_task"): text(width=260),
        view.t("col_lead_unit"): text(width=160),
        view.t("col_computed"): st.column_config.ProgressColumn(**bar),
        view.t("col_reported"): st.column_config.ProgressColumn(**bar),
        view.t("col_flags"): text(width=170),
    }


def indicator_sheet(view: View) -> pd.DataFrame:
    """The period's indicator rows of the chosen sectors: the total (over
    the chosen villages when some are; the registers stay the commune's)
    and each village, numbers kept as numbers."""
    catalog = load_catalog()
    ids = [i.id for i in view.indicators()]
    rows = view.rows()
    rows = rows[(rows["period"] == view.period) & rows["indicator"].isin(ids)]
    names = view.snap.village_names()
    total = view.t("chosen_villages_total" if view.villages else "whole_commune")
    return pd.DataFrame(
        {
            view.t("col_indicator"): rows["indicator"].map(lambda i: f"{i} · {view.name(catalog.indicator(i))}"),
            view.t("col_village"): rows["village"].map(lambda c: names.get(c, c) if isinstance(c, str) else total),
            view.t("value"): rows["value"],
            view.t("col_unit"): rows["indicator"].map(
                lambda i: "%" if catalog.indicator(i).is_percent else view.unit(catalog.indicator(i))
            ),
            view.t("col_numerator"): rows["numerator"],
            view.t("col_denominator"): rows["denominator"],
            view.t("col_villages_reporting"): rows["villages_reporting"],
            view.t("target"): rows["target"],
            view.t("col_target_year"): rows["target_year"],
            view.t("status"): rows["status"].map(lambda s: status_label(s, view.lang)),
            view.t("gap"): rows["gap"],
        }
    )
