"""The open data API (/api/v1/...): read-only routes beside the dashboard,
in the same process (web/server.py), for a spreadsheet, a script or another
system to read the figures the pages show, as JSON or as CSV that Excel's
Power Query loads and refreshes (docs/api.md).

Thin by design: the routes, their parameters and fields are the table of
web/api_spec.py, the rows come from services/open_data.py. What is done
here is HTTP: parameters checked (a plain sentence and 400 for a wrong one),
the ETag of what a table stands at compared before any figure is made (304
costs one small query), the rows written as JSON or CSV, a token when the
server sets XANH_API_TOKEN, a rate limit per address, and any unexpected
failure answered with a sentence, never a traceback. Tokens travel only in
the Authorization header, never in a path, so no log ever holds one.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Awaitable, Callable

import pandas as pd
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from catalog.periods import is_code
from services import open_data
from services.export import to_csv
from store import Store
from web.api_spec import BOOLEAN, ENDPOINTS, FIELDS, FORMAT, INTEGER, NUMBER, PREFIX, TEXT, Endpoint, Param, openapi
from web.guard import HEADERS, Limiter, client

# Requests per address a minute (a commune office shares one address);
# a deployment tunes it (XANH_API_RATE), its proxy adds its own (deploy/).
PER_ADDRESS = Limiter(int(os.environ.get("XANH_API_RATE", "120")), 60)
TOKEN = "XANH_API_TOKEN"
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]  # all routed here: 405 in words, not Streamlit's page
FORMATS = ("json", "csv")
LONGEST = 64  # characters of a parameter's value
KINDS = {TEXT: object, NUMBER: "Float64", INTEGER: "Int64", BOOLEAN: "boolean"}  # a CSV column's type, by its JSON type
ANSWERS: dict[str, Callable[[Store, dict[str, str]], list[dict]]] = {
    "communes": lambda store, query: open_data.communes(store),
    "indicators": lambda store, query: open_data.indicators(store, query.get("period")),
    "villages": lambda store, query: open_data.villages(store, query.get("period"), query.get("village")),
    "tasks": lambda store, query: open_data.tasks(store, query.get("period")),
    "city": lambda store, query: open_data.city(store, query.get("period")),
}


class Refusal(Exception):
    """A request answered with a status and a sentence (Vietnamese, then English)."""

    def __init__(self, status: int, vi: str, en: str, headers: dict[str, str] | None = None):
        super().__init__(vi)
        self.status, self.vi, self.en, self.headers = status, vi, en, headers or {}


def routes(store: Store) -> list[Route]:
    """Every route of the API over the store, and a 404 in words for any
    other address under /api (else Streamlit would answer with its page)."""
    served = [Route(PREFIX + e.path, _guarded(_serving(store, e)), methods=METHODS) for e in ENDPOINTS]
    nowhere = _guarded(_nowhere)
    return [
        *served,
        Route(PREFIX + "/openapi.json", _guarded(_description), methods=METHODS),
        Route("/api", nowhere, methods=METHODS),
        Route("/api/{rest:path}", nowhere, methods=METHODS),
    ]


def _guarded(answer: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """The answer behind the rate limit, with every refusal and failure in words."""

    async def endpoint(request: Request) -> Response:
        try:
            if not PER_ADDRESS.allow(client(request)):
                raise Refusal(
                    429,
                    "Quá nhiều yêu cầu từ địa chỉ này trong một phút; hãy đợi một phút rồi thử lại.",
                    "Too many requests from this address in a minute; wait a minute and try again.",
                    {"Retry-After": "60"},
                )
            return await answer(request)
        except Refusal as refused:
            return _refusal(refused)
        except Exception:
            logging.getLogger("xanh").exception("api %s", request.url.path)  # the path holds no token
            return _refusal(
                Refusal(
                    500,
                    "Máy chủ gặp lỗi khi lấy số liệu; hãy thử lại sau, nếu vẫn lỗi hãy báo cán bộ quản trị.",
                    "The server failed to read the figures; try again later, and tell the administrator if it persists.",
                )
            )

    return endpoint


def _serving(store: Store, endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
    async def answer(request: Request) -> Response:
        _read_only(request)
        _signed(request)
        query = _query(request, endpoint)
        return await run_in_threadpool(_respond, store, endpoint, request, query)

    return answer


async def _nowhere(request: Request) -> Response:
    raise Refusal(
        404,
        f"Không có địa chỉ này trong API; các địa chỉ có trong {PREFIX}/openapi.json và docs/api.md.",
        f"No such address in the API; the addresses are listed in {PREFIX}/openapi.json and docs/api.md.",
    )


async def _description(request: Request) -> Response:
    """The OpenAPI description: open even when a token is required (it holds no figure)."""
    _read_only(request)
    body, tag = _described()
    headers = {**HEADERS, "ETag": tag, "Cache-Control": "public, no-cache", "Access-Control-Allow-Origin": "*"}
    if _fresh(request, tag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


@functools.cache
def _described() -> tuple[bytes, str]:
    body = _json(openapi())
    return body, f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'


# ----- one request --------------------------------------------------------------


def _read_only(request: Request) -> None:
    if request.method not in ("GET", "HEAD"):
        raise Refusal(405, "API chỉ cho đọc số liệu (GET).", "The API is read-only: use GET.", {"Allow": "GET, HEAD"})


def _token() -> str:
    return os.environ.get(TOKEN, "").strip()


def _signed(request: Request) -> None:
    """Nothing when no token is set; else the request's bearer token must be
    it (compared as bytes: a header arrives as Latin-1, the setting as UTF-8)."""
    token = _token()
    if not token:
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("latin-1"), token.encode()):
        raise Refusal(
            401,
            "Cần mã truy cập: gửi tiêu đề Authorization: Bearer <mã> với mã do cán bộ quản trị cấp.",
            "A token is required: send the header Authorization: Bearer <token> with the token the administrator gave you.",
            {"WWW-Authenticate": 'Bearer realm="xanh"'},
        )


def _query(request: Request, endpoint: Endpoint) -> dict[str, str]:
    """The request's parameters, checked: only the route's own, each once and
    short, a format and a period that exist. An empty value is no value."""
    allowed = {p.name: p for p in (*endpoint.params, FORMAT)}
    given = request.query_params
    query = {name: _value(name, given.getlist(name), allowed) for name in given}
    query = {"format": "json"} | {name: value for name, value in query.items() if value}
    if query["format"] not in FORMATS:
        raise Refusal(400, "Tham số format chỉ nhận json hoặc csv.", "format is json or csv.")
    if "period" in query:
        _period(query["period"], allowed["period"].every)
    return query


def _value(name: str, values: list[str], allowed: dict[str, Param]) -> str:
    """One parameter's value: a typo in a name (?peroid=) must not quietly give the default."""
    if name not in allowed:
        shown, accepted = name[:LONGEST], ", ".join(allowed)
        raise Refusal(
            400,
            f"Địa chỉ này không có tham số «{shown}»; các tham số dùng được: {accepted}.",
            f"This address has no parameter {shown!r}; accepted: {accepted}.",
        )
    if len(values) > 1 or len(values[0]) > LONGEST:
        raise Refusal(
            400,
            f"Tham số «{name}» chỉ ghi một lần, không quá {LONGEST} ký tự.",
            f"Give {name} once, at most {LONGEST} characters.",
        )
    return values[0].strip()


def _period(period: str, every: bool) -> None:
    """A period code (or `all`, where the route takes it)."""
    if is_code(period) or (every and period == open_data.ALL):
        return
    raise Refusal(
        400,
        f"Kỳ báo cáo «{period}» không đúng: ghi 2026-H1 (6 tháng đầu năm 2026), 2026 (cả năm 2026)"
        + (", hoặc all (mọi kỳ)." if every else "."),
        f"{period!r} is not a period: write 2026-H1 (first half of 2026), 2026 (the whole year)"
        + (", or all." if every else "."),
    )


def _respond(store: Store, endpoint: Endpoint, request: Request, query: dict[str, str]) -> Response:
    """304 when the client holds what the table stands at, else its rows."""
    try:
        target = open_data.commune(store, request.path_params["code"]) if endpoint.of_commune else store
        change = open_data.commune_change(target) if endpoint.of_commune else open_data.store_change(store)
        tag = _etag(request.url.path, query, change)
        headers = _caching(tag)
        if _fresh(request, tag):
            return Response(status_code=304, headers=headers)
        rows = ANSWERS[endpoint.name](target, query)
    except open_data.Unknown as unknown:
        raise Refusal(404, str(unknown), "No such commune, ward or village in this store.") from None
    if query["format"] == "json":
        return Response(_json(rows), media_type="application/json", headers=headers)
    code = request.path_params.get("code")
    name = "-".join(p for p in ("xanh", code, endpoint.name, query.get("period")) if p)  # each checked: no quote, no slash
    body = to_csv(_table(rows, endpoint))
    return Response(body, media_type="text/csv", headers={**headers, "Content-Disposition": f'attachment; filename="{name}.csv"'})


def _table(rows: list[dict], endpoint: Endpoint) -> pd.DataFrame:
    """The rows with each column typed as documented: numbers stay numbers
    (2030, not 2030.0) and only text is checked for formulas (to_csv)."""
    return pd.DataFrame({c: pd.array([r[c] for r in rows], dtype=KINDS[FIELDS[c][0]]) for c in endpoint.columns})


def _etag(path: str, query: dict[str, str], change: str) -> str:
    """Weak (a proxy or the server may compress the body): the same figures,
    whatever the encoding."""
    text = "|".join([path, *(f"{k}={v}" for k, v in sorted(query.items())), change, open_data.shape()])
    return f'W/"{hashlib.sha256(text.encode()).hexdigest()[:32]}"'


def _fresh(request: Request, tag: str) -> bool:
    """Whether If-None-Match names the tag (weak comparison, as RFC 9110 asks of GET)."""
    held = {t.strip().removeprefix("W/") for t in request.headers.get("if-none-match", "").split(",")}
    return "*" in held or tag.removeprefix("W/") in held


def _caching(tag: str) -> dict[str, str]:
    """Ask again each time (no-cache): a 304 is cheap and a new file shows at
    once. Open data may be read from any site; behind a token, by no shared cache."""
    if _token():
        return {**HEADERS, "ETag": tag, "Cache-Control": "private, no-cache"}
    return {**HEADERS, "ETag": tag, "Cache-Control": "public, no-cache", "Access-Control-Allow-Origin": "*"}


def _refusal(refused: Refusal) -> Response:
    opened = {} if _token() else {"Access-Control-Allow-Origin": "*"}
    body = _json({"error": refused.vi, "error_en": refused.en})
    return Response(
        body, status_code=refused.status, media_type="application/json", headers={**HEADERS, **opened, **refused.headers}
    )


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
