"""One cell read as the value of one catalog field, or the issue that stops it.

The kinds of catalog/models.py decide the reading: numbers (numeric cells
as they are, text by the Vietnamese rules of numbers.py), enumerations
matched ignoring case, diacritics and spacing, deadlines as ISO dates.
Percent range checks wait until the whole column is known (a column of
0-1 fractions is scaled first), so they are not done here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import NamedTuple

from catalog.models import COORDINATE_RANGES, Catalog, FormField
from loaders.cells import cell_text, folded, is_number, number_param
from loaders.numbers import parse_text_number

_DMY = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_YEAR = re.compile(r"^(?:nam\s+)?((?:19|20)\d{2})$")
_DEGREES = re.compile(r"^[+-]?\d{1,3}(?:\.\d{1,12})?$")
WHOLE_TOLERANCE = 1e-6


class Value(NamedTuple):
    num: float | None = None
    text: str | None = None
    percent_sign: bool = False  # a percent written with '%': never rescaled


class Issue(NamedTuple):
    code: str
    params: dict


def label(field: FormField) -> tuple[str, str]:
    """The field as officials know it, for messages: (Vietnamese, English)."""
    return field.header_vi, field.header_en


class FieldReader:
    """Reads cells for the fields of a catalog; keeps each enumeration's
    lookup table, which would otherwise be rebuilt for every cell."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._enums: dict[str, dict[str, str]] = {}

    def read(self, field: FormField, raw: object) -> Value | Issue:
        """The value a non-blank cell gives `field`."""
        if field.kind in COORDINATE_RANGES:
            return _coordinate(field, raw)
        if field.numeric:
            return _number(field, raw)
        if field.kind == "enum":
            return self._enum(field, raw)
        if field.kind == "deadline":
            return _deadline(field, raw)
        return Value(text=cell_text(raw))

    def _enum(self, field: FormField, raw: object) -> Value | Issue:
        enum = field.enum or ""
        if enum not in self._enums:
            self._enums[enum] = self.catalog.enum_lookup(enum)
        value_id = self._enums[enum].get(folded(cell_text(raw)))
        if value_id is not None:
            return Value(text=value_id)
        values = self.catalog.enums[enum]
        allowed = (", ".join(v.vi for v in values), ", ".join(v.en for v in values))
        return Issue("enum_invalid", {"label": label(field), "value": cell_text(raw), "allowed": allowed})


def _number(field: FormField, raw: object) -> Value | Issue:
    percent_sign = False
    if is_number(raw):
        value = float(raw)
    else:
        parsed = parse_text_number(raw) if isinstance(raw, str) else None
        if parsed is None or (parsed.percent and field.kind != "percent"):
            return Issue("not_a_number", {"label": label(field), "value": cell_text(raw)})
        value, percent_sign = parsed
    if value != value or value in (float("inf"), float("-inf")):
        return Issue("not_a_number", {"label": label(field), "value": cell_text(raw)})
    if field.kind == "percent":
        return Value(num=value, percent_sign=percent_sign)
    if value < 0:
        return Issue("negative", {"label": label(field), "value": number_param(value)})
    if field.kind == "integer":
        if abs(value - round(value)) > WHOLE_TOLERANCE:
            return Issue("not_whole_number", {"label": label(field), "value": number_param(value)})
        value = float(round(value))
    return Value(num=value)


def _coordinate(field: FormField, raw: object) -> Value | Issue:
    """Decimal degrees: a dot or a comma is the decimal mark (21.012 is
    never twenty-one thousand), a degree sign is allowed, either sign."""
    if is_number(raw):
        value = float(raw)
    else:
        text = cell_text(raw).replace(",", ".").removesuffix("°").strip()
        value = float(text) if _DEGREES.match(text) else math.nan
    if not math.isfinite(value):
        return Issue("not_a_number", {"label": label(field), "value": cell_text(raw)})
    if abs(value) > COORDINATE_RANGES[field.kind]:
        limit = number_param(COORDINATE_RANGES[field.kind])
        return Issue("coordinate_invalid", {"label": label(field), "value": number_param(value), "limit": limit})
    return Value(num=value)


def percent_issue(field: FormField, value: float) -> Issue | None:
    """A percent outside 0-100, once the column's scale is settled."""
    if 0 <= value <= 100:
        return None
    return Issue("percent_out_of_range", {"label": label(field), "value": number_param(value)})


def _deadline(field: FormField, raw: object) -> Value | Issue:
    date = _as_date(raw)
    if date is None:
        return Issue("date_invalid", {"label": label(field), "value": cell_text(raw)})
    return Value(text=date.isoformat())


def _as_date(raw: object) -> dt.date | None:
    """A date cell, 'dd/mm/yyyy', 'yyyy-mm-dd', or a year (its last day)."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if is_number(raw):
        year = float(raw)
        return dt.date(int(year), 12, 31) if year.is_integer() and 1900 <= year <= 2099 else None
    if not isinstance(raw, str):
        return None
    text = cell_text(raw)
    year = _YEAR.match(folded(text))
    if year:
        return dt.date(int(year.group(1)), 12, 31)
    found = _DMY.match(text)
    parts = (found.group(3), found.group(2), found.group(1)) if found else None
    found = _ISO.match(text)
    parts = (found.group(1), found.group(2), found.group(3)) if found else parts
    if parts is None:
        return None
    try:
        return dt.date(*(int(p) for p in parts))
    except ValueError:
        return None
