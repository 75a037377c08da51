"""What stands between the internet and the routes beside the dashboard:
security headers, a form token bound to the link (CSRF), request bodies
capped, and rate limits per link and per address, each refusal a plain
Vietnamese sentence. Small and in-process: a city server's proxy adds its
own limits (deploy/), and nothing here logs a path (tokens live in them).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
import time
from collections import deque
from collections.abc import Iterable
from urllib.parse import parse_qsl

from starlette.requests import Request

MAX_BODY = 64 * 1024  # a phone page's form is a few KB
MAX_FIELDS = 400
HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def csp(scripts: Iterable[str], styles: Iterable[str]) -> str:
    """A Content-Security-Policy allowing only the page's own inline
    script and style (by their SHA-256), forms posted to itself, no frame."""

    def hashes(texts: Iterable[str]) -> str:
        return " ".join(f"'sha256-{digest(t)}'" for t in texts) or "'none'"

    return (
        f"default-src 'none'; script-src {hashes(scripts)}; style-src {hashes(styles)}; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


def digest(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def form_token(secret: bytes, token_hash: str) -> str:
    """The form token of a link: a forged form elsewhere cannot carry it."""
    return hmac.new(secret, b"form:" + token_hash.encode(), hashlib.sha256).hexdigest()[:40]


def valid_form_token(secret: bytes, token_hash: str, given: str) -> bool:
    return hmac.compare_digest(form_token(secret, token_hash), given or "")


class TooLarge(Exception):
    """A request body past MAX_BODY."""


async def capped_form(request: Request) -> dict[str, str]:
    """The posted form's fields (URL-encoded, as the page sends them), refusing
    a body past MAX_BODY before reading it all."""
    declared = request.headers.get("content-length")
    if declared and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise TooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise TooLarge
    return dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=MAX_FIELDS))


class Limiter:
    """At most `limit` events per key in any `seconds`-long window."""

    def __init__(self, limit: int, seconds: float):
        self.limit, self.seconds = limit, seconds
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault(key, deque())
            while seen and now - seen[0] > self.seconds:
                seen.popleft()
            if len(seen) >= self.limit:
                return False
            seen.append(now)
            if len(self._seen) > 50_000:  # forget idle keys: memory stays bounded
                self._seen = {k: v for k, v in self._seen.items() if v and now - v[-1] <= self.seconds}
            return True


def client(request: Request) -> str:
    """The sender's address: the proxy's X-Real-IP when the request comes
    through a proxy on this machine (deploy/nginx sets it), else the peer."""
    peer = request.client.host if request.client else "?"
    forwarded = request.headers.get("x-real-ip")
    return forwarded if forwarded and peer in ("127.0.0.1", "::1") else peer


class SecurityHeaders:
    """Every answer of the server with the headers above that it lacks (the
    dashboard's own pages keep their referrer within the site)."""

    def __init__(self, app):
        self.app = app
        self.extra = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items() if k != "Cache-Control"]
        self.extra = [(k, b"strict-origin-when-cross-origin" if k == b"referrer-policy" else v) for k, v in self.extra]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *((k, v) for k, v in self.extra if k not in present)]
            await send(message)

        return await self.app(scope, receive, sending)
