"""Chỉ tiêu: any indicator over time with baseline, target line, required
path and projection; the village breakdown; and how the figure is computed,
down to the files it comes from."""

from __future__ import annotations

import html
from functools import partial

import pandas as pd
import streamlit as st

from catalog import load_catalog
from catalog.models import Indicator, Part
from charts import period_label, status_label, value_text
from i18n import fmt_date, fmt_number
from services.dashboard import sources
from ui.state import View, current_view, once, url_select
from ui.widgets import (
    badge,
    chart_block,
    gap_sentence,
    history_table,
    indicator_bars,
    indicator_trend,
    show_value,
    target_text,
)


def choose(view: View) -> Indicator | None:
    options = [i.id for i in view.indicators()]
    if not options:
        st.info(view.t("nothing_left"))
        return None
    catalog = load_catalog()
    chosen = url_select(
        st, view.t("choose_indicator"), options, "indicator", lambda i: f"{i} · {view.name(catalog.indicator(i))}"
    )
    return catalog.indicator(chosen)


def part_label(view: View, ind: Indicator, part: Part) -> str:
    """In words what a fraction part adds up: a field, or register rows."""
    catalog = load_catalog()
    form = catalog.forms[ind.form]
    if part.sum:
        field = form.field(part.sum)
        return field.header_vi if view.lang == "vi" else field.header_en
    conditions = []
    for field_id, allowed in part.where.items():
        field = form.field(field_id)
        labels = " / ".join(catalog.enum_label(field.enum or "", a, view.lang) for a in allowed)
        conditions.append(f"{field.header_vi if view.lang == 'vi' else field.header_en}: {labels}")
    if part.equal:
        a, b = (form.field(f) for f in part.equal)
        conditions.append(f"{a.header_vi} = {b.header_vi}" if view.lang == "vi" else f"{a.header_en} = {b.header_en}")
    rows = ("số dòng Biểu " if view.lang == "vi" else "rows of form ") + ind.form
    return rows + (f" ({'; '.join(conditions)})" if conditions else "")


def trend_block(view: View, ind: Indicator, commune: pd.DataFrame) -> None:
    st.header(view.t("trend"))
    if commune["value"].notna().sum() < 2:
        st.caption(view.t("single_period"))
    chart_block(
        view, partial(indicator_trend, view, ind, commune), partial(history_table, view, ind, commune), f"{ind.id}-xu-huong"
    )


def now_block(view: View, ind: Indicator, row: pd.Series) -> None:
    """The judged period: value, status, gap, baseline, projection, panel."""
    lines = [f'<div class="xanh-value">{show_value(view, ind, row["value"])}</div>{badge(row["status"], view.lang)}']
    st.markdown("".join(lines), unsafe_allow_html=True)
    st.caption(target_text(view, ind))
    sentence = gap_sentence(view, ind, row["gap"])
    if sentence:
        st.markdown(f"**{html.escape(sentence)}**")
    if pd.notna(row["baseline_value"]):
        st.caption(
            view.t("baseline", period=row["baseline_period"], value=value_text(row["baseline_value"], ind.is_percent, view.lang))
        )
    if pd.notna(row["projection"]):
        st.caption(view.t("projection_by", year=ind.target_year, value=value_text(row["projection"], ind.is_percent, view.lang)))
    if (
        pd.notna(row["panel_villages"])
        and pd.notna(row["villages_reporting"])
        and row["panel_villages"] < row["villages_reporting"]
    ):
        st.caption(view.t("panel_note", panel=int(row["panel_villages"])))


def villages_block(view: View, ind: Indicator, rows: pd.DataFrame) -> None:
    st.header(view.t("village_breakdown", period=period_label(view.period, view.lang)))
    mine = rows[(rows["indicator"] == ind.id) & rows["village"].notna() & (rows["period"] == view.period)]
    if mine.empty:
        st.caption(view.t("commune_only") if ind.form != "01" else view.t("no_village_rows"))
        return
    names = view.snap.village_names()
    chart = partial(indicator_bars, view, ind, mine, names, f"{ind.id} {view.name(ind)}, {period_label(view.period, view.lang)}")
    chart_block(view, chart, partial(village_table, view, ind, mine, names), f"{ind.id}-theo-thon")


def village_table(view: View, ind: Indicator, mine: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            view.t("villages"): mine["village"].map(lambda c: names.get(c, c)),
            view.t("value"): mine["value"].map(lambda v: value_text(v, ind.is_percent, view.lang)),
            view.t("status"): mine["status"].map(lambda s: status_label(s, view.lang)),
            view.t("gap"): mine["gap"].map(lambda g: fmt_number(g, view.lang)),
        }
    )


def calculation_block(view: View, ind: Indicator, row: pd.Series) -> None:
    """Σ numerator / Σ denominator, what was counted, and the source files."""
    with st.expander(view.t("calculation"), expanded=True):
        unit_value = value_text(row["value"], ind.is_percent, view.lang)
        if ind.kind == "tasks_completed":
            st.markdown(f"{fmt_number(row['numerator'], view.lang)} / {fmt_number(row['denominator'], view.lang)} = {unit_value}")
        elif ind.denominator is not None:
            st.markdown(
                view.t(
                    "calc_ratio",
                    num=part_label(view, ind, ind.numerator),
                    den=part_label(view, ind, ind.denominator),
                    numerator=fmt_number(row["numerator"], view.lang),
                    denominator=fmt_number(row["denominator"], view.lang),
                    value=unit_value,
                )
            )
        else:
            st.markdown(view.t("calc_sum", num=part_label(view, ind, ind.numerator), value=show_value(view, ind, row["value"])))
        if pd.notna(row["villages_reporting"]):
            st.caption(view.t("calc_villages", n=int(row["villages_reporting"]), period=period_label(view.period, view.lang)))
        elif pd.notna(row.get("rows_counted")):
            st.caption(view.t("calc_rows", n=int(row["rows_counted"])))
        st.markdown(f"**{view.t('sources')}**")
        files = sources(view.snap, ind, view.period, view.villages)
        st.dataframe(
            pd.DataFrame(
                {
                    view.t("source_file"): files["filename"],
                    view.t("source_date"): files["created_at"].map(lambda d: fmt_date(pd.Timestamp(d), view.lang)),
                    view.t("source_user"): files["user"],
                    view.t("source_values"): files["values"],
                }
            ),
            hide_index=True,
            width="stretch",
        )


def page(view: View) -> None:
    st.title(view.t("page_indicators"))
    ind = choose(view)
    if ind is None:
        return
    sector = load_catalog().sector(ind.sector)
    st.caption(f"{sector.name_vi if view.lang == 'vi' else sector.name_en} · {ind.clause}")
    rows = view.rows()
    commune = rows[(rows["indicator"] == ind.id) & rows["village"].isna()]
    if commune.empty:
        st.info(view.t("no_value_period", period=period_label(view.period, view.lang)))
        return
    now = commune[commune["period"] == view.period]
    left, right = st.columns([1, 2])
    with left:
        if now.empty:
            st.info(view.t("no_value_period", period=period_label(view.period, view.lang)))
        else:
            once(view, ("now", ind.id), partial(now_block, view, ind, now.iloc[0]))
    with right:
        trend_block(view, ind, commune)
    if not now.empty:
        once(view, ("calculation", ind.id), partial(calculation_block, view, ind, now.iloc[0]))
    villages_block(view, ind, rows)


view = current_view()
if view.snap.empty or view.period is None:
    st.title(view.t("page_indicators"))
    st.info(view.t("empty_store"))
else:
    page(view)
