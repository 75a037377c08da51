"""The store, its snapshot and the filters, cached and kept in the URL.

The snapshot is cached on the commune's last change, so a new submission
shows at once and a rerun that changes no data recomputes nothing. The
filters are widgets bound to query parameters (commune `xa`, period,
villages, sectors, lang), so a copied link reproduces the view. The
commune chooser shows only when the store holds more than one commune.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import streamlit as st

from catalog import load_catalog
from catalog.units import Unit
from charts import period_label
from i18n.strings import t
from services import communes as services_communes
from services import dashboard
from services.seed import seed_if_empty
from store import Store

T = TypeVar("T")
LISTED_SECONDS = 5  # a commune registered meanwhile appears on the pages within this time


@st.cache_resource(show_spinner=False)
def opened_store() -> Store:
    """The store of XANH_DB (default data/xanh.sqlite); a new install takes
    the configured commune and is seeded with the sample data."""
    opened = Store()
    seed_if_empty(opened)
    return opened


@st.cache_resource(show_spinner=False, ttl=LISTED_SECONDS)
def registered() -> list[Unit]:
    """The communes the store holds, read again every few seconds (a commune
    is added rarely; every run asks several times)."""
    return services_communes.registered(opened_store())


def store() -> Store:
    """The store serving the commune of this view (?xa=, else the only one)."""
    return opened_store().scoped(commune())


def commune() -> str:
    """The commune chosen in this session: ?xa= when registered, else the
    configured commune when registered, else the first one."""
    return services_communes.shown([u.code for u in registered()], st.session_state.get("xa") or st.query_params.get("xa"))


@st.cache_resource(show_spinner=False, max_entries=8)
def _snapshot(url: str, code: str, change: int) -> dashboard.Snapshot:
    return dashboard.snapshot(opened_store().scoped(code))


@st.cache_resource(show_spinner=False, max_entries=32)
def _indicator_rows(url: str, code: str, change: int, villages: tuple[str, ...]) -> pd.DataFrame:
    return dashboard.indicator_rows(_snapshot(url, code, change), villages or None)


@st.cache_resource(show_spinner=False, max_entries=32)
def _task_rows(url: str, code: str, change: int, villages: tuple[str, ...], period: str) -> pd.DataFrame:
    return dashboard.task_rows(_snapshot(url, code, change), period, _indicator_rows(url, code, change, villages))


@dataclass(frozen=True)
class View:
    """What the reader chose: language, period, villages and sectors."""

    lang: str
    period: str | None
    villages: tuple[str, ...]  # empty: all
    sectors: tuple[str, ...]  # empty: all
    snap: dashboard.Snapshot

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def rows(self) -> pd.DataFrame:
        """Indicator rows over the chosen villages (cached)."""
        return _indicator_rows(store().url, commune(), self.snap.last_change, self.villages)

    def tasks(self) -> pd.DataFrame:
        if not self.period:
            return pd.DataFrame()
        return _task_rows(store().url, commune(), self.snap.last_change, self.villages, self.period)

    @property
    def key(self) -> tuple:
        """What the view's pages depend on: the data's change and the choices."""
        return (self.snap.last_change, self.lang, self.period, self.villages, self.sectors)

    @property
    def village_total(self) -> int:
        """Villages in view: the chosen ones, else the whole registry."""
        return len(self.villages) or len(self.snap.villages)

    def indicators(self):
        return dashboard.indicators_of(self.sectors)

    def name(self, item) -> str:
        """Vietnamese or English name of a catalog entry."""
        return item.name_vi if self.lang == "vi" else item.name_en

    def short(self, item) -> str:
        return item.short_vi if self.lang == "vi" else item.short_en

    def unit(self, item) -> str:
        return item.unit_vi if self.lang == "vi" else item.unit_en


@st.cache_resource(show_spinner=False, max_entries=4096, ttl="1h")  # entries of an older data change go within the hour
def _replayed(key: tuple, _draw: Callable[[], T]) -> T:
    return _draw()


def once(view: View, key: tuple, make: Callable[[], T]) -> T:
    """Run `make` once per data change and choice of the view; every later
    run, in any session, gets what it returned and a replay of the elements
    it drew (no widgets: Streamlit records the elements a cached function
    draws). What every viewer of the same data sees the same (a card, a
    chart and its table, a figure) then costs its making once, not once per
    page view. `key` names what `make` makes beyond the view: an indicator,
    a chart's file name."""
    opened = store()
    return _replayed((opened.url, opened.commune, *view.key, *key), make)


def current_snapshot() -> dashboard.Snapshot:
    opened = store()
    return _snapshot(opened.url, opened.commune, opened.last_change())


def _from_url(key: str, options: list, multi: bool = False) -> None:
    """Seed a widget's state from the URL on a session's first sight of it
    (a shared link), and drop a state no longer among the options."""
    if key not in st.session_state and key in st.query_params:
        raw = st.query_params[key]
        wanted = [v for v in raw.split(",") if v in options] if multi else raw
        if multi or wanted in options:
            st.session_state[key] = wanted
    elif key in st.session_state:
        current = st.session_state[key]
        if multi:
            st.session_state[key] = [v for v in current or [] if v in options]
        elif current not in options:
            del st.session_state[key]


def _to_url(key: str, value) -> None:
    """Write a widget's value to the URL (lists comma-joined; empty removed)."""
    text = ",".join(value) if isinstance(value, list) else value
    if text:
        st.query_params[key] = text
    else:
        st.query_params.pop(key, None)


def url_select(container, label: str, options: list, key: str, format_func, **kwargs):
    """A selectbox whose value lives in the URL as the option itself (not
    its label, so links work in either language)."""
    _from_url(key, options)
    value = container.selectbox(label, options, key=key, format_func=format_func, **kwargs)
    _to_url(key, value)
    return value


def url_multiselect(container, label: str, options: list, key: str, format_func, **kwargs) -> list:
    _from_url(key, options, multi=True)
    value = container.multiselect(label, options, key=key, format_func=format_func, **kwargs)
    _to_url(key, value)
    return value


def language() -> str:
    """The language switch, first in the sidebar (?lang=vi|en)."""
    _from_url("lang", ["vi", "en"])
    choice = st.sidebar.segmented_control(
        "Ngôn ngữ / Language",
        ["vi", "en"],
        key="lang",
        format_func=lambda code: "Tiếng Việt" if code == "vi" else "English",
        **({} if "lang" in st.session_state else {"default": "vi"}),
    )
    _to_url("lang", choice)
    return choice or "vi"


def commune_choice(lang: str) -> str:
    """The commune chooser, when the store holds more than one (?xa=CODE,
    the official code); the chosen commune."""
    units = {u.code: u for u in registered()}
    if len(units) > 1:
        _from_url("xa", list(units))
        if "xa" not in st.session_state:
            st.session_state["xa"] = commune()
        side = st.sidebar
        code = side.selectbox(
            t("commune", lang), list(units), key="xa", format_func=lambda c: f"{units[c].name} ({units[c].province})"
        )
        _to_url("xa", code)
    return commune()


def view_filters(lang: str, snap: dashboard.Snapshot) -> View:
    """Period, villages and sectors at the top of the page, in a popover
    that says what is chosen (on a phone the sidebar is folded away and a
    first visitor does not find it), kept in the URL."""
    catalog = load_catalog()
    periods = list(reversed(snap.periods))
    names = snap.village_names()
    sector_name = {s.id: s.name_vi if lang == "vi" else s.name_en for s in catalog.sectors}
    for key, options, multi in (
        ("period", periods, False),
        ("villages", list(names), True),
        ("sectors", list(sector_name), True),
    ):
        _from_url(key, options, multi)
    with st.container(key="xanh-filters"):
        box = st.popover(_filter_summary(lang, periods, len(names)), icon=":material/filter_alt:")
    period = url_select(box, t("period", lang), periods, "period", lambda code: period_label(code, lang))
    villages = url_multiselect(
        box, t("villages", lang), list(names), "villages", lambda code: names.get(code, code), placeholder=t("all_villages", lang)
    )
    sectors = url_multiselect(
        box, t("sectors", lang), list(sector_name), "sectors", sector_name.get, placeholder=t("all_sectors", lang)
    )
    box.caption(t("copy_link", lang))
    return View(lang, period, tuple(villages), tuple(sectors), snap)


def _filter_summary(lang: str, periods: list[str], villages: int) -> str:
    """'Kỳ 6 tháng 2026 · mọi thôn · mọi lĩnh vực': what the filters hold now."""
    period = st.session_state.get("period") or (periods[0] if periods else None)
    chosen, sectors = st.session_state.get("villages") or [], st.session_state.get("sectors") or []
    return t(
        "filter_summary",
        lang,
        period=period_label(period, lang) if period else "—",
        villages=t("some_villages", lang, n=len(chosen)) if chosen else t("every_village", lang),
        sectors=t("some_sectors", lang, n=len(sectors)) if sectors else t("every_sector", lang),
    )


def build_view() -> View:
    """Language and filters, over the current snapshot."""
    view = view_filters(language(), current_snapshot())
    st.session_state["view"] = view
    return view


def current_view() -> View:
    """The view app.py built for this run (built here when a page runs
    on its own, as in a test of that page)."""
    return st.session_state["view"] if "view" in st.session_state else build_view()
