"""Templates (services/templates/, `cli.py template`): every form's template,
filled in or sent back untouched, is accepted by the loader it was made for."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

import cli
from catalog import load_catalog
from catalog.models import Form, FormField
from catalog.periods import parse_period
from loaders.registry import Registry
from services.ingest import ingest_file
from services.templates import INSTRUCTIONS, LISTS, LOCKED, TemplateError, build_template, template_for
from store import Store

PERIOD = "2026-H1"
FORMS = ("00", "01", "02", "03", "04", "05")


@pytest.fixture
def store(seeded_file, tmp_path) -> Store:
    db = tmp_path / "store.sqlite"
    shutil.copy(seeded_file, db)
    return Store(db)


def period_of(form_id: str) -> str | None:
    return PERIOD if load_catalog().forms[form_id].has_period else None


def data_sheet(content: bytes) -> Worksheet:
    return load_workbook(io.BytesIO(content)).worksheets[0]


def table(ws: Worksheet) -> tuple[int, list[int]]:
    """The header row and the data rows (numbered in column TT)."""
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "TT")
    rows = []
    for r in range(header + 1, ws.max_row + 1):
        if not isinstance(ws.cell(r, 1).value, int):
            break
        rows.append(r)
    return header, rows


# ----- filling a template the way an official would ----------------------------


def rights_only(form: Form) -> set[str]:
    """Fields only ever on the larger side of a ≤ rule: they get large values."""
    rules = [r for r in load_catalog().rules.comparisons if r.form == form.id]
    return {r.right for r in rules} - {r.left for r in rules}


def written(f: FormField, i: int, big: set[str], villages: list[str]) -> object:
    """A valid value for field f in the i-th row, every ≤ rule kept."""
    catalog = load_catalog()
    if f.kind == "integer":
        return (1000 if f.id in big else 10) + i
    if f.kind == "decimal":
        return (1000 if f.id in big else 10) + i + 0.5
    if f.kind == "percent":
        return 50
    if f.kind == "enum":
        values = catalog.enums[f.enum]
        return values[i % len(values)].vi
    if f.kind == "village":
        return villages[i % len(villages)]
    if f.kind == "deadline":
        return dt.date(2027, 12, 31)
    if f.kind in ("latitude", "longitude"):  # inside Xã Cẩm Giàng, the store's commune
        return round((20.96 if f.kind == "latitude" else 106.16) + i / 1000, 4)
    return f"{f.header_vi} {i}"


def stored_form(f: FormField, value: object, registry: Registry) -> object:
    """How the store keeps a written value."""
    catalog = load_catalog()
    if f.numeric:
        return float(value)
    if f.kind == "enum":
        return next(v.id for v in catalog.enums[f.enum] if v.vi == value)
    if f.kind == "village":
        return registry.resolve(value, None).code
    if f.kind == "deadline":
        return value.isoformat()
    return value


def fill(content: bytes, form: Form, registry: Registry) -> tuple[bytes, dict[tuple[str, str], object]]:
    """Fill every listed row and the first blank one; (bytes, expected
    {(entity, field): stored value})."""
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    header, rows = table(ws)
    columns = {f.id: c for c, f in enumerate(form.fields, start=2)}
    listed = [r for r in rows if ws.cell(r, 2).value is not None]
    filled = listed + [r for r in rows if r not in listed][: form.id != "01"]
    big, villages = rights_only(form), [v.name for v in registry.villages]
    expected = {}
    for i, r in enumerate(filled):
        for f in form.fields:
            cell = ws.cell(r, columns[f.id])
            if cell.protection.locked or (f.role == "key" and cell.value is not None):
                continue
            cell.value = written(f, i, big, villages)
        entity = str(ws.cell(r, columns[form.key[0]]).value)
        for f in form.value_fields:
            expected[entity, f.id] = stored_form(f, ws.cell(r, columns[f.id]).value, registry)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), expected


def current(store: Store, form_id: str) -> dict[tuple[str, str], object]:
    values = store.current_values([form_id], [period_of(form_id) or ""])
    return {
        (e, f): (t if pd.isna(n) else n) for e, f, n, t in zip(values["entity"], values["field"], values["num"], values["text"])
    }


# ----- round trips ----------------------------------------------------------------


@pytest.mark.parametrize("form_id", FORMS)
def test_a_filled_template_is_accepted_as_written(store, form_id):
    form = load_catalog().forms[form_id]
    registry = Registry.from_values(store.current_values(["00"]))
    content, expected = fill(template_for(store, form_id, period_of(form_id)), form, registry)
    report = ingest_file(store, content, name=f"bieu-{form_id}.xlsx")
    assert report.ok, [p.message for p in report.problems if p.severity == "error"]
    assert report.forms == [form_id] and report.periods == ([PERIOD] if form.has_period else [])
    stored = current(store, form_id)
    known = {task.id for task in load_catalog().tasks}  # a known task's name is a check, not stored (loaders/table.py)
    expected = {(e, f): v for (e, f), v in expected.items() if not (f == "task_name" and e in known)}
    assert {k: stored.get(k) for k in expected} == expected
    assert not [e for (e, f) in stored if f == "task_name" and e in known]
    if form.merge == "register":  # the new register replaced the old one whole
        assert {e for e, _ in stored} == {e for e, _ in expected}


@pytest.mark.parametrize("form_id", FORMS)
def test_a_template_sent_back_untouched_changes_nothing(store, form_id):
    before = current(store, form_id)
    report = ingest_file(store, template_for(store, form_id, period_of(form_id)), name="mau.xlsx")
    assert report.ok
    assert {(p.code, p.severity) for p in report.problems} == {("sheet_skipped", "warning")}
    assert {p.sheet for p in report.problems} <= {INSTRUCTIONS, LISTS}
    assert report.summary == {"inserted": 0, "updated": 0, "unchanged": report.rows} and report.rows > 0
    assert current(store, form_id) == before  # Biểu 00 too: the registry is not stored twice


def test_the_title_names_the_period_and_the_village_template_one_village(store):
    ws = data_sheet(template_for(store, "01", PERIOD, "LD01"))
    header, rows = table(ws)
    titles = [ws.cell(r, 1).value for r in range(1, header) if isinstance(ws.cell(r, 1).value, str)]
    assert "ỦY BAN NHÂN DÂN" in titles and "XÃ CẨM GIÀNG" in titles
    assert {parse_period(t) for t in titles} - {None} == {PERIOD}
    assert [(ws.cell(r, 2).value, ws.cell(r, 3).value) for r in rows] == [("LD01", "Lương Xá")]
    assert ws.cell(header, 4).value == "Tổng số hộ\n(hộ)"
    assert isinstance(ws.cell(rows[0], 4).value, int)  # pre-filled with the stored value


def test_a_task_list_reports_only_the_tasks_filled_in(store):
    """Biểu 04 lists every task by name; for a period with no reports an
    untouched template has no data, and a filled row reports only its task."""
    content, before = template_for(store, "04", "2026"), current(store, "04")
    untouched = ingest_file(store, content, name="mau-04.xlsx")
    assert not untouched.ok and "no_data_rows" in {p.code for p in untouched.problems}
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    _, rows = table(ws)
    ws.cell(rows[0], 4).value = "Hoàn thành"
    out = io.BytesIO()
    wb.save(out)
    report = ingest_file(store, out.getvalue(), name="bieu-04.xlsx")
    assert report.ok and report.rows == 1
    assert current(store, "04") == before  # PERIOD untouched
    assert set(store.current_values(["04"], ["2026"])["entity"]) == {ws.cell(rows[0], 2).value}


def test_a_register_the_period_lacks_lists_the_latest_names(store):
    ws = data_sheet(template_for(store, "05", "2026"))
    _, rows = table(ws)
    names = [ws.cell(r, 2).value for r in rows if ws.cell(r, 2).value]
    assert names == list(dict.fromkeys(store.current_values(["05"], [PERIOD]).sort_values("row")["entity"]))
    assert all(ws.cell(r, c).value is None for r in rows for c in range(3, ws.max_column + 1))


# ----- what Excel enforces ------------------------------------------------------------


@pytest.mark.parametrize("form_id", FORMS)
def test_headers_are_protected_and_data_cells_open(store, form_id):
    wb = load_workbook(io.BytesIO(template_for(store, form_id, period_of(form_id))))
    ws = wb.worksheets[0]
    header, rows = table(ws)
    assert ws.protection.sheet and ws.freeze_panes.endswith(str(header + 1))
    assert all(ws.cell(r, c).protection.locked for r in range(1, header + 1) for c in range(1, ws.max_column + 1))
    first_value = 2 + len(LOCKED.get(form_id, ()))
    assert not any(ws.cell(rows[-1], c).protection.locked for c in range(first_value, ws.max_column + 1))
    assert wb.sheetnames[:2] == [f"Biểu {form_id}", INSTRUCTIONS]
    assert "Ô để trống" in " ".join(str(c.value) for row in wb[INSTRUCTIONS].iter_rows() for c in row)


@pytest.mark.parametrize("form_id", ["02", "03", "04", "05"])
def test_choices_are_drop_downs_from_the_hidden_sheet(store, form_id):
    wb = load_workbook(io.BytesIO(template_for(store, form_id, PERIOD)))
    form = load_catalog().forms[form_id]
    lists = [v for v in wb.worksheets[0].data_validations.dataValidation if v.type == "list"]
    assert wb[LISTS].sheet_state == "veryHidden"
    assert all(v.formula1.startswith(f"'{LISTS}'!") for v in lists)
    assert len(lists) == sum(f.kind in ("enum", "village") for f in form.fields)
    choices = {wb[LISTS].cell(r, 1).value for r in range(1, wb[LISTS].max_row + 1)}
    assert {v.vi for f in form.fields if f.kind == "enum" for v in load_catalog().enums[f.enum]} <= choices
    if form_id == "03":
        assert "Lương Xá" in choices


def test_numbers_are_validated_with_vietnamese_messages(store):
    rules = {str(v.sqref)[0]: v for v in data_sheet(template_for(store, "01", PERIOD)).data_validations.dataValidation}
    assert (rules["D"].type, rules["D"].operator, rules["D"].formula1) == ("whole", "greaterThanOrEqual", "0")
    assert rules["G"].type == "decimal" and "tấn/ngày" in rules["G"].error
    percent = next(
        v for v in data_sheet(template_for(store, "04", PERIOD)).data_validations.dataValidation if v.type == "decimal"
    )
    assert (percent.operator, percent.formula1, percent.formula2) == ("between", "0", "100")


# ----- errors and the command line ------------------------------------------------------


def test_what_cannot_be_made_is_said_in_vietnamese(store):
    with pytest.raises(TemplateError, match="Không có thôn"):
        template_for(store, "01", PERIOD, "XX99")
    with pytest.raises(TemplateError, match="Không có Biểu"):
        template_for(store, "09", PERIOD)
    with pytest.raises(TemplateError, match="từng thôn"):
        template_for(store, "02", PERIOD, "LD01")
    with pytest.raises(TemplateError, match="kỳ báo cáo"):
        template_for(store, "02", None)
    with pytest.raises(TemplateError, match="danh mục thôn"):
        build_template(load_catalog(), "01", PERIOD, Registry([]), store.current_values([]), None)


def test_cli_writes_the_services_bytes(store, tmp_path, capsys):
    out = tmp_path / "mau.xlsx"
    args = ["--db", store.url.removeprefix("sqlite:///"), "template", "--form", "01", "--period", PERIOD]
    assert cli.main([*args, "--village", "LD01", "--out", str(out)]) == 0
    assert out.read_bytes() == template_for(store, "01", PERIOD, "LD01")
    assert cli.main([*args, "--village", "XX99", "--out", str(tmp_path / "x.xlsx")]) == 1
    assert "Không có thôn" in capsys.readouterr().err and not (tmp_path / "x.xlsx").exists()
    with pytest.raises(SystemExit) as bad:
        cli.main([*args[:-1], "2026-H3", "--out", str(out)])
    assert bad.value.code == 2
