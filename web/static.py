"""Streamlit's own scripts, compressed: its server sends /static/ (3 to 5 MB
of JavaScript a new visitor fetches) raw, which a phone on a weak network
pays for in seconds. Each file is compressed once per process (gzip, level
9), kept in memory, and sent to every browser that accepts gzip, with the
immutable caching Streamlit gives its hashed names. What is compressed
already (fonts, images) passes through untouched; so does everything else.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from pathlib import Path

from starlette.concurrency import run_in_threadpool

COMPRESSIBLE = (".js", ".css", ".json", ".svg", ".map", ".txt", ".html", ".ttf", ".otf")
CACHE = "public, immutable, max-age=31536000"  # the names carry a hash of the content
PREFIX = "/static/"


def _static_dir() -> Path:
    from streamlit import file_util

    return Path(file_util.get_static_dir())


class CompressedStatic:
    """ASGI middleware answering GET /static/<file> with its gzip form."""

    def __init__(self, app):
        self.app = app
        self.root = _static_dir().resolve()
        self._packed: dict[str, bytes] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope, receive, send):
        wanted = self._wanted(scope) if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") else None
        if wanted is None:
            return await self.app(scope, receive, send)
        packed = self._packed.get(str(wanted)) or await run_in_threadpool(
            self._packed_file, wanted
        )  # compressing is CPU: off the loop
        if packed is None:
            return await self.app(scope, receive, send)
        body, kind = packed, mimetypes.guess_type(wanted.name)[0] or "application/octet-stream"
        headers = [
            (b"content-type", kind.encode()),
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", CACHE.encode()),
            (b"vary", b"Accept-Encoding"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

    def _wanted(self, scope) -> Path | None:
        """The static file asked for, when it is one to send compressed."""
        path = scope["path"]
        root_path = scope.get("root_path", "")
        relative = path[len(root_path) :] if root_path and path.startswith(root_path) else path
        if not relative.startswith(PREFIX) or not relative.endswith(COMPRESSIBLE):
            return None
        accepted = dict(scope["headers"]).get(b"accept-encoding", b"")
        if b"gzip" not in accepted:
            return None
        file = (self.root / relative.lstrip("/")).resolve()
        return file if file.is_relative_to(self.root) and file.is_file() else None

    def _packed_file(self, file: Path) -> bytes:
        key = str(file)
        with self._lock:
            if key not in self._packed:
                self._packed[key] = gzip.compress(file.read_bytes(), compresslevel=9, mtime=0)
            return self._packed[key]
