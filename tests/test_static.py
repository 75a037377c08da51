"""Streamlit's files go out light (web/static.py, web/fonts.py): scripts
compressed once per installation and kept, nothing outside the static
folder served, the fonts cut to Vietnamese letters and the icons named."""

from __future__ import annotations

import gzip
import io

import pytest
from fontTools.ttLib import TTFont
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from web import static
from web.fonts import ICON_FACE, TEXT_FACE, _ligatures, cut_icons, cut_text
from web.static import CompressedStatic, Packed, static_dir


@pytest.fixture
def folder(tmp_path):
    """A static folder: index.html naming one script, and the script."""
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "media").mkdir()
    (tmp_path / "static" / "js" / "index.abc.js").write_text("var a = 1;" * 500)
    (tmp_path / "index.html").write_text('<script src="./static/js/index.abc.js"></script>')
    (tmp_path / "secret.txt").write_text("not static")
    return tmp_path


def client_of(packed: Packed) -> TestClient:
    inner = [Route("/{path:path}", lambda request: PlainTextResponse("raw"))]
    return TestClient(Starlette(routes=inner, middleware=[Middleware(CompressedStatic, packed=packed)]))


def test_a_script_goes_out_compressed_made_once_per_installation(folder, tmp_path, monkeypatch):
    packed = Packed(folder, tmp_path / "cache")
    packed.warm()  # what index.html names, packed before anyone asks
    kept = list((tmp_path / "cache").rglob("*.gz"))
    assert [k.name for k in kept] == ["index.abc.js.gz"]
    answer = client_of(packed).get("/static/js/index.abc.js", headers={"Accept-Encoding": "gzip"})
    assert answer.headers["content-encoding"] == "gzip" and answer.text == "var a = 1;" * 500
    assert int(answer.headers["content-length"]) < 200 and "immutable" in answer.headers["cache-control"]
    monkeypatch.setattr(static.gzip, "compress", lambda *a, **k: pytest.fail("compressed again"))
    again = Packed(folder, tmp_path / "cache")  # a new process: read from the cache
    assert gzip.decompress(again.get(folder / "static" / "js" / "index.abc.js")) == b"var a = 1;" * 500


@pytest.mark.parametrize(
    "path, encoding",
    [
        ("/static/js/index.abc.js", "identity"),
        ("/static/../secret.txt", "gzip"),
        ("/static/js/missing.js", "gzip"),
        ("/x.js", "gzip"),
    ],
)
def test_anything_else_passes_through_untouched(folder, tmp_path, path, encoding):
    answer = client_of(Packed(folder, tmp_path / "cache")).get(path, headers={"Accept-Encoding": encoding})
    assert answer.text == "raw" and "content-encoding" not in answer.headers


def _font(pattern) -> bytes:
    return next(f for f in (static_dir() / "static" / "media").glob("*.woff2") if pattern.match(f.name)).read_bytes()


def test_the_text_face_keeps_every_vietnamese_letter_and_drops_the_rest():
    full = _font(TEXT_FACE)
    cut = TTFont(io.BytesIO(cut_text(full)))
    letters = cut.getBestCmap()
    assert all(ord(c) in letters for c in "Xã Cẩm Giàng ươ ỹ Đ đ Ặ ự ễ 1.234,5% ₫")
    assert 0x0416 not in letters  # Cyrillic Ж: not on our pages
    assert len(cut_text(full)) < len(full) / 2


def test_the_icon_face_keeps_the_icons_named_and_only_those():
    full = _font(ICON_FACE)
    cut = cut_icons(full, {b"eco", b"filter_alt", b"dashboard"})
    names = set(_ligatures(TTFont(io.BytesIO(cut))))
    assert {"eco", "filter_alt", "dashboard"} <= names and "rocket_launch" not in names
    assert len(cut) < len(full) / 20
