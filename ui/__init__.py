"""Streamlit helpers shared by the pages: cached access to the store,
the sidebar filters kept in the URL, and the small widgets (cards, chart
blocks, downloads) every page draws the same way. Only pages and app.py
import this package, and web/first_paint.py, which reads ui/navigation.py
(the pages as data, no streamlit); the core never imports streamlit."""
