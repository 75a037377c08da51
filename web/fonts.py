"""Streamlit's two web fonts, cut to what the dashboard shows: its text
face to the Latin and Vietnamese letters (170 KB -> about 60 KB) and its
icon font to the icons its own scripts and our pages name (375 KB -> about
40 KB), so a phone's first visit stays under 1 MB (issue 17). fontTools
does the cutting (an icon is a ligature: its name's letters map to one
glyph), once per installation: the result is kept under data/cache/fonts,
and until it is ready the full font goes out unchanged.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import re
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "data" / "cache" / "fonts"
TEXT_FACE = re.compile(r"^SourceSans.*\.woff2$")
ICON_FACE = re.compile(r"^MaterialSymbols.*\.woff2$")
VIETNAMESE = [
    *range(0x20, 0x7F),  # ASCII
    *range(0xA0, 0x180),  # Latin-1 and Latin Extended-A (Ă ă Đ đ Ĩ ĩ Ũ ũ ...)
    0x1A0, 0x1A1, 0x1AF, 0x1B0,  # Ơ ơ Ư ư
    *range(0x300, 0x310), 0x323,  # combining marks of NFD text
    *range(0x1EA0, 0x1EFA),  # Latin Extended Additional: the letters with two marks
    *range(0x2010, 0x2028), 0x20AB, 0x2122, 0x2190, 0x2192, 0x2212, 0x25B6, 0x25C0, 0x2713, 0x2715,
]  # fmt: skip
WORD = re.compile(rb"[a-z][a-z0-9_]{1,40}")
log = logging.getLogger("xanh")


class SlimFonts:
    """The cut fonts by file name, made in a thread at start (or read from the cache)."""

    def __init__(self, media: Path, names_from: list[Path]):
        self.media, self.names_from = media, names_from
        self.ready: dict[str, bytes] = {}
        threading.Thread(target=self._make_all, name="slim-fonts", daemon=True).start()

    def get(self, name: str) -> bytes | None:
        return self.ready.get(name)

    def _make_all(self) -> None:
        for font in sorted(self.media.glob("*.woff2")):
            if TEXT_FACE.match(font.name) or ICON_FACE.match(font.name):
                try:
                    self.ready[font.name] = self._cached(font)
                except Exception:  # a font fontTools cannot cut: the full one goes out, as before
                    log.exception("could not cut %s", font.name)

    def _cached(self, font: Path) -> bytes:
        data = font.read_bytes()
        key = hashlib.sha256(data + b"|".join(sorted(self._icon_names))).hexdigest()[:16]
        kept = CACHE / f"{font.stem}-{key}.woff2"
        if kept.is_file():
            return kept.read_bytes()
        cut = cut_icons(data, self._icon_names) if ICON_FACE.match(font.name) else cut_text(data)
        CACHE.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(cut)
        return cut

    @functools.cached_property
    def _icon_names(self) -> set[bytes]:
        """Every word of Streamlit's scripts and our code that may name an
        icon: an icon named anywhere is kept, whatever names it."""
        words: set[bytes] = set()
        for path in self.names_from:
            for file in [f for pattern in ("*.js", "*.py") for f in path.rglob(pattern)] if path.is_dir() else [path]:
                words |= set(WORD.findall(file.read_bytes()))
        return words


def cut_text(data: bytes) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data))
    options = subset.Options()
    options.flavor, options.layout_features = "woff2", ["*"]
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=VIETNAMESE)
    cutter.subset(font)
    return _saved(font)


def cut_icons(data: bytes, words: set[bytes]) -> bytes:
    """The icons whose names are among `words`, with the letters that spell them."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data))
    wanted = {w.decode() for w in words}
    icons = [glyph for name, glyph in _ligatures(font).items() if name in wanted]
    options = subset.Options()
    options.flavor, options.layout_features, options.layout_closure = "woff2", ["liga", "rlig", "calt", "ccmp"], False
    cutter = subset.Subsetter(options)
    cutter.populate(glyphs=icons, text="abcdefghijklmnopqrstuvwxyz0123456789_")
    cutter.subset(font)
    return _saved(font)


def _ligatures(font) -> dict[str, str]:
    """Icon name -> its glyph, read from the font's ligature lookups."""
    letter = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    found = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)
            for first, ligatures in getattr(table, "ligatures", {}).items():
                for ligature in ligatures:
                    name = "".join(letter.get(g, "\0") for g in [first, *ligature.Component])
                    found[name] = ligature.LigGlyph
    return found


def _saved(font) -> bytes:
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
