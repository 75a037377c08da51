"""One server, one command (`cli.py serve`): the dashboard and, beside it in
the same process, the light routes a phone opens (links.PATH: the phone
pages; web/summary.py: the summary page and its link card; web/health.py:
the health check) and the open data API (web/api.py), through Streamlit's
`st.App` (Starlette). Streamlit's own files go out light (web/static.py).
Every answer carries the security headers of web/guard.py; the phone pages
add their own strict policy. Uvicorn's access log is off (Streamlit's
default), so no path, and no link token in it, is ever logged.
"""

from __future__ import annotations

import importlib
import logging
import threading
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.routing import Route

from services.links import PATH
from store import Store
from web import api, health, phone, summary
from web.first_paint import FirstPaint
from web.guard import SecurityHeaders
from web.static import CompressedStatic, Packed

ROOT = Path(__file__).resolve().parents[1]
# What a page's first run imports (pandas, Altair, the charts and widgets):
# imported while the server starts rather than in the first visitor's time.
FIRST_RUN = ("pandas", "altair", "ui.state", "ui.widgets", "charts", "services.dashboard", "services.queries")


def application(db: str | None = None) -> st.App:
    """The dashboard (app.py) with the phone pages, the summary page and the API, on the store `db`."""
    store = Store(db)
    routes = [
        Route(PATH + "{token}", phone.handler(store), methods=["GET", "POST"]),
        *summary.routes(store),
        *health.routes(store),
        *api.routes(store),
    ]
    packed = Packed()
    middleware = [Middleware(SecurityHeaders), Middleware(CompressedStatic, packed=packed), Middleware(FirstPaint, store=store)]
    threading.Thread(target=warm, args=(store, packed), name="xanh-warm", daemon=True).start()  # while the server starts
    return st.App(ROOT / "app.py", routes=routes, middleware=middleware)


def warm(store: Store, packed: Packed) -> None:
    """Ahead of the first visitor: the first page's statuses
    (web/first_paint.py) for the commune shown by default, the files a
    first visit fetches, packed (web/static.py), and the first run's
    imports. A failure here only leaves the work to the first visitor."""
    try:
        FirstPaint(None, store).document("/", {}, "")
        packed.warm()
        for name in FIRST_RUN:
            importlib.import_module(name)
    except Exception:
        logging.getLogger("xanh").exception("warm-up")


def serve(port: int, address: str, db: str | None = None) -> None:
    """Start the server and block until it stops."""
    config = {"server.port": port, "server.address": address, "server.headless": True, "browser.gatherUsageStats": False}
    application(db).run(config=config)
