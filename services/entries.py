"""What a phone link shows and receives: the village's Biểu 01 (or the
unit's Biểu 04 tasks) as inputs labelled exactly as the Excel form, each
with the previous value; what was typed, checked by the very path an Excel
file takes; and the editor's decision on what arrived.

What is typed becomes a canonical workbook (the form's title with the
period, its headers, one row per village or task; numbers as numbers, words
as text cells), which is validated like any file and kept as the entry's
content. An entry changes no figure while pending; accepted, that workbook
is ingested as an ordinary submission, so the figures are exactly those the
same numbers in an Excel form give, with history, revert and period locks.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from openpyxl import Workbook

from catalog import load_catalog
from catalog.models import Catalog, FormField
from catalog.periods import period_label, period_title, time_of
from i18n import fmt_number
from loaders.numbers import parse_text_number
from loaders.problems import Problem, has_errors
from metrics.tasks import lead_units
from reports.cells import put
from services.ingest import FileReport, ingest_within, validate_file
from services.results import refresh
from services.workbook import stable_xlsx
from store import Store, StoreError
from store import links as stored
from store.links import Entry, Link

VILLAGE_FORM, TASK_FORM = "01", "04"
TASK_FIELDS = ("status", "percent_complete", "result", "issues")  # what a unit types per task
SEP = "|"  # task id | field, in an input's name
HEADER_ROW = 3  # the canonical workbook: title, blank, headers, rows


class EntryError(StoreError):
    """An entry that cannot be received or decided; the message is Vietnamese."""


@dataclass(frozen=True)
class Input:
    """One input of the phone page: named for the form, labelled as the Excel form prints the header."""

    name: str
    field: FormField
    previous: str | None = None  # "812 (năm 2025)": the village's latest earlier value
    current: str | None = None  # already stored for this period
    choices: tuple[str, ...] = ()  # an enumeration's words


@dataclass(frozen=True)
class Group:
    title: str
    inputs: tuple[Input, ...]


@dataclass(frozen=True)
class PhoneForm:
    link: Link
    form: str
    groups: tuple[Group, ...]
    committee: str  # who to ask
    commune: str


def form_of(store: Store, link: Link) -> PhoneForm:
    """What the link's page asks: the village's Biểu 01 fields by sector, or
    the unit's tasks with Biểu 04's fields."""
    catalog = load_catalog()
    groups = _village_groups(store, link, catalog) if link.village else _task_groups(link, catalog)
    return PhoneForm(link, form_id(link), groups, catalog.commune.committee_vi, catalog.commune.name_vi)


def form_id(link: Link) -> str:
    """Biểu 01 for a village's link, Biểu 04 for a unit's."""
    return VILLAGE_FORM if link.village else TASK_FORM


def _village_groups(store: Store, link: Link, catalog: Catalog) -> tuple[Group, ...]:
    """Biểu 01's fields under the sector of the first indicator that counts
    them, in the catalog's order, each with the village's earlier value."""
    sector_of: dict[str, str] = {}
    for ind in catalog.indicators:
        for part in (ind.numerator, ind.denominator):
            for field_id in part.fields() if part and ind.form == VILLAGE_FORM else ():
                sector_of.setdefault(field_id, ind.sector)
    known = _village_values(store, link)
    groups = []
    for sector in catalog.sectors:
        fields = [f for f in catalog.forms[VILLAGE_FORM].value_fields if sector_of.get(f.id) == sector.id]
        if fields:
            groups.append(Group(sector.name_vi, tuple(_numeric_input(f, known.get(f.id, {}), link.period) for f in fields)))
    return tuple(groups)


def _village_values(store: Store, link: Link) -> dict[str, dict[str, float]]:
    """field -> {period: value} of the village, every period."""
    found: dict[str, dict[str, float]] = {}
    for row in store.entity_values(VILLAGE_FORM, link.village):
        if row["num"] is not None:
            found.setdefault(row["field"], {})[row["period"]] = float(row["num"])
    return found


def _numeric_input(field: FormField, history: dict[str, float], period: str) -> Input:
    earlier = [p for p in history if time_of(p) < time_of(period)]
    latest = max(earlier, key=time_of) if earlier else None
    previous = f"{fmt_number(history[latest])} ({period_label(latest)})" if latest else None
    current = fmt_number(history[period]) if period in history else None
    return Input(field.id, field, previous, current)


def _task_groups(link: Link, catalog: Catalog) -> tuple[Group, ...]:
    """One block per task the unit leads, with Biểu 04's fields."""
    form = catalog.forms[TASK_FORM]
    fields = [form.field(f) for f in TASK_FIELDS]
    mine = [t for t in catalog.tasks if link.unit in lead_units(t.lead_unit)]
    return tuple(
        Group(
            f"{task.id} · {task.name_vi}",
            tuple(
                Input(f"{task.id}{SEP}{f.id}", f, choices=tuple(v.vi for v in catalog.enums[f.enum]) if f.enum else ())
                for f in fields
            ),
        )
        for task in mine
    )


def input_names(link: Link) -> set[str]:
    """The names of the link's inputs, from the catalog alone (what a send may carry)."""
    catalog = load_catalog()
    if link.village:
        return {f.id for f in catalog.forms[VILLAGE_FORM].value_fields}
    return {i.name for g in _task_groups(link, catalog) for i in g.inputs}


# ----- receiving ----------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    """What a send gave: the entry (None when errors stopped it) and the
    problems, each at its input's name (None: the whole entry)."""

    entry: Entry | None
    problems: tuple[tuple[str | None, Problem], ...]


def receive(store: Store, link: Link, typed: dict[str, str], key: str) -> Received:
    """Check what was typed as the Excel path checks a file; without an
    error, keep it as a pending entry (accepted at once under the commune's
    auto-accept when nothing warns). The same key twice makes one entry."""
    names = input_names(link)
    kept = {n: v.strip() for n, v in typed.items() if n in names and isinstance(v, str) and v.strip()}
    if not kept:
        return Received(None, ((None, _nothing()),))
    content, rows = canonical(link, kept)
    filename = f"dien-thoai-{link.village or 'don-vi'}-{link.period}-lien-ket-{link.id}.xlsx"
    report = validate_file(store, content, filename, link.period)
    located = tuple((_input_of(p, rows, form_id(link)), p) for p in report.problems)
    if has_errors(report.problems):
        return Received(None, located)
    record = {
        "key": key[:64],
        "form": form_id(link),
        "period": link.period,
        "typed": json.dumps(kept, ensure_ascii=False, sort_keys=True),
        "filename": filename,
        "content": content,
        "sha256": hashlib.sha256(content).hexdigest(),
        "problems": json.dumps([p.as_json() for p in report.problems], ensure_ascii=False),
    }
    with store.writing() as conn:
        entry = stored.add_entry(conn, link, record)
    if load_catalog().commune.phone_auto_accept and not report.problems and entry.state == "pending":
        accept(store, entry.id, "tự động (không có lưu ý)")
        entry = stored.entry(store, entry.id)
    return Received(entry, located)


def _nothing() -> Problem:
    from loaders.problems import problem

    return problem("file_empty", name="phiếu nhập")


def canonical(link: Link, typed: dict[str, str]) -> tuple[bytes, dict[int, str]]:
    """The workbook of what was typed, and which task each row holds (a
    village's one row holds the village)."""
    catalog = load_catalog()
    sheet_form = catalog.forms[form_id(link)]
    title = f"BÁO CÁO {sheet_form.name_vi.upper()} {period_title(link.period)}"
    if link.village:
        fields = [f for f in sheet_form.value_fields if f.id in typed]
        headers = ["Mã thôn", "Tên thôn", *(f.header_vi for f in fields)]
        rows = [[link.village, link.name, *(_cell(f, typed[f.id]) for f in fields)]]
        keys = {HEADER_ROW + 1: link.village}
    else:
        tasks = list(dict.fromkeys(name.split(SEP)[0] for name in typed))
        fields = [sheet_form.field(f) for f in TASK_FIELDS if any(f"{t}{SEP}{f}" in typed for t in tasks)]
        headers = ["Mã nhiệm vụ", *(f.header_vi for f in fields), sheet_form.field("reporting_unit").header_vi]
        rows = [[t, *(_cell(f, typed.get(f"{t}{SEP}{f.id}", "")) for f in fields), link.unit] for t in tasks]
        keys = {HEADER_ROW + 1 + i: t for i, t in enumerate(tasks)}
    wb = Workbook()
    ws = wb.active
    ws.title = f"Biểu {sheet_form.id}"
    put(ws, 1, 1, title)
    for c, header in enumerate(headers, start=1):
        put(ws, HEADER_ROW, c, header)
    for r, row in enumerate(rows, start=HEADER_ROW + 1):
        for c, value in enumerate(row, start=1):
            if value not in (None, ""):
                put(ws, r, c, value)
    return stable_xlsx(wb, "điện thoại"), keys


def _cell(field: FormField, text: str) -> object:
    """A number field's text as the number it reads as (Vietnamese writing:
    12,5 and 1.234), else the text itself, which the loader then judges."""
    if field.numeric and text:
        parsed = parse_text_number(text)
        if parsed is not None and not parsed.percent:
            return parsed.value
    return text


def _input_of(found: Problem, rows: dict[int, str], form: str) -> str | None:
    """The input a problem is about: its field (and for a task, the row's task)."""
    if found.field is None:
        return None
    return f"{rows[found.row]}{SEP}{found.field}" if form == TASK_FORM and found.row in rows else found.field


# ----- deciding -----------------------------------------------------------------


def pending(store: Store) -> list[dict]:
    """Every entry as `cli.py pending list --json` prints it."""
    return [
        {
            "id": entry.id,
            "village": link.village,
            "unit": link.unit,
            "form": entry.form,
            "period": entry.period,
            "received_at": entry.received_at.isoformat(),
            "state": entry.state,
            "problems": json.loads(entry.problems),
        }
        for entry, link in stored.listed_entries(store)
    ]


def provenance(entry: Entry, link: Link, user: str) -> str:
    """Who sent an accepted entry, as its submission records it."""
    who = f"thôn {link.name}" if link.village else link.name
    return f"điện thoại: {who}, liên kết #{link.id}; duyệt: {user}"[:100]


def accept(store: Store, entry_id: int, user: str) -> FileReport:
    """Ingest a pending entry's workbook as an ordinary submission (refused,
    unchanged, in a locked period or when the store's figures now break a
    rule); the report of that ingest."""
    entry, link = _pending(store, entry_id)
    with store.writing() as conn:  # the submission and the decision in one transaction
        report = ingest_within(store, conn, entry.content, entry.filename, entry.period, provenance(entry, link, user))
        if not report.ok:
            raise EntryError(_refusal(report))
        if not stored.decide(conn, entry.id, "accepted", user, None, report.submission_id):
            raise EntryError(f"Phiếu nhập số {entry_id} vừa được người khác xử lý.")  # the ingest above is rolled back
    refresh(store)  # the commune's figures on the city page, as an import does
    return report


def give_back(store: Store, entry_id: int, note: str, user: str) -> None:
    """Return a pending entry with a note the link's page shows."""
    if not note.strip():
        raise EntryError("Hãy ghi lý do trả lại để người gửi biết cần sửa gì.")
    entry, _ = _pending(store, entry_id)
    with store.writing() as conn:
        if not stored.decide(conn, entry.id, "returned", user, note.strip()[:2000], None):
            raise EntryError(f"Phiếu nhập số {entry_id} vừa được người khác xử lý.")


def _pending(store: Store, entry_id: int) -> tuple[Entry, Link]:
    found = next(((e, link) for e, link in stored.listed_entries(store) if e.id == entry_id), None)
    if found is None:
        raise EntryError(f"Không có phiếu nhập số {entry_id} của xã này.")
    if found[0].state != "pending":
        raise EntryError(
            f"Phiếu nhập số {entry_id} đã được xử lý ({'đã nhận' if found[0].state == 'accepted' else 'đã trả lại'})."
        )
    return found


def _refusal(report: FileReport) -> str:
    errors = [p.sentence() for p in report.problems if p.severity == "error"]
    return "Chưa nhận phiếu nhập: " + " ".join(errors)
