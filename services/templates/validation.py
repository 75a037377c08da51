"""What Excel itself checks in a template: drop-down lists of enumerations
and village names, kept in one column of a very hidden sheet (a row holding
one cell can never pass for a form's header row), and whole-number /
decimal / percent validation with the Vietnamese message it shows."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from catalog.models import COORDINATE_RANGES, Catalog, Form, FormField
from loaders.headers import VILLAGE_FORM
from loaders.registry import Registry
from reports.cells import put

LISTS = "Danh sách"


# ----- choice lists -------------------------------------------------------------


def choice_lists(catalog: Catalog, form: Form, registry: Registry) -> dict[str, list[str]]:
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


def list_refs(wb: Workbook, lists: dict[str, list[str]], form: Form) -> dict[str, str]:
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


# ----- checks of the columns ----------------------------------------------------


def validations(ws: Worksheet, fields: list[FormField], first: int, last: int, refs: dict[str, str]) -> None:
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
    elif f.kind in COORDINATE_RANGES:
        limit = f"{COORDINATE_RANGES[f.kind]:g}"
        rule = DataValidation("decimal", operator="between", formula1=f"-{limit}", formula2=limit)
        rule.error = rule.prompt = f"Nhập {f.header_vi.lower()} bằng độ thập phân (ví dụ 20,9612); để trống nếu chưa có."
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
