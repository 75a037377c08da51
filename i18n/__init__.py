"""Numbers and dates as a Vietnamese (or English) reader expects them.

vi-VN: 1.234,5 and 45,2%; en: 1,234.5 and 45.2%. The separators come from
Babel's locale data (CLDR); the digits from Python's own formatting, which
is fast enough to label every cell of a city-wide heatmap.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import string

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


def in_vietnam(moment: dt.datetime) -> dt.datetime:
    """A moment as a clock in Vietnam shows it: the store keeps UTC (naive
    from SQLite, aware from PostgreSQL), whatever the server's zone."""
    from catalog.periods import VIETNAM_TIME

    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(VIETNAM_TIME)


def fmt_date(value: dt.date | dt.datetime | None, lang: str = "vi") -> str:
    """A day; a moment's day in Vietnam."""
    if value is None or value != value:  # None, NaT
        return MISSING
    day = in_vietnam(value) if isinstance(value, dt.datetime) else value
    return day.strftime("%d/%m/%Y" if lang == "vi" else "%Y-%m-%d")


def fmt_time(value: dt.datetime | None, lang: str = "vi") -> str:
    """A moment in Vietnam, to the minute."""
    if value is None or value != value:
        return ""
    return in_vietnam(value).strftime("%d/%m/%Y %H:%M" if lang == "vi" else "%Y-%m-%d %H:%M")


def plural(count: float, forms: list[str], lang: str = "vi") -> str:
    """The form of a word for `count` by the language's CLDR plural rules
    (Babel): forms in the order one|other ("cluster|clusters"); Vietnamese
    has one form, so its strings never need this. A whole float counts as
    an integer: 1.0 clusters reads "1 cluster"."""
    if isinstance(count, float) and math.isnan(count):
        return forms[-1]
    number = int(count) if isinstance(count, float) and count.is_integer() else count
    category = Locale.parse(LOCALES[lang]).plural_form(abs(number))
    return forms[0] if category == "one" and len(forms) > 1 else forms[-1]


class Words(string.Formatter):
    """str.format with plural forms: '{n} {n:plural:village|villages}'
    reads '1 village' or '2 villages'."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec.startswith("plural:"):
            return plural(_count(value), format_spec.removeprefix("plural:").split("|"), self.lang)
        return super().format_field(value, format_spec)


def _count(value: object) -> float:
    """A count given as a number or as English text ('2,109'): plurals are
    English only, so its group separator is the one to drop."""
    try:
        return float(str(value).replace(",", "").replace("\u00a0", "").strip())
    except ValueError:
        return math.nan  # no count to read: the 'other' form
