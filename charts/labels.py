"""Words and numbers as charts and tables show them, in the reading
language: statuses, task states and flags, gaps, periods, values."""

from __future__ import annotations

import pandas as pd

from catalog import load_catalog
from catalog.models import Indicator
from catalog.periods import period_label
from i18n import Words, fmt_number, fmt_percent
from i18n.strings import STRINGS, t
from metrics.tasks import EXTRA_STATUSES

__all__ = [
    "axis_label",
    "chart_words",
    "gap_text",
    "period_label",
    "status_label",
    "task_flags",
    "task_status_label",
    "value_text",
]


def status_label(status: str | None, lang: str = "vi") -> str:
    return t(f"status_{status if isinstance(status, str) and status else 'none'}", lang)  # None, NaN and "" alike


def task_status_label(status: str | None, lang: str = "vi") -> str:
    """A task's display status (metrics.tasks) in words."""
    if status in EXTRA_STATUSES:
        return t(f"task_{status}", lang)
    return load_catalog().enum_label("task_status", status or "", lang) if status else "—"


def task_flags(late: bool, stale: bool, lang: str = "vi") -> str:
    """A task's late and stale flags in words ('' when neither)."""
    return "; ".join(t(key, lang) for key, on in (("flag_late", late), ("flag_stale", stale)) if on)


def gap_text(ind: Indicator, gap: float | None, lang: str = "vi") -> str | None:
    """'còn 312 hộ chưa ký cam kết', from the catalog's sentence for the
    indicator; None without a sentence or a gap."""
    template = ind.gap_vi if lang == "vi" else ind.gap_en
    if not template or gap is None or pd.isna(gap):
        return None
    return Words(lang).format(template, gap=fmt_number(gap, lang), n=gap)


def axis_label(code: str, lang: str = "vi") -> str:
    """A short period label for a crowded time axis: '6T/2026' or 'H1/2026'."""
    return (f"6T/{code[:4]}" if lang == "vi" else f"H1/{code[:4]}") if code.endswith("-H1") else code


def value_text(value: float | None, is_percent: bool, lang: str = "vi") -> str:
    return fmt_percent(value, lang) if is_percent else fmt_number(value, lang)


def chart_words(lang: str) -> dict[str, str]:
    """The chart vocabulary in `lang`, from i18n.strings (keys chart_*)."""
    return {key[len("chart_") :]: t(key, lang) for key in STRINGS if key.startswith("chart_")}
