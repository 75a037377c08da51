"""Dữ liệu: where editors bring the villages' files in, and undo them.

Upload one or many files, see for each what it would change and every
problem located in a view of its sheet, import them when none has an
error; the history of submissions with the original files, revert with
confirmation; period locks; links for reporting from a phone and what
they sent, to accept or return; which village reported on time. Viewers see a
sign-in form and nothing else. services.data_desk does the work; ui/desk/
lays out each tab and records the signed-in editor on every write; this
page signs the editor in and picks the tabs.
"""

from __future__ import annotations

import streamlit as st

from catalog import load_catalog
from services import data_desk
from ui import auth
from ui.desk.common import DONE_KEY
from ui.state import current_view, store
from ui.widgets import plain

TAB_KEY = "data_tab"


def main() -> None:
    view = current_view()
    st.title(view.t("data_title"))
    editor = auth.editor()
    if editor is None:
        auth.sign_in_form(view)
        return
    auth.signed_in_bar(view, editor)
    # The tabs' modules load for an editor, not for every viewer's sign-in
    # form: they bring openpyxl and reportlab (14 MB of a process's 300).
    from ui.desk.completeness import completeness_tab
    from ui.desk.history import history_tab
    from ui.desk.locks import locks_tab
    from ui.desk.phone import phone_tab
    from ui.desk.templates import templates_tab
    from ui.desk.upload import upload_tab

    data_desk.warm_up()
    if DONE_KEY in st.session_state:
        st.success(st.session_state.pop(DONE_KEY))
    writes = editor.may_write(store().commune)
    if not writes:
        commune = load_catalog().commune
        st.warning(view.t("data_read_only", user=plain(editor.name), commune=view.name(commune)))
    # One line per tab, in the order shown (a module of ui/desk/ each); the
    # tabs that write are offered only to an editor of this commune.
    sections = {
        **({"tab_upload": lambda: upload_tab(view, editor)} if writes else {}),
        "tab_history": lambda: history_tab(view, editor),
        **({"tab_locks": lambda: locks_tab(view, editor)} if writes else {}),
        **({"tab_phone": lambda: phone_tab(view, editor)} if writes else {}),
        "tab_completeness": lambda: completeness_tab(view),
        "tab_templates": lambda: templates_tab(view),
    }
    # Tabs that track which one is open: only that one runs, and an action
    # that reruns the page (import, revert, lock) leaves the editor where it was.
    tabs = st.tabs([view.t(k) for k in sections], key=TAB_KEY, on_change="rerun")
    for tab, section in zip(tabs, sections.values()):
        if tab.open:
            with tab:
                section()


main()
