"""The picture a messenger shows for a summary link (Open Graph, 1200x630):
the commune, the period and its four headline targets, each a tile in its
status colour with its value and status in words (never colour alone), in
the pages' face (Source Sans, from its package). Drawn with Pillow.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import font_source_sans_pro
from PIL import Image, ImageDraw, ImageFont

from charts.palette import NO_TARGET_COLOUR, STATUS_COLOURS, text_colour

WIDTH, HEIGHT = 1200, 630
MARGIN, GAP = 56, 24
INK, PAPER, MUTED = "#0D0D0D", "#FFFFFF", "#3D3D3D"


@functools.cache
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(Path(font_source_sans_pro.font_directory) / f"SourceSansPro-{weight}.ttf"), size)


def card_png(title: str, subtitle: str, tiles: list[tuple[str, str, str, str, str | None]]) -> bytes:
    """The card: `tiles` are (id, short name, value, status words, status code) of the targets."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.text(
        (MARGIN, 44),
        _fit(draw, title, "Bold", 60, WIDTH - 2 * MARGIN),
        font=_fitted(draw, title, "Bold", 60, WIDTH - 2 * MARGIN),
        fill=INK,
    )
    draw.text((MARGIN, 124), subtitle, font=_font("Regular", 34), fill=MUTED)
    columns = max(len(tiles), 1)
    tile_width = (WIDTH - 2 * MARGIN - (columns - 1) * GAP) // columns
    for i, (ident, name, value, words, status) in enumerate(tiles):
        left, top = MARGIN + i * (tile_width + GAP), 210
        colour = STATUS_COLOURS.get(status or "", NO_TARGET_COLOUR)
        ink = text_colour(colour)
        draw.rounded_rectangle((left, top, left + tile_width, HEIGHT - 70), radius=18, fill=colour)
        draw.text((left + 22, top + 20), ident, font=_font("Bold", 44), fill=ink)
        draw.text(
            (left + 22, top + 90),
            _fit(draw, value, "Bold", 54, tile_width - 44),
            font=_fitted(draw, value, "Bold", 54, tile_width - 44),
            fill=ink,
        )
        for n, line in enumerate(_lines(draw, words, _font("Semibold", 30), tile_width - 44)[:2]):
            draw.text((left + 22, top + 175 + n * 38), line, font=_font("Semibold", 30), fill=ink)
        for n, line in enumerate(_lines(draw, name, _font("Regular", 24), tile_width - 44)[:3]):
            draw.text((left + 22, top + 262 + n * 30), line, font=_font("Regular", 24), fill=ink)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _fitted(draw: ImageDraw.ImageDraw, text: str, weight: str, size: int, width: int) -> ImageFont.FreeTypeFont:
    """The largest size up to `size` at which the text fits the width (down to a half)."""
    for step in range(size, size // 2, -2):
        if draw.textlength(text, font=_font(weight, step)) <= width:
            return _font(weight, step)
    return _font(weight, size // 2)


def _fit(draw: ImageDraw.ImageDraw, text: str, weight: str, size: int, width: int) -> str:
    """The text, cut with an ellipsis if even the smallest size leaves it too wide."""
    font = _fitted(draw, text, weight, size, width)
    while len(text) > 1 and draw.textlength(text, font=font) > width:
        text = text[:-2].rstrip() + "…"
    return text


def _lines(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines
