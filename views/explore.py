"""Khám phá: ad-hoc filter and pivot over every stored value, for the
questions no other page foresaw ("households per village per year"), with
the result to take away as .xlsx or CSV.

Filters: form, field (by its header in the catalog), period, and the
sidebar's villages. services.explore labels and pivots the values; this
page only lays out widgets and tables. Numbers are shown as the language
writes them, and stay numbers in the downloads.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from catalog import load_catalog
from charts import period_label
from i18n import fmt_number
from services import explore
from ui.state import View, current_view, store
from ui.widgets import downloads

MAX_SHOWN = 2000  # rows drawn on screen; downloads carry every row
NO_COLUMNS = "none"  # the columns choice that splits nothing
DIMENSION_KEYS = {
    "field": "field",
    "village": "col_village",
    "period": "col_period",
    "form": "form",
    "entity": "col_entity",
    "text": "col_text",
    "file": "source_file",
}
COLUMN_KEYS = {
    **DIMENSION_KEYS,
    "value": "value",
    "unit": "col_unit",
    "user": "source_user",
    "received": "source_date",
}


def keep_options(key: str, options: list) -> None:
    """Drop a remembered choice that is no longer an option (the fields
    after the forms changed), so the widget never holds a stale value."""
    if key not in st.session_state:
        return
    current = st.session_state[key]
    if isinstance(current, list):
        st.session_state[key] = [v for v in current if v in options]
    elif current not in options:
        del st.session_state[key]


def multi_filter(column, label: str, options: list, key: str, fmt, everything: str) -> list:
    """A multiselect where choosing nothing means everything."""
    keep_options(key, options)
    return column.multiselect(label, options, key=key, format_func=fmt, placeholder=everything)


def filters(view: View, values: pd.DataFrame) -> tuple[list[str], list[str], list[str]]:
    """Form, field and period choices; fields offered are those of the
    chosen forms that hold a stored value, in the catalog's order."""
    catalog = load_catalog()
    left, middle, right = st.columns(3)
    stored = set(values["form"].unique())
    form_ids = [f for f in catalog.forms if f in stored]
    forms = multi_filter(
        left,
        view.t("form"),
        form_ids,
        "explore_forms",
        lambda f: explore.form_label(catalog, f, view.lang),
        view.t("all_forms"),
    )
    present = set(values.loc[values["form"].isin(forms or form_ids), "field"].unique())
    labels = explore.field_labels(catalog, view.lang, forms or None)
    field_ids = [f for f in labels if f in present]
    fields = multi_filter(middle, view.t("field"), field_ids, "explore_fields", lambda f: labels.get(f, f), view.t("all_fields"))
    periods = multi_filter(
        right,
        view.t("period"),
        list(view.snap.periods),
        "explore_periods",
        lambda p: period_label(p, view.lang),
        view.t("all_periods"),
    )
    return forms, fields, periods


def localised(view: View, frame: pd.DataFrame) -> pd.DataFrame:
    """The labelled values with headers in the reader's language."""
    return frame.rename(columns={c: view.t(k) for c, k in COLUMN_KEYS.items()})


def numbers_shown(view: View, frame: pd.DataFrame, columns: list) -> pd.DataFrame:
    """The frame with its numbers as the reader writes them (1.234,5 in
    Vietnamese) and '—' where there is none. Text, because st.dataframe
    shows a missing number as 'None' whatever a Styler says, and a Styler
    costs too much per cell for a page that must answer within a second."""
    return frame.assign(**{c: frame[c].map(lambda v: fmt_number(v, view.lang)) for c in columns})


def values_shown(view: View, frame: pd.DataFrame) -> pd.DataFrame:
    """The detailed values for the screen: a number or its words in one
    column (a value is one or the other), no 'None' anywhere."""
    words = frame["text"].fillna("").astype(str)
    shown = frame.assign(
        value=[fmt_number(v, view.lang) if pd.notna(v) else w for v, w in zip(frame["value"], words)],
        unit=frame["unit"].fillna(""),
    )
    return localised(view, shown.drop(columns=["text"]))


def pivot_choices(view: View) -> tuple[str, str | None, str]:
    """Rows, columns (None: no split) and aggregate, defaulting to the sum
    of each field per period."""
    left, middle, right = st.columns(3)

    def dimension(d: str) -> str:
        return view.t(DIMENSION_KEYS[d]) if d != NO_COLUMNS else view.t("no_columns")

    rows = left.selectbox(view.t("rows"), explore.DIMENSIONS, key="explore_rows", format_func=dimension)
    column_options = [NO_COLUMNS, *(d for d in explore.DIMENSIONS if d != rows)]
    keep_options("explore_columns", column_options)
    columns = middle.selectbox(
        view.t("columns"),
        column_options,
        index=column_options.index("period") if rows != "period" else 0,
        key="explore_columns",
        format_func=dimension,
    )
    aggregate = right.selectbox(
        view.t("aggregate"), explore.AGGREGATES, key="explore_aggregate", format_func=lambda a: view.t(f"agg_{a}")
    )
    return rows, None if columns == NO_COLUMNS else columns, aggregate


def pivot_table(view: View, frame: pd.DataFrame) -> pd.DataFrame:
    """The pivot the reader chose, as a flat table with localised headers
    (empty when nothing can be aggregated)."""
    rows, columns, aggregate = pivot_choices(view)
    table = explore.pivot(frame, rows, columns, aggregate)
    if table.empty:
        return table
    if not columns:
        table.columns = [view.t(f"agg_{aggregate}")]
    table.index.name = view.t(DIMENSION_KEYS[rows])
    return table.reset_index()


def pivot_section(view: View, frame: pd.DataFrame) -> pd.DataFrame:
    st.header(view.t("pivot"))
    table = pivot_table(view, frame)
    if table.empty:
        st.info(view.t("pivot_empty"))
        return table
    numbers = list(table.columns[1:])
    right = {c: st.column_config.TextColumn(alignment="right") for c in numbers}
    st.dataframe(numbers_shown(view, table, numbers), hide_index=True, width="stretch", column_config=right)
    return table


def values_section(view: View, frame: pd.DataFrame) -> pd.DataFrame:
    """The detailed values (the first MAX_SHOWN on screen)."""
    st.header(view.t("raw_values"))
    if len(frame) > MAX_SHOWN:
        st.caption(view.t("shown_first", shown=fmt_number(MAX_SHOWN, view.lang), total=fmt_number(len(frame), view.lang)))
    date_format = "DD/MM/YYYY HH:mm" if view.lang == "vi" else "YYYY-MM-DD HH:mm"
    st.dataframe(
        values_shown(view, frame.head(MAX_SHOWN)),
        hide_index=True,
        width="stretch",
        column_config={
            view.t("value"): st.column_config.TextColumn(alignment="right"),
            view.t("source_date"): st.column_config.DatetimeColumn(format=date_format),
        },
    )
    return localised(view, frame)


@st.cache_resource(show_spinner=False, max_entries=4)
def _chosen_values(url: str, change: int, lang: str, choice: tuple, _view: View) -> pd.DataFrame:
    forms, fields, periods, villages = choice
    chosen = explore.choose(_view.snap.values, list(forms), list(fields), list(periods), villages)
    return explore.labelled(chosen, load_catalog(), _view.snap.village_names(), lang)


def chosen_values(view: View, choice: tuple) -> pd.DataFrame:
    """The filtered values with labels, cached per store change, language
    and filters: labelling a city's values costs a few tenths of a second,
    too much to repeat on every click of the pivot's choices."""
    return _chosen_values(store().url, view.snap.last_change, view.lang, choice, view)


def explore_page(view: View) -> None:
    st.title(view.t("explore_title"))
    st.caption(view.t("explore_help"))
    if view.snap.empty:
        st.info(view.t("empty_store"))
        return
    values = view.snap.values
    forms, fields, periods = filters(view, values)
    if view.villages:
        st.caption(view.t("explore_villages_note", n=len(view.villages)))
    frame = chosen_values(view, (tuple(forms), tuple(fields), tuple(periods), view.villages))
    if frame.empty:
        st.info(view.t("explore_nothing"))
        return
    st.caption(view.t("explore_count", n=fmt_number(len(frame), view.lang)))
    pivot = pivot_section(view, frame)
    table = values_section(view, frame)
    sheets = {view.t("raw_values"): table} | ({view.t("pivot"): pivot} if not pivot.empty else {})
    downloads(view, sheets, view.t("explore_title"))


explore_page(current_view())
