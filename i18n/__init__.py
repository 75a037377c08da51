"""Numbers and dates as a Vietnamese (or English) reader expects them.

vi-VN: 1.234,5 and 45,2%; en: 1,234.5 and 45.2%. The separators come from
Babel's locale data (CLDR); the digits from Python's own formatting, which
is fast enough to label every cell of a city-wide heatmap.
"""

from __future__ import annotations

import datetime as dt
import functools
import math

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

LOCALES = {"vi": "vi_VN", "en": "en_US"}
MISSING = "—"


@functools.cache
def _separators(lang: str) -> dict[int, str]:
    """str.translate table: Python's ',' and '.' -> the locale's group and decimal symbols."""
    locale = Locale.parse(LOCALES[lang])
    return {ord(","): get_group_symbol(locale), ord("."): get_decimal_symbol(locale)}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | int | None, lang: str = "vi", decimals: int | None = None) -> str:
    """1234.5 -> '1.234,5'. decimals=None shows up to 2 decimals, without trailing zeros."""
    if _missing(value):
        return MISSING
    text = f"{value:,.{2 if decimals is None else decimals}f}"
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")  # no '-0'
    return text.translate(_separators(lang))


def fmt_percent(value: float | None, lang: str = "vi", decimals: int = 1) -> str:
    """45.2 (already ×100) -> '45,2%'."""
    if _missing(value):
        return MISSING
    return fmt_number(value, lang, decimals) + "%"


def fmt_date(value: dt.date | dt.datetime | None, lang: str = "vi") -> str:
    if value is None:
        return MISSING
    return value.strftime("%d/%m/%Y" if lang == "vi" else "%Y-%m-%d")
