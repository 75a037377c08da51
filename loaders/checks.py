"""Rules that compare a file with what is stored: the ≤ comparisons on the
values as they will stand after the merge, the jump in a field from the
key's latest earlier period, and a value reported earlier that is blank
now. Pure functions over value records (see store/merge.py); every problem
is located at the file's cell.
"""

from __future__ import annotations

from collections import defaultdict

from catalog.models import Catalog, Change, Comparison
from catalog.periods import time_of
from i18n import fmt_number, fmt_percent
from loaders.cells import number_param
from loaders.problems import Problem, problem

Record = dict


def _label(catalog: Catalog, form: str, field: str) -> tuple[str, str]:
    f = catalog.forms[form].field(field)
    return f.header_vi, f.header_en


def _num(value: float) -> tuple[str, str]:
    """A number as (Vietnamese, English) text for a problem message."""
    return fmt_number(value), fmt_number(value, "en")


def _where(record: Record) -> dict:
    return {"sheet": record["sheet"], "row": record["row"], "column": record["column"]}


def compare_merged(new: list[Record], merged: list[Record], catalog: Catalog) -> list[Problem]:
    """Every comparison rule broken by a key the file touches, after the merge."""
    cells = {(r["form"], r["period"], r["entity"], r["field"]): r for r in new}
    touched = {key[:3] for key in cells}
    wide: dict[tuple, dict[str, float]] = defaultdict(dict)
    for r in merged:
        key = (r["form"], r["period"], r["entity"])
        if key in touched and r["num"] is not None:
            wide[key][r["field"]] = r["num"]
    problems = []
    for rule in catalog.rules.comparisons:
        for key, row in wide.items():
            if key[0] == rule.form and row.get(rule.left, 0) > row.get(rule.right, float("inf")) + 1e-9:
                cell = cells.get((*key, rule.left)) or cells.get((*key, rule.right))
                if cell:  # else the file did not cause it
                    problems.append(_exceeds(rule, row, cell, catalog))
    return problems


def _exceeds(rule: Comparison, row: dict[str, float], cell: Record, catalog: Catalog) -> Problem:
    return problem(
        "exceeds",
        severity=rule.severity,
        field=rule.left,
        left_label=_label(catalog, rule.form, rule.left),
        left=_num(row[rule.left]),
        right_label=_label(catalog, rule.form, rule.right),
        right=_num(row[rule.right]),
        **_where(cell),
    )


def check_locations(new: list[Record], merged: list[Record], catalog: Catalog) -> list[Problem]:
    """Each place the file touches, as it will stand after the merge: both
    coordinates or neither, and inside the commune's outline give or take
    the rule's margin (no map of the commune: nothing to check against)."""
    from maps.boundaries import commune_outline, distance_km

    problems = []
    for rule in catalog.rules.locations:
        pair = (rule.latitude, rule.longitude)
        cells = {(r["period"], r["entity"], r["field"]): r for r in new if r["form"] == rule.form and r["field"] in pair}
        touched = {key[:2] for key in cells}
        places: dict[tuple, dict[str, float]] = {key: {} for key in touched}
        for r in merged:
            if r["form"] == rule.form and r["field"] in pair and r["num"] is not None and (r["period"], r["entity"]) in touched:
                places[(r["period"], r["entity"])][r["field"]] = r["num"]
        outline = commune_outline(catalog.commune.code) if places else None
        for key, place in places.items():
            cell = cells.get((*key, rule.latitude)) or cells[(*key, rule.longitude)]
            if len(place) < 2:
                missing = rule.longitude if rule.latitude in place else rule.latitude
                label = _label(catalog, rule.form, missing)
                problems.append(
                    problem("location_incomplete", severity=rule.severity, field=missing, label=label, **_where(cell))
                )
                continue
            away = distance_km(outline, place[rule.latitude], place[rule.longitude]) if outline is not None else 0.0
            if away > rule.margin_km:
                problems.append(
                    problem(
                        "location_outside",
                        severity=rule.severity,
                        field=cell["field"],
                        latitude=number_param(place[rule.latitude]),
                        longitude=number_param(place[rule.longitude]),
                        distance=_num(round(away, 1)),
                        commune=(catalog.commune.name_vi, catalog.commune.name_en),
                        **_where(cell),
                    )
                )
    return problems


def check_changes(new: list[Record], history: list[Record], catalog: Catalog) -> list[Problem]:
    """A field that moves more than the rule allows from the same key's
    latest earlier period with a value (stored, or earlier in the file)."""
    problems = []
    for rule in catalog.rules.changes:
        mine = [r for r in new if r["form"] == rule.form and r["field"] == rule.field and r["num"] is not None]
        known: dict[tuple[str, str], float] = {
            (r["entity"], r["period"]): r["num"] for r in history if r["form"] == rule.form and r["field"] == rule.field
        }
        known.update({(r["entity"], r["period"]): r["num"] for r in mine})
        for cell in mine:
            previous = _previous(known, cell["entity"], time_of(cell["period"]))
            if previous and previous[1] > 0 and abs(cell["num"] - previous[1]) / previous[1] > rule.max_change:
                problems.append(_change_problem(rule, cell, previous, catalog))
    return problems


def _previous(known: dict[tuple[str, str], float], entity: str, t: float) -> tuple[str, float] | None:
    earlier = [(time_of(p), p, v) for (e, p), v in known.items() if e == entity and v is not None and time_of(p) < t]
    return max(earlier)[1:] if earlier else None


def _change_problem(rule: Change, cell: Record, previous: tuple[str, float], catalog: Catalog) -> Problem:
    period, before = previous
    change = (cell["num"] - before) / before * 100
    sign = "+" if change > 0 else ""
    return problem(
        "change_too_large",
        severity=rule.severity,
        field=rule.field,
        label=_label(catalog, rule.form, rule.field),
        change=(sign + fmt_percent(change, "vi", 0), sign + fmt_percent(change, "en", 0)),
        previous_period=period,
        previous=_num(before),
        value=_num(cell["num"]),
        **_where(cell),
    )


def check_blanks(blanks: list[tuple], stored: list[Record], catalog: Catalog) -> list[Problem]:
    """A field reported for the period that the file now leaves blank: the
    stored value stays (a blank never erases), but the official is told."""
    reported = {(r["form"], r["period"], r["entity"], r["field"]) for r in stored}
    return [
        problem(
            "value_blank_now", sheet=sheet, row=row, column=column, field=field, label=_label(catalog, form, field), period=period
        )
        for form, period, entity, field, sheet, row, column in blanks
        if (form, period, entity, field) in reported
    ]
