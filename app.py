"""Router of the dashboard: language, filters in the sidebar (kept in the
URL), and the pages of ui/navigation.py grouped in sections. Pages are
thin: they read the view, call the core through services, and render."""

from __future__ import annotations

import logging
import os

import streamlit as st

from i18n.strings import t
from ui.navigation import PAGES
from ui.state import current_snapshot, language, sidebar_filters
from ui.widgets import CSS, MEETING_CSS

st.set_page_config(page_title="Chuyển đổi xanh", page_icon=":material/eco:", layout="wide")
st.html(CSS)

lang = language()
meeting = st.query_params.get("meeting") == "1"
sections: dict[str, list] = {}
for entry in PAGES:
    page = st.Page(entry.script, title=t(entry.title, lang), icon=entry.icon, url_path=entry.url_path, default=entry.default)
    sections.setdefault(t(entry.section, lang), []).append(page)
current = st.navigation(sections, position="hidden" if meeting else "sidebar")
try:
    st.session_state["view"] = sidebar_filters(lang, current_snapshot())
    if meeting:
        st.html(MEETING_CSS)
    current.run()
except Exception:  # the promise: no traceback reaches a user (st.stop/st.rerun are not Exceptions)
    if os.environ.get("XANH_DEBUG"):  # tests and developers see the real error
        raise
    logging.getLogger("xanh").exception("page %s failed", current.url_path)
    st.error(t("page_failed", lang))
