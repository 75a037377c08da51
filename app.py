"""Router of the dashboard: language, filters in the sidebar (kept in the
URL), and the pages of ui/navigation.py in one list. Pages are
thin: they read the view, call the core through services, and render."""

from __future__ import annotations

import logging
import os

import streamlit as st

from catalog import use
from i18n.strings import t
from services.communes import catalog_of
from store import StoreError
from ui.navigation import visible
from ui.state import commune_choice, current_snapshot, language, registered, store, view_filters
from ui.widgets import CSS, MEETING_CSS, plain

DOCUMENT_LANGUAGES = {"vi": "vi", "en": "en"}  # only these constants reach the script below

st.set_page_config(page_title="Chuyển đổi xanh", page_icon=":material/eco:", layout="wide")
st.html(CSS)

lang = language()
# The document's language is the reading language, so screen readers and
# spelling tools read Vietnamese as Vietnamese (Streamlit's page says "en").
st.html(f"<script>document.documentElement.lang = {DOCUMENT_LANGUAGES[lang]!r};</script>", unsafe_allow_javascript=True)
meeting = st.query_params.get("meeting") == "1"
try:
    commune_choice(lang)
    use(catalog_of(store()))  # this commune's program is the catalog for this run
    pages = [
        st.Page(entry.script, title=t(entry.title, lang), icon=entry.icon, url_path=entry.url_path, default=entry.default)
        for entry in visible(len(registered()))
    ]
    current = st.navigation(pages, position="hidden" if meeting else "sidebar")
    st.session_state["view"] = view_filters(lang, current_snapshot())
    if meeting:
        st.html(MEETING_CSS)
    current.run()
except StoreError as error:  # the store cannot be opened or upgraded: its own sentence says why and what to do
    logging.getLogger("xanh").error("store: %s", error)
    st.error(plain(str(error)))
except Exception:  # the promise: no traceback reaches a user (st.stop/st.rerun are not Exceptions)
    if os.environ.get("XANH_DEBUG"):  # tests and developers see the real error
        raise
    logging.getLogger("xanh").exception("page failed")
    st.error(t("page_failed", lang))
