"""GET /healthz, for the proxy and monitoring: 200 when the store answers
and its schema is the one this code expects, 503 otherwise (the database
stopped or unreachable, or a schema older or newer than the code: a
process left running across an upgrade). Plain JSON, never cached; a few
milliseconds, so a monitor may ask every few seconds. Streamlit's own
/_stcore/health says only that the web server runs."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from store import Store
from store.schema import HEAD

PATH = "/healthz"


def routes(store: Store) -> list[Route]:
    async def health(_request: Request) -> JSONResponse:
        status, body = await run_in_threadpool(check, store)
        return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})

    return [Route(PATH, health, methods=["GET", "HEAD"])]


def check(store: Store) -> tuple[int, dict[str, str]]:
    """(HTTP status, what a person reading the monitor needs)."""
    try:
        with store.engine.connect() as conn:
            revision = conn.execute(sa.text("select version_num from alembic_version")).scalar()
    except Exception as exc:  # any failure of the database is the answer, not an error of this route
        logging.getLogger("xanh").warning("healthz: the store does not answer: %s", type(exc).__name__)
        return 503, {"status": "unavailable", "message": "Kho dữ liệu không trả lời."}
    if revision != HEAD:
        message = f"Lược đồ kho là {revision}, mã nguồn cần {HEAD}: hãy khởi động lại sau khi nâng cấp."
        return 503, {"status": "schema", "schema": str(revision), "expected": HEAD, "message": message}
    return 200, {"status": "ok", "schema": HEAD}
