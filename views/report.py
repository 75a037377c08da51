"""Báo cáo: the periodic report of the commune People's Committee to the
Party Committee's Standing Committee, as of the sidebar's period, in one
click as Word (.docx) or its tables as Excel (.xlsx); and the data behind
the pages, filtered by the sidebar, as .xlsx or CSV.

The report is built by services.report, the same call as `cli.py report`;
a file is made only when its button is pressed (drawing the charts takes
seconds). The page shows what the report holds and its summary tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import streamlit as st

from catalog import load_catalog
from catalog.periods import today
from charts import period_label
from reports.model import Report, Table, cell_text
from services import report
from services.export import XLSX_MIME
from ui.state import View, current_view, store
from ui.tables import indicator_sheet, register
from ui.widgets import downloads, plain, slug

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def whole(view: View) -> dict:
    """The commune's indicator and task rows for the report, whatever the
    sidebar's villages: those other pages cached for no village filter."""
    everywhere = replace(view, villages=())
    return {"rows": everywhere.rows(), "tasks": everywhere.tasks()}


@st.cache_resource(show_spinner=False, max_entries=4)
def _outline(url: str, change: int, period: str, today: dt.date, _view: View) -> Report:
    return report.content(_view.snap, period, today, charts=False, **whole(_view))


def outline(view: View) -> Report:
    """The report's content without its charts, cached per store change,
    period and day (the date line)."""
    return _outline(store().url, view.snap.last_change, view.period, today(), view)


def report_buttons(view: View) -> None:
    """Word and Excel, each made when its button is pressed."""
    name = slug(f"bao-cao-{view.period}")
    left, right = st.columns(2)
    for column, fmt, mime, label, icon in (
        (left, "docx", DOCX, "report_word", ":material/description:"),
        (right, "xlsx", XLSX_MIME, "report_excel", ":material/table:"),
    ):
        column.download_button(
            view.t(label),
            data=lambda fmt=fmt: report.render(view.snap, view.period, fmt, **whole(view)),
            file_name=f"{name}.{fmt}",
            mime=mime,
            on_click="ignore",
            key=f"report-{fmt}",
            icon=icon,
            type="primary" if fmt == "docx" else "secondary",
        )


def as_frame(table: Table) -> pd.DataFrame:
    """A report table as it reads on paper."""
    return pd.DataFrame([[cell_text(c) for c in row] for row in table.rows], columns=[c.title for c in table.columns])


def contents(view: View, content: Report) -> None:
    """The report's headings, then its summary tables (section I)."""
    st.header(view.t("report_outline"))
    st.markdown("\n".join(f"{'    ' if s.level == 2 else ''}- {s.heading}" for s in content.sections))
    st.header(view.t("report_summary"))
    for table in content.sections[0].tables:
        st.markdown(f"**{plain(table.title)}**")
        st.dataframe(as_frame(table), hide_index=True, width="stretch")


def filtered_data(view: View) -> None:
    st.header(view.t("filtered_data"))
    st.caption(view.t("filtered_help", period=period_label(view.period, view.lang)))
    tasks = view.tasks()
    if view.sectors:
        tasks = tasks[tasks["sector"].isin(view.sectors)]
    sheets = {view.t("page_indicators"): indicator_sheet(view), view.t("page_tasks"): register(view, tasks)}
    downloads(view, sheets, f"{view.t('filtered_data')}-{view.period}")


def report_page(view: View) -> None:
    st.title(view.t("report_title"))
    if view.snap.empty or view.period is None:
        st.info(view.t("empty_store"))
        return
    commune = load_catalog().commune
    st.caption(view.t("report_help", committee=commune.committee_vi, period=period_label(view.period, view.lang)))
    st.caption(view.t("report_language"))
    report_buttons(view)
    contents(view, outline(view))
    st.divider()
    filtered_data(view)


report_page(current_view())
