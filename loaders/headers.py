"""Finding a form's header row under title rows, and which column is which field.

Files come with title rows above the table, units in headers, two-row
headers whose group cell is merged over sub-headers, columns in any order
and extra columns. Each of the first rows is tried as the header: its cells
(and, for a two-row header, group + sub-header) are matched to the fields of
every form through catalog header keys, and the first row where a form's
key and values are found is the header (DOMAIN.md, "How files look").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog.models import Catalog, Form, FormField
from catalog.text import strip_trailing_parens
from loaders.cells import Sheet, folded, text_keys

HEADER_SCAN_ROWS = 30
TT_HEADERS = frozenset({"tt", "stt", "so tt", "so thu tu"})
PERIOD_HEADERS = frozenset({"nam", "ki bao cao", "ki", "nam bao cao", "thoi ki bao cao", "period", "year"})
VILLAGE_FORM = "01"
REGISTRY_FORM = "00"

FieldIndex = dict[str, list[tuple[str, FormField]]]
_INDEXES: dict[int, tuple[Catalog, FieldIndex]] = {}


def field_index(catalog: Catalog) -> FieldIndex:
    """Folded header key -> the (form id, field) pairs it names, per catalog."""
    cached = _INDEXES.get(id(catalog))
    if cached and cached[0] is catalog:
        return cached[1]
    index: FieldIndex = {}
    for form_id, form in catalog.forms.items():
        for f in form.fields:
            keys = f.keys()
            for key in keys:
                index.setdefault(key, []).append((form_id, f))
    _INDEXES[id(catalog)] = (catalog, index)
    return index


def match_keys(keys: frozenset[str], index: FieldIndex) -> dict[str, FormField]:
    """Form id -> the field these header keys name in that form."""
    found: dict[str, FormField] = {}
    for key in keys:
        for form_id, f in index.get(key, ()):
            found.setdefault(form_id, f)
    return found


@dataclass
class Column:
    index: int
    field: FormField
    header: str


@dataclass
class Layout:
    """A horizontal table: one data row per key, one column per field."""

    form: Form
    header_row: int
    data_row: int
    columns: list[Column]
    period_col: int | None = None
    duplicates: list[tuple[Column, Column]] = field(default_factory=list)  # (repeat, first)
    ignored: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Head:
    """What one column's header says: its own text, and group + sub-header."""

    col: int
    text: str
    combo: str
    own: dict[str, FormField]
    paired: dict[str, FormField]

    def pick(self, form_id: str) -> FormField | None:
        return self.paired.get(form_id) or self.own.get(form_id)

    def two_row(self, form_id: str) -> bool:
        """This column needs the sub-header row to name its field."""
        return form_id in self.paired and form_id not in self.own


def find_layout(sheet: Sheet, catalog: Catalog) -> Layout | None:
    """The first row under the title that is a form's header, as a Layout."""
    index = field_index(catalog)
    for r in range(min(HEADER_SCAN_ROWS, len(sheet.rows))):
        heads = _heads(sheet, r, index)
        if heads:
            form_id = _best_form(heads, catalog)
            if form_id:
                return _layout(catalog.forms[form_id], r, heads)
    return None


def _heads(sheet: Sheet, r: int, index: FieldIndex) -> list[_Head]:
    texts, subs = _header_texts(sheet, r), _header_texts(sheet, r + 1)
    if not any(texts):
        return []
    heads = []
    for c, (text, group) in enumerate(zip(texts, _groups(sheet, r, texts, subs), strict=True)):
        combo = f"{strip_trailing_parens(group)} {subs[c]}" if group else ""
        if text or combo:
            own = match_keys(text_keys(text), index) if text else {}
            paired = match_keys(text_keys(combo), index) if combo else {}
            heads.append(_Head(c, text, combo, own, paired))
    return heads if any(h.own or h.paired for h in heads) else []


def _header_texts(sheet: Sheet, r: int) -> list[str]:
    """The row's text cells, stripped; '' for numbers and blanks."""
    cells = sheet.rows[r] if r < len(sheet.rows) else []
    return [v.strip() if isinstance(v, str) else "" for v in cells]


def _groups(sheet: Sheet, r: int, texts: list[str], subs: list[str]) -> list[str]:
    """For each column with a sub-header below, the group cell standing over
    it: the merged range's first cell, else the nearest text to the left over
    an unbroken run of sub-headers (formats without merge information)."""
    origins = {}
    for top, left, bottom, right in sheet.merges:
        if top <= r <= bottom:
            for c in range(max(left, 0), right + 1):
                origins[c] = (top, left)
    groups, run = [], ""
    for c, text in enumerate(texts):
        sub = subs[c] if c < len(subs) else ""
        run = (text or run) if sub else ""
        origin = origins.get(c)
        if not sub:
            groups.append("")
        elif origin is not None:
            groups.append(sheet.text(*origin) if origin[0] == r else "")
        else:
            groups.append(run)
    return groups


def _best_form(heads: list[_Head], catalog: Catalog) -> str | None:
    """The form this header row fits best, by DOMAIN.md's recognition rules."""
    best, best_score = None, 0
    for form_id, form in catalog.forms.items():
        fields = {f.id for h in heads if (f := h.pick(form_id))}
        values = {f.id for f in form.value_fields} & fields
        if not _fits(form, fields, values, heads):
            continue
        if len(fields) > best_score:
            best, best_score = form_id, len(fields)
    return best


def _fits(form: Form, fields: set[str], values: set[str], heads: list[_Head]) -> bool:
    if form.id == REGISTRY_FORM:
        measures = any(h.pick(VILLAGE_FORM) and h.pick(VILLAGE_FORM).role == "value" for h in heads)
        return set(form.key) | {"village_name"} <= fields and not measures
    if form.id == VILLAGE_FORM:
        return bool(set(form.key) & fields) and bool(values)
    return set(form.key) <= fields and bool(values)


def _layout(form: Form, r: int, heads: list[_Head]) -> Layout:
    two_row = any(h.two_row(form.id) for h in heads)
    layout = Layout(form, r, r + 2 if two_row else r + 1, [])
    first: dict[str, Column] = {}
    for head in heads:
        f = head.pick(form.id) if two_row else head.own.get(form.id)
        header = head.combo if two_row and head.combo and not head.own else head.text
        if f is None:
            _unmatched(layout, head, header)
        elif f.id in first:
            layout.duplicates.append((Column(head.col, f, header), first[f.id]))
        else:
            first[f.id] = Column(head.col, f, header)
            layout.columns.append(first[f.id])
    return layout


def _unmatched(layout: Layout, head: _Head, header: str) -> None:
    key = folded(head.text)
    if layout.form.has_period and layout.period_col is None and key in PERIOD_HEADERS:
        layout.period_col = head.col
    elif header and key not in TT_HEADERS:
        layout.ignored.append((head.col, header))
