"""A frame's rows as plain values (what JSON and a CSV writer take): NaN
and NA as None, numpy scalars as Python. The command line prints them
(commands/output.py), the open data API sends them (services/open_data.py)."""

from __future__ import annotations

import math


def clean(value):
    """JSON-safe: NaN/NA -> null, numpy scalars -> Python."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if value != value:  # pandas NA compares unequal to itself
            return None
    except TypeError:
        return None
    return value


def records(frame, columns: list[str] | None = None) -> list[dict]:
    frame = frame[columns] if columns else frame
    return [{k: clean(v) for k, v in row.items()} for row in frame.astype(object).to_dict("records")]
