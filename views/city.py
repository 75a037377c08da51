"""Toàn thành phố: the communes side by side, for the city's Standing
Committee. The shared headline indicators of every commune coloured by its
status, a ranking of the communes on one indicator, the communes that have
not reported the period, each commune a link into its own dashboard, and
every commune's indicators as one Excel file.

Shown when the store holds more than one commune. services.city reads the
communes' stored results; this page lays them out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from catalog import load_catalog
from catalog.units import TYPES
from charts import chart_rows, fit_width, heatmap, period_label, status_label
from services import city
from ui.state import View, current_view, opened_store, url_multiselect, url_select
from ui.widgets import chart_block, downloads, indicator_bars, plain, show_value

MAX_BARS = 40  # communes in the ranking chart; its table holds them all


def city_page(view: View) -> None:
    st.title(view.t("city_title"))
    base = opened_store()
    periods = city.periods(base)
    if not periods:
        st.info(view.t("city_empty"))
        return
    period = url_select(st, view.t("city_period"), periods, "city_period", lambda p: period_label(p, view.lang))
    province = province_choice(view, base)
    types = url_multiselect(
        st, view.t("city_types"), list(TYPES), "types", lambda t: view.t(f"type_{t}"), placeholder=view.t("city_all_types")
    )
    units = city.communes(base, province, tuple(types))
    rows = city.headline(base, units, period)
    st.caption(view.t("city_help", n=len(units), period=period_label(period, view.lang)))
    grid_section(view, rows, period)
    ranking_section(view, rows, period)
    missing_section(view, city.not_reported(base, units, period), period)
    links_section(view, rows)
    st.header(view.t("city_export"))
    downloads(view, {view.t("city_title"): city.every_indicator(base, units, period)}, f"toan-thanh-pho-{period}")


def province_choice(view: View, base) -> int | None:
    """A province chooser when the store holds communes of several (a
    national server); the configured commune's province comes first."""
    provinces = city.provinces(base)
    if len(provinces) < 2:
        return None
    home = city.home_province(base)
    codes = sorted(provinces, key=lambda code: (code != home, provinces[code]))
    chosen = url_select(st, view.t("city_province"), [str(c) for c in codes], "tinh", lambda c: provinces[int(c)])
    return int(chosen)


def grid_section(view: View, rows: pd.DataFrame, period: str) -> None:
    st.header(view.t("city_grid", period=period_label(period, view.lang)))
    names = dict(zip(rows["code"], rows["name"]))
    data = rows.assign(village=rows["code"], is_percent=True).dropna(subset=["value"])
    if data.empty:
        st.info(view.t("city_no_figures"))
        return
    short = {i.id: view.short(i) for i in load_catalog().indicators}
    subject = view.t("city_grid", period=period_label(period, view.lang))
    chart = heatmap(
        chart_rows(data, ["indicator", "village", "value", "status", "is_percent"]), names, short, view.lang, subject, "commune"
    )
    width = 120 + 48 * data["indicator"].nunique()
    table = grid_table(view, rows)
    chart_block(view, lambda: fit_width(chart, width=width), lambda: table, f"thanh-pho-{period}", cached=False)


def grid_table(view: View, rows: pd.DataFrame) -> pd.DataFrame:
    catalog = load_catalog()
    return pd.DataFrame(
        {
            view.t("commune"): rows["name"],
            view.t("col_indicator"): rows["indicator"].map(lambda i: f"{i} · {view.short(catalog.indicator(i))}"),
            view.t("value"): [show_value(view, catalog.indicator(i), v) for i, v in zip(rows["indicator"], rows["value"])],
            view.t("status"): rows["status"].map(lambda s: status_label(s, view.lang)),
        }
    )


def ranking_section(view: View, rows: pd.DataFrame, period: str) -> None:
    st.header(view.t("city_ranking"))
    catalog = load_catalog()
    ids = list(dict.fromkeys(rows["indicator"]))
    chosen = url_select(
        st, view.t("choose_indicator"), ids, "city_indicator", lambda i: f"{i} · {view.name(catalog.indicator(i))}"
    )
    ind = catalog.indicator(chosen)
    mine = rows[(rows["indicator"] == chosen)].dropna(subset=["value"])
    mine = mine.sort_values("value", ascending=ind.direction == "decrease", kind="stable")
    if mine.empty:
        st.info(view.t("city_no_figures"))
        return
    names = dict(zip(mine["code"], mine["name"]))
    rows = chart_rows(mine.head(MAX_BARS).assign(village=mine["code"]), ["village", "value", "status"])
    bars = indicator_bars(view, ind, rows, names, f"{ind.id} {view.name(ind)}, {period_label(period, view.lang)}", "commune")
    table = pd.DataFrame(
        {
            view.t("col_rank"): range(1, len(mine) + 1),
            view.t("commune"): mine["name"],
            view.t("value"): [show_value(view, ind, v) for v in mine["value"]],
            view.t("status"): mine["status"].map(lambda s: status_label(s, view.lang)),
        }
    )
    chart_block(view, lambda: fit_width(bars), lambda: table, f"xep-hang-xa-{chosen}-{period}", cached=False)


def missing_section(view: View, missing: list, period: str) -> None:
    st.header(view.t("city_missing", period=period_label(period, view.lang)))
    if not missing:
        st.success(view.t("city_all_reported"))
        return
    st.markdown(plain(", ".join(u.name for u in missing)))


def links_section(view: View, rows: pd.DataFrame) -> None:
    """Each commune a link into its own dashboard (?xa=CODE): a table to
    sort and search, and the same links as a list, which a keyboard and a
    screen reader reach as links (the table's are drawn on a canvas).
    Relative to this page, so a server under a path prefix keeps it."""
    st.header(view.t("city_links"))
    units = rows.drop_duplicates("code")[["code", "name", "type"]]
    links = [f"./?xa={code}&lang={view.lang}" for code in units["code"]]
    table = pd.DataFrame(
        {
            view.t("commune"): units["name"],
            view.t("city_type"): units["type"].map(lambda t: view.t(f"type_{t}")),
            view.t("city_open"): links,
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            view.t("city_open"): st.column_config.LinkColumn(view.t("city_open"), display_text=view.t("city_open_text"))
        },
    )
    with st.expander(view.t("city_links_list")):
        st.markdown("\n".join(f"- [{plain(name)}]({link})" for name, link in zip(units["name"], links)))


city_page(current_view())
