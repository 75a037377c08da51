"""The printed sheet of reporting links, opened by real programs (poppler's
pdftoppm and pdftotext, zbar's zbarimg, from Debian's packages): every QR
code scans back to its link, cell by cell in order; every cell reads its
name with its diacritics, the period and the expiry; a hostile name comes
out as literal text inside its cell; 17 links fill three pages with nothing
past the margins; the same links give the same bytes. And the Zalo text.

Needs pdftoppm, pdftotext and zbarimg on the PATH. Without them the tests
are skipped, unless XANH_REQUIRE_OFFICE=1 (set by .ci/run, which installs
poppler-utils and zbar-tools), where they fail.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import segno
from PIL import Image

from reports.link_sheet import (
    CELL_H,
    CELL_W,
    COLUMNS,
    MARGIN,
    PAGE_H,
    PAGE_W,
    ROWS,
    SheetLink,
    cell_origin,
    link_sheet_pdf,
    zalo_text,
)

TOOLS = ("pdftoppm", "pdftotext", "zbarimg")
DPI = 150
COMMUNE, PERIOD = "xã Cẩm Giàng", "6 tháng 2026"
ISSUED, EXPIRES = dt.date(2026, 6, 1), dt.date(2026, 6, 30)
HOSTILE = ('=HYPERLINK("http://example.invalid";"x") <script>alert(1)</script> & Thôn ' + "Dài Lắm " * 30)[:200]
NAMES = [
    *("Thôn Lương Xá", "Thôn Phú Đa", "Hội Nông dân", "Hội Liên hiệp Phụ nữ (phunu.camgiang@gmail.com)", "Đoàn Thanh niên"),
    *("Thôn Quý Dương", "Thôn Ngọc Lâm", "Thôn Cẩm Khê", "Thôn Đồng Vạn", HOSTILE, "Thôn Tràng Kỹ"),
    *("Thôn Mỹ Xá", "Thôn Ước Lễ", "Thôn Kênh Giữa", "Thôn Phượng Hoàng", "Thôn Bùi Xá", "Hội Cựu chiến binh"),
]
PER_PAGE = COLUMNS * ROWS
INSTRUCTION = "Quét mã bằng camera điện thoại hoặc Zalo để mở trang nhập số liệu."
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')

Word = tuple[float, float, float, float, str]  # x0, y0, x1, y1 in points, y from the top; text


def link(name: str) -> SheetLink:
    token = base64.urlsafe_b64encode(hashlib.sha256(name.encode()).digest()).rstrip(b"=").decode()  # 43 characters
    return SheetLink(name, f"https://bang.camgiang.gov.vn/n/{token}", EXPIRES)


LINKS = [link(name) for name in NAMES]


def sheet_bytes(links: list[SheetLink] = LINKS) -> bytes:
    return link_sheet_pdf(links, commune=COMMUNE, period_label=PERIOD, issued=ISSUED)


@pytest.fixture(scope="module")
def tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing and os.environ.get("XANH_REQUIRE_OFFICE") == "1":
        pytest.fail(f"XANH_REQUIRE_OFFICE=1 but not on the PATH: {', '.join(missing)} (install poppler-utils and zbar-tools)")
    if missing:
        pytest.skip(f"not on the PATH: {', '.join(missing)} (apt-get install poppler-utils zbar-tools)")


@pytest.fixture(scope="module")
def sheet(tools, tmp_path_factory) -> tuple[Path, list[Path]]:
    """The 17 links' sheet as a file, and its pages rendered by pdftoppm."""
    folder = tmp_path_factory.mktemp("sheet")
    pdf = folder / "lien-ket.pdf"
    pdf.write_bytes(sheet_bytes())
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", pdf, folder / "page"], check=True, capture_output=True, timeout=120)
    return pdf, sorted(folder.glob("page-*.png"))


def words(pdf: Path) -> list[list[Word]]:
    """Each page's words as pdftotext finds them."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True, text=True, timeout=60).stdout
    return [
        [(float(x0), float(y0), float(x1), float(y1), html.unescape(text)) for x0, y0, x1, y1, text in WORD.findall(page)]
        for page in out.split("<page ")[1:]
    ]


def box(slot: int) -> tuple[float, float, float, float]:
    """A cell as x0, y0, x1, y1 in points, y from the top, like pdftotext's boxes."""
    x, y = cell_origin(slot)
    return x, PAGE_H - y - CELL_H, x + CELL_W, PAGE_H - y


def inside(word: Word, area: tuple[float, float, float, float]) -> bool:
    return area[0] <= word[0] and area[1] <= word[1] and word[2] <= area[2] and word[3] <= area[3]


def cell_text(page: list[Word], slot: int) -> str:
    """The words inside a cell, line by line, without spaces (a long word may be broken across lines)."""
    return "".join(word[4] for word in sorted((w for w in page if inside(w, box(slot))), key=lambda w: (w[1], w[0])))


def bare(text: str) -> str:
    return "".join(text.split())


def ink(page: Image.Image, area: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """The box around the dark pixels of an area of a page, in the page's pixels."""
    found = page.crop(area).point(lambda v: 255 if v < 128 else 0).getbbox()
    return found and (found[0] + area[0], found[1] + area[1], found[2] + area[0], found[3] + area[1])


def zbar(image: Path) -> list[str]:
    return subprocess.run(["zbarimg", "--raw", "-q", image], capture_output=True, text=True, timeout=60).stdout.split()


def test_every_code_scans_back_to_its_link_in_order(sheet, tmp_path):
    _, pages = sheet
    assert len(pages) == 3  # 8 + 8 + 1
    assert box(0)[1] == box(1)[1] < box(2)[1] and box(0)[0] == box(2)[0] < box(1)[0]  # cells read left to right, then down
    for number, page in enumerate(pages):
        assert sorted(zbar(page)) == sorted(link.url for link in LINKS[number * PER_PAGE : (number + 1) * PER_PAGE])
    scanned = []
    for index in range(len(LINKS)):
        number, slot = divmod(index, PER_PAGE)
        crop = tmp_path / f"cell-{index}.png"
        Image.open(pages[number]).crop(tuple(round(v * DPI / 72) for v in box(slot))).save(crop)
        scanned += zbar(crop)
    assert scanned == [link.url for link in LINKS]


def test_each_code_is_at_least_4_cm_with_its_quiet_zone_clear(sheet):
    page = Image.open(sheet[1][0]).convert("L")
    for slot, sheet_link in enumerate(LINKS[:PER_PAGE]):
        x0, y0, x1, y1 = (round(v * DPI / 72) for v in box(slot))
        code = ink(page, (x0 + 10, y0 + 10, (x0 + x1) // 2, y1 - 10))  # the cell's left half holds the code only
        quiet = 4 * (code[2] - code[0]) / segno.make(sheet_link.url, error="q", micro=False).symbol_size(border=0)[0]
        ring = tuple(round(v) for v in (code[0] - quiet, code[1] - quiet, code[2] + quiet, code[3] + quiet))
        assert (ring[2] - ring[0]) / DPI * 25.4 >= 40
        assert ink(page, ring) == code  # nothing else in the quiet zone


def test_every_cell_reads_its_name_period_and_expiry_and_every_page_its_header(sheet):
    pages = words(sheet[0])
    for index, sheet_link in enumerate(LINKS):
        number, slot = divmod(index, PER_PAGE)
        text = cell_text(pages[number], slot)
        assert text == bare(f"{sheet_link.name} Kỳ {PERIOD} Hạn dùng: 30/06/2026 {INSTRUCTION}"), index  # HOSTILE as typed
    assert "(phunu.camgiang@gmail.com)" in {word[4] for word in pages[0]}  # shrunk to stay whole, not broken
    for number, page in enumerate(pages, start=1):
        header = " ".join(word[4] for word in page if word[3] <= PAGE_H - cell_origin(0)[1] - CELL_H)
        assert header.startswith(f"Liên kết báo cáo số liệu kỳ {PERIOD} Xã Cẩm Giàng · Ngày cấp: 01/06/2026 Cắt theo")
        assert header.endswith(f"Trang {number}/3")


def test_every_word_stays_in_its_cell_or_the_header_inside_the_margins(sheet):
    pages = words(sheet[0])
    grid_top = PAGE_H - cell_origin(0)[1] - CELL_H
    for number, page in enumerate(pages):
        cells = [box(slot) for slot in range(min(PER_PAGE, len(LINKS) - number * PER_PAGE))]
        for word in page:
            assert inside(word, (MARGIN, MARGIN, PAGE_W - MARGIN, PAGE_H - MARGIN)), word
            assert word[3] <= grid_top or sum(inside(word, cell) for cell in cells) == 1, word


def test_a_name_too_long_for_its_cell_is_cut_with_an_ellipsis_inside_it(tools, tmp_path):
    name = "Thôn " + "Rất Dài " * 125  # 1,005 characters
    pdf = tmp_path / "dai.pdf"
    pdf.write_bytes(sheet_bytes([link(name)]))
    text = cell_text(words(pdf)[0], 0)
    shown = text[: text.index("…")]
    assert len(shown) > 200 and bare(name).startswith(shown)
    assert text.endswith(bare(f"Kỳ {PERIOD} Hạn dùng: 30/06/2026 {INSTRUCTION}"))


def test_the_same_links_give_the_same_bytes_in_another_process():
    script = "import sys; from tests.test_link_sheet import sheet_bytes; sys.stdout.buffer.write(sheet_bytes())"
    other = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[1], check=True, capture_output=True)
    assert other.stdout == sheet_bytes() == sheet_bytes()
    assert f"/CreationDate (D:{dt.date.today():%Y%m%d}".encode() not in other.stdout  # no clock in the file


def test_no_links_make_no_sheet():
    with pytest.raises(ValueError):
        sheet_bytes([])


def test_zalo_text_is_one_paragraph_per_link():
    links = [
        link("Thôn Lương Xá"),
        SheetLink(unicodedata.normalize("NFD", "Hội Nông\ndân "), "https://x.vn/n/b", dt.date(2026, 7, 5)),
    ]
    assert zalo_text(links, commune=COMMUNE, period_label=PERIOD) == (
        "Thôn Lương Xá (xã Cẩm Giàng)\n"
        "Liên kết nhập số liệu kỳ 6 tháng 2026:\n"
        f"{links[0].url}\n"
        "Hạn dùng: 30/06/2026\n"
        "\n"
        "Hội Nông dân (xã Cẩm Giàng)\n"
        "Liên kết nhập số liệu kỳ 6 tháng 2026:\n"
        "https://x.vn/n/b\n"
        "Hạn dùng: 05/07/2026"
    )
