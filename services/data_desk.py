"""What the Dữ liệu page shows, as plain values and frames: the dry run and
the import of an upload, its problems and the cells to mark in a view of the
sheet, the history of submissions, and who reported on time.

No streamlit here: the page lays these out. An upload's bytes go only to
the loaders (never executed, unpickled or written anywhere but the store).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

from catalog import load_catalog
from catalog.periods import VIETNAM_TIME, due_date, is_code, sort_codes
from loaders import read_grids_isolated, sandbox
from loaders.cells import Sheet, cell_text
from loaders.problems import Problem, problem
from metrics.completeness import completeness, punctuality
from metrics.indicators import VILLAGE_FORM
from services.accounts import Editor
from services.communes import check_editor
from services.ingest import FileReport, ingest_file, validate_file
from services.results import refresh
from store import RevertResult, Store, autobackup

UPLOAD_TYPES = ("xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "txt", "tsv")
LIMIT_ENV = "XANH_MAX_UPLOAD_MB"
DEFAULT_LIMIT_MB = 20
VIEW_ROWS = 60  # rows of a sheet drawn around its problems
VIEW_COLUMNS = 52  # A..AZ: forms are far narrower; a wider sheet is cut
HEAD_ROWS = 5  # title and header rows kept above the problem rows
CONTEXT = 2  # rows kept on each side of a problem row
PERIOD_YEARS = 3  # the period chooser offers this many years before this one


def upload_limit_mb(server_limit_mb: int | None, environ: Mapping[str, str] = os.environ) -> int:
    """The upload limit in MB: XANH_MAX_UPLOAD_MB (default 20), never above
    Streamlit's server.maxUploadSize, which refuses a bigger upload before
    the page can say why in Vietnamese."""
    try:
        wanted = int(environ.get(LIMIT_ENV, DEFAULT_LIMIT_MB))
    except ValueError:
        wanted = DEFAULT_LIMIT_MB
    wanted = wanted if wanted > 0 else DEFAULT_LIMIT_MB
    return min(wanted, server_limit_mb) if server_limit_mb else wanted


def warm_up() -> None:
    """Start the file readers in the background while an editor is on the page."""
    sandbox.shared().warm()


def process_upload(
    store: Store, data: bytes, name: str, period: str | None, limit_mb: int, editor: Editor | None = None
) -> FileReport:
    """The dry run of one uploaded file (editor None: writes nothing), or its
    import recorded as the signed-in editor, who must be allowed to write
    the store's commune (NotAllowed). Only spreadsheet types reach the
    loaders, whatever the browser let through. The chosen `period` is used
    only for a file that names none, so one choice serves a batch whose
    other files carry their own periods."""
    if editor is not None:
        check_editor(store, editor)
    if PurePath(name).suffix.lower().lstrip(".") not in UPLOAD_TYPES:
        return FileReport(file=name, problems=[problem("file_unsupported", name=name)])
    limit = limit_mb * 1024 * 1024
    report = validate_file(store, data, name, None, max_bytes=limit)
    used = period if period and any(p.code == "period_unknown" for p in report.problems) else None
    if used:
        report = validate_file(store, data, name, used, max_bytes=limit)
    if editor is None:
        return report
    imported = ingest_file(store, data, name, used, user=editor.name, max_bytes=limit)
    if imported.submission_id:
        refresh(store)  # the commune's figures on the city page, as a revert does
    return imported


def revert(store: Store, editor: Editor, submission_id: int) -> RevertResult:
    """Revert a submission of the store's commune, as an editor allowed to write it."""
    check_editor(store, editor)
    result = store.revert(submission_id, editor.name)
    refresh(store)
    return result


def set_lock(store: Store, editor: Editor, period: str, locked: bool) -> bool:
    """Lock (or unlock) a period of the store's commune, as an editor allowed to write it."""
    check_editor(store, editor)
    return (store.lock if locked else store.unlock)(period, editor.name)


def locked_only(store: Store, report: FileReport) -> list[str]:
    """The locked periods of a file refused for nothing else (the file is
    fine; the official needs the period unlocked, not the file fixed)."""
    errors = [p for p in report.problems if p.severity == "error"]
    if not errors or any(p.code != "period_locked" for p in errors):
        return []
    return sorted(set(report.periods) & set(store.locked_periods()))


def period_choices(stored: list[str], today: dt.date) -> list[str]:
    """Periods an uploader may choose for a file that names none, newest
    first: every half-year and year from the oldest stored one (or a few
    years back) to this year."""
    first = min([int(p[:4]) for p in stored if is_code(p)] + [today.year - PERIOD_YEARS])
    codes = [code for year in range(first, today.year + 1) for code in (f"{year}-H1", str(year))]
    return list(reversed(sort_codes(codes)))


def village_codes(report: FileReport) -> list[str]:
    """The villages a file reports on, in the file's order."""
    if report.values is None or report.values.empty:
        return []
    return list(dict.fromkeys(report.values["village"].dropna()))


def problem_table(problems: list[Problem], lang: str) -> pd.DataFrame:
    """One row per problem, located as Excel shows it; text cells, so that a
    problem of the whole file shows blanks rather than 'None'."""
    return pd.DataFrame(
        {
            "severity": [p.severity for p in problems],
            "sheet": [p.sheet or "" for p in problems],
            "row": [str(p.row) if p.row is not None else "" for p in problems],
            "column": [p.column or "" for p in problems],
            "message": [p.message if lang == "vi" else p.message_en for p in problems],
        }
    )


@dataclass(frozen=True)
class SheetView:
    """Part of one sheet as Excel shows it, with the cells to mark."""

    name: str | None  # None for a CSV file
    cells: pd.DataFrame  # text; index: Excel row numbers, columns: letters
    marks: dict[tuple[int, str], str]  # (row, column letter) -> severity
    rows_total: int


def sheet_views(data: bytes, name: str, problems: list[Problem], limit_mb: int) -> list[SheetView]:
    """Each sheet that has problems located in it, cut to the rows around
    them, with the offending cells (a whole row for a problem of a row)."""
    located = [p for p in problems if p.row is not None or p.column]
    if not located:
        return []
    views = []
    for sheet in read_grids_isolated(data, name, limit_mb * 1024 * 1024):
        mine = [p for p in located if p.sheet == sheet.name]
        if mine:
            views.append(_view(sheet, mine))
    return views


def _view(sheet: Sheet, problems: list[Problem]) -> SheetView:
    width = min(max((len(r) for r in sheet.rows), default=0), VIEW_COLUMNS)
    letters = [sheet.excel_col(c) for c in range(width)]
    numbers = [sheet.excel_row(r) for r in range(len(sheet.rows))]
    shown = _rows_to_show(numbers, {p.row for p in problems if p.row is not None})
    first = numbers[0] if numbers else 1
    cells = pd.DataFrame(
        [[cell_text(sheet.cell(n - first, c)) for c in range(width)] for n in shown], index=shown, columns=letters
    )
    marks: dict[tuple[int, str], str] = {}
    for p in sorted(problems, key=lambda p: p.severity == "error"):  # an error wins a cell over a warning
        for row in [p.row] if p.row is not None else shown:
            for column in [p.column] if p.column else letters:
                marks[(row, column)] = p.severity
    return SheetView(sheet.name, cells, marks, len(numbers))


def _rows_to_show(numbers: list[int], problem_rows: set[int]) -> list[int]:
    """All rows of a short sheet; of a long one, the first few (title and
    headers) and those around a problem, at most VIEW_ROWS."""
    if len(numbers) <= VIEW_ROWS:
        return numbers
    near = {r + d for r in problem_rows for d in range(-CONTEXT, CONTEXT + 1)}
    return [n for i, n in enumerate(numbers) if i < HEAD_ROWS or n in near][:VIEW_ROWS]


def local_time(value) -> pd.Timestamp:
    """A time of the store (UTC; naive from SQLite) in Vietnam time."""
    return pd.to_datetime(value, utc=True).tz_convert(VIETNAM_TIME)


def history(submissions: pd.DataFrame) -> pd.DataFrame:
    """Every submission, newest first, its times in Vietnam time."""
    frame = submissions.copy()
    for column in ("created_at", "reverted_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True).dt.tz_convert(VIETNAM_TIME)
    return frame


def report_status(store: Store, values: pd.DataFrame, villages: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Village × period of the completeness matrix as rows: village, period,
    status and the day the report first came. Status: on_time, late,
    pending (nothing yet, not due yet) or missing (nothing, and overdue)."""
    commune = load_catalog().commune
    matrix = completeness(values, villages)
    cells = matrix.stack().rename("fields").reset_index()
    timing = punctuality(store.village_reports(VILLAGE_FORM), store.submissions(), commune.half_year.due, commune.year.due)
    cells = cells.merge(timing[["village", "period", "first", "on_time"]], on=["village", "period"], how="left")
    due = cells["period"].map(lambda p: due_date(p, commune.half_year.due, commune.year.due))
    reported = cells["fields"] > 0
    cells["status"] = "missing"
    cells.loc[~reported & (due >= today), "status"] = "pending"
    cells.loc[reported, "status"] = cells.loc[reported, "on_time"].map({True: "on_time"}).fillna("late")
    return cells[["village", "period", "status", "first"]]


def backup_status(store: Store) -> autobackup.Status | None:
    """The store's automatic backups (None: a server's database, or backups off)."""
    return autobackup.status(store.url)
