"""The periodic report for the Báo cáo page and `cli.py report`: its content
built once from a store snapshot (reports.content), then written as Word
or Excel. The report covers the whole commune, whatever a page filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from catalog import load_catalog
from catalog.periods import today
from charts import period_label
from reports.content import Inputs, build
from reports.model import Report
from services import dashboard
from store import Store

WRITERS = ("docx", "xlsx")  # the formats a report is written in


class ReportError(Exception):
    """The report cannot be made; the message is Vietnamese."""


def content(
    snap: dashboard.Snapshot,
    period: str,
    issued: dt.date | None = None,
    charts: bool = True,
    rows: pd.DataFrame | None = None,
    tasks: pd.DataFrame | None = None,
) -> Report:
    """The report as of `period`, dated `issued` (default today). `rows` and
    `tasks`, the snapshot's indicator rows over every village and its task
    rows as of `period`, are computed unless a caller has them already."""
    if period not in snap.periods:
        raise ReportError(f"Chưa có số liệu kỳ {period_label(period)}, chưa thể lập báo cáo.")
    rows = dashboard.indicator_rows(snap) if rows is None else rows
    reported, _, missing = dashboard.reporting(snap, period)
    data = Inputs(
        period=period,
        rows=rows,
        tasks=dashboard.task_rows(snap, period, rows) if tasks is None else tasks,
        values=snap.values,
        villages=snap.village_names(),
        reported=reported,
        missing=missing,
        issued=issued or today(),
        program=snap.program,
        places=snap.places,
    )
    return build(data, load_catalog(), charts=charts)


def render(
    snap: dashboard.Snapshot,
    period: str,
    fmt: str,
    issued: dt.date | None = None,
    rows: pd.DataFrame | None = None,
    tasks: pd.DataFrame | None = None,
) -> bytes:
    """The report file's bytes, `fmt` 'docx' or 'xlsx' (the workbook holds
    the tables only, so its charts are never drawn); `rows` and `tasks` as
    for content."""
    if fmt not in WRITERS:
        raise ReportError(f"Không lập được báo cáo dạng .{fmt}; chỉ có .docx và .xlsx.")
    return _written(fmt, content(snap, period, issued, fmt == "docx", rows, tasks))


def _written(fmt: str, report: Report) -> bytes:
    """The report as a file. Each writer is imported here, when a report is
    made: python-docx and openpyxl would otherwise sit in every dashboard
    process (a process serving a city under 300 MB) for a button few press."""
    if fmt == "docx":
        from reports.word import to_docx

        return to_docx(report)
    from reports.excel import to_xlsx

    return to_xlsx(report)


def write(store: Store, period: str, out: Path, issued: dt.date | None = None) -> Path:
    """The report of `store` as of `period` into `out` (.docx or .xlsx)."""
    data = render(dashboard.snapshot(store), period, out.suffix.lower().lstrip("."), issued)
    out.write_bytes(data)
    return out
