"""Numbers and dates as a Vietnamese (or English) reader expects them.

vi-VN: 1.234,5 and 45,2%; en: 1,234.5 and 45.2%. Babel does the locale
work; this module only fixes the house style (decimals, None shown as '—').
"""

from __future__ import annotations

import datetime as dt
import math

from babel.numbers import format_decimal

LOCALES = {"vi": "vi_VN", "en": "en_US"}
MISSING = "—"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | int | None, lang: str = "vi", decimals: int | None = None) -> str:
    """1234.5 -> '1.234,5'. decimals=None keeps up to 2 significant decimals."""
    if _missing(value):
        return MISSING
    pattern = "#,##0" if decimals == 0 else ("#,##0." + "0" * decimals if decimals else "#,##0.##")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def fmt_percent(value: float | None, lang: str = "vi", decimals: int = 1) -> str:
    """45.2 (already ×100) -> '45,2%'."""
    if _missing(value):
        return MISSING
    return fmt_number(value, lang, decimals) + "%"


def fmt_date(value: dt.date | dt.datetime | None, lang: str = "vi") -> str:
    if value is None:
        return MISSING
    return value.strftime("%d/%m/%Y" if lang == "vi" else "%Y-%m-%d")
