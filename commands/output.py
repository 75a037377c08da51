"""What commands print: records of a frame, JSON-safe (services/plain.py)."""

from __future__ import annotations

import json

from services.plain import records

__all__ = ["listing", "records"]


def listing(rows: list[dict], as_json: bool, line) -> None:
    """Rows as JSON (a list of objects), or one line of text each."""
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    for row in rows:
        print(line(row))
