"""The templates tab of the Dữ liệu page: choose a form, its period and
(Biểu 01) a village, and download its template."""

from __future__ import annotations

import streamlit as st

from catalog import load_catalog
from metrics.indicators import VILLAGE_FORM
from services.explore import form_label
from services.export import XLSX_MIME
from services.templates import TemplateError, template_for
from ui.desk.common import offered_periods, period_select
from ui.state import View, store


def templates_tab(view: View) -> None:
    """A form's .xlsx template, pre-filled from the store (services.templates,
    the same bytes as `cli.py template`), to fill in and upload back."""
    st.caption(view.t("template_help"))
    catalog = load_catalog()
    left, middle, right = st.columns(3)
    form = left.selectbox(
        view.t("form"), list(catalog.forms), format_func=lambda f: form_label(catalog, f, view.lang), key="data_template_form"
    )
    period = None
    if catalog.forms[form].has_period:
        period = period_select(middle, view, "data_template_period", offered_periods(view))
    village = None
    if form == VILLAGE_FORM:
        names = view.snap.village_names()
        village = right.selectbox(
            view.t("template_village"),
            [None, *names],
            format_func=lambda c: view.t("all_villages") if c is None else names[c],
            key="data_template_village",
        )
    try:
        content = template_for(store(), form, period, village)
    except TemplateError as exc:
        st.warning(str(exc))
        return
    st.download_button(
        view.t("download_template"),
        data=content,
        file_name="-".join(filter(None, ["mau-bieu", form, period, village])) + ".xlsx",
        mime=XLSX_MIME,
        icon=":material/download:",
        key="data_template_download",
    )
