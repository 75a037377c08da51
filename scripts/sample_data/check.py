"""The read-back check (--check): every file's own promises, every cell
re-read from disk with python-calamine (the CSV through its encoding) as
written, every fact as meant, and the catalog's rules on the values as
they stand after merging every file, as the store merges them. Merged as
meant, without reading back, the same values tell docs/sample-data.md's
story."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from catalog import load_catalog
from catalog.periods import parse_period, time_of
from catalog.text import fold
from scripts.sample_data.grids import Fact, form_of
from scripts.sample_data.vi_numbers import parse_vi_number
from scripts.sample_data.writers import TONE_MARKS, OutFile

Rows = dict[str, dict[str, object]]  # key -> field -> value


@dataclass
class Store:
    """Values as they stand after merging every file, as the store merges them."""

    tables: dict[tuple[str, str | None], Rows] = field(default_factory=dict)

    def rows(self, form: str, period: str | None) -> Rows:
        return self.tables.get((form, period), {})

    def periods(self, form: str) -> list[str]:
        return sorted({p for f, p in self.tables if f == form and p}, key=time_of)

    def add(self, out: OutFile, pairs: Iterable[tuple[Fact, object]]) -> None:
        """Merge one file's values: 00/01 by field, 04 by row, 02/03/05 whole registers."""
        merge = load_catalog().forms[out.form].merge
        mine: dict[tuple[str, str | None], Rows] = {}
        for fact, value in pairs:
            if fact.field != "period":
                mine.setdefault((fact.form, fact.period), {}).setdefault(fact.key, {})[fact.field] = value
        for slot, rows in mine.items():
            target = self.tables.setdefault(slot, {})
            if merge == "register":
                self.tables[slot] = rows
            for key, values in rows.items():
                if merge == "village_field":
                    target.setdefault(key, {}).update(values)
                elif merge == "row":
                    target[key] = values


def read_sheets(path: Path, out: OutFile) -> list[list[list[object]]]:
    """Each grid's rows as read from disk: calamine, or the CSV decoded and NFC'd."""
    if path.suffix.lower() == ".csv":
        text = path.read_bytes().decode(out.encoding)
        if out.encoding == "cp1258":
            assert any(ch in TONE_MARKS for ch in text), f"{path.name}: no combining tone marks"
        return [list(csv.reader(io.StringIO(unicodedata.normalize("NFC", text)), delimiter=";"))]
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return [book.get_sheet_by_name(g.name).to_python(skip_empty_area=False) for g in out.grids]


def _cell(sheet: list[list[object]], row: int, col: int) -> object:
    return sheet[row][col] if row < len(sheet) and col < len(sheet[row]) else ""


def same(expected: object, actual: object) -> bool:
    if expected is None or expected == "":
        return actual in ("", None)
    if isinstance(expected, (int, float)):
        return isinstance(actual, (int, float)) and abs(float(actual) - expected) <= 1e-9 * max(1.0, abs(expected))
    return isinstance(actual, str) and unicodedata.normalize("NFC", actual) == expected


def read_value(fact: Fact, actual: object) -> object:
    """The meaning of a read cell: a number, an enum id, a period code, text."""
    if fact.field == "period":
        return parse_period(actual)
    fld = form_of(fact.form).field(fact.field)
    if fld.kind == "enum":
        return load_catalog().enum_lookup(fld.enum).get(fold(actual))
    if fld.numeric:
        return parse_vi_number(actual) if isinstance(actual, str) else actual
    return actual


def read_back(out_dir: Path, out: OutFile) -> list[tuple[Fact, object]]:
    """Re-read one file; every cell must be as written, every fact as meant."""
    sheets = read_sheets(out_dir / out.name, out)
    pairs = []
    for grid, sheet in zip(out.grids, sheets):
        for (r, c), expected in grid.cells.items():
            actual = _cell(sheet, r, c)
            assert same(expected, actual), f"{out.name}/{grid.name} R{r + 1}C{c + 1}: wrote {expected!r}, read {actual!r}"
        for fact in grid.facts:
            value = read_value(fact, _cell(sheet, fact.row, fact.col))
            assert same(fact.value, value), f"{out.name} {fact.key}.{fact.field}: meant {fact.value!r}, read {value!r}"
            pairs.append((fact, value))
    return pairs


def check_file(out: OutFile) -> None:
    """A file's own promises: its period can be known, no key twice a period."""
    seen: set[tuple[str | None, str]] = set()
    for grid in out.grids:
        rows = {(f.period, f.key) for f in grid.facts}
        assert not rows & seen, f"{out.name}: a key twice for one period"
        seen |= rows
    if out.period_from == "title":
        first = min((f.row for f in out.grids[0].facts), default=0)
        found = {parse_period(v) for (r, _), v in out.grids[0].cells.items() if r < first and isinstance(v, str)} - {None}
        assert found == set(out.periods), f"{out.name}: title gives {found}, meant {out.periods}"
    for fact in out.facts():
        check_kind(out.name, fact)


def check_kind(name: str, fact: Fact) -> None:
    """Whole numbers ≥ 0, decimals ≥ 0, percents 0-100, enums valid."""
    if fact.field == "period":
        return
    fld = form_of(fact.form).field(fact.field)
    value = fact.value
    if fld.kind == "integer":
        assert isinstance(value, int) and value >= 0, f"{name}: {fact.field}={value!r}"
    elif fld.kind in ("decimal", "percent"):
        assert isinstance(value, (int, float)) and value >= 0, f"{name}: {fact.field}={value!r}"
        assert fld.kind != "percent" or value <= 100, f"{name}: {fact.field}={value!r}"
    elif fld.kind == "enum":
        assert value in {e.id for e in load_catalog().enums[fld.enum]}, f"{name}: {fact.field}={value!r}"


def resolve(name: str, registry: Rows) -> set[str]:
    """Codes a written village name fits: name, alias, or folded without 'Thôn'."""

    def bare(text: str) -> str:
        folded = fold(text)
        for prefix in ("thon ", "khu dan cu ", "kdc "):
            folded = folded.removeprefix(prefix)
        return folded

    exact = {code for code, v in registry.items() if name in (v["village_name"], *_aliases(v))}
    return exact or {code for code, v in registry.items() if bare(name) in {bare(v["village_name"]), *map(bare, _aliases(v))}}


def _aliases(values: dict[str, object]) -> list[str]:
    return [a.strip() for a in str(values.get("aliases") or "").split(";") if a.strip()]


def check_rules(store: Store, pairs_by_file: Sequence[tuple[OutFile, list[tuple[Fact, object]]]]) -> None:
    """Every comparison, change and blank rule of the catalog, after merging."""
    catalog = load_catalog()
    registry = store.rows("00", None)
    for out, pairs in pairs_by_file:
        for fact, value in pairs:
            if fact.field == "village_name":
                assert resolve(str(value), registry) == {fact.key}, f"{out.name}: {value!r} is not {fact.key}"
            if fact.field == "village" and value is not None:
                assert len(resolve(str(value), registry)) == 1, f"{out.name}: village {value!r} unknown or ambiguous"
    for (form, period), rows in store.tables.items():
        for key, values in rows.items():
            for rule in catalog.rules.comparisons:
                if rule.form == form and values.get(rule.left) is not None and values.get(rule.right) is not None:
                    assert values[rule.left] <= values[rule.right] + 1e-9, f"{form} {period} {key}: {rule.left} > {rule.right}"
        if form == "01":
            assert set(rows) <= set(registry), f"01 {period}: unknown villages {set(rows) - set(registry)}"
    for code in registry:
        check_village_history(store, code)
    for period in store.periods("04"):
        rows = store.rows("04", period)
        assert {t.id for t in catalog.tasks} <= set(rows), f"04 {period}: tasks missing"
        assert all(v.get("task_name") for k, v in rows.items() if catalog.task(k) is None), "a new task without a name"


def check_village_history(store: Store, code: str) -> None:
    """households_total moves < max_change; no field reported before is blank now."""
    catalog = load_catalog()
    value_ids = {f.id for f in form_of("01").value_fields}
    seen: set[str] = set()
    last: dict[str, float] = {}
    for period in store.periods("01"):
        values = store.rows("01", period).get(code)
        if values is None:
            continue
        reported = set(values) & value_ids
        assert not seen - reported, f"01 {period} {code}: blank now {seen - reported}"
        seen |= reported
        for change in catalog.rules.changes:
            if change.form == "01" and change.field in values:
                if change.field in last:
                    moved = abs(values[change.field] - last[change.field]) / last[change.field]
                    assert moved <= change.max_change, f"01 {period} {code}: {change.field} moved {moved:.0%}"
                last[change.field] = values[change.field]


def collect(files: Sequence[OutFile], out_dir: Path | None) -> Store:
    """Merge the files' values: as meant (out_dir None) or as read back from disk."""
    store = Store()
    pairs_by_file = []
    for out in files:
        check_file(out)
        pairs = read_back(out_dir, out) if out_dir else [(f, f.value) for f in out.facts()]
        store.add(out, pairs)
        pairs_by_file.append((out, pairs))
    check_rules(store, pairs_by_file)
    return store
