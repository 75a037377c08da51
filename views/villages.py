"""Thôn: how the villages compare. A village x indicator heatmap coloured
by each village's own status, a ranking of the villages on one indicator,
the commune's outline with its villages where Biểu 00 gives their
locations (none is ever invented), and one village's profile, all for the
chosen period, sectors and villages.

The page only arranges the indicator rows the core computed (view.rows());
a village's status comes from its own baseline (DOMAIN.md "Pace").
"""

from __future__ import annotations

import html
from functools import partial

import altair as alt
import pandas as pd
import streamlit as st

from catalog import load_catalog
from catalog.models import Indicator
from charts import chart_rows, fit_width, heatmap, period_label, status_label, value_text
from charts.maps import village_map
from maps import boundaries
from ui.state import View, commune, current_view, once
from ui.widgets import badge, chart_block, gap_sentence, indicator_bars, plain, show_value, target_text

CHART_COLUMNS = ["indicator", "village", "value", "status", "is_percent"]  # what the charts draw
MAX_HEATMAP_VILLAGES = 40  # rows of the heatmap; the sidebar chooses others
MAX_BARS = 30  # villages in the ranking chart; its table holds them all
MAX_LISTED = 20  # village names in a sentence


def village_rows(view: View, sectors_only: bool = True) -> pd.DataFrame:
    """Village rows of the chosen period (and villages; and sectors unless
    asked not to), with is_percent for the chart builders."""
    rows = view.rows()
    mine = rows[rows["village"].notna() & (rows["period"] == view.period)]
    if view.villages:
        mine = mine[mine["village"].isin(view.villages)]
    if sectors_only:
        mine = mine[mine["indicator"].isin([i.id for i in view.indicators()])]
    percent = {i.id: i.is_percent for i in load_catalog().indicators}
    return mine.assign(is_percent=mine["indicator"].map(percent).astype(bool))


def period_text(view: View) -> str:
    return period_label(view.period or "", view.lang)


def names(view: View) -> dict[str, str]:
    return view.snap.village_names()


def nothing_sentence(view: View) -> str:
    """Why there is nothing to show: the chosen villages sent nothing for
    the period, the period has no village figures, or the sectors chosen
    have none (commune-only indicators)."""
    if not village_rows(view, sectors_only=False).empty:
        return view.t("nothing_left")
    if len(view.villages) == 1:
        code = view.villages[0]
        return view.t("village_no_data", name=plain(names(view).get(code, code)), period=period_text(view))
    if view.villages:
        return view.t("villages_no_data", period=period_text(view))
    return view.t("no_village_rows")


def commune_only(view: View, rows: pd.DataFrame) -> list[str]:
    """Chosen indicators with a commune figure this period but no village one."""
    all_rows = view.rows()
    commune = all_rows[all_rows["village"].isna() & (all_rows["period"] == view.period)]
    with_commune, with_villages = set(commune["indicator"].unique()), set(rows["indicator"].unique())
    return [i.id for i in view.indicators() if i.id in with_commune and i.id not in with_villages]


def heatmap_table(view: View, rows: pd.DataFrame) -> pd.DataFrame:
    """The heatmap as a table: one line per village and indicator."""
    catalog = load_catalog()
    lookup = names(view)
    order = {code: i for i, code in enumerate(lookup)}
    ordered = rows.assign(_order=rows["village"].map(order)).sort_values(["_order"], kind="stable")
    return pd.DataFrame(
        {
            view.t("col_village"): ordered["village"].map(lambda c: lookup.get(c, c)),
            view.t("col_indicator"): ordered["indicator"].map(lambda i: f"{i} · {view.short(catalog.indicator(i))}"),
            view.t("value"): [show_value(view, catalog.indicator(i), v) for i, v in zip(ordered["indicator"], ordered["value"])],
            view.t("status"): ordered["status"].map(lambda s: status_label(s, view.lang)),
        }
    )


def first_villages(view: View, rows: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The rows of the first `limit` villages in registry order: a chart of
    a whole city's villages would be unreadable and slow to draw."""
    present = set(rows["village"].unique())
    codes = [c for c in names(view) if c in present][:limit]
    return rows[rows["village"].isin(codes)]


def heatmap_section(view: View, rows: pd.DataFrame) -> None:
    st.header(view.t("heatmap", period=period_text(view)))
    st.caption(view.t("heatmap_help"))
    short = {i.id: view.short(i) for i in load_catalog().indicators}
    shown = first_villages(view, rows, MAX_HEATMAP_VILLAGES)
    subject = view.t("heatmap", period=period_text(view))

    def chart() -> alt.TopLevelMixin:
        data = chart_rows(shown, CHART_COLUMNS)
        return fit_width(heatmap(data, names(view), short, view.lang, subject), width=120 + 48 * data["indicator"].nunique())

    with st.container(key="xanh-wide"):  # too wide for a phone: its narrow form below takes its place (CSS)
        chart_block(view, chart, lambda: heatmap_table(view, shown), f"thon-chi-tieu-{view.period}")
    with st.container(key="xanh-narrow"):
        narrow_heatmap(view, rows)
    total = rows["village"].nunique()
    if total > MAX_HEATMAP_VILLAGES:
        st.caption(view.t("heatmap_capped", shown=MAX_HEATMAP_VILLAGES, total=total))
    only = commune_only(view, rows)
    if only:
        st.caption(view.t("commune_only_list", ids=", ".join(only)))


def narrow_heatmap(view: View, rows: pd.DataFrame) -> None:
    """The heatmap on a phone: one indicator at a time, each village with
    its value and status, best first."""
    catalog = load_catalog()
    options = list(dict.fromkeys(rows["indicator"]))
    counts = rows.dropna(subset=["value"]).groupby("indicator", sort=False).size()
    chosen = st.selectbox(
        view.t("choose_indicator"),
        options,
        index=options.index(counts.idxmax()) if not counts.empty else 0,  # the one most villages report
        key="villages_narrow_indicator",
        format_func=lambda i: f"{i} · {view.short(catalog.indicator(i))}",
    )
    ind = catalog.indicator(chosen)
    lookup = names(view)
    items = "".join(
        f"<li><span>{html.escape(lookup.get(r.village, r.village))}</span> <strong>{show_value(view, ind, r.value)}</strong> "
        f"{badge(r.status, view.lang)}</li>"
        for r in ranked(ind, rows[rows["indicator"] == chosen]).itertuples()
    )
    st.html(f"<ul class='xanh-list' aria-label='{html.escape(view.t('heatmap', period=period_text(view)))}'>{items}</ul>")


def gap_cell(view: View, ind: Indicator, gap: float | None, value: float | None) -> str:
    """The gap as a sentence; 'none left' once met, '—' without a target or value."""
    if value is None or pd.isna(value):
        return "—"
    if gap is not None and not pd.isna(gap) and gap == 0:
        return view.t("no_gap")
    return gap_sentence(view, ind, gap) or "—"


def ranked(ind: Indicator, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows best first (lowest first for a decreasing indicator), no value last."""
    return rows.sort_values("value", ascending=ind.direction == "decrease", na_position="last", kind="stable")


def ranking_table(view: View, ind: Indicator, rows: pd.DataFrame) -> pd.DataFrame:
    ordered = ranked(ind, rows)
    lookup = names(view)
    return pd.DataFrame(
        {
            view.t("col_rank"): range(1, len(ordered) + 1),
            view.t("col_village"): ordered["village"].map(lambda c: lookup.get(c, c)),
            view.t("value"): [show_value(view, ind, v) for v in ordered["value"]],
            view.t("status"): ordered["status"].map(lambda s: status_label(s, view.lang)),
            view.t("gap"): [gap_cell(view, ind, g, v) for g, v in zip(ordered["gap"], ordered["value"])],
        }
    )


def missing_villages(view: View, rows: pd.DataFrame) -> list[str]:
    """Names of the chosen villages without a value in `rows`."""
    lookup = names(view)
    wanted = list(view.villages) or list(lookup)
    have = set(rows.dropna(subset=["value"])["village"])
    return [lookup.get(c, c) for c in wanted if c not in have]


def ranking_section(view: View, rows: pd.DataFrame) -> None:
    catalog = load_catalog()
    st.header(view.t("ranking"))
    st.caption(view.t("ranking_help", period=period_text(view)))
    counts = rows.dropna(subset=["value"]).groupby("indicator", sort=False).size()
    options = list(rows["indicator"].unique())
    ind_id = st.selectbox(
        view.t("choose_indicator"),
        options,
        index=options.index(counts.idxmax()) if not counts.empty else 0,
        key="villages_rank_indicator",
        format_func=lambda i: f"{i} · {view.short(catalog.indicator(i))}",
    )
    ind = catalog.indicator(ind_id)
    mine = rows[rows["indicator"] == ind_id]
    notes = [target_text(view, ind)] + ([view.t("lower_is_better")] if ind.direction == "decrease" else [])
    st.caption(" · ".join(notes))

    def chart() -> alt.TopLevelMixin:
        best = ranked(ind, mine.dropna(subset=["value"])).head(MAX_BARS)
        subject = f"{ind.id} {view.name(ind)}, {period_text(view)}"
        return fit_width(indicator_bars(view, ind, chart_rows(best, CHART_COLUMNS), names(view), subject))

    chart_block(view, chart, lambda: ranking_table(view, ind, mine), f"xep-hang-{ind_id}-{view.period}")
    map_section(view, ind, mine)
    if mine["value"].notna().sum() > MAX_BARS:
        st.caption(view.t("ranking_capped", shown=MAX_BARS, total=int(mine["value"].notna().sum())))
    missing = missing_villages(view, mine) if ind.form == "01" else []
    if missing:
        listed = plain(", ".join(missing[:MAX_LISTED])) + (
            view.t("and_more", n=len(missing) - MAX_LISTED) if len(missing) > MAX_LISTED else ""
        )
        st.caption(view.t("missing_villages", names=listed))


def map_section(view: View, ind: Indicator, rows: pd.DataFrame) -> None:
    """The commune's outline with the villages that have a location, as
    points coloured by their status on the ranking's indicator; the others
    named, with how to add theirs."""
    located = view.snap.places
    lookup = names(view)
    wanted = list(view.villages) or list(lookup)
    located = located[located["code"].isin(wanted)]
    outline = boundaries.commune_topology(commune())
    st.subheader(view.t("village_map", indicator=ind.id, period=period_text(view)))
    if located.empty or outline is None:
        st.info(view.t("village_map_none"))
        return
    mine = rows.set_index("village")
    points = located.assign(
        name=located["code"].map(lambda c: lookup.get(c, c)),
        value=located["code"].map(mine["value"]),
        shown=[show_value(view, ind, mine["value"].get(c)) for c in located["code"]],
        state=[
            status_label(mine["status"].get(c), view.lang) if pd.notna(mine["value"].get(c)) else view.t("map_no_data")
            for c in located["code"]
        ],
    )
    subject = f"{ind.id} {view.name(ind)}, {period_text(view)}"
    code = commune()
    chart = village_map(
        outline.data,
        code,
        points,
        outline.aspect(code),
        lang=view.lang,
        subject=subject,
        lowest_first=ind.direction == "decrease",
    )
    table = pd.DataFrame(
        {view.t("col_village"): points["name"], view.t("value"): points["shown"], view.t("status"): points["state"]}
    )
    chart_block(view, lambda: chart, lambda: table, f"ban-do-thon-{ind.id}-{view.period}", chosen=(ind.id,))
    unplaced = [lookup.get(c, c) for c in wanted if c not in set(located["code"])]
    if unplaced:
        st.caption(view.t("village_map_some", n=len(unplaced), names=plain(", ".join(unplaced[:MAX_LISTED]))))


def target_cell(view: View, ind: Indicator) -> str:
    if ind.target is None:
        return view.t("no_target_short")
    return view.t("target_cell", value=value_text(ind.target, ind.is_percent, view.lang), year=ind.target_year)


def baseline_cell(view: View, ind: Indicator, row: pd.Series) -> str:
    """The village's own value in its baseline period, with that period
    when it is not the commune's usual one."""
    text = show_value(view, ind, row["baseline_value"])
    usual = load_catalog().commune.baseline_period
    return text if row["baseline_period"] == usual else f"{text} ({period_label(row['baseline_period'], view.lang)})"


def profile_table(view: View, rows: pd.DataFrame) -> pd.DataFrame:
    """Every indicator of one village: value, target, status, gap, baseline."""
    catalog = load_catalog()
    records = []
    for _, row in rows.iterrows():
        ind = catalog.indicator(row["indicator"])
        records.append(
            {
                view.t("col_indicator"): f"{ind.id} · {view.short(ind)}",
                view.t("value"): show_value(view, ind, row["value"]),
                view.t("target"): target_cell(view, ind),
                view.t("status"): status_label(row["status"], view.lang),
                view.t("gap"): gap_cell(view, ind, row["gap"], row["value"]),
                view.t("col_baseline", period=period_label(catalog.commune.baseline_period, view.lang)): baseline_cell(
                    view, ind, row
                ),
            }
        )
    return pd.DataFrame(records)


def status_summary(view: View, rows: pd.DataFrame) -> str:
    """Badges with how many of the village's indicators are in each status."""
    counts = rows["status"].fillna("").value_counts()
    order = ["achieved", "on_track", "needs_acceleration", "slow", "backwards", "insufficient_data", ""]
    parts = [f"{badge(s or None, view.lang)} {counts[s]}" for s in order if s in counts]
    return " &nbsp; ".join(parts)


def profile_section(view: View, rows: pd.DataFrame) -> None:
    st.header(view.t("profile"))
    lookup = names(view)
    codes = list(view.villages) or list(lookup)
    code = st.selectbox(view.t("choose_village"), codes, key="villages_profile_village", format_func=lambda c: lookup.get(c, c))
    once(view, ("profile", code), lambda: village_profile(view, rows[rows["village"] == code], lookup.get(code, code)))


def village_profile(view: View, mine: pd.DataFrame, name: str) -> None:
    if mine.empty:
        st.info(view.t("village_no_data", name=plain(name), period=period_text(view)))
        return
    st.caption(view.t("profile_help", name=plain(name), period=period_text(view)))
    st.markdown(status_summary(view, mine), unsafe_allow_html=True)
    st.dataframe(profile_table(view, mine), hide_index=True, width="stretch")


def villages_page(view: View) -> None:
    st.title(view.t("villages_title"))
    if view.snap.empty or view.period is None:
        st.info(view.t("empty_store"))
        return
    rows = once(view, ("village_rows",), partial(village_rows, view))
    if rows.empty:
        st.info(nothing_sentence(view))
        return
    heatmap_section(view, rows)
    ranking_section(view, rows)
    profile_section(view, rows)


villages_page(current_view())
