"""Streamlit's own files, light: its server sends /static/ (3 to 5 MB of
JavaScript and fonts a new visitor fetches) raw, which a phone on a weak
network pays for in seconds. Each script or style is compressed (gzip,
level 9) once per installation, kept under data/cache/static/<Streamlit's
version>/ and in memory, and sent to every browser that accepts gzip; its
two web fonts go out cut to what the pages use (web/fonts.py); both with
the immutable caching Streamlit gives its hashed names. Everything else
passes through untouched. The server packs, while it starts, the files a
first visit fetches (those index.html names), so its first visitor does
not wait for them.
"""

from __future__ import annotations

import gzip
import mimetypes
import os
import re
import tempfile
import threading
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from web.fonts import SlimFonts

COMPRESSIBLE = (".js", ".css", ".json", ".svg", ".map", ".txt", ".html", ".ttf", ".otf")
CACHE = "public, immutable, max-age=31536000"  # the names carry a hash of the content
PREFIX, MEDIA = "/static/", "/static/media/"
ROOT = Path(__file__).resolve().parents[1]
OUR_ICONS = [ROOT / "app.py", ROOT / "ui", ROOT / "views"]  # where our pages name icons (":material/...")
PACKED = ROOT / "data" / "cache" / "static"
NAMED = re.compile(r'(?:href|src)="\./(static/[^"]+)"')  # the files index.html has a browser fetch


def static_dir() -> Path:
    from streamlit import file_util

    return Path(file_util.get_static_dir())


class Packed:
    """Streamlit's static files compressed, and its fonts cut."""

    def __init__(self, root: Path | None = None, cache: Path | None = None):
        import streamlit

        self.root = (root or static_dir()).resolve()
        self.cache = (cache or PACKED) / streamlit.__version__
        self._packed: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self.fonts = SlimFonts(self.root / "static" / "media", [self.root / "static" / "js", *OUR_ICONS])

    def file(self, relative: str) -> Path | None:
        """The static file at this path, when it is one to send compressed."""
        if not relative.startswith(PREFIX) or not relative.endswith(COMPRESSIBLE):
            return None
        file = (self.root / relative.lstrip("/")).resolve()
        return file if file.is_relative_to(self.root) and file.is_file() else None

    def get(self, file: Path) -> bytes:
        """The file compressed: from memory, the cache, or made now and kept."""
        key = str(file.relative_to(self.root))
        if key not in self._packed:
            with self._lock:
                if key not in self._packed:
                    self._packed[key] = self._cached(file, key)
        return self._packed[key]

    def _cached(self, file: Path, key: str) -> bytes:
        kept = self.cache / (key + ".gz")
        if kept.is_file():
            return kept.read_bytes()
        packed = gzip.compress(file.read_bytes(), compresslevel=9, mtime=0)
        kept.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=kept.parent, delete=False) as out:  # another process may write it too
            out.write(packed)
        os.replace(out.name, kept)
        return packed

    def warm(self) -> None:
        """Pack the files a first visit fetches."""
        for relative in NAMED.findall((self.root / "index.html").read_text(encoding="utf-8")):
            file = self.file("/" + relative)
            if file is not None:
                self.get(file)


class CompressedStatic:
    """ASGI middleware answering GET /static/<file> with its light form."""

    def __init__(self, app, packed: Packed):
        self.app, self.packed = app, packed

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        path = _relative(scope)
        slim = self.packed.fonts.get(path.rsplit("/", 1)[-1]) if path.startswith(MEDIA) else None
        if slim is not None:
            return await respond(scope, send, slim, "font/woff2", CACHE, gzipped=False)
        wanted = self.packed.file(path) if accepts_gzip(scope) else None
        if wanted is None:
            return await self.app(scope, receive, send)
        packed = await run_in_threadpool(self.packed.get, wanted)  # CPU or disk: off the loop
        kind = mimetypes.guess_type(wanted.name)[0] or "application/octet-stream"
        await respond(scope, send, packed, kind, CACHE, gzipped=True)


def _relative(scope) -> str:
    """The request's path under the server's base path."""
    path, root_path = scope["path"], scope.get("root_path", "")
    return path[len(root_path) :] if root_path and path.startswith(root_path) else path


def accepts_gzip(scope) -> bool:
    """Whether the request's browser takes a gzip-compressed body."""
    return any(k == b"accept-encoding" and b"gzip" in v for k, v in scope.get("headers", []))


async def respond(scope, send, body: bytes, kind: str, cache: str, gzipped: bool) -> None:
    """A whole 200 answer (the body left out for HEAD); its form may depend
    on Accept-Encoding, which caches are told."""
    headers = [
        (b"content-type", kind.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", cache.encode()),
        (b"vary", b"Accept-Encoding"),
    ]
    if gzipped:
        headers.append((b"content-encoding", b"gzip"))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
