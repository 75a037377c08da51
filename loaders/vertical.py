"""Reading a vertical report: one village, one row per field (form 01 only).

Villages often send their report as a list: TT | Chỉ tiêu | Đơn vị tính |
Số liệu | Ghi chú, with section rows ("I", "Rác thải sinh hoạt") between the
items and the village named in the title ("THÔN LƯƠNG XÁ") or on a line
"Thôn: ...". Item labels are matched to fields by the same header rules as
columns; a problem is located at the value cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.models import Catalog, FormField
from catalog.periods import parse_period
from catalog.text import clean
from loaders.cells import Sheet, cell_text, folded, is_blank, is_number, text_keys
from loaders.collect import NO_PERIOD, Collector, Spot
from loaders.headers import HEADER_SCAN_ROWS, PERIOD_HEADERS, VILLAGE_FORM, field_index, match_keys
from loaders.periods import title_period
from loaders.registry import Resolution
from loaders.rows import is_blank_row, is_footer, is_numbering, is_total

LABEL_HEADER = re.compile(r"^(?:ten )?(?:chi tieu|noi dung|hang muc)\b")
VALUE_HEADER = re.compile(r"^(?:so lieu|ket qua|gia tri|so luong|thuc hien)\b")
OTHER_HEADERS = frozenset({"don vi tinh", "dvt", "don vi", "ghi chu", "tt", "stt"})
ITEM_LABEL = ("Chỉ tiêu", "Item")
_NUMBERING = re.compile(r"^\s*(?:(?:\d+\.)*\d+|[a-zđ]|[IVXLC]+)\s*[.):/-]\s*|^\s*[-+•*]\s*", re.IGNORECASE)
_VILLAGE_LINE = re.compile(r"^(tên thôn|mã thôn|thôn|khu dân cư|kdc)\s*[:：]\s*(.*)$", re.IGNORECASE)
_VILLAGE_TITLE = re.compile(r"\b(?:thôn|khu dân cư|kdc)\s+(.+)$", re.IGNORECASE)
_LINE_END = re.compile(r"\s*[,;(]|\s+-\s+")
NAME_PREFIX_WORDS = 3  # "Khu dân cư" before a name
_TITLE_TAIL_END = re.compile(r"\s+(?:(?:6|sáu)\s+tháng|năm\s+\d{4}|kỳ\b|giai đoạn|\d{4}\b)|\s*[-–(,:]", re.IGNORECASE)


@dataclass
class Vertical:
    """Where a vertical report's items, values and title are."""

    header_row: int
    label_col: int
    value_col: int


def item_field(label: str, catalog: Catalog) -> FormField | None:
    """The form-01 field an item label names, numbering like '1.' or 'a)' aside."""
    text = _NUMBERING.sub("", label, count=1)
    return match_keys(text_keys(text), field_index(catalog)).get(VILLAGE_FORM)


def find_vertical(sheet: Sheet, catalog: Catalog) -> Vertical | None:
    """A header row 'Chỉ tiêu ... Số liệu' with at least one form-01 item under it."""
    for r in range(min(HEADER_SCAN_ROWS, len(sheet.rows))):
        heads = {c: folded(v.strip()) for c, v in enumerate(sheet.rows[r]) if isinstance(v, str) and v.strip()}
        label_col = next((c for c, h in heads.items() if LABEL_HEADER.match(h)), None)
        if label_col is None:
            continue
        right = [c for c in heads if c > label_col]
        value_col = next((c for c in right if VALUE_HEADER.match(heads[c])), None)
        if value_col is None:
            value_col = next((c for c in right if heads[c] not in OTHER_HEADERS), None)
        if value_col is not None and _has_item(sheet, r, label_col, catalog):
            return Vertical(r, label_col, value_col)
    return None


def _has_item(sheet: Sheet, header_row: int, label_col: int, catalog: Catalog) -> bool:
    for i in range(header_row + 1, len(sheet.rows)):
        label = sheet.text(i, label_col)
        f = item_field(label, catalog) if label else None
        if f is not None and f.role == "value":
            return True
    return False


class VerticalReader:
    """One village's vertical report, read into a Collector."""

    def __init__(self, sheet: Sheet, layout: Vertical, collector: Collector):
        self.sheet, self.layout, self.c = sheet, layout, collector
        self.form = collector.catalog.forms[VILLAGE_FORM]
        self.items: list[tuple[int, FormField | None, str]] = []  # row, field, label
        self.labelled: dict[str, tuple[int, str]] = {}  # village/period label rows: key -> (row, value)
        self._scan()

    def _spot(self, i: int, col: int) -> Spot:
        return Spot(self.sheet.name, self.sheet.excel_row(i), self.sheet.excel_col(col))

    def _scan(self) -> None:
        """Collect the item rows up to the footer, and the rows naming village or period."""
        lc, vc = self.layout.label_col, self.layout.value_col
        for i in range(self.layout.header_row + 1, len(self.sheet.rows)):
            row = self.sheet.rows[i]
            if is_blank_row(row):
                continue
            value = self.sheet.cell(i, vc)
            if is_footer(row) and not is_number(value):
                break
            label = self.sheet.text(i, lc)
            if not label or is_total(row) or is_numbering(row):
                continue
            f = item_field(label, self.c.catalog)
            if f is not None and f.role == "key":
                self.labelled.setdefault(f.id, (i, cell_text(value)))
            elif f is None and folded(label) in PERIOD_HEADERS:
                self.labelled.setdefault("period", (i, value))
            else:
                self.items.append((i, f, label))

    def read(self) -> None:
        period = self._period()
        code = self._village(period)
        target = (period, code, code) if period is not None and code is not None else None
        if target is not None:
            self.c.periods.add(period)
        seen: dict[str, int] = {}
        read_any = False
        for i, f, label in self.items:
            raw = self.sheet.cell(i, self.layout.value_col)
            spot = self._spot(i, self.layout.value_col)
            if is_blank(raw):
                if f is not None:
                    values = self.c.values(VILLAGE_FORM, f, spot.sheet, spot.column)
                    formula = (i, self.layout.value_col)
                    if formula in self.sheet.formulas:
                        self.c.note_formula(values, spot.row, self.sheet.formulas[formula])
                    else:
                        self.c.note_blank(values, target, spot.row)
                continue
            read_any = True
            if f is None:
                self.c.report("row_ignored", spot, label=clean(label), form=VILLAGE_FORM)
            elif f.id in seen:
                self.c.report(
                    "duplicate_key",
                    spot,
                    f.id,
                    label=ITEM_LABEL,
                    key=clean(label),
                    period=period or NO_PERIOD,
                    other_row=str(self.sheet.excel_row(seen[f.id])),
                )
            else:
                seen[f.id] = i
                self.c.read(self.c.values(VILLAGE_FORM, f, spot.sheet, spot.column), raw, spot.row, target)
        self.c.forms.add(VILLAGE_FORM)
        self.c.rows += int(read_any)
        if not read_any:
            self.c.report(
                "no_data_rows", Spot(self.sheet.name), sheet_name=self.sheet.name or self.c.file_name, form=VILLAGE_FORM
            )

    # -- period --------------------------------------------------------------

    def _period(self) -> str | None:
        """A 'Kỳ báo cáo' item, else the title or the value column's header
        ('Số liệu 6 tháng đầu năm 2026'), else the chosen period."""
        if "period" in self.labelled:
            i, raw = self.labelled["period"]
            spot = self._spot(i, self.layout.value_col)
            code = parse_period(raw)
            if code is None:
                self.c.report("period_invalid", spot, value=cell_text(raw))
                return None
            found = (code, spot)
        else:
            found = title_period(self.sheet, range(self.layout.header_row + 1))
        if found is None:
            if self.c.chosen_period is None:
                self.c.report("period_unknown", Spot(self.sheet.name))
            return self.c.chosen_period
        self.c.note_period(*found)
        return found[0]

    # -- village -------------------------------------------------------------

    def _village(self, period: str | None) -> str | None:
        found = self._village_line() or self._village_item() or self._village_title()
        if found is None:
            self.c.report("village_missing", Spot(self.sheet.name), "village_name")
            return None
        resolution, spot = found
        if resolution.code is None:
            self.c.problems.append(resolution.as_problem(**spot._asdict(), field="village_name"))
            return None
        if period is not None:
            name_field = self.form.field("village_name")
            self.c.check_repeat(VILLAGE_FORM, period, resolution.code, spot, name_field, resolution.name or resolution.code)
        return resolution.code

    def _title_cells(self):
        for r in range(self.layout.header_row):
            for c, value in enumerate(self.sheet.rows[r]):
                if isinstance(value, str) and value.strip():
                    yield r, c, clean(value)

    def _village_line(self) -> tuple[Resolution, Spot] | None:
        """A line 'Thôn: X' (or 'Mã thôn: X', or the name in the next cell)."""
        for r, c, text in self._title_cells():
            match = _VILLAGE_LINE.match(text)
            if not match:
                continue
            written, col = match.group(2).strip(), c
            if not written:
                col = next((j for j in range(c + 1, len(self.sheet.rows[r])) if self.sheet.text(r, j)), c)
                written = cell_text(self.sheet.cell(r, col))
            if written:
                spot = Spot(self.sheet.name, self.sheet.excel_row(r), self.sheet.excel_col(col))
                if folded(match.group(1)) == "ma thon":
                    return self.c.registry.resolve(None, written), spot
                return self._longest_name(_LINE_END.split(written, maxsplit=1)[0]), spot
        return None

    def _village_item(self) -> tuple[Resolution, Spot] | None:
        """Items 'Tên thôn' / 'Mã thôn' inside the list."""
        name = self.labelled.get("village_name")
        code = self.labelled.get("village_code")
        if not (name and name[1]) and not (code and code[1]):
            return None
        i = (name if name and name[1] else code)[0]
        resolution = self.c.registry.resolve(name[1] if name else None, code[1] if code else None)
        return resolution, self._spot(i, self.layout.value_col)

    def _village_title(self) -> tuple[Resolution, Spot] | None:
        """A title naming the village: 'BÁO CÁO ... THÔN LƯƠNG XÁ 6 THÁNG ...'."""
        for r, c, text in self._title_cells():
            match = _VILLAGE_TITLE.search(text)
            if not match:
                continue
            tail = _TITLE_TAIL_END.split(" " + match.group(1), maxsplit=1)[0].strip()
            if tail:
                spot = Spot(self.sheet.name, self.sheet.excel_row(r), self.sheet.excel_col(c))
                return self._longest_name(tail), spot
        return None

    def _longest_name(self, tail: str) -> Resolution:
        """The longest start of the text that names a village (titles and lines
        go on after the name: 'Lương Xá xã Cẩm Giàng'). No name is longer than
        the registry's longest with a 'Khu dân cư' before it, so only that many
        starts are tried: a 32,767-character line costs no more than a short one."""
        words = tail.split()[: self.c.registry.most_words + NAME_PREFIX_WORDS]
        for n in range(len(words), 0, -1):
            resolution = self.c.registry.resolve(" ".join(words[:n]), None)
            if resolution.problem != "village_unknown":
                return resolution
        return self.c.registry.resolve(tail, None)
