"""The history tab of the Dữ liệu page: every submission (sender, time,
file, SHA-256, counts, state), the original file to download, and revert
after a confirmation naming the file, refused in a locked period; above
them, the laptop store's newest automatic backup."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts import period_label
from services import data_desk
from services.accounts import Editor
from store import RevertResult
from ui.desk.common import COUNT_LABELS, HISTORY_KEY, act, when
from ui.state import View, store
from ui.widgets import plain

CONFIRM_KEY = "data_confirm_revert"


def history_tab(view: View, editor: Editor) -> None:
    backup_note(view)
    subs = data_desk.history(store().submissions())
    if subs.empty:
        st.info(view.t("history_empty"))
        return
    st.dataframe(history_table(view, subs), hide_index=True, width="stretch")
    by_id = subs.set_index("id")
    chosen = st.selectbox(
        view.t("history_choose"),
        list(by_id.index),
        format_func=lambda i: view.t(
            "submission_label", id=i, file=by_id.at[i, "filename"], time=when(view, by_id.at[i, "created_at"])
        ),
        key=HISTORY_KEY,
    )
    submission_actions(view, editor, int(chosen), by_id.loc[chosen])


def backup_note(view: View) -> None:
    """The laptop store's newest automatic backup, and a warning when the
    next one would not be written (store/autobackup.py)."""
    found = data_desk.backup_status(store())
    if found is None:  # a server's database (dumped on a timer), or automatic backups off
        return
    folder = plain(found.folder)
    st.caption(
        view.t("backup_newest", time=when(view, found.newest), folder=folder)
        if found.newest
        else view.t("backup_none", folder=folder)
    )
    if found.shortage:
        st.warning(found.shortage.sentence(view.lang))


def history_table(view: View, subs: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            view.t("col_id"): subs["id"],
            view.t("col_time"): subs["created_at"].map(lambda t: when(view, t)),
            view.t("source_user"): subs["user"],
            view.t("source_file"): subs["filename"],
            view.t("form"): subs["forms"],
            view.t("col_period"): subs["periods"].map(lambda p: ", ".join(period_label(c, view.lang) for c in p.split(",") if c)),
            view.t("col_rows"): subs["rows"],
            **{view.t(label): subs[k] for k, label in COUNT_LABELS.items()},
            view.t("status"): [state_text(view, row) for row in subs.itertuples()],
            "SHA-256": subs["sha256"],
        }
    )


def state_text(view: View, row) -> str:
    if row.state == "accepted":
        return view.t("state_accepted")
    return view.t("state_reverted", user=row.reverted_by or "?", time=when(view, row.reverted_at))


def submission_actions(view: View, editor: Editor, sub_id: int, sub: pd.Series) -> None:
    """One submission: its fingerprint, its original file, and revert."""
    st.caption(f"SHA-256: `{sub['sha256']}`")
    st.download_button(
        view.t("download_original"),
        data=lambda: store().submission(sub_id)["content"],
        file_name=sub["filename"],
        mime="application/octet-stream",
        on_click="ignore",
        icon=":material/download:",
        key=f"data_original_{sub_id}",
    )
    if sub["state"] != "accepted":
        st.caption(view.t("already_reverted"))
        return
    if not editor.may_write(store().commune):  # offered only what it may do (the service refuses it too)
        st.caption(view.t("revert_not_yours"))
        return
    locked = sorted(set(filter(None, sub["periods"].split(","))) & set(store().locked_periods()))
    if locked:
        st.caption(view.t("revert_locked", periods=", ".join(period_label(p, view.lang) for p in locked)))
        return
    if st.session_state.get(CONFIRM_KEY) != sub_id:
        st.button(view.t("revert_button"), on_click=lambda: st.session_state.update({CONFIRM_KEY: sub_id}), key="data_revert")
        return
    st.warning(view.t("revert_confirm", id=sub_id, file=plain(sub["filename"])))
    yes, no = st.columns(2)
    if yes.button(view.t("revert_yes"), type="primary", key="data_revert_yes"):
        st.session_state.pop(CONFIRM_KEY, None)
        act(lambda: revert_sentence(view, data_desk.revert(store(), editor, sub_id)))
    no.button(view.t("cancel"), on_click=lambda: st.session_state.pop(CONFIRM_KEY, None), key="data_revert_no")


def revert_sentence(view: View, result: RevertResult) -> str:
    sentence = view.t("revert_done", id=result.submission_id, retired=result.retired, restored=result.restored)
    return sentence if result.restored else f"{sentence} {view.t('revert_nothing_restored')}"
