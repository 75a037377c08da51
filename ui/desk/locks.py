"""The locks tab of the Dữ liệu page: the locked periods (who, when), and
locking or unlocking one; a locked period takes no import and no revert."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts import period_label
from services import data_desk
from services.accounts import Editor
from ui.desk.common import act, offered_periods, period_select, when
from ui.state import View, store


def locks_tab(view: View, editor: Editor) -> None:
    st.caption(view.t("locks_help"))
    locks = store().locked_periods()
    if locks:
        table = pd.DataFrame(
            {
                view.t("col_period"): [period_label(p, view.lang) for p in locks],
                view.t("col_locked_by"): [lock["locked_by"] for lock in locks.values()],
                view.t("col_locked_at"): [when(view, data_desk.local_time(lock["locked_at"])) for lock in locks.values()],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch")
    else:
        st.caption(view.t("no_locks"))
    period = period_select(st, view, "data_lock_period", offered_periods(view, *locks))
    label = period_label(period, view.lang)
    locked = period in locks
    verb = "unlock" if locked else "lock"
    if st.button(view.t(f"{verb}_button", period=label), type="secondary" if locked else "primary", key=f"data_{verb}"):
        act(lambda: toggle_lock(view, editor, period, locked))


def toggle_lock(view: View, editor: Editor, period: str, locked: bool) -> str:
    data_desk.set_lock(store(), editor, period, not locked)
    return view.t("unlocked_done" if locked else "locked_done", period=period_label(period, view.lang))
