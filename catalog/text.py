"""Tolerant matching of Vietnamese text written by hand in spreadsheets.

Officials type headers, village names and enumeration values in many ways:
upper or lower case, NFC or NFD, old or new tone-mark placement (hoá/hóa),
i/y spellings (tỉ lệ/tỷ lệ), line breaks inside a cell, a unit in trailing
parentheses. Everything here folds those differences away so that two
spellings of the same words compare equal.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_TRAILING_PARENS = re.compile(r"\s*\([^()]*\)\s*$")
_PUNCT = re.compile(r"[^\w%/]+")


def clean(text: object) -> str:
    """NFC text with runs of whitespace (line breaks included) made one space."""
    if text is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


@functools.lru_cache(maxsize=65536)
def fold(text: object) -> str:
    """Lower-case ASCII skeleton: no diacritics, đ→d, y→i, punctuation as spaces.

    Removing every tone mark makes both tone placements (hoá/hóa) equal, and
    y→i makes the i/y spellings (tỉ/tỷ, quí/quý) equal. Cached: the same
    headers and names recur in every file.
    """
    text = unicodedata.normalize("NFD", clean(text).lower().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("y", "i")
    return _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip()


def strip_trailing_parens(text: str) -> str:
    """'Tổng số hộ (hộ)' -> 'Tổng số hộ'; text without them is returned as is."""
    return _TRAILING_PARENS.sub("", clean(text)).strip()


def header_keys(text: object) -> set[str]:
    """Folded forms under which a header cell or a catalog header may match.

    Both the whole text and the text without a trailing parenthesis are
    keys, so 'Tổng số hộ (hộ)' meets 'Tổng số hộ' and 'Thuộc (xã cũ)' meets
    'Thuộc xã cũ' or 'Thuộc'.
    """
    whole = clean(text)
    keys = {fold(whole), fold(strip_trailing_parens(whole))}
    keys.discard("")
    return keys


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook above, dot below


def spelling(text: object) -> str:
    """Lower-case text whose words carry their tone mark at the end, so the
    old and new tone-mark placements (Hoà/Hòa, Thuỷ/Thủy) compare equal while
    every other letter and mark still counts (Cẩm Giàng is not Cẩm Giang)."""
    words = []
    for word in unicodedata.normalize("NFD", clean(text).lower()).split(" "):
        words.append("".join(c for c in word if c not in _TONE_MARKS) + "".join(c for c in word if c in _TONE_MARKS))
    return " ".join(words)
