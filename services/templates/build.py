"""A template as a whole: the form's data sheet, its instructions and its
choice lists, written as stable .xlsx bytes; what `cli.py template` and the
Dữ liệu page hand out."""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook

from catalog import load_catalog
from catalog.models import Catalog
from loaders.headers import VILLAGE_FORM
from loaders.registry import Registry
from services.templates.contents import TemplateError, check_period, find_form, table_rows
from services.templates.instructions import INSTRUCTIONS, write_instructions
from services.templates.sheet import write_table
from services.templates.validation import choice_lists, list_refs
from services.workbook import stable_xlsx
from store import Store


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
    form = find_form(catalog, form_id)
    period = check_period(form, period)
    if village and form.id != VILLAGE_FORM:
        raise TemplateError(f"Chỉ Biểu {VILLAGE_FORM} lập riêng được cho từng thôn; Biểu {form.id} là biểu chung.")
    rows = table_rows(catalog, form, period, registry, values, village)
    wb = Workbook()
    data = wb.active
    data.title = f"Biểu {form.id}"
    lists = choice_lists(catalog, form, registry)
    write_table(data, catalog, form, period, rows, list_refs(wb, lists, form) if lists else {})
    write_instructions(wb.create_sheet(INSTRUCTIONS, 1), catalog, form, period, rows, bool(lists))
    return stable_xlsx(wb, catalog.commune.committee_vi)
