"""What several tabs of the Dữ liệu page share: the session keys they pass
between them, the periods an editor may choose, times as the page shows
them, and running a write so the whole page shows its outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from catalog.periods import VIETNAM_TIME
from charts import period_label
from i18n import fmt_time
from services import data_desk
from store import StoreError
from ui.state import View

HISTORY_KEY = "data_history_choice"
DONE_KEY = "data_done"  # the sentence saying what the last action did
COUNT_LABELS = {"inserted": "count_new", "updated": "count_updated", "unchanged": "count_same"}


def offered_periods(view: View, *more: str) -> list[str]:
    """Periods to choose from, newest first: up to this year (Vietnam time)."""
    return data_desk.period_choices([*view.snap.periods, *more], dt.datetime.now(VIETNAM_TIME).date())


def period_select(container, view: View, key: str, choices: list[str]) -> str:
    """A period chooser that starts at the period in view (the sidebar's)."""
    return container.selectbox(
        view.t("period"),
        choices,
        index=choices.index(view.period) if view.period in choices else 0,
        format_func=lambda p: period_label(p, view.lang),
        key=key,
    )


def when(view: View, moment: pd.Timestamp) -> str:
    return fmt_time(moment, view.lang)


def act(action: Callable[[], str]) -> None:
    """Run a write, keep the sentence saying what it did for the next run,
    and rerun so every part of the page (and the sidebar) shows the new
    state. A refusal by the store is shown as it says it."""
    try:
        st.session_state[DONE_KEY] = action()
    except StoreError as exc:
        st.error(str(exc))
        return
    st.rerun()
