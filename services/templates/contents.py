"""What a template holds: the form and period asked for, and its rows,
pre-filled from the store's values of that period (docs/decisions.md,
Templates), with the key cells the registry or catalog defines locked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial

import pandas as pd

from catalog.models import Catalog, Form, FormField
from catalog.periods import is_code, time_of
from loaders.headers import REGISTRY_FORM, VILLAGE_FORM
from loaders.registry import Registry, Village
from metrics.frames import TASK_FORM

BLANK_ROWS = 10  # room for new villages, tasks, clusters, works, cells
LOCKED = {REGISTRY_FORM: ("village_code",), VILLAGE_FORM: ("village_code", "village_name"), TASK_FORM: ("task_id", "task_name")}


class TemplateError(Exception):
    """A template that cannot be made; the message is Vietnamese."""


@dataclass(frozen=True)
class Row:
    """One table row: cell values by field id, and the fields locked in it."""

    values: dict[str, object] = field(default_factory=dict)
    locked: tuple[str, ...] = ()


# ----- what the template asks for ---------------------------------------------


def find_form(catalog: Catalog, form_id: str) -> Form:
    code = form_id.strip().zfill(2) if form_id.strip().isdigit() else form_id.strip()
    if code not in catalog.forms:
        raise TemplateError(f"Không có Biểu {form_id!r}; các biểu: {', '.join(catalog.forms)}.")
    return catalog.forms[code]


def check_period(form: Form, period: str | None) -> str | None:
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


def table_rows(
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
