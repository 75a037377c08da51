"""Widgets every page draws the same way: status badges, indicator cards,
chart blocks (chart, table alternative, PNG download) and downloads."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

from catalog.models import Indicator
from catalog.text import fold
from charts import (
    NO_TARGET_COLOUR,
    STATUS_COLOURS,
    gap_text,
    period_label,
    sparkline,
    status_label,
    text_colour,
    to_png,
    trend,
    value_text,
    village_bars,
)
from i18n.strings import t
from services.dashboard import commune_histories
from services.export import XLSX_MIME, to_csv, to_xlsx
from ui.state import View, once


def badge(status: str | None, lang: str) -> str:
    """HTML of a status badge: colour and words (never colour alone)."""
    colour = STATUS_COLOURS.get(status or "", NO_TARGET_COLOUR)
    label = html.escape(status_label(status, lang))
    return f'<span class="xanh-badge" style="background:{colour};color:{text_colour(colour)}">{label}</span>'


def no_data_badge(lang: str) -> str:
    """HTML of the badge of a figure not reported for the period: outlined,
    in words (a dash says nothing to a leader)."""
    return f'<span class="xanh-badge xanh-badge-empty">{html.escape(t("map_no_data", lang))}</span>'


def show_value(view: View, ind: Indicator, value: float | None) -> str:
    text = value_text(value, ind.is_percent, view.lang)
    return text if ind.is_percent or value is None or pd.isna(value) else f"{text} {view.unit(ind)}"


def gap_sentence(view: View, ind: Indicator, gap: float | None) -> str | None:
    """'còn 312 hộ chưa ký cam kết', from the catalog's sentence for the indicator."""
    return gap_text(ind, gap, view.lang)


def target_text(view: View, ind: Indicator) -> str:
    if ind.target is None:
        return view.t("no_target")
    return view.t("target_by", year=ind.target_year, value=value_text(ind.target, ind.is_percent, view.lang))


def commune_history(view: View, indicator_id: str) -> pd.DataFrame:
    """An indicator's commune rows up to the period in view, split for every
    indicator once per data change and view (services.dashboard.commune_histories)."""
    every = once(view, ("histories",), lambda: commune_histories(view.rows(), view.period))
    return every.get(indicator_id, view.rows().iloc[0:0])


def card(view: View, ind: Indicator) -> None:
    """An indicator card: value, target, status, trend, gap, villages, drawn
    once per data change and view (ui.state.once)."""
    once(view, ("card", ind.id), lambda: _card(view, ind, commune_history(view, ind.id)))


def _card(view: View, ind: Indicator, history: pd.DataFrame) -> None:
    """One block of HTML: the card reads as a whole, and its small trend is
    an image drawn on the server, so the overview loads no chart library
    (a phone's first visit, issue 17); its table view is an HTML table."""
    st.html(card_html(view, ind, history))


def card_html(view: View, ind: Indicator, history: pd.DataFrame) -> str:
    title = f"<p class='xanh-card-title'><strong>{html.escape(f'{ind.id} · {view.short(ind)}')}</strong></p>"
    row = history[history["period"] == view.period]
    if row.empty:
        missing = html.escape(view.t("no_value_period", period=period_label(view.period or "", view.lang)))
        return f"<div class='xanh-card'>{title}<p class='xanh-caption'>{missing}</p></div>"
    row = row.iloc[0]
    parts = [
        title,
        f"<div class='xanh-value'>{show_value(view, ind, row['value'])}</div>{badge(row['status'], view.lang)}",
        f"<p class='xanh-caption'>{html.escape(target_text(view, ind))}</p>",
    ]
    sentence = gap_sentence(view, ind, row["gap"])
    if sentence:
        parts.append(f"<p><strong>{html.escape(sentence)}</strong></p>")
    if len(history.dropna(subset=["value"])) > 1:
        spark = sparkline(history, is_percent=ind.is_percent, lang=view.lang, subject=f"{ind.id} {view.short(ind)}")
        parts.append(f"<img class='xanh-spark' src='{spark.data_uri()}' alt='{html.escape(spark.description)}'>")
        parts.append(table_html(view.t("table_view"), history_table(view, ind, history)))
    if pd.notna(row["villages_reporting"]):
        reporting = view.t("villages_reporting", n=int(row["villages_reporting"]), total=view.village_total)
        parts.append(f"<p class='xanh-caption'>{html.escape(reporting)}</p>")
    return f"<div class='xanh-card'>{''.join(parts)}</div>"


def table_html(summary: str, frame: pd.DataFrame) -> str:
    """A small table behind a disclosure: a chart's table view, no grid library."""
    head = "".join(f"<th scope='col'>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in frame.itertuples(index=False)
    )
    return f"<details><summary>{html.escape(summary)}</summary><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>"


def indicator_bars(
    view: View, ind: Indicator, rows: pd.DataFrame, names: dict[str, str], subject: str, of: str = "village"
) -> alt.TopLevelMixin:
    """One indicator's bars across villages or communes, read as the
    indicator reads: its unit, its target, lowest first when lower is better."""
    return village_bars(
        rows,
        names,
        is_percent=ind.is_percent,
        target=ind.target,
        lang=view.lang,
        unit=view.unit(ind),
        lowest_first=ind.direction == "decrease",
        subject=subject,
        of=of,
    )


def indicator_trend(view: View, ind: Indicator, history: pd.DataFrame) -> alt.TopLevelMixin:
    """One indicator's commune values by period, with its target and year."""
    return trend(
        history,
        is_percent=ind.is_percent,
        target=ind.target,
        target_year=ind.target_year,
        lang=view.lang,
        unit=view.unit(ind),
        subject=f"{ind.id} {view.name(ind)}",
    )


def history_table(view: View, ind: Indicator, history: pd.DataFrame) -> pd.DataFrame:
    """An indicator's commune values by period, in words: a trend's table view."""
    shown = history.dropna(subset=["value"]).sort_values("time")
    return pd.DataFrame(
        {
            view.t("period"): shown["period"].map(lambda p: period_label(p, view.lang)),
            view.t("value"): shown["value"].map(lambda v: value_text(v, ind.is_percent, view.lang)),
            view.t("status"): shown["status"].map(lambda s: status_label(s, view.lang)),
        }
    )


def chart_block(
    view: View,
    make_chart: Callable[[], alt.TopLevelMixin | dict],
    make_table: Callable[[], pd.DataFrame],
    name: str,
    cached: bool = True,
    chosen: tuple = (),
) -> None:
    """A chart, its data as a table for those who cannot read the chart,
    and a PNG of it rendered only when asked for.

    Chart and table are built by the callables, and when `cached` only once
    per data change and view (ui.state.once, keyed by `name` and `chosen`:
    what the page's own widgets chose, beyond the view's filters); without
    it (a page over several communes' data), on every run."""

    def draw() -> alt.TopLevelMixin | dict:
        chart = make_chart()
        if isinstance(chart, dict):  # a map's Vega-Lite spec (charts/maps.py says why)
            st.vega_lite_chart(spec=chart, width="stretch")
        else:
            st.altair_chart(chart, width="stretch")
        with st.expander(view.t("table_view")):
            st.dataframe(make_table(), hide_index=True, width="stretch")
        return chart

    chart = once(view, ("chart", name, *chosen), draw) if cached else draw()
    lazy_download(st, view.t("download_png"), lambda: to_png(chart), f"{slug(name)}.png", "image/png", ":material/image:")


def lazy_download(place, label: str, make, file_name: str, mime: str, icon: str) -> None:
    """A download button whose file is made only when clicked (and no rerun)."""
    place.download_button(label, data=make, file_name=file_name, mime=mime, on_click="ignore", key=f"dl-{file_name}", icon=icon)


def downloads(
    view: View, sheets: dict[str, pd.DataFrame], name: str, images: dict[str, Callable[[], bytes]] | None = None
) -> None:
    """Excel (every frame a sheet, then each image, drawn when asked, on a
    sheet of its own) and CSV (the first frame) downloads."""
    first = next(iter(sheets.values()))
    left, right = st.columns(2)

    def workbook() -> bytes:
        return to_xlsx(sheets, {title: draw() for title, draw in (images or {}).items()})

    lazy_download(left, view.t("download_xlsx"), workbook, f"{slug(name)}.xlsx", XLSX_MIME, ":material/table:")
    lazy_download(right, view.t("download_csv"), lambda: to_csv(first), f"{slug(name)}.csv", "text/csv", ":material/download:")


def plain(text: object) -> str:
    """Text from outside (a file's or a village's name, a task id, a user)
    shown as itself in markdown: no emphasis, heading, link, HTML or
    formula made of its characters."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def slug(text: str) -> str:
    """A file name from any text: 'Chỉ tiêu CT1' -> 'chi-tieu-ct1'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "bang"


_MARKDOWN = re.compile(r"([\\`*_\[\]<>~$|#])")

CSS = """
<style>
.xanh-value { font-size: 2.2rem; font-weight: 700; line-height: 1.2; }
.xanh-status-row { display: flex; flex-wrap: wrap; gap: 0.4rem 0.9rem; margin: 0 0 0.5rem; }
.xanh-chip { white-space: nowrap; }
.xanh-list { list-style: none; padding: 0; margin: 0 0 1rem; }
.xanh-list li { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 0.6rem; padding: 0.45rem 0; border-bottom: 1px solid #E3E3E3; }
.xanh-list li span:first-child { flex: 1 1 8rem; }
.xanh-card { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 0.75rem 1rem; height: 100%; }
.xanh-card p { margin: 0.35rem 0; }
.xanh-caption { color: #3D3D3D; font-size: 0.875rem; }
.xanh-spark { display: block; width: 100%; height: auto; margin: 0.4rem 0; }
.xanh-card details summary { cursor: pointer; font-size: 0.875rem; min-height: 24px; }
.xanh-card table { border-collapse: collapse; font-size: 0.875rem; margin-top: 0.3rem; }
.xanh-card th, .xanh-card td { border-bottom: 1px solid #DDDDDD; padding: 0.15rem 0.5rem 0.15rem 0; text-align: left; }
.xanh-badge { display: inline-block; padding: 0.15rem 0.6rem; border-radius: 0.8rem; font-weight: 600; font-size: 0.95rem; }
.xanh-badge-empty { border: 1px solid #595959; color: #31333f; background: #fff; }
[data-testid="stSidebar"] h2 { font-size: 1.25rem; }
/* A phone (issue 17): headings that leave room for the figures, less space
   above the page, and what is too wide for it swapped for its narrow form. */
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding: 3.25rem 0.75rem 2rem; }
  [data-testid="stMain"] h1 { font-size: 1.7rem; }
  [data-testid="stMain"] h2 { font-size: 1.35rem; }
  [data-testid="stMain"] h3 { font-size: 1.15rem; }
  .st-key-xanh-wide, .st-key-xanh-meeting-button { display: none; }
}
@media (min-width: 641px) { .st-key-xanh-narrow { display: none; } }
</style>
"""

MEETING_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"], .st-key-xanh-filters { display: none; }
.block-container { padding-top: 1.5rem; max-width: 100%; }
.xanh-meeting-title { font-size: 2.6rem; font-weight: 700; line-height: 1.2; }
.xanh-meeting-value { font-size: 5.5rem; font-weight: 800; line-height: 1.1; }
.xanh-meeting-line { font-size: 1.8rem; line-height: 1.4; }
.xanh-meeting .xanh-badge, .xanh-meeting.xanh-meeting-line .xanh-badge { font-size: 1.8rem; padding: 0.3rem 1rem; border-radius: 1.2rem; }
</style>
"""
