"""Rules that compare a file with what is stored: the ≤ comparisons on the
values as they will stand after the merge, and the jump in a field from the
village's latest earlier period. Pure functions; located at the file's cells.
"""

from __future__ import annotations

import pandas as pd

from catalog.models import Catalog, Comparison
from catalog.periods import time_of
from i18n import fmt_number, fmt_percent
from loaders.problems import Problem, problem

KEY = ["form", "period", "entity"]


def _label(catalog: Catalog, form: str, field: str) -> tuple[str, str]:
    f = catalog.forms[form].field(field)
    return f.header_vi, f.header_en


def _num(value: float) -> tuple[str, str]:
    """A number as (Vietnamese, English) text for a problem message."""
    return fmt_number(value), fmt_number(value, "en")


def _cells(new: pd.DataFrame) -> dict[tuple, tuple]:
    """(form, period, entity, field) -> (sheet, row, column) of the file's cell."""
    keys = zip(new["form"], new["period"], new["entity"], new["field"])
    return dict(zip(keys, zip(new["sheet"], new["row"], new["column"])))


def compare_merged(new: pd.DataFrame, merged: pd.DataFrame, catalog: Catalog) -> list[Problem]:
    """Every comparison rule broken by a key the file touches, after the merge."""
    problems: list[Problem] = []
    if new.empty:
        return problems
    touched = new[KEY].drop_duplicates()
    wide = merged.merge(touched, on=KEY).pivot_table(index=KEY, columns="field", values="num", aggfunc="first")
    cells = _cells(new)
    for rule in catalog.rules.comparisons:
        if rule.left not in wide or rule.right not in wide:
            continue
        broken = wide[wide[rule.left] > wide[rule.right] + 1e-9]
        for key, row in broken.iterrows():
            if key[0] == rule.form:
                problems.append(_exceeds(rule, key, row, cells, catalog))
    return problems


def _exceeds(rule: Comparison, key: tuple, row: pd.Series, cells: dict, catalog: Catalog) -> Problem:
    sheet, line, column = cells.get((*key, rule.left)) or cells.get((*key, rule.right))
    return problem(
        "exceeds",
        severity=rule.severity,
        sheet=sheet,
        row=None if pd.isna(line) else int(line),
        column=column,
        field=rule.left,
        left_label=_label(catalog, rule.form, rule.left),
        left=_num(row[rule.left]),
        right_label=_label(catalog, rule.form, rule.right),
        right=_num(row[rule.right]),
    )


def check_changes(new: pd.DataFrame, history: pd.DataFrame, catalog: Catalog) -> list[Problem]:
    """A field that moves more than the rule allows from the same key's
    latest earlier period with a value (stored, or earlier in the file)."""
    problems: list[Problem] = []
    for rule in catalog.rules.changes:
        mine = new[(new["form"] == rule.form) & (new["field"] == rule.field)]
        if mine.empty:
            continue
        past = history[(history["form"] == rule.form) & (history["field"] == rule.field)] if len(history) else history
        pool = pd.concat([past[["entity", "period", "num"]], mine[["entity", "period", "num"]]]) if len(past) else mine
        pool = pool.drop_duplicates(["entity", "period"], keep="last").assign(t=lambda d: d["period"].map(time_of))
        for _, cell in mine.iterrows():
            found = _previous(pool, cell["entity"], time_of(cell["period"]))
            if found is not None and found[1] > 0 and abs(cell["num"] - found[1]) / found[1] > rule.max_change:
                problems.append(_change_problem(rule, cell, found, catalog))
    return problems


def _previous(pool: pd.DataFrame, entity: str, t: float) -> tuple[str, float] | None:
    earlier = pool[(pool["entity"] == entity) & (pool["t"] < t)].dropna(subset=["num"])
    if earlier.empty:
        return None
    last = earlier.loc[earlier["t"].idxmax()]
    return last["period"], float(last["num"])


def _change_problem(rule, cell: pd.Series, previous: tuple[str, float], catalog: Catalog) -> Problem:
    period, before = previous
    change = (cell["num"] - before) / before * 100
    return problem(
        "change_too_large",
        severity=rule.severity,
        sheet=cell["sheet"],
        row=None if pd.isna(cell["row"]) else int(cell["row"]),
        column=cell["column"],
        field=rule.field,
        label=_label(catalog, rule.form, rule.field),
        change=(
            ("+" if change > 0 else "") + fmt_percent(change, "vi", 0),
            ("+" if change > 0 else "") + fmt_percent(change, "en", 0),
        ),
        previous_period=period,
        previous=_num(before),
        value=_num(cell["num"]),
    )
