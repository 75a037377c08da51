"""What commands print: records of a frame, JSON-safe."""

from __future__ import annotations

import json
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


def listing(rows: list[dict], as_json: bool, line) -> None:
    """Rows as JSON (a list of objects), or one line of text each."""
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    for row in rows:
        print(line(row))
