"""The Khám phá page's tables: every stored value with readable labels, the
reader's filters, and a pivot (no streamlit here, so tests call it alone).

Labels follow the chosen language: a form's name, a period as the page
writes it, a village's name, the field's header from the catalog, and an
enumeration's words instead of its id ("Có" for `yes`). Rows keep the
natural order (period in time, form, village code, catalog field order), so
a pivot lists periods in time and fields as the form prints them, not
alphabetically.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from catalog.models import COORDINATE_RANGES, Catalog
from catalog.periods import is_code, time_of
from charts import period_label
from loaders.cells import format_number

# Internal column names of the labelled frame; pages rename them for display.
LABEL_COLUMNS = ["form", "period", "village", "entity", "field", "value", "text", "unit", "file", "user", "received"]
DIMENSIONS = ["field", "village", "period", "form", "entity", "text", "file"]
AGGREGATES = ["sum", "mean", "count", "min", "max"]
NONE = "—"  # the label of a missing period or village, kept as a pivot key


def choose(
    values: pd.DataFrame,
    forms: list[str] | None = None,
    fields: list[str] | None = None,
    periods: list[str] | None = None,
    villages: tuple[str, ...] | list[str] | None = None,
) -> pd.DataFrame:
    """The stored values the filters keep; an empty filter keeps everything.
    Villages keep only values tied to one of them (registers naming no
    village fall out, as the reader asked for those villages)."""
    mask = pd.Series(True, index=values.index)
    for column, wanted in (("form", forms), ("field", fields), ("period", periods), ("village", villages)):
        if wanted:
            mask &= values[column].isin(list(wanted))
    return values[mask]


def field_labels(catalog: Catalog, lang: str, forms: list[str] | None = None) -> dict[str, str]:
    """Field id -> header in `lang` (the first form that has the field)."""
    labels: dict[str, str] = {}
    for form_id, form in catalog.forms.items():
        if forms and form_id not in forms:
            continue
        for f in form.fields:
            labels.setdefault(f.id, f.header_vi if lang == "vi" else f.header_en)
    return labels


def form_label(catalog: Catalog, form_id: str, lang: str) -> str:
    form = catalog.forms.get(form_id)
    if form is None:
        return form_id
    return f"{form_id} · {form.name_vi if lang == 'vi' else form.name_en}"


def labelled(values: pd.DataFrame, catalog: Catalog, names: dict[str, str], lang: str) -> pd.DataFrame:
    """LABEL_COLUMNS for each value, in natural order; `value` is the number
    (NaN for text), `text` the words (an enumeration's label, a village's
    name). Labels are made once per distinct value, not per row: a city
    holds hundreds of thousands of values but few distinct codes."""
    if values.empty:
        return pd.DataFrame(columns=LABEL_COLUMNS).astype({"value": float})
    rows = _ordered(values, catalog)
    specs = _field_specs(catalog, lang)
    keys = rows["form"] + "/" + rows["field"]
    spec = {f"{form}/{field}": value for (form, field), value in specs.items()}
    places = keys.isin(_places(catalog))
    if places.any():  # a village's location is where it is, not a figure: shown as text, never summed
        shown = rows.loc[places, "num"].map(lambda v: format_number(v).replace(".", ",") if lang == "vi" else format_number(v))
        rows = rows.assign(text=rows["text"].where(~places, shown), num=rows["num"].where(~places))
    return pd.DataFrame(
        {
            "form": per_distinct(rows["form"], lambda f: form_label(catalog, f, lang)),
            "period": per_distinct(rows["period"], lambda p: period_label(p, lang) if is_code(p) else NONE, NONE),
            "village": per_distinct(rows["village"], lambda c: names.get(c, c) if c else NONE, NONE),
            "entity": _entities(rows, names),
            "field": per_distinct(keys, lambda k: spec[k][0] if k in spec else k.split("/", 1)[-1]),
            "value": rows["num"].astype(float).to_numpy(),
            "text": _texts(rows, keys, catalog, spec, names, lang),
            "unit": per_distinct(keys, lambda k: spec[k][2] if k in spec else ""),
            "file": rows["filename"].to_numpy(),
            "user": rows["user"].to_numpy(),
            "received": rows["created_at"].to_numpy(),
        }
    )


def per_distinct(column: pd.Series, label, missing: object = None) -> np.ndarray:
    """label(v) for every v of `column`, computed once per distinct value;
    `missing` where the column has no value."""
    codes, distinct = pd.factorize(column, use_na_sentinel=True)
    table = np.array([*(label(v) for v in distinct), missing], dtype=object)
    return table[codes]  # code -1 (missing) picks the last entry


def _ordered(values: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Values by period time, form, village, entity and catalog field order."""
    order = {f"{form_id}/{f.id}": i for form_id, form in catalog.forms.items() for i, f in enumerate(form.fields)}
    times = per_distinct(values["period"], lambda p: time_of(p) if is_code(p) else -np.inf, -np.inf).astype(float)
    position = per_distinct(values["form"] + "/" + values["field"], lambda k: order.get(k, len(order))).astype(int)
    keys = values.assign(_time=times, _pos=position, _village=values["village"].fillna(""))
    return keys.sort_values(["_time", "form", "_village", "entity", "_pos"], kind="stable")


def _places(catalog: Catalog) -> list[str]:
    """form/field keys of coordinates."""
    return [f"{form_id}/{f.id}" for form_id, form in catalog.forms.items() for f in form.fields if f.kind in COORDINATE_RANGES]


def _field_specs(catalog: Catalog, lang: str) -> dict[tuple[str, str], tuple[str, str | None, str]]:
    """(form, field) -> (header, enum or 'village', unit)."""
    specs = {}
    for form_id, form in catalog.forms.items():
        for f in form.fields:
            kind = f.enum if f.kind == "enum" else ("village" if f.kind == "village" else None)
            specs[(form_id, f.id)] = (f.header_vi if lang == "vi" else f.header_en, kind, f.unit or "")
    return specs


def _entities(rows: pd.DataFrame, names: dict[str, str]) -> np.ndarray:
    """What a row describes: the village's name for village forms, else
    the register row (cluster, work, task, party cell)."""
    entity = per_distinct(rows["entity"], lambda e: e)
    village_name = per_distinct(rows["village"], lambda c: names.get(c, c))
    return np.where((rows["entity"] == rows["village"]).fillna(False).to_numpy(dtype=bool), village_name, entity)


def _texts(rows: pd.DataFrame, keys: pd.Series, catalog: Catalog, spec: dict, names: dict[str, str], lang: str) -> np.ndarray:
    """A text value in words: enumerations and villages by their labels."""

    def words(pair: str) -> str:
        key, text = pair.split("\x1f", 1)
        kind = spec.get(key, (None, None, None))[1]
        if kind == "village":
            return names.get(text, text)
        return catalog.enum_label(kind, text, lang) if kind else text

    return per_distinct(keys + "\x1f" + rows["text"], words)


def pivot(frame: pd.DataFrame, rows: str, columns: str | None, aggregate: str) -> pd.DataFrame:
    """pandas pivot_table of the labelled values: `rows` x `columns`
    (None: one column), `aggregate` of the numbers (count: of every value,
    text too). Rows and columns keep the frame's natural order; an empty
    frame (or no number to aggregate) gives an empty table."""
    if aggregate not in AGGREGATES or rows not in DIMENSIONS or (columns and columns not in DIMENSIONS):
        raise ValueError(f"unknown pivot: {rows} x {columns}, {aggregate}")
    data = frame.assign(_one=1.0)
    if aggregate != "count":
        data = data.dropna(subset=["value"])
    if data.empty:
        return pd.DataFrame()
    measure, func = ("_one", "sum") if aggregate == "count" else ("value", aggregate)
    table = data.pivot_table(index=rows, columns=columns or None, values=measure, aggfunc=func)
    if isinstance(table, pd.Series):
        table = table.to_frame(aggregate)
    if not columns:
        table.columns = [aggregate]
    table = table.reindex(index=list(data[rows].dropna().unique()))
    if columns:
        table = table.reindex(columns=list(data[columns].dropna().unique()))
        table.columns.name = None
    return table.fillna(0).astype(int) if aggregate == "count" else table
