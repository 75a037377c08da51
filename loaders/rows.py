"""Rows around and inside a table that are not data.

Official forms carry a column-number row "(1) (2) (3)", "Tổng cộng" total
rows and a signature footer ("NGƯỜI LẬP BIỂU", "TM. UBND", a name under
it). Reading them as data would invent villages and double the sums, so
they are recognised here (DOMAIN.md, "Around the table").
"""

from __future__ import annotations

import re

from loaders.cells import cell_text, folded, is_blank

TOTAL_WORDS = frozenset(
    {
        "tong cong",
        "tong",
        "cong",
        "toan xa",
        "tong toan xa",
        "cong toan xa",
        "tong cong toan xa",
        "tong so",
        "total",
    }
)
FOOTER_START = re.compile(
    r"^(?:nguoi (?:lap|bao cao|tong hop|ki)|tm |t m |kt |truong (?:thon|ban|khu)|chu tich|pho chu tich|"
    r"thu truong|xac nhan|can bo|ke toan|noi nhan|giam doc|bi thu|ghi chu|luu i)"
)
DATE_LINE = re.compile(r"\bngai\b.*\bthang\b.*\bnam\b")
_PAREN_NUMBER = re.compile(r"^\([0-9A-Za-z]{1,3}\)$")
_PLAIN_NUMBER = re.compile(r"^\d{1,3}$")


def first_text(row: list[object]) -> str:
    """The folded text of the row's first non-blank cell ('' if it is a number)."""
    for value in row:
        if not is_blank(value):
            return folded(value.strip()) if isinstance(value, str) else ""
    return ""


def is_blank_row(row: list[object]) -> bool:
    return all(is_blank(v) for v in row)


def is_date_line(text: str) -> bool:
    """'Cẩm Giàng, ngày 20 tháng 12 năm 2025', folded."""
    return bool(DATE_LINE.search(text))


def is_footer(row: list[object]) -> bool:
    """A signature or date line that ends the table."""
    text = first_text(row)
    return bool(text) and (bool(FOOTER_START.match(text + " ")) or is_date_line(text))


def is_total(row: list[object]) -> bool:
    return first_text(row) in TOTAL_WORDS


def is_numbering(row: list[object]) -> bool:
    """A column-number row: '(1) (2) (3)', or 1 2 3 ... counting up."""
    texts = []
    for value in row:
        if not is_blank(value):
            text = cell_text(value)
            if not (_PAREN_NUMBER.match(text) or _PLAIN_NUMBER.match(text)):
                return False
            texts.append(text)
    if len(texts) >= 2 and all(t.startswith("(") for t in texts):
        return True
    if len(texts) < 3 or any(t.startswith("(") for t in texts):
        return False
    numbers = [int(t) for t in texts]
    return all(b - a == 1 for a, b in zip(numbers, numbers[1:]))
