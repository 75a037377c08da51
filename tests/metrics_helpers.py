"""Hand-made values frames for the metrics tests, in the loaders' shape
(loaders/result.py VALUE_COLUMNS): numbers go to num, the rest to text."""

from __future__ import annotations

import pandas as pd

from loaders.result import VALUE_COLUMNS, empty_values

VILLAGES = pd.DataFrame(
    {
        "code": ["T01", "T02", "T03", "T04"],
        "name": ["Lương Xá", "Ngọc Trì", "Quý Dương", "Tân Phong"],
        "group": ["Lương Điền", "Lương Điền", "Ngọc Liên", "Cẩm Hưng"],
    }
)


def row(form: str, period: str, entity: str, village: str | None = None, **fields) -> list[dict]:
    """One form row as values: a field given None is left out (blank)."""
    out = []
    for field, value in fields.items():
        if value is None:
            continue
        number = isinstance(value, (int, float))
        out.append(
            {
                "form": form,
                "period": period,
                "entity": entity,
                "village": village,
                "field": field,
                "num": float(value) if number else None,
                "text": None if number else value,
            }
        )
    return out


def report(period: str, village: str, **fields) -> list[dict]:
    """A village's Biểu 01 report."""
    return row("01", period, village, village, **fields)


def frame(*rows: list[dict]) -> pd.DataFrame:
    """A values frame with the loaders' columns and dtypes."""
    records = [r for rs in rows for r in rs]
    if not records:
        return empty_values()
    data = pd.DataFrame(records).reindex(columns=VALUE_COLUMNS)
    return data.astype(empty_values().dtypes.to_dict())
