"""The upload tab of the Dữ liệu page: one or many files, each one's dry run
(verdict, what it holds and would change, every problem located in a view
of its sheet), and the import, offered only when no file has an error."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from catalog import load_catalog
from charts import period_label
from i18n import fmt_number
from loaders.problems import has_errors
from services import data_desk
from services.accounts import Editor
from services.explore import form_label
from services.ingest import FileReport
from store import StoreError
from ui.desk.common import COUNT_LABELS, HISTORY_KEY, offered_periods
from ui.state import View, store
from ui.widgets import plain

PREVIEWS_KEY = "data_previews"  # dry runs of the files on screen, by content
ROUND_KEY = "data_upload_round"  # a new uploader (emptied) after each import
IMPORTED_KEY = "data_imported"
MARK_COLOURS = {"error": "#F8D0D0", "warning": "#FFF0B3"}
PROBLEM_WIDTHS = (70, 140, 60, 60, "large")  # severity, sheet, row, column, message


def upload_tab(view: View, editor: Editor) -> None:
    limit = data_desk.upload_limit_mb(st.get_option("server.maxUploadSize"))
    period = st.selectbox(
        view.t("upload_period"),
        [None, *offered_periods(view)],
        format_func=lambda p: view.t("period_from_file") if p is None else period_label(p, view.lang),
        help=view.t("upload_period_help"),
        key="data_upload_period",
    )
    st.html(uploader_words(view, limit))
    files = st.file_uploader(
        view.t("upload_label"),
        type=list(data_desk.UPLOAD_TYPES),
        accept_multiple_files=True,
        max_upload_size=limit,
        key=f"data_upload_{st.session_state.get(ROUND_KEY, 0)}",
    )
    st.caption(view.t("upload_help", mb=limit))
    imported = st.session_state.get(IMPORTED_KEY)
    if imported and not files:
        import_summary(view, imported)
    if not files:
        return
    uploads = [(f.name, f.getvalue()) for f in files]
    reports = previews(uploads, period, limit)
    for (name, data), report in zip(uploads, reports):
        preview_card(view, name, data, report, limit)
    blocked = any(has_errors(r.problems) for r in reports)
    if blocked:
        st.warning(view.t("commit_blocked"))
    if st.button(view.t("commit", n=len(uploads)), type="primary", disabled=blocked, key="data_commit"):
        try:
            st.session_state[IMPORTED_KEY] = [
                data_desk.process_upload(store(), d, n, period, limit, editor=editor) for n, d in uploads
            ]
        except StoreError as exc:  # the editor's rights changed since the page was drawn
            st.error(str(exc))
            return
        st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
        st.session_state.pop(HISTORY_KEY, None)  # the history then shows the newest submission
        st.rerun()


def uploader_words(view: View, limit: int) -> str:
    """Streamlit's drop zone says "Upload" and "20MB per file" in English:
    its words hidden and the page's own shown in their place (generated
    content is read by screen readers as the button's name too)."""
    zone = '[data-testid="stFileUploaderDropzone"]'
    button, hint = view.t("upload_button"), view.t("upload_hint", mb=limit)
    return (
        f"<style>{zone} button [data-testid=stMarkdownContainer] p{{display:none}}"
        f'{zone} button [data-testid=stMarkdownContainer]::after{{content:"{button}"}}'
        f"[data-testid=stFileUploaderDropzoneInstructions] span{{display:none}}"
        f'[data-testid=stFileUploaderDropzoneInstructions] div::after{{content:"{hint}"}}</style>'
    )


def previews(uploads: list[tuple[str, bytes]], period: str | None, limit: int) -> list[FileReport]:
    """The dry run of each file, kept while its content, the chosen period
    and the store stay the same (a widget click must not re-read them all)."""
    change = store().last_change()
    keys = [(name, hashlib.sha256(data).hexdigest(), period, limit, change) for name, data in uploads]
    kept = st.session_state.get(PREVIEWS_KEY, {})
    fresh = {
        key: kept.get(key) or data_desk.process_upload(store(), data, name, period, limit)
        for key, (name, data) in zip(keys, uploads)
    }
    st.session_state[PREVIEWS_KEY] = fresh
    return [fresh[key] for key in keys]


def preview_card(view: View, name: str, data: bytes, report: FileReport, limit: int) -> None:
    """One file's dry run: verdict, what it holds, what it would change,
    its problems, and where they are in the sheet."""
    errors = sum(p.severity == "error" for p in report.problems)
    warnings = len(report.problems) - errors
    with st.container(border=True):
        st.markdown(f"**{plain(name)}**")
        locked = data_desk.locked_only(store(), report)
        if locked:
            st.error(view.t("preview_locked", periods=", ".join(period_label(p, view.lang) for p in locked)))
        elif errors:
            st.error(view.t("preview_errors", n=errors))
        elif warnings:
            st.warning(view.t("preview_warnings", n=warnings))
        else:
            st.success(view.t("preview_ok"))
        if report.forms:
            st.markdown(facts(view, report))
        if not errors:
            counts(view, report.summary)
        if report.problems:
            problems_table(view, report)
            for sheet in data_desk.sheet_views(data, name, report.problems, limit):
                sheet_block(view, sheet)


def facts(view: View, report: FileReport) -> str:
    """'Biểu: 01 · Báo cáo thôn · Kỳ: 6 tháng 2026 · 1 dòng · Thôn (1): Cao Xá'."""
    catalog = load_catalog()
    forms = ", ".join(form_label(catalog, f, view.lang) for f in report.forms) or "—"
    periods = ", ".join(period_label(p, view.lang) for p in report.periods) or "—"
    line = view.t("preview_facts", forms=forms, periods=periods, rows=fmt_number(report.rows, view.lang))
    codes = data_desk.village_codes(report)
    if codes:
        names = view.snap.village_names()
        line += " · " + view.t("preview_villages", n=len(codes), names=plain(", ".join(names.get(c, c) for c in codes)))
    return line


def counts(view: View, summary: dict[str, int]) -> None:
    for column, (key, label) in zip(st.columns(3), COUNT_LABELS.items()):
        column.metric(view.t(label), fmt_number(summary[key], view.lang))


def problems_table(view: View, report: FileReport) -> None:
    table = data_desk.problem_table(report.problems, view.lang)
    table["severity"] = table["severity"].map(lambda s: view.t(f"severity_{s}"))
    table.columns = [view.t(f"col_{c}") for c in table.columns]
    widths = dict(zip(table.columns, PROBLEM_WIDTHS))
    columns = {c: st.column_config.TextColumn(width=w) for c, w in widths.items()}
    # Rows tall enough for a message to wrap onto a second and third line.
    st.dataframe(table, hide_index=True, width="stretch", column_config=columns, row_height=70)


def sheet_block(view: View, sheet: data_desk.SheetView) -> None:
    """The sheet as Excel shows it, offending cells coloured (the problem
    table above says the same in words)."""
    title = view.t("sheet_view", sheet=sheet.name) if sheet.name else view.t("sheet_view_csv")
    st.caption(title)

    def paint(cells: pd.DataFrame) -> pd.DataFrame:
        css = pd.DataFrame("", index=cells.index, columns=cells.columns)
        for (row, column), severity in sheet.marks.items():
            if row in css.index and column in css.columns:
                css.loc[row, column] = f"background-color: {MARK_COLOURS[severity]}; color: #000000"
        return css

    st.dataframe(sheet.cells.style.apply(paint, axis=None), width="stretch", height="content")
    if len(sheet.cells) < sheet.rows_total:
        st.caption(view.t("sheet_view_cut", shown=len(sheet.cells), total=sheet.rows_total))


def import_summary(view: View, reports: list[FileReport]) -> None:
    """What the last import did, file by file."""
    accepted = [r for r in reports if r.ok]
    totals = {k: sum(r.summary[k] for r in accepted) for k in ("inserted", "updated", "unchanged")}
    done = view.t("import_done", ok=len(accepted), n=len(reports), **{k: fmt_number(v, view.lang) for k, v in totals.items()})
    (st.success if len(accepted) == len(reports) else st.warning)(done)
    table = pd.DataFrame(
        {
            view.t("source_file"): [r.file for r in reports],
            view.t("col_result"): [result_text(view, r) for r in reports],
            **{view.t(label): [r.summary[k] for r in reports] for k, label in COUNT_LABELS.items()},
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    for report in reports:
        if not report.ok:
            problems_table(view, report)


def result_text(view: View, report: FileReport) -> str:
    if not report.ok:
        return view.t("result_rejected")
    if report.submission_id is None:
        return view.t("result_duplicate")
    return view.t("result_accepted", id=report.submission_id)
