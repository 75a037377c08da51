"""Templates: an .xlsx of any form and period that officials fill in and the
loader reads back unchanged (issue 4, PRODUCT.md "Dữ liệu").

The data sheet looks like the official form: the commune's letterhead and the
national motto, the form's name and the period in words ("6 THÁNG ĐẦU NĂM
2026", which the loader reads as the period), the catalog's headers with
their units, a signature footer. Excel itself guards the cells: drop-down
lists for enumerations and village names, whole-number / decimal / percent
validation with Vietnamese messages, and sheet protection that leaves only
the cells to fill unlocked. A "Hướng dẫn" sheet says how to fill and send it.

Decisions (docs/decisions.md):
- Pre-filled with what the store holds for that form and period (Biểu 01:
  each village's values; 04: each task's row; 02, 03, 05: the register; 00:
  the registry), so an official corrects rather than retypes. Values of
  other periods are never copied in: an untouched cell would report them
  again as this period's. A register (02, 03, 05) the period lacks lists
  the names of the latest earlier one, values blank; a row with a name and
  no values is no data, so an unfilled name reports nothing.
- Locked: titles, headers, and the key cells the registry or catalog
  defines (village codes and names, task ids and names). The protection has
  no password: it prevents slips, not determined edits.
- Choice lists sit on a very hidden sheet in one column: a row holding one
  cell can never pass for a form's header row. The loader names that sheet
  and "Hướng dẫn" as skipped sheets (warnings).
- Bytes are stable (services/workbook.py): the same store state gives the
  same file, from the CLI and the page alike.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import partial

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from catalog import load_catalog
from catalog.models import Catalog, Form, FormField
from catalog.periods import due_date, is_code, period_title, time_of
from loaders.headers import REGISTRY_FORM, VILLAGE_FORM
from loaders.registry import Registry, Village
from metrics.frames import TASK_FORM
from reports.cells import put
from services.workbook import MOTTO, issuer, stable_xlsx
from store import Store

INSTRUCTIONS = "Hướng dẫn"
LISTS = "Danh sách"
BLANK_ROWS = 10  # room for new villages, tasks, clusters, works, cells
TITLE_COLUMNS = 8  # the letterhead and titles span the first columns, on screen
ISSUER_WIDTH = 24  # characters the issuer block needs
LOCKED = {REGISTRY_FORM: ("village_code",), VILLAGE_FORM: ("village_code", "village_name"), TASK_FORM: ("task_id", "task_name")}
SIGNERS = {VILLAGE_FORM: "TRƯỞNG THÔN"}
MERGES = {  # what a resubmission does, by the form's merge (DOMAIN.md "Resubmission")
    "village_field": "Ô để trống không xóa số liệu đã gửi trước đó.",
    "row": "Mỗi dòng gửi lên thay cả dòng đã gửi trước đó của {noun} đó; dòng chỉ có mã và tên {noun} là chưa báo cáo.",
    "register": "Bảng gửi lên thay toàn bộ bảng đã gửi của kỳ này, nên hãy ghi đủ mọi {noun}; "
    "dòng chỉ có tên, không có số liệu, được bỏ qua.",
}
SIGNER = "THỦ TRƯỞNG ĐƠN VỊ"
WIDTHS = {"integer": 14, "decimal": 14, "percent": 13, "enum": 24, "village": 20, "village_code": 11, "deadline": 14, "text": 30}
FIELD_WIDTHS = {"village_code": 11, "village_name": 20, "group": 20, "task_id": 11, "task_name": 48, "reporting_unit": 22}
DATE_FORMAT = "dd/mm/yyyy"
LINE_HEIGHT = 16  # points per line of 12-point text

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)
_FONT = "Times New Roman"  # the font of Vietnamese administrative documents
_TO_FILL = PatternFill("solid", fgColor="FFF7D6")  # pale yellow: type here
_GIVEN = PatternFill("solid", fgColor="EDEDED")  # grey: pre-filled, locked
_HEAD = PatternFill("solid", fgColor="D9E1F2")


class TemplateError(Exception):
    """A template that cannot be made; the message is Vietnamese."""


@dataclass(frozen=True)
class Row:
    """One table row: cell values by field id, and the fields locked in it."""

    values: dict[str, object] = field(default_factory=dict)
    locked: tuple[str, ...] = ()


def template_for(store: Store, form_id: str, period: str | None, village: str | None = None) -> bytes:
    """The template as the store stands: what `cli.py template` and the
    Dữ liệu page hand out."""
    values = store.current_values()
    return build_template(load_catalog(), form_id, period, Registry.from_values(values), values, village)


def build_template(
    catalog: Catalog,
    form_id: str,
    period: str | None,
    registry: Registry,
    values: pd.DataFrame,
    village: str | None = None,
) -> bytes:
    """The .xlsx template of a form, period (ignored for Biểu 00) and, for
    Biểu 01, one village (code or name; default every village). `values` are
    the store's current values (store.current_values())."""
    form = _form(catalog, form_id)
    period = _period(form, period)
    if village and form.id != VILLAGE_FORM:
        raise TemplateError(f"Chỉ Biểu {VILLAGE_FORM} lập riêng được cho từng thôn; Biểu {form.id} là biểu chung.")
    rows = _rows(catalog, form, period, registry, values, village)
    wb = Workbook()
    data = wb.active
    data.title = f"Biểu {form.id}"
    lists = _lists(catalog, form, registry)
    _write_table(data, catalog, form, period, rows, _list_refs(wb, lists, form) if lists else {})
    _write_instructions(wb.create_sheet(INSTRUCTIONS, 1), catalog, form, period, rows, bool(lists))
    return stable_xlsx(wb, catalog.commune.committee_vi)


# ----- what the template asks for ---------------------------------------------


def _form(catalog: Catalog, form_id: str) -> Form:
    code = form_id.strip().zfill(2) if form_id.strip().isdigit() else form_id.strip()
    if code not in catalog.forms:
        raise TemplateError(f"Không có Biểu {form_id!r}; các biểu: {', '.join(catalog.forms)}.")
    return catalog.forms[code]


def _period(form: Form, period: str | None) -> str | None:
    if not form.has_period:
        return None
    if not is_code(period):
        raise TemplateError(f"Biểu {form.id} cần kỳ báo cáo hợp lệ, ví dụ 2026 (cả năm) hoặc 2026-H1 (6 tháng đầu năm).")
    return period.strip()


def _villages(registry: Registry, village: str | None) -> list[Village]:
    """Every village of the registry, or the one a code or name names."""
    if not registry.villages:
        raise TemplateError(f"Chưa có danh mục thôn: hãy nhận Biểu {REGISTRY_FORM} trước.")
    if not village:
        return registry.villages
    found = registry.village(village) or registry.village(registry.resolve(village, None).code or "")
    if found is None:
        raise TemplateError(f"Không có thôn {village!r} trong danh mục thôn (Biểu {REGISTRY_FORM}).")
    return [found]


# ----- rows, from the store -----------------------------------------------------


def _rows(
    catalog: Catalog, form: Form, period: str | None, registry: Registry, values: pd.DataFrame, village: str | None
) -> list[Row]:
    cell = partial(_cell_value, catalog=catalog, registry=registry)
    stored = _entries(_period_values(values, form, period), form, cell)
    locked = LOCKED.get(form.id, ())
    if form.id == VILLAGE_FORM:
        return [
            Row({"village_code": v.code, "village_name": v.name, **stored.get(v.code, {})}, locked)
            for v in _villages(registry, village)
        ]
    if form.id == TASK_FORM:
        names = {t.id: t.name_vi for t in catalog.tasks} | _new_tasks(catalog, values, period)
        listed = [Row({**stored.get(i, {}), "task_id": i, "task_name": n}, locked) for i, n in names.items()]
    elif stored or form.id == REGISTRY_FORM:
        listed = [Row({form.key[0]: key, **fields}, locked) for key, fields in stored.items()]
    else:
        listed = [Row({form.key[0]: key}) for key in _earlier_keys(values, form, period)]
    return listed + [Row() for _ in range(BLANK_ROWS)]


def _period_values(values: pd.DataFrame, form: Form, period: str | None) -> pd.DataFrame:
    """The form's values of one period (Biểu 00: of none), in the order sent."""
    rows = values[(values["form"] == form.id) & (values["period"].fillna("") == (period or ""))]
    return rows.sort_values(["row", "entity"], kind="stable")


def _entries(rows: pd.DataFrame, form: Form, cell) -> dict[str, dict[str, object]]:
    """Entity -> {field id: cell value}, entities in the order sent."""
    fields = {f.id: f for f in form.fields}
    entries: dict[str, dict[str, object]] = {}
    for entity, field_id, num, text in zip(rows["entity"], rows["field"], rows["num"], rows["text"]):
        if field_id in fields:
            entries.setdefault(entity, {})[field_id] = cell(fields[field_id], num, text)
    return entries


def _cell_value(f: FormField, num: float | None, text: str | None, catalog: Catalog, registry: Registry) -> object:
    """A stored value as an official writes it: a label, a name, a date, a number."""
    if f.numeric:
        return int(num) if float(num).is_integer() else float(num)
    if f.kind == "enum":
        return catalog.enum_label(f.enum, text)
    if f.kind == "village":
        known = registry.village(text)
        return known.name if known else text
    if f.kind == "deadline":
        return dt.date.fromisoformat(text)
    return text


def _new_tasks(catalog: Catalog, values: pd.DataFrame, period: str) -> dict[str, str]:
    """Task ids outside the catalog reported up to the period, with their latest name."""
    rows = values[(values["form"] == TASK_FORM) & (values["field"] == "task_name")]
    known = {t.id for t in catalog.tasks}
    reported = sorted(
        (time_of(p), entity, name)
        for p, entity, name in zip(rows["period"], rows["entity"], rows["text"])
        if entity not in known and time_of(p) <= time_of(period)
    )
    return dict(sorted({entity: name for _, entity, name in reported}.items()))


def _earlier_keys(values: pd.DataFrame, form: Form, period: str) -> list[str]:
    """The keys of the latest register before the period, in the order sent."""
    periods = [p for p in set(values.loc[values["form"] == form.id, "period"]) if p and time_of(p) < time_of(period)]
    if not periods:
        return []
    return list(dict.fromkeys(_period_values(values, form, max(periods, key=time_of))["entity"]))


# ----- choice lists -------------------------------------------------------------


def _lists(catalog: Catalog, form: Form, registry: Registry) -> dict[str, list[str]]:
    """List name -> its choices, for the form's enumerations and villages."""
    lists: dict[str, list[str]] = {}
    for f in form.fields:
        if f.kind == "enum":
            lists[f.enum] = [v.vi for v in catalog.enums[f.enum]]
        elif f.kind == "village" and form.id != VILLAGE_FORM and registry.villages:
            lists["village"] = list(dict.fromkeys(v.name for v in registry.villages))
    return lists


def _list_name(f: FormField) -> str | None:
    return f.enum if f.kind == "enum" else "village" if f.kind == "village" else None


def _list_refs(wb: Workbook, lists: dict[str, list[str]], form: Form) -> dict[str, str]:
    """Write the lists down one column of a very hidden sheet; field id -> its range."""
    ws = wb.create_sheet(LISTS)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
    ranges, row = {}, 1
    for name, choices in lists.items():
        for offset, choice in enumerate(choices):
            put(ws, row + offset, 1, choice)
        ranges[name] = f"'{LISTS}'!$A${row}:$A${row + len(choices) - 1}"
        row += len(choices)
    return {f.id: ranges[_list_name(f)] for f in form.fields if _list_name(f) in ranges}


# ----- the data sheet -----------------------------------------------------------


def _width(f: FormField) -> float:
    return FIELD_WIDTHS.get(f.id, WIDTHS[f.kind])


def _write_table(ws: Worksheet, catalog: Catalog, form: Form, period: str | None, rows: list[Row], refs: dict[str, str]) -> None:
    widths = [5, *(_width(f) for f in form.fields)]
    span = min(len(widths), TITLE_COLUMNS)
    split = next(i for i in range(1, span + 1) if sum(widths[:i]) >= ISSUER_WIDTH or i == span - 1)
    for r, (left, right) in enumerate(zip(issuer(catalog.commune), MOTTO), start=1):
        _merged(ws, r, 1, split, left, bold=True)
        _merged(ws, r, split + 1, span, right, bold=True)
    titles = [f"BIỂU {form.id}: {form.name_vi.upper()}", *([period_title(period)] if period else [])]
    for r, title in enumerate(titles, start=4):
        _merged(ws, r, 1, span, title, bold=True, size=14)
    header = 5 + len(titles)
    _header(ws, header, form.fields, widths)
    for i, row in enumerate(rows, start=1):
        _data_row(ws, header + i, i, form.fields, row)
    last = header + len(rows)
    _validations(ws, form.fields, header + 1, last, refs)
    _footer(ws, last + 2, SIGNERS.get(form.id, SIGNER), split, span)
    _finish(ws, header, len(LOCKED[form.id]) + 1 if form.id in LOCKED else 0)


def _merged(
    ws: Worksheet, row: int, first: int, last: int, text: str, bold: bool = False, italic: bool = False, size: int = 12
) -> None:
    cell = put(ws, row, first, text)
    cell.font = Font(name=_FONT, bold=bold, italic=italic, size=size)
    cell.alignment = _WRAP
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _header(ws: Worksheet, row: int, fields: list[FormField], widths: list[float]) -> None:
    """TT and the headers with their units; the row is as tall as the longest."""
    texts = ["TT", *(f.header_with_unit("\n") for f in fields)]
    for c, (text, width) in enumerate(zip(texts, widths), start=1):
        cell = put(ws, row, c, text)
        cell.font, cell.alignment, cell.border, cell.fill = Font(name=_FONT, bold=True), _WRAP, _BOX, _HEAD
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[row].height = LINE_HEIGHT * max(_lines(t, w) for t, w in zip(texts, widths))


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column `width` characters wide
    (Excel does not grow rows of merged or protected cells by itself)."""
    return sum(math.ceil(max(len(part), 1) / (width - 2)) for part in text.split("\n"))


def _data_row(ws: Worksheet, row: int, number: int, fields: list[FormField], data: Row) -> None:
    tt = put(ws, row, 1, number)
    tt.font, tt.alignment, tt.border = Font(name=_FONT), _WRAP, _BOX
    for c, f in enumerate(fields, start=2):
        cell = put(ws, row, c, data.values.get(f.id))
        cell.font, cell.border = Font(name=_FONT), _BOX
        cell.alignment = Alignment(vertical="center", wrap_text=f.kind == "text")
        locked = f.id in data.locked
        cell.protection = Protection(locked=locked)
        cell.fill = _GIVEN if locked else _TO_FILL
        if f.kind == "deadline":
            cell.number_format = DATE_FORMAT


def _validations(ws: Worksheet, fields: list[FormField], first: int, last: int, refs: dict[str, str]) -> None:
    for c, f in enumerate(fields, start=2):
        rule = _validation(f, refs.get(f.id))
        if rule is not None:
            column = get_column_letter(c)
            rule.add(f"{column}{first}:{column}{last}")
            ws.add_data_validation(rule)


def _validation(f: FormField, choices: str | None) -> DataValidation | None:
    """Excel's own check of a column, with the Vietnamese message it shows."""
    unit = f", đơn vị: {f.unit}" if f.unit and f.unit != "%" else ""
    if choices:
        rule = DataValidation("list", formula1=choices)
        rule.error, rule.prompt = "Hãy chọn một giá trị trong danh sách của ô.", "Bấm vào mũi tên để chọn."
    elif f.kind == "percent":
        rule = DataValidation("decimal", operator="between", formula1="0", formula2="100")
        rule.error = rule.prompt = "Nhập một số từ 0 đến 100 (%)."
    elif f.numeric:
        whole = f.kind == "integer"
        rule = DataValidation("whole" if whole else "decimal", operator="greaterThanOrEqual", formula1="0")
        rule.error = rule.prompt = f"Nhập một số {'nguyên ' if whole else ''}từ 0 trở lên{unit}; để trống nếu chưa có số liệu."
    elif f.kind == "deadline":
        rule = DataValidation(prompt="Ghi ngày dd/mm/yyyy hoặc một năm; để trống nếu theo thời hạn của danh mục.")
    else:
        return None
    rule.allow_blank = rule.showInputMessage = rule.showErrorMessage = True
    rule.errorTitle = "Giá trị không hợp lệ"
    return rule


def _footer(ws: Worksheet, row: int, signer: str, split: int, span: int) -> None:
    """The signature block the loader stops at."""
    _merged(ws, row, 1, split, "NGƯỜI LẬP BIỂU", bold=True)
    _merged(ws, row, split + 1, span, signer, bold=True)
    for first, last in ((1, split), (split + 1, span)):
        _merged(ws, row + 1, first, last, "(Ký, ghi rõ họ tên)", italic=True)


def _finish(ws: Worksheet, header: int, frozen_columns: int) -> None:
    """Frozen header (and key columns), protection, printing on A4 landscape."""
    ws.freeze_panes = ws.cell(header + 1, frozen_columns + 1)
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False  # allowed: widen, heighten
    ws.protection.insertRows = ws.protection.deleteRows = False  # allowed: add rows
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# ----- the instructions sheet ---------------------------------------------------


def _write_instructions(ws: Worksheet, catalog: Catalog, form: Form, period: str | None, rows: list[Row], lists: bool) -> None:
    """Numbered paragraphs, then one line per column: header, unit, how to fill."""
    widths = (46, 14, 60)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    title = f"HƯỚNG DẪN ĐIỀN BIỂU {form.id}: {form.name_vi.upper()}" + (f" - {period_title(period)}" if period else "")
    _merged(ws, 1, 1, 3, title, bold=True, size=14)
    r = 3
    for number, text in enumerate(_paragraphs(catalog, form, period, rows, lists), start=1):
        _merged(ws, r, 1, 3, f"{number}. {text}")
        ws.cell(r, 1).alignment = Alignment(vertical="top", wrap_text=True)
        ws.row_dimensions[r].height = LINE_HEIGHT * _lines(text, sum(widths))
        r += 1
    r += 1
    for c, text in enumerate(("Cột", "Đơn vị tính", "Cách ghi"), start=1):
        cell = put(ws, r, c, text)
        cell.font, cell.alignment, cell.border, cell.fill = Font(name=_FONT, bold=True), _WRAP, _BOX, _HEAD
    for f in form.fields:
        r += 1
        for c, text in enumerate((f.header_vi, f.unit or "", _how(catalog, form, f)), start=1):
            cell = put(ws, r, c, text)
            cell.font, cell.border = Font(name=_FONT), _BOX
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.protection.sheet = True


def _noun(form: Form) -> str:
    """'thôn', 'nhiệm vụ', 'cụm công nghiệp': the key's header without 'Mã'/'Tên'."""
    return _lower_first(form.field(form.key[0]).header_vi.split(" ", 1)[-1])


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _paragraphs(catalog: Catalog, form: Form, period: str | None, rows: list[Row], lists: bool) -> list[str]:
    noun = _noun(form)
    locked = "Dòng tiêu đề, tên cột và các ô nền xám" if form.id in LOCKED else "Dòng tiêu đề và tên cột"
    texts = [
        f'Điền vào trang tính "Biểu {form.id}", chỉ vào các ô nền vàng nhạt. {locked} '
        "đã được khóa để tránh sửa nhầm (khóa không đặt mật khẩu).",
        "Không sửa, không xóa, không đổi thứ tự tên cột và các dòng tiêu đề"
        + (" (dòng tiêu đề cho biết kỳ báo cáo)" if period else "")
        + "; không đổi tên trang tính.",
        "Ô để trống nghĩa là chưa có số liệu, không phải số 0: khi số liệu bằng không, hãy ghi 0. "
        + MERGES[form.merge].format(noun=noun),
        "Ô số chỉ ghi số, không ghi chữ hay đơn vị (đơn vị tính ở tên cột); số thập phân ghi theo cách máy tính "
        "hiển thị số, ví dụ 12,5. Excel từ chối số không hợp lệ và nói rõ lý do.",
        _prefilled(form, noun, rows),
    ]
    if lists:
        texts.append("Các cột có mũi tên: bấm vào ô rồi chọn một giá trị trong danh sách.")
    if form.id != VILLAGE_FORM:
        texts.append(f"Thêm {noun} mới ở các dòng trống cuối bảng; cần thêm dòng thì chèn dòng phía trên dòng ký tên.")
    rules = _rules(catalog, form)
    if rules:
        texts.append("Các số liệu phải khớp nhau, nếu không tệp bị từ chối:" + "".join(f"\n- {rule}" for rule in rules))
    return [*texts, _sending(catalog, period)]


def _prefilled(form: Form, noun: str, rows: list[Row]) -> str:
    """What the template already holds, so the official knows what to check."""
    if form.id == REGISTRY_FORM:
        return (
            "Biểu đã ghi sẵn danh mục thôn hiện hành: sửa tên, ghi tên gọi khác (cách nhau bởi dấu ;). Không đổi mã thôn đã có."
        )
    if any(k not in r.locked and k not in form.key for r in rows for k in r.values):
        return "Biểu đã ghi sẵn số liệu kỳ này đã có trong hệ thống: chỉ cần kiểm tra, sửa chỗ đã thay đổi và điền chỗ còn trống."
    if not any(r.values for r in rows):
        return "Kỳ này chưa có số liệu trong hệ thống."
    earlier = " theo bảng đã gửi kỳ trước" if form.merge == "register" else ""
    return f"Kỳ này chưa có số liệu trong hệ thống; các dòng đã ghi sẵn {noun}{earlier} để điền tiếp."


def _rules(catalog: Catalog, form: Form) -> list[str]:
    """The form's ≤ rules that block a file, in words."""
    header = {f.id: f.header_vi for f in form.fields}
    return [
        f"{header[rule.left]} không lớn hơn {_lower_first(header[rule.right])}"
        for rule in catalog.rules.comparisons
        if rule.form == form.id and rule.severity == "error"
    ]


def _sending(catalog: Catalog, period: str | None) -> str:
    commune = catalog.commune
    due = f" chậm nhất ngày {due_date(period, commune.half_year.due, commune.year.due):%d/%m/%Y}" if period else ""
    return (
        f"Lưu tệp (định dạng .xlsx) và gửi về {commune.committee_vi}{due}, hoặc tải lên trang Dữ liệu của bảng theo dõi. "
        "Tệp được kiểm tra tự động; nếu có lỗi, hệ thống chỉ rõ ô cần sửa."
    )


def _how(catalog: Catalog, form: Form, f: FormField) -> str:
    """How to fill one column, in words."""
    if f.id in LOCKED.get(form.id, ()):
        how = "Đã ghi sẵn, không sửa" + (f"; dòng mới: ghi {_lower_first(f.header_vi)}" if form.id != VILLAGE_FORM else "")
    elif f.kind == "enum":
        how = "Chọn một trong: " + ", ".join(v.vi for v in catalog.enums[f.enum])
    elif f.kind == "village":
        how = "Chọn tên thôn trong danh sách"
    else:
        how = {
            "integer": "Số nguyên từ 0 trở lên",
            "decimal": "Số từ 0 trở lên, có thể có phần thập phân",
            "percent": "Số từ 0 đến 100",
            "deadline": "Ngày (dd/mm/yyyy) hoặc một năm; để trống: theo thời hạn của danh mục nhiệm vụ",
            "text": "Chữ",
            "village_code": "Mã thôn theo danh mục thôn",
        }[f.kind]
    return how + ("; bắt buộc" if f.required else "")
