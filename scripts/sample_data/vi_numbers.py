"""Numbers as Vietnamese text: written in cells and CSV ('1.234', '0,70'),
in task results ('1.630/2.390', '41,3'), in the indicators' lines, and
read back by the check."""

from __future__ import annotations


def vi_number(value: float, digits: int = 2) -> str:
    """Vietnamese text number: '1.234' for a whole number, '0,70' for a decimal."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    whole, frac = f"{value:,.{digits}f}".split(".")
    return whole.replace(",", ".") + "," + frac


def ratio_text(num: float, den: float) -> str:
    """'1.630/2.390' for whole numbers, '231,9/1.360,2' otherwise."""

    def one(x: float) -> str:
        return vi_number(int(x)) if float(x).is_integer() else vi_number(x, 1)

    return f"{one(num)}/{one(den)}"


def pct(num: float, den: float) -> str:
    """'41,3' the way a Vietnamese report writes a percent."""
    return vi_number(round(100 * num / den, 1), 1) if den else "0"


def number_text(x: float) -> str:
    """A sum as a Vietnamese number without trailing zeros: '1.234', '145,1'."""
    x = round(x, 2)
    return vi_number(int(x)) if float(x).is_integer() else vi_number(x).rstrip("0")


def parse_vi_number(text: str) -> float:
    """'1.234' -> 1234, '1.234,5' -> 1234.5, '0,70' -> 0.7 (check side only)."""
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    parts = text.split(".")
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        return float("".join(parts))
    return float(text)
