"""Dữ liệu: where editors bring the villages' files in, and undo them.

Upload one or many files, see for each what it would change and every
problem located in a view of its sheet, import them when none has an
error; the history of submissions with the original files, revert with
confirmation; period locks; which village reported on time. Viewers see a
sign-in form and nothing else. services.data_desk does the work; this page
lays it out and records the signed-in editor on every write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from catalog import load_catalog
from catalog.periods import VIETNAM_TIME
from charts import period_label
from i18n import fmt_date, fmt_number
from loaders.problems import has_errors
from metrics.indicators import VILLAGE_FORM
from services import data_desk
from services.accounts import Editor
from services.explore import form_label
from services.export import XLSX_MIME
from services.ingest import FileReport
from services.templates import TemplateError, template_for
from store import RevertResult, StoreError
from ui import auth
from ui.state import View, current_view, store
from ui.widgets import plain

PREVIEWS_KEY = "data_previews"  # dry runs of the files on screen, by content
ROUND_KEY = "data_upload_round"  # a new uploader (emptied) after each import
IMPORTED_KEY = "data_imported"
CONFIRM_KEY = "data_confirm_revert"
HISTORY_KEY = "data_history_choice"
TAB_KEY = "data_tab"
DONE_KEY = "data_done"  # the sentence saying what the last action did
STATUS_COLOURS = {"on_time": "#CDEBD3", "late": "#FFE2B8", "missing": "#F8D0D0", "pending": "#EEEEEE"}
MARK_COLOURS = {"error": "#F8D0D0", "warning": "#FFF0B3"}
COUNT_LABELS = {"inserted": "count_new", "updated": "count_updated", "unchanged": "count_same"}
PROBLEM_WIDTHS = (70, 140, 60, 60, "large")  # severity, sheet, row, column, message
TIME_FORMAT = {"vi": "%d/%m/%Y %H:%M", "en": "%Y-%m-%d %H:%M"}


def main() -> None:
    view = current_view()
    st.title(view.t("data_title"))
    editor = auth.editor()
    if editor is None:
        auth.sign_in_form(view)
        return
    auth.signed_in_bar(view, editor)
    data_desk.warm_up()
    if DONE_KEY in st.session_state:
        st.success(st.session_state.pop(DONE_KEY))
    writes = editor.may_write(store().commune)
    if not writes:
        commune = load_catalog().commune
        st.warning(view.t("data_read_only", user=plain(editor.name), commune=view.name(commune)))
    sections = {
        **({"tab_upload": lambda: upload_tab(view, editor)} if writes else {}),
        "tab_history": lambda: history_tab(view, editor),
        **({"tab_locks": lambda: locks_tab(view, editor)} if writes else {}),
        "tab_completeness": lambda: completeness_tab(view),
        "tab_templates": lambda: templates_tab(view),
    }
    # Tabs that track which one is open: only that one runs, and an action
    # that reruns the page (import, revert, lock) leaves the editor where it was.
    tabs = st.tabs([view.t(k) for k in sections], key=TAB_KEY, on_change="rerun")
    for tab, section in zip(tabs, sections.values()):
        if tab.open:
            with tab:
                section()


def offered_periods(view: View, *more: str) -> list[str]:
    """Periods to choose from, newest first: up to this year (Vietnam time)."""
    return data_desk.period_choices([*view.snap.periods, *more], dt.datetime.now(VIETNAM_TIME).date())


def period_select(container, view: View, key: str, choices: list[str]) -> str:
    """A period chooser that starts at the period in view (the sidebar's)."""
    return container.selectbox(
        view.t("period"),
        choices,
        index=choices.index(view.period) if view.period in choices else 0,
        format_func=lambda p: period_label(p, view.lang),
        key=key,
    )


# ----- upload -----------------------------------------------------------------
def upload_tab(view: View, editor: Editor) -> None:
    limit = data_desk.upload_limit_mb(st.get_option("server.maxUploadSize"))
    period = st.selectbox(
        view.t("upload_period"),
        [None, *offered_periods(view)],
        format_func=lambda p: view.t("period_from_file") if p is None else period_label(p, view.lang),
        help=view.t("upload_period_help"),
        key="data_upload_period",
    )
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


# ----- history ----------------------------------------------------------------
def history_tab(view: View, editor: Editor) -> None:
    subs = data_desk.history(store().submissions())
    if subs.empty:
        st.info(view.t("history_empty"))
        return
    st.dataframe(history_table(view, subs), hide_index=True, width="stretch")
    by_id = subs.set_index("id")
    chosen = st.selectbox(
        view.t("history_choose"),
        list(by_id.index),
        format_func=lambda i: view.t(
            "submission_label", id=i, file=by_id.at[i, "filename"], time=when(view, by_id.at[i, "created_at"])
        ),
        key=HISTORY_KEY,
    )
    submission_actions(view, editor, int(chosen), by_id.loc[chosen])


def history_table(view: View, subs: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            view.t("col_id"): subs["id"],
            view.t("col_time"): subs["created_at"].map(lambda t: when(view, t)),
            view.t("source_user"): subs["user"],
            view.t("source_file"): subs["filename"],
            view.t("form"): subs["forms"],
            view.t("col_period"): subs["periods"].map(lambda p: ", ".join(period_label(c, view.lang) for c in p.split(",") if c)),
            view.t("col_rows"): subs["rows"],
            **{view.t(label): subs[k] for k, label in COUNT_LABELS.items()},
            view.t("status"): [state_text(view, row) for row in subs.itertuples()],
            "SHA-256": subs["sha256"],
        }
    )


def when(view: View, moment: pd.Timestamp) -> str:
    return "" if pd.isna(moment) else moment.strftime(TIME_FORMAT[view.lang])


def state_text(view: View, row) -> str:
    if row.state == "accepted":
        return view.t("state_accepted")
    return view.t("state_reverted", user=row.reverted_by or "?", time=when(view, row.reverted_at))


def submission_actions(view: View, editor: Editor, sub_id: int, sub: pd.Series) -> None:
    """One submission: its fingerprint, its original file, and revert."""
    st.caption(f"SHA-256: `{sub['sha256']}`")
    st.download_button(
        view.t("download_original"),
        data=lambda: store().submission(sub_id)["content"],
        file_name=sub["filename"],
        mime="application/octet-stream",
        on_click="ignore",
        icon=":material/download:",
        key=f"data_original_{sub_id}",
    )
    if sub["state"] != "accepted":
        st.caption(view.t("already_reverted"))
        return
    locked = sorted(set(filter(None, sub["periods"].split(","))) & set(store().locked_periods()))
    if locked:
        st.caption(view.t("revert_locked", periods=", ".join(period_label(p, view.lang) for p in locked)))
        return
    if st.session_state.get(CONFIRM_KEY) != sub_id:
        st.button(view.t("revert_button"), on_click=lambda: st.session_state.update({CONFIRM_KEY: sub_id}), key="data_revert")
        return
    st.warning(view.t("revert_confirm", id=sub_id, file=plain(sub["filename"])))
    yes, no = st.columns(2)
    if yes.button(view.t("revert_yes"), type="primary", key="data_revert_yes"):
        st.session_state.pop(CONFIRM_KEY, None)
        act(lambda: revert_sentence(view, data_desk.revert(store(), editor, sub_id)))
    no.button(view.t("cancel"), on_click=lambda: st.session_state.pop(CONFIRM_KEY, None), key="data_revert_no")


def revert_sentence(view: View, result: RevertResult) -> str:
    sentence = view.t("revert_done", id=result.submission_id, retired=result.retired, restored=result.restored)
    return sentence if result.restored else f"{sentence} {view.t('revert_nothing_restored')}"


def act(action: Callable[[], str]) -> None:
    """Run a write, keep the sentence saying what it did for the next run,
    and rerun so every part of the page (and the sidebar) shows the new
    state. A refusal by the store is shown as it says it."""
    try:
        st.session_state[DONE_KEY] = action()
    except StoreError as exc:
        st.error(str(exc))
        return
    st.rerun()


# ----- period locks -----------------------------------------------------------
def locks_tab(view: View, editor: Editor) -> None:
    st.caption(view.t("locks_help"))
    locks = store().locked_periods()
    if locks:
        table = pd.DataFrame(
            {
                view.t("col_period"): [period_label(p, view.lang) for p in locks],
                view.t("col_locked_by"): [lock["locked_by"] for lock in locks.values()],
                view.t("col_locked_at"): [when(view, data_desk.local_time(lock["locked_at"])) for lock in locks.values()],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch")
    else:
        st.caption(view.t("no_locks"))
    period = period_select(st, view, "data_lock_period", offered_periods(view, *locks))
    label = period_label(period, view.lang)
    locked = period in locks
    verb = "unlock" if locked else "lock"
    if st.button(view.t(f"{verb}_button", period=label), type="secondary" if locked else "primary", key=f"data_{verb}"):
        act(lambda: toggle_lock(view, editor, period, locked))


def toggle_lock(view: View, editor: Editor, period: str, locked: bool) -> str:
    data_desk.set_lock(store(), editor, period, not locked)
    return view.t("unlocked_done" if locked else "locked_done", period=period_label(period, view.lang))


# ----- completeness -----------------------------------------------------------
def completeness_tab(view: View) -> None:
    commune = load_catalog().commune
    st.caption(view.t("completeness_help", half=day_month(commune.half_year.due), year=day_month(commune.year.due)))
    villages = view.snap.villages
    if view.villages:
        villages = villages[villages["code"].isin(view.villages)]
    today = dt.datetime.now(VIETNAM_TIME).date()
    cells = data_desk.report_status(store(), view.snap.values, villages, today)
    if cells.empty:
        st.info(view.t("completeness_empty"))
        return
    st.dataframe(status_grid(view, cells), hide_index=True, width="stretch", height="content")


def status_grid(view: View, cells: pd.DataFrame) -> Styler:
    """Village × period, each cell its status in words (with the day the
    report came) and in colour; villages by name, in the registry's order."""
    names = view.snap.village_names()
    cells["text"] = [cell_text(view, s, f) for s, f in zip(cells["status"], cells["first"])]
    order = list(dict.fromkeys(cells["village"]))
    grid = cells.pivot(index="village", columns="period", values="text").reindex(order)
    colours = cells.pivot(index="village", columns="period", values="status").reindex(order)
    colours = colours.map(lambda s: f"background-color: {STATUS_COLOURS[s]}; color: #000000")
    grid.columns = colours.columns = [period_label(p, view.lang) for p in grid.columns]
    village = view.t("col_village")
    grid = grid.reset_index(drop=True)
    grid.insert(0, village, [names.get(c, c) for c in order])
    colours = colours.reset_index(drop=True)
    colours.insert(0, village, "")
    return grid.style.apply(lambda _: colours, axis=None)


def cell_text(view: View, status: str, first) -> str:
    label = view.t(f"status_{status}")
    return label if pd.isna(first) else view.t("cell_with_day", label=label, day=fmt_date(first.date(), view.lang))


def day_month(month_day: str) -> str:
    """'06-20' -> '20/06'."""
    month, day = month_day.split("-")
    return f"{day}/{month}"


# ----- templates --------------------------------------------------------------
def templates_tab(view: View) -> None:
    """A form's .xlsx template, pre-filled from the store (services.templates,
    the same bytes as `cli.py template`), to fill in and upload back."""
    st.caption(view.t("template_help"))
    catalog = load_catalog()
    left, middle, right = st.columns(3)
    form = left.selectbox(
        view.t("form"), list(catalog.forms), format_func=lambda f: form_label(catalog, f, view.lang), key="data_template_form"
    )
    period = None
    if catalog.forms[form].has_period:
        period = period_select(middle, view, "data_template_period", offered_periods(view))
    village = None
    if form == VILLAGE_FORM:
        names = view.snap.village_names()
        village = right.selectbox(
            view.t("template_village"),
            [None, *names],
            format_func=lambda c: view.t("all_villages") if c is None else names[c],
            key="data_template_village",
        )
    try:
        content = template_for(store(), form, period, village)
    except TemplateError as exc:
        st.warning(str(exc))
        return
    st.download_button(
        view.t("download_template"),
        data=content,
        file_name="-".join(filter(None, ["mau-bieu", form, period, village])) + ".xlsx",
        mime=XLSX_MIME,
        icon=":material/download:",
        key="data_template_download",
    )


main()
