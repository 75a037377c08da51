"""One server, one command (`cli.py serve`): the dashboard and, beside it in
the same process, the light routes a phone opens (links.PATH: the phone
pages; web/summary.py: the summary page and its link card), through
Streamlit's `st.App` (Starlette). Streamlit's own files go out light
(web/static.py). Every answer carries the
security headers of web/guard.py; the phone pages add their own strict
policy. Uvicorn's access log is off (Streamlit's default), so no path, and
no link token in it, is ever logged.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.routing import Route

from services.links import PATH
from store import Store
from web import phone, summary
from web.guard import SecurityHeaders
from web.static import CompressedStatic

ROOT = Path(__file__).resolve().parents[1]


def application(db: str | None = None) -> st.App:
    """The dashboard (app.py) with the phone pages, on the store `db`."""
    store = Store(db)
    routes = [Route(PATH + "{token}", phone.handler(store), methods=["GET", "POST"]), *summary.routes(store)]
    return st.App(ROOT / "app.py", routes=routes, middleware=[Middleware(SecurityHeaders), Middleware(CompressedStatic)])


def serve(port: int, address: str, db: str | None = None) -> None:
    """Start the server and block until it stops."""
    config = {"server.port": port, "server.address": address, "server.headless": True, "browser.gatherUsageStats": False}
    application(db).run(config=config)
