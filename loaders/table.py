"""Reading a horizontal table: one data row per village, task, cluster, work or cell.

Rows under the header are read until the signature footer; blank, total,
column-number and label-only rows are passed over. Each data row's key is
resolved (villages through the registry, tasks through the catalog) and
checked for repeats within the period. Then each column is read down the
data rows: a numeric cell that is already a valid number costs one append,
anything else goes through the field's full reading. A blank cell adds
nothing: blank means not reported.
"""

from __future__ import annotations

import math
from enum import Enum

from catalog.periods import parse_period
from catalog.text import clean, fold
from loaders.cells import Sheet, cell_text, folded, is_blank, is_number
from loaders.collect import Collector, Spot, Target
from loaders.fields import Issue, Value, label
from loaders.headers import Column, Layout
from loaders.periods import sheet_period
from loaders.registry import Resolution
from loaders.rows import FOOTER_START, TOTAL_WORDS, first_text, is_date_line, is_numbering

DataRow = tuple[int, list[object], Target | None]  # grid index, cells, whose values (None: lost)


class Kind(Enum):
    SKIP = 0
    STOP = 1
    DATA = 2
    KEYLESS = 3


def _filled(value: object) -> bool:
    return value is not None and value != "" and not (isinstance(value, str) and not value.strip())


class TableReader:
    """One sheet laid out as a Layout, read into a Collector."""

    def __init__(self, sheet: Sheet, layout: Layout, collector: Collector):
        self.sheet, self.layout, self.c = sheet, layout, collector
        self.form = layout.form
        self.value_cols = [c for c in layout.columns if c.field.role == "value"]
        self.key_cols = [c for c in layout.columns if c.field.role == "key"]
        self._value_idx = [c.index for c in self.value_cols]
        # A row filled only in fields that name it (catalog: names_only) reports nothing.
        self._report_idx = [c.index for c in self.value_cols if not c.field.names_only]
        self._key_idx = [c.index for c in self.key_cols]
        self._by_field = {c.field.id: c for c in layout.columns}
        self._fallback: str | None = None
        self._fallback_known = False
        self._periods: dict[object, str | None] = {}
        self._villages: dict[tuple[str, str], Resolution] = {}
        # Rows the catalog names already (a known task): a name written there is
        # a check, not a value, so a template's pre-filled name changes nothing.
        self._named: set[int] = set()

    def read(self) -> None:
        self._report_layout()
        rows = self._data_rows()
        for col in self.value_cols:
            self._read_column(col, rows)
        self.c.forms.add(self.form.id)
        self.c.rows += len(rows)
        if not rows:
            name = self.sheet.name or self.c.file_name
            self.c.report("no_data_rows", Spot(self.sheet.name), sheet_name=name, form=self.form.id)

    def _spot(self, i: int, col: int) -> Spot:
        return Spot(self.sheet.name, self.sheet.excel_row(i), self.sheet.excel_col(col))

    def _report_layout(self) -> None:
        r = self.layout.header_row
        for col, header in self.layout.ignored:
            self.c.report("column_ignored", self._spot(r, col), header=clean(header), form=self.form.id)
        for repeat, first in self.layout.duplicates:
            other = self.sheet.excel_col(first.index)
            params = {"header": clean(repeat.header), "other": other, "label": label(repeat.field)}
            self.c.report("column_duplicate", self._spot(r, repeat.index), repeat.field.id, **params)

    # -- rows ----------------------------------------------------------------

    def _data_rows(self) -> list[DataRow]:
        """The data rows up to the footer, each with its target (period, entity, village)."""
        found: list[DataRow] = []
        for i in range(self.layout.data_row, len(self.sheet.rows)):
            row = self.sheet.rows[i]
            kind = self._kind(row)
            if kind is Kind.STOP:
                break
            if kind is Kind.DATA:
                found.append((i, row, self._target(i, row)))
            elif kind is Kind.KEYLESS:
                key = self.key_cols[0]
                self.c.report("key_missing", self._spot(i, key.index), key.field.id, label=label(key.field))
                found.append((i, row, None))
        return found

    def _kind(self, row: list[object]) -> Kind:
        """What a row under the header is (DOMAIN.md, "Around the table")."""
        first = first_text(row)
        footer = first and (FOOTER_START.match(first + " ") or is_date_line(first))
        if footer and not any(is_number(row[c]) for c in self._value_idx if c < len(row)):
            return Kind.STOP
        if first in TOTAL_WORDS:
            return Kind.SKIP
        size = len(row)
        if not any(c < size and _filled(row[c]) for c in self._report_idx) or is_numbering(row):
            return Kind.SKIP
        if any(c < size and _filled(row[c]) for c in self._key_idx):
            return Kind.DATA
        values = [(col, row[col.index]) for col in self.value_cols if col.index < size and _filled(row[col.index])]
        return Kind.KEYLESS if any(self._identifying(c, raw) for c, raw in values) else Kind.SKIP

    def _identifying(self, col: Column, raw: object) -> bool:
        """A keyless row is data missing its key, not a note or a unit line,
        when it holds a required field or a readable number, choice or date."""
        if col.field.required:
            return True
        return col.field.kind != "text" and not isinstance(self.c.fields.read(col.field, raw), Issue)

    def _target(self, i: int, row: list[object]) -> Target | None:
        period = self._period(i, row)
        keyed = self._entity(i, row, period)
        if period is None or keyed is None:
            return None
        if period:
            self.c.periods.add(period)
        return (period, *keyed)

    # -- columns -------------------------------------------------------------

    def _read_column(self, col: Column, rows: list[DataRow]) -> None:
        """Read one column down the data rows into the collector."""
        values = self.c.values(self.form.id, col.field, self.sheet.name, self.sheet.excel_col(col.index))
        index, kind, top = col.index, col.field.kind, self.sheet.top + 1
        if kind == "village":
            for i, row, target in rows:
                if target is not None and target[2] is not None and index < len(row) and _filled(row[index]):
                    values.add(target, Value(text=target[2]), top + i)
            return
        quick = kind in ("integer", "decimal")  # percents and coordinates have ranges to check
        whole = kind == "integer"
        targets, nums, texts, lines = values.targets, values.nums, values.texts, values.rows
        if col.field.names_only:
            rows = [r for r in rows if r[0] not in self._named]
        for i, row, target in rows:
            raw = row[index] if index < len(row) else None
            if (
                quick
                and raw.__class__ is float
                and target is not None
                and 0 <= raw < math.inf
                and (not whole or raw.is_integer())
            ):
                targets.append(target)  # the common case, kept to four appends
                nums.append(raw)
                texts.append(None)
                lines.append(top + i)
            elif raw is not None and raw != "" and _filled(raw):
                self.c.read(values, raw, top + i, target)
            elif (i, index) in self.sheet.formulas:
                self.c.note_formula(values, top + i, self.sheet.formulas[i, index])
            else:
                self.c.note_blank(values, target, top + i)
        if kind == "percent":
            self.c.settle_percents(values, self.sheet.excel_row(self.layout.header_row))

    # -- period --------------------------------------------------------------

    def _period(self, i: int, row: list[object]) -> str | None:
        """The row's period: its period cell, else the sheet's (title or chosen)."""
        if not self.form.has_period:
            return ""
        col = self.layout.period_col
        raw = row[col] if col is not None and col < len(row) else ""
        if is_blank(raw):
            return self._sheet_period()
        if raw not in self._periods:
            self._periods[raw] = parse_period(raw)
        code = self._periods[raw]
        if code is None:
            self.c.report("period_invalid", self._spot(i, col), value=cell_text(raw))
        else:
            self.c.note_period(code, self._spot(i, col))
        return code

    def _sheet_period(self) -> str | None:
        if not self._fallback_known:
            self._fallback_known = True
            self._fallback = sheet_period(self.sheet, range(self.layout.header_row), self.c)
            if self._fallback is None:
                self.c.report("period_unknown", Spot(self.sheet.name))
        return self._fallback

    # -- keys ----------------------------------------------------------------

    def _key_cell(self, row: list[object], field_id: str) -> tuple[Column | None, str]:
        col = self._by_field.get(field_id)
        raw = row[col.index] if col is not None and col.index < len(row) else ""
        return col, cell_text(raw)

    def _entity(self, i: int, row: list[object], period: str | None) -> tuple[str, str | None] | None:
        """(entity, village) of a data row, or None when its key is wrong."""
        form = self.form.id
        if form == "01":
            return self._village_row(i, row, period)
        if form == "00":
            return self._registry_row(i, row)
        key_col, key = self._key_cell(row, self.form.key[0])
        if form == "04":
            key = self._task(i, row, key_col, key)
        village = self._work_village(i, row) if form == "03" else None
        if village is False:
            return None
        if period is not None:
            self._check_repeat(period, key.casefold() if form == "04" else folded(key), i, key_col, key)
        return key, village or None

    def _check_repeat(self, period: str, key: str, i: int, col: Column, written: str) -> None:
        self.c.check_repeat(self.form.id, period, key, self._spot(i, col.index), col.field, written)

    def _registry_row(self, i: int, row: list[object]) -> tuple[str, str]:
        code_col, code = self._key_cell(row, "village_code")
        name_col, name = self._key_cell(row, "village_name")
        if not name:
            self.c.report("key_missing", self._spot(i, name_col.index), "village_name", label=label(name_col.field))
        self._check_repeat("", code.casefold(), i, code_col, code)
        return code, code

    def _village_row(self, i: int, row: list[object], period: str | None) -> tuple[str, str] | None:
        name_col, name = self._key_cell(row, "village_name")
        code_col, code = self._key_cell(row, "village_code")
        if (name, code) not in self._villages:
            self._villages[name, code] = self.c.registry.resolve(name or None, code or None)
        resolution = self._villages[name, code]
        where = name_col if name and name_col is not None else code_col
        if resolution.code is None:
            self.c.problems.append(resolution.as_problem(**self._spot(i, where.index)._asdict(), field=where.field.id))
            return None
        if period is not None:
            self._check_repeat(period, resolution.code, i, where, name or code)
        return resolution.code, resolution.code

    def _work_village(self, i: int, row: list[object]) -> str | bool | None:
        """The village a public work names (form 03): its code, None when the
        cell is blank, False when the name does not resolve."""
        col, written = self._key_cell(row, "village")
        if not written:
            return None
        registry = self.c.registry
        resolution = registry.resolve(written, None)
        known = registry.village(written)
        if resolution.code is None and known is not None:
            return known.code
        if resolution.code is None:
            self.c.problems.append(resolution.as_problem(**self._spot(i, col.index)._asdict(), field=col.field.id))
            return False
        return resolution.code

    def _task(self, i: int, row: list[object], key_col: Column, written: str) -> str:
        """The task id as the catalog spells it; a new id needs a name, a known
        id's name should be the catalog's."""
        task = next((t for t in self.c.catalog.tasks if t.id.casefold() == written.casefold()), None)
        name_col, name = self._key_cell(row, "task_name")
        if task is None:
            if not name:
                self.c.report("task_name_missing", self._spot(i, key_col.index), "task_name", task=written)
            return written
        self._named.add(i)
        if name and fold(name) not in (fold(task.name_vi), fold(task.name_en)):
            params = {"name": name, "task": task.id, "catalog_name": task.name_vi}
            self.c.report("task_name_differs", self._spot(i, name_col.index), "task_name", **params)
        return task.id
