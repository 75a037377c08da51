"""Toàn thành phố: the communes side by side, for the city's Standing
Committee. A map of the province's communes coloured by their status on
one indicator (on a national server, the provinces first), the shared
headline indicators of every commune coloured by its status, a ranking of
the communes on that indicator, the communes that have not reported the
period, each commune a link into its own dashboard, and every commune's
indicators as one Excel file with the map.

Shown when the store holds more than one commune. services.city reads the
communes' stored results; this page lays them out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from catalog import load_catalog
from catalog.text import fold
from catalog.units import TYPES
from charts import chart_rows, fit_width, heatmap, period_label, status_label, to_png
from charts.maps import share_map, status_map, with_every_unit
from i18n import fmt_percent
from maps import boundaries
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
    indicator = indicator_choice(view, rows)
    if province is not None:
        provinces_map_section(view, base, period, indicator)
    drawn = map_section(view, base, province, period, indicator, None if types else rows)
    grid_section(view, rows, period)
    ranking_section(view, rows, period, indicator)
    missing_section(view, city.not_reported(base, units, period), period)
    links_section(view, rows)
    st.header(view.t("city_export"))
    downloads(
        view,
        {view.t("city_title"): city.every_indicator(base, units, period)},
        f"toan-thanh-pho-{period}",
        images={view.t("city_map_sheet"): lambda: to_png(drawn)} if drawn is not None else None,
    )


def indicator_choice(view: View, rows: pd.DataFrame) -> str:
    """The indicator the map and the ranking show (?city_indicator=)."""
    catalog = load_catalog()
    ids = list(dict.fromkeys(rows["indicator"]))
    return url_select(st, view.t("choose_indicator"), ids, "city_indicator", lambda i: f"{i} · {view.name(catalog.indicator(i))}")


def map_section(view: View, base, province: int | None, period: str, indicator: str, rows: pd.DataFrame | None):
    """The communes of the province (whatever their type) coloured by their
    status on the indicator, each a link to its dashboard; `rows` the
    headline rows of all of them when the page has them already. Returns
    the chart drawn, for the export."""
    ind = load_catalog().indicator(indicator)
    units = city.communes(base, province)
    topology = boundaries.communes(province if province is not None else units[0].province_code)
    subject = f"{ind.id} {view.name(ind)}, {period_label(period, view.lang)}"
    st.header(view.t("city_map", indicator=ind.id, period=period_label(period, view.lang)))
    if topology is None:
        st.info(view.t("city_no_map"))
        return None
    found = city.headline(base, units, period) if rows is None else rows
    found = found[found["indicator"] == indicator].dropna(subset=["value"])
    rows = found.assign(
        shown=[show_value(view, ind, v) for v in found["value"]],
        state=found["status"].map(lambda s: status_label(s, view.lang)),
        url=[f"./?xa={code}&lang={view.lang}" for code in found["code"]],
    )
    chart = status_map(
        topology.data,
        topology.listed,
        rows,
        topology.aspect(),
        lang=view.lang,
        subject=subject,
        lowest_first=ind.direction == "decrease",
    )
    table = _map_table(view, with_every_unit(topology.listed, rows, view.lang), view.t("commune"))
    chart_block(view, lambda: chart, lambda: table, f"ban-do-{indicator}-{period}", cached=False)
    return chart


def provinces_map_section(view: View, base, period: str, indicator: str) -> None:
    """On a national server: each province coloured by the share of its
    communes that have achieved the indicator or are on track; a click
    shows the province's communes."""
    topology = boundaries.provinces()
    shares = city.province_shares(base, period, indicator)
    rows = shares.assign(
        shown=[fmt_percent(v, view.lang, 0) for v in shares["value"]],
        state=[view.t("city_share", good=g, n=n) for g, n in zip(shares["good"], shares["communes"])],
        url=[f"./toan-thanh-pho?tinh={code}&lang={view.lang}" for code in shares["code"]],
    )
    st.header(view.t("city_provinces_map", indicator=indicator, period=period_label(period, view.lang)))
    subject = view.t("city_provinces_map", indicator=indicator, period=period_label(period, view.lang))
    chart = share_map(topology.data, topology.listed, rows, topology.aspect(), lang=view.lang, subject=subject, width=420)
    table = _map_table(view, with_every_unit(topology.listed, rows, view.lang), view.t("city_province"))
    chart_block(view, lambda: chart, lambda: table, f"ban-do-tinh-{indicator}-{period}", cached=False)


def _map_table(view: View, data: pd.DataFrame, unit_word: str) -> pd.DataFrame:
    """The map as a table: each unit, its value and status, by name."""
    shown = data.sort_values("name", key=lambda names: names.map(fold))
    return pd.DataFrame({unit_word: shown["name"], view.t("value"): shown["shown"], view.t("status"): shown["state"]})


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


def ranking_section(view: View, rows: pd.DataFrame, period: str, chosen: str) -> None:
    st.header(view.t("city_ranking"))
    ind = load_catalog().indicator(chosen)
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
