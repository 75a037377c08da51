"""The reporting links of a period as a printed A4 sheet to hand out in a
meeting, and as text to send by Zalo.

Each village (or lead unit) gets a cell to cut out: a QR code of its
capability link, its name, the period and the last day the link works. The
sheet carries no list of all the links, so whoever holds one piece can
report for that village only. QR modules are vector rectangles, sharp on any
printer; Source Sans Pro (the pages' own face) has every Vietnamese letter;
the bytes depend only on the input, so a sheet can be compared and reprinted.
Names are drawn as plain strings, never read as markup. No streamlit.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import math
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import font_source_sans_pro
import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from i18n import fmt_date

REGULAR, BOLD = "SourceSansPro", "SourceSansPro-Bold"
PAGE_W, PAGE_H = A4
MARGIN = 12 * mm  # well inside what a cheap printer reaches (about 5 mm from the edge)
HEADER = 20 * mm
COLUMNS, ROWS = 2, 4
CELL_W = (PAGE_W - 2 * MARGIN) / COLUMNS
CELL_H = (PAGE_H - 2 * MARGIN - HEADER) / ROWS
PAD = 4 * mm  # from a cut line to anything drawn, so a crooked cut spares the cell
QR_SIDE = 44 * mm  # quiet zone included: modules of about 0.9 mm scan from arm's length
QR_ERROR = "q"  # survives a crease or a smudge
QUIET = 4  # modules of white around the code, as the QR standard asks
TEXT_X = PAD + QR_SIDE + 1 * mm  # the text column, from the cell's left edge
TEXT_W = CELL_W - TEXT_X - PAD
LEADING = 1.2
GAP = 4  # points between the blocks of a cell's text
NAME_SIZES = (13.0, 6.0)  # a long name shrinks down to the smallest, then is cut with an ellipsis
INSTRUCTION = "Quét mã bằng camera điện thoại hoặc Zalo để mở trang nhập số liệu."
CUT_HINT = "Cắt theo đường nét đứt và trao mỗi mảnh cho đúng thôn, đơn vị ghi trên đó."
ELLIPSIS = "…"


@dataclass(frozen=True)
class SheetLink:
    """One capability link as handed out: to whom, where, until when."""

    name: str
    url: str
    expires: dt.date  # the last day the link works


def link_sheet_pdf(links: Sequence[SheetLink], *, commune: str, period_label: str, issued: dt.date) -> bytes:
    """The printable A4 sheet: on every page a header (a loose page still
    says what it is), then up to 2 x 4 cells to cut apart, in the order given."""
    if not links:
        raise ValueError("no links to print")
    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, lang="vi-VN")  # invariant: fixed dates and file ids
    canvas.setTitle(f"Liên kết báo cáo số liệu kỳ {period_label}")
    canvas.setAuthor(commune)
    canvas.setCreator("Bảng theo dõi chuyển đổi xanh cấp xã")
    per_page = COLUMNS * ROWS
    pages = math.ceil(len(links) / per_page)
    for page in range(pages):
        chunk = links[page * per_page : (page + 1) * per_page]
        _header(canvas, commune, period_label, issued, f"Trang {page + 1}/{pages}")
        for slot, link in enumerate(chunk):
            _cell(canvas, link, period_label, *cell_origin(slot))
        _cut_lines(canvas, math.ceil(len(chunk) / COLUMNS))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def zalo_text(links: Sequence[SheetLink], *, commune: str, period_label: str) -> str:
    """Zalo-ready text: one short paragraph per link (name, period, link,
    expiry), each whole on its own so it can be forwarded to its village
    alone; the link alone on its line, so Zalo makes all of it tappable."""
    return "\n\n".join(
        f"{_clean(link.name)} ({commune})\nLiên kết nhập số liệu kỳ {period_label}:\n{link.url}\nHạn dùng: {fmt_date(link.expires)}"
        for link in links
    )


def qr_png(url: str) -> bytes:
    """A link's QR code as a PNG, for the desk's screen (the sheet draws vectors)."""
    buffer = io.BytesIO()
    segno.make(url, error=QR_ERROR, micro=False).save(buffer, kind="png", scale=6, border=QUIET)
    return buffer.getvalue()


def cell_origin(slot: int) -> tuple[float, float]:
    """The bottom-left corner of a page's slot-th cell, filled row by row."""
    row, column = divmod(slot, COLUMNS)
    return MARGIN + column * CELL_W, PAGE_H - MARGIN - HEADER - (row + 1) * CELL_H


@functools.cache
def _register_fonts() -> None:
    """The package's TTF files, never a download: reportlab embeds the glyphs used."""
    folder = Path(font_source_sans_pro.font_directory)
    pdfmetrics.registerFont(TTFont(REGULAR, folder / "SourceSansPro-Regular.ttf"))
    pdfmetrics.registerFont(TTFont(BOLD, folder / "SourceSansPro-Bold.ttf"))


def _header(canvas: Canvas, commune: str, period_label: str, issued: dt.date, page: str) -> None:
    width, top = PAGE_W - 2 * MARGIN, PAGE_H - MARGIN
    title = f"Liên kết báo cáo số liệu kỳ {period_label}"
    top = _draw(canvas, MARGIN, top, BOLD, *_fit(title, BOLD, width, 16 * LEADING, (16.0, 9.0)))
    line = f"{commune[:1].upper()}{commune[1:]} · Ngày cấp: {fmt_date(issued)}"
    top = _draw(canvas, MARGIN, top, REGULAR, *_fit(line, REGULAR, width, 11 * LEADING, (11.0, 7.0)))
    _draw(canvas, MARGIN, top - 2, REGULAR, 9, [CUT_HINT])
    canvas.drawRightString(PAGE_W - MARGIN, top - 2 - 9, page)


def _cell(canvas: Canvas, link: SheetLink, period_label: str, x: float, y: float) -> None:
    """QR code on the left, text beside it, both centred in the cell; the
    name gets what room the fixed lines leave."""
    _qr(canvas, link.url, x + PAD, y + (CELL_H - QR_SIDE) / 2)
    fixed = [
        (REGULAR, 10.0, _wrap(f"Kỳ {_clean(period_label)}", REGULAR, 10, TEXT_W)),
        (BOLD, 10.0, [f"Hạn dùng: {fmt_date(link.expires)}"]),
        (REGULAR, 8.0, _wrap(INSTRUCTION, REGULAR, 8, TEXT_W)),
    ]
    gaps = GAP * len(fixed)
    size, lines = _fit(link.name, BOLD, TEXT_W, CELL_H - 2 * PAD - _tall(fixed) - gaps, NAME_SIZES)
    blocks = [(BOLD, size, lines), *fixed]
    top = y + (CELL_H + _tall(blocks) + gaps) / 2
    for font, size, lines in blocks:
        top = _draw(canvas, x + TEXT_X, top, font, size, lines) - GAP


def _qr(canvas: Canvas, url: str, x: float, y: float) -> None:
    """The code as one filled path of rectangles, one per run of dark modules
    in a row: vector, so it prints sharp, and one path, so no hairline seams
    show between modules. Error correction Q survives a crease or a smudge."""
    matrix = segno.make(url, error=QR_ERROR, micro=False).matrix
    module = QR_SIDE / (len(matrix) + 2 * QUIET)
    path = canvas.beginPath()
    for row, modules in enumerate(matrix):
        bottom = y + QR_SIDE - (QUIET + row + 1) * module
        for start, end in _runs(modules):
            path.rect(x + (QUIET + start) * module, bottom, (end - start) * module, module)
    canvas.drawPath(path, stroke=0, fill=1)


def _runs(modules: bytearray) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of dark modules in a row."""
    column = 0
    for dark, group in itertools.groupby(modules):
        width = len(list(group))
        if dark:
            yield column, column + width
        column += width


def _cut_lines(canvas: Canvas, rows: int) -> None:
    """Dashed lines around the rows used, outer edges too, so every piece is cut to the same size."""
    top = PAGE_H - MARGIN - HEADER
    canvas.saveState()
    canvas.setDash(4, 3)
    canvas.setLineWidth(0.5)
    canvas.setStrokeGray(0.45)
    for row in range(rows + 1):
        canvas.line(MARGIN, top - row * CELL_H, PAGE_W - MARGIN, top - row * CELL_H)
    for column in range(COLUMNS + 1):
        canvas.line(MARGIN + column * CELL_W, top, MARGIN + column * CELL_W, top - rows * CELL_H)
    canvas.restoreState()


def _draw(canvas: Canvas, x: float, top: float, font: str, size: float, lines: list[str]) -> float:
    """Lines downward from top, as plain strings; returns the top of what follows."""
    canvas.setFont(font, size)
    for line in lines:
        canvas.drawString(x, top - size, line)
        top -= size * LEADING
    return top


def _fit(text: str, font: str, width: float, height: float, sizes: tuple[float, float]) -> tuple[float, list[str]]:
    """The largest size, by half points, at which text wraps into the box
    with its words whole; failing that, with the words too long for a line
    broken; failing that, at the smallest size, the lines that fit, the
    last cut with an ellipsis."""
    text = _clean(text)
    largest, smallest = sizes
    for whole in (True, False):
        for size in (largest - step / 2 for step in range(int(2 * (largest - smallest)) + 1)):
            lines = _wrap(text, font, size, width)
            room = max(1, int(height // (size * LEADING)))
            broken = any(_width(word, font, size) > width for word in text.split())
            if len(lines) <= room and not (whole and broken):
                return size, lines
    last = lines[room - 1]
    while last and _width(last + ELLIPSIS, font, smallest) > width:
        last = last[:-1]
    return smallest, [*lines[: room - 1], last.rstrip() + ELLIPSIS]


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken where it must be."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        joined = f"{line} {word}" if line else word
        if _width(joined, font, size) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        while _width(word, font, size) > width:
            cut = 1
            while _width(word[: cut + 1], font, size) <= width:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    return [*lines, line] if line else lines


def _tall(blocks: list[tuple[str, float, list[str]]]) -> float:
    return sum(size * LEADING * len(lines) for _, size, lines in blocks)


def _width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _clean(text: str) -> str:
    """One line of composed letters: a name typed with combining accents (NFD)
    would draw them beside their letters, and a newline would break the layout."""
    return unicodedata.normalize("NFC", " ".join(text.split()))
