"""Reporting periods: '2026' (annual, as of 14/12) and '2026-H1' (half-year,
as of 14/06), as Decree 09/2019/NĐ-CP sets them.

Parsing accepts the ways officials write a period in a cell or a title
('Năm 2026', '6 tháng đầu năm 2026', '2026-H1') and refuses date lines
('ngày 20 tháng 12 năm 2025'), which are not periods.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from catalog.text import fold

_CODE = re.compile(r"^(\d{4})(-H1)?$")
_YEAR = r"(20\d{2}|19\d{2})"
# Folded text (no diacritics, lower case): "6 thang dau nam 2026".
_HALF = re.compile(r"(?:6|sau) thang (?:dau )?(?:nam )?" + _YEAR + r"\b")
_HALF_CODE = re.compile(r"\b" + _YEAR + r"\s*h1\b")
_DATE_LINE = re.compile(r"\bngai \d{1,2} thang \d{1,2} nam " + _YEAR)
_NAM_YEAR = re.compile(r"\bnam " + _YEAR + r"\b")
_BARE_YEAR = re.compile(r"^" + _YEAR + r"$")


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period; orders by time (2026-H1 before 2026)."""

    time: float
    code: str

    @property
    def year(self) -> int:
        return int(self.code[:4])

    @property
    def is_half(self) -> bool:
        return self.code.endswith("-H1")


def period(code: str) -> Period:
    """The Period of a code; ValueError for anything but 'YYYY' or 'YYYY-H1'."""
    match = _CODE.match(str(code).strip())
    if not match:
        raise ValueError(f"not a period code: {code!r}")
    year = int(match.group(1))
    return Period(year - 0.5 if match.group(2) else float(year), match.group(0))


def is_code(code: object) -> bool:
    return isinstance(code, str) and bool(_CODE.match(code.strip()))


def time_of(code: str) -> float:
    """Position on the time axis: annual Y = Y, half-year Y-H1 = Y - 0.5."""
    return period(code).time


def sort_codes(codes) -> list[str]:
    return sorted(set(codes), key=time_of)


def period_label(code: str, lang: str = "vi") -> str:
    """'2026-H1' -> '6 tháng 2026' (vi) or 'H1 2026' (en); '2026' stays: how
    every page, message and report names a period."""
    if code.endswith("-H1"):
        return f"6 tháng {code[:4]}" if lang == "vi" else f"H1 {code[:4]}"
    return code


def period_title(code: str, upper: bool = True) -> str:
    """'NĂM 2025' or '6 THÁNG ĐẦU NĂM 2026' as report titles write a period
    (parse_period reads it back)."""
    text = f"6 tháng đầu năm {code[:4]}" if code.endswith("-H1") else f"năm {code}"
    return text.upper() if upper else text[0].upper() + text[1:]


def parse_period(value: object) -> str | None:
    """The period code a cell or title text names, or None.

    Numbers are years ('2026' or 2026.0). A date line is not a period.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        year = int(value)
        return str(year) if year == value and 1900 <= year <= 2099 else None
    text = fold(value)
    if _DATE_LINE.search(text):
        text = _DATE_LINE.sub(" ", text)
    for pattern, half in ((_HALF, True), (_HALF_CODE, True), (_NAM_YEAR, False), (_BARE_YEAR, False)):
        found = pattern.search(text)
        if found:
            return f"{found.group(1)}-H1" if half else found.group(1)
    return None


def as_of(code: str, half_as_of: str = "06-14", year_as_of: str = "12-14") -> dt.date:
    """The date a period's figures stand at (month-day strings from the catalog)."""
    p = period(code)
    month, day = (half_as_of if p.is_half else year_as_of).split("-")
    return dt.date(p.year, int(month), int(day))


def due_date(code: str, half_due: str = "06-20", year_due: str = "12-20") -> dt.date:
    """The last day a period's report may arrive on time (month-day strings
    from the catalog's `due`); the same day arithmetic as as_of."""
    return as_of(code, half_due, year_due)


# Due dates are days in Vietnam; the store keeps UTC. Vietnam has kept UTC+7
# without daylight saving since 1975, so a fixed offset is exact and needs
# no time-zone database (which Windows lacks).
VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")


def today() -> dt.date:
    """Today in Vietnam, whatever the server's zone."""
    return dt.datetime.now(VIETNAM_TIME).date()
