"""Numbers written as text, the Vietnamese way.

Officials type figures into text cells and CSV files with Vietnamese
separators: "1.234" is one thousand two hundred and thirty-four, "1.234,5"
and "12,5" carry a decimal comma. A dot followed by anything but groups of
three digits ("12.5", "0.70") can only be a decimal point. Spaces (also
non-breaking ones) may separate thousands; a percent column may carry "%".
"""

from __future__ import annotations

import re
from typing import NamedTuple

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_DIGITS = re.compile(r"^\d+$")
_DOT_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$")
_COMMA_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+$")
_MINUS = "-\u2212\u2013"


class TextNumber(NamedTuple):
    value: float
    percent: bool  # written with a trailing '%'


def parse_text_number(text: str) -> TextNumber | None:
    """The number a text cell holds, or None when it is not one."""
    body = _SPACES.sub("", text)
    percent = body.endswith("%")
    body = body.rstrip("%")
    sign = 1.0
    if body[:1] in _MINUS:
        sign, body = -1.0, body[1:]
    elif body[:1] == "+":
        body = body[1:]
    value = _unsigned(body)
    return None if value is None else TextNumber(sign * value, percent)


def _unsigned(body: str) -> float | None:
    if not body:
        return None
    if "." in body and "," in body:
        return _both_separators(body)
    if "," in body:
        if body.count(",") > 1:
            return _grouped(body, _COMMA_GROUPED, ",")
        return _decimal(body.replace(",", "."))
    if "." in body:
        if _DOT_GROUPED.match(body):
            return float(body.replace(".", ""))
        return _decimal(body)
    return float(body) if _DIGITS.match(body) else None


def _both_separators(body: str) -> float | None:
    """'1.234,5' (Vietnamese) or '1,234.5' (English): the last one is decimal."""
    decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
    group_sep = "." if decimal_sep == "," else ","
    whole, _, fraction = body.rpartition(decimal_sep)
    grouped = _DOT_GROUPED if group_sep == "." else _COMMA_GROUPED
    if not grouped.match(whole) or not _DIGITS.match(fraction):
        return None
    return float(whole.replace(group_sep, "") + "." + fraction)


def _grouped(body: str, pattern: re.Pattern, sep: str) -> float | None:
    return float(body.replace(sep, "")) if pattern.match(body) else None


def _decimal(body: str) -> float | None:
    whole, _, fraction = body.partition(".")
    if not _DIGITS.match(whole or "0") or not _DIGITS.match(fraction):
        return None
    return float(f"{whole or '0'}.{fraction}")
