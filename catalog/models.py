"""Pydantic models of the catalog: what the YAML files in catalog/data mean.

A wrong catalog must fail loudly at start, naming the file and the entry, so
every cross-reference (a field an indicator sums, an indicator a task names,
a sector, an enumeration) is checked here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from catalog.text import fold, header_keys

FieldKind = Literal[
    "text", "integer", "decimal", "percent", "enum", "village", "village_code", "deadline", "latitude", "longitude"
]
NUMERIC_KINDS = ("integer", "decimal", "percent", "latitude", "longitude")
COORDINATE_RANGES = {"latitude": 90.0, "longitude": 180.0}  # decimal degrees, either sign


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Commune(Strict):
    class Schedule(Strict):
        as_of: str = Field(pattern=r"^\d{2}-\d{2}$")
        due: str = Field(pattern=r"^\d{2}-\d{2}$")

    code: str = Field(pattern=r"^\d{1,8}$")  # official unit code (catalog/units.py)
    name_vi: str
    name_en: str
    city_vi: str
    city_en: str
    committee_vi: str
    place_vi: str  # the place on a document's date line
    report_recipients_vi: list[str]  # 'Nơi nhận' of the periodic report
    program_vi: str
    program_en: str
    baseline_period: str
    target_year: int
    half_year: Schedule
    year: Schedule
    # Who signs the periodic report: the title under 'TM. ỦY BAN NHÂN DÂN' and
    # the name under the signature (blank: a visible placeholder to fill in).
    signer_title_vi: str = "Chủ tịch"
    signer_name: str = ""
    # Reporting from a phone (services/links.py): a link works until the
    # period's due date plus this grace, and never once the period is locked;
    # with auto-accept, an entry without warnings is accepted as it arrives.
    link_grace_days: int = Field(default=30, ge=0, le=366)
    phone_auto_accept: bool = False


class Sector(Strict):
    id: str
    name_vi: str
    name_en: str


class EnumValue(Strict):
    id: str
    vi: str
    en: str
    aliases: list[str] = []


class FormField(Strict):
    id: str
    header_vi: str
    header_en: str
    kind: FieldKind
    unit: str | None = None
    enum: str | None = None
    required: bool = False
    role: Literal["key", "value"] = "value"
    # Only names its row (a task's name): a row with nothing else reports nothing.
    names_only: bool = False
    aliases: list[str] = []

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    def header_with_unit(self, sep: str = " ") -> str:
        """'Tổng số hộ (hộ)', as official forms print a header; a header that
        already ends in parentheses ('Tỷ lệ hoàn thành (%)') keeps its own."""
        if not self.unit or self.header_vi.endswith(")"):
            return self.header_vi
        return f"{self.header_vi}{sep}({self.unit})"

    def keys(self) -> set[str]:
        """Folded header spellings this field answers to."""
        keys: set[str] = set()
        for header in [self.header_vi, self.header_en, *self.aliases]:
            keys |= header_keys(header)
        return keys


class Form(Strict):
    id: str
    name_vi: str
    name_en: str
    has_period: bool
    merge: Literal["village_field", "row", "register"]
    key: list[str]
    vertical: bool = False
    fields: list[FormField]

    def field(self, field_id: str) -> FormField:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    @property
    def value_fields(self) -> list[FormField]:
        return [f for f in self.fields if f.role == "value"]

    @model_validator(mode="after")
    def _check(self) -> Form:
        ids = [f.id for f in self.fields]
        if len(set(ids)) != len(ids):
            raise ValueError(f"form {self.id}: a field id appears twice")
        missing = set(self.key) - set(ids)
        if missing:
            raise ValueError(f"form {self.id}: key names unknown fields {sorted(missing)}")
        seen: dict[str, str] = {}
        for f in self.fields:
            for k in f.keys():  # noqa: SIM118 - FormField.keys, not a dict
                if seen.setdefault(k, f.id) != f.id:
                    raise ValueError(f"form {self.id}: header '{k}' fits both {seen[k]} and {f.id}")
        return self


class Part(Strict):
    """One side of an indicator's fraction (see indicators.yaml)."""

    sum: str | None = None
    count: bool = False
    where: dict[str, list[str]] = {}
    equal: list[str] = []

    @model_validator(mode="after")
    def _one_measure(self) -> Part:
        if bool(self.sum) == self.count:
            raise ValueError("a part either sums a field or counts rows")
        if self.equal and len(self.equal) != 2:
            raise ValueError("'equal' names exactly two fields")
        return self

    def fields(self) -> set[str]:
        """Every field this part reads: a row blank in any counts in neither part."""
        return {f for f in [self.sum, *self.where, *self.equal] if f}


class Indicator(Strict):
    id: str
    name_vi: str
    name_en: str
    short_vi: str
    short_en: str
    sector: str
    form: str
    kind: Literal["ratio", "sum", "tasks_completed"]
    numerator: Part | None = None
    denominator: Part | None = None
    unit_vi: str
    unit_en: str
    gap_vi: str | None = None
    gap_en: str | None = None
    target: float | None = None
    target_year: int | None = None
    direction: Literal["increase", "decrease"] = "increase"
    baseline_period: str | None = None
    headline: bool = False
    clause: str

    @property
    def is_percent(self) -> bool:
        return self.kind in ("ratio", "tasks_completed")

    @model_validator(mode="after")
    def _check(self) -> Indicator:
        if self.kind == "ratio" and not (self.numerator and self.denominator):
            raise ValueError(f"indicator {self.id}: a ratio needs a numerator and a denominator")
        if self.kind == "sum" and (not self.numerator or self.denominator):
            raise ValueError(f"indicator {self.id}: a sum has a numerator and no denominator")
        if self.target is not None and self.target_year is None:
            raise ValueError(f"indicator {self.id}: a target needs a target_year")
        return self


class Task(Strict):
    id: str
    name_vi: str
    name_en: str
    sector: str
    lead_unit: str
    indicators: list[str] = []
    priority: bool = False
    deadline: str = "2030-12-31"


class Comparison(Strict):
    form: str
    left: str
    right: str
    severity: Literal["error", "warning"]


class Change(Strict):
    form: str
    field: str
    max_change: float
    severity: Literal["error", "warning"]


class Location(Strict):
    """A place given by two fields must lie inside the commune's outline,
    give or take a margin (its map, maps/; no map, no check)."""

    form: str
    latitude: str
    longitude: str
    margin_km: float = Field(ge=0)
    severity: Literal["error", "warning"]


class Rules(Strict):
    comparisons: list[Comparison]
    changes: list[Change]
    locations: list[Location] = []
    severities: dict[str, Literal["error", "warning"]]


class Catalog(Strict):
    commune: Commune
    sectors: list[Sector]
    enums: dict[str, list[EnumValue]]
    forms: dict[str, Form]
    rules: Rules
    indicators: list[Indicator]
    tasks: list[Task]

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    def task(self, task_id: str) -> Task | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def sector(self, sector_id: str) -> Sector:
        return next(s for s in self.sectors if s.id == sector_id)

    def enum_lookup(self, enum: str) -> dict[str, str]:
        """Folded spelling -> value id, for every label and alias of an enumeration."""
        table: dict[str, str] = {}
        for value in self.enums[enum]:
            for spelling in [value.id, value.vi, value.en, *value.aliases]:
                table[fold(spelling)] = value.id
        return table

    def enum_label(self, enum: str, value_id: str, lang: str = "vi") -> str:
        for value in self.enums[enum]:
            if value.id == value_id:
                return value.vi if lang == "vi" else value.en
        return value_id

    @model_validator(mode="after")
    def _cross_references(self) -> Catalog:
        sectors = {s.id for s in self.sectors}
        for form_id, form in self.forms.items():
            for f in form.fields:
                if f.kind == "enum" and f.enum not in self.enums:
                    raise ValueError(f"forms.yaml, form {form_id}, field {f.id}: unknown enum {f.enum!r}")
        for rule in [*self.rules.comparisons, *self.rules.changes]:
            fields = [rule.left, rule.right] if isinstance(rule, Comparison) else [rule.field]
            self._check_fields("rules.yaml", rule.form, fields)
        for place in self.rules.locations:
            self._check_fields("rules.yaml", place.form, [place.latitude, place.longitude])
        ids = [i.id for i in self.indicators]
        if len(set(ids)) != len(ids):
            raise ValueError("indicators.yaml: an indicator id appears twice")
        for ind in self.indicators:
            where = f"indicators.yaml, indicator {ind.id}"
            if ind.sector not in sectors:
                raise ValueError(f"{where}: unknown sector {ind.sector!r}")
            for part in (ind.numerator, ind.denominator):
                if part:
                    self._check_fields(where, ind.form, part.fields())
                    for field_id, values in part.where.items():
                        self._check_enum_values(where, ind.form, field_id, values)
        task_ids = [t.id for t in self.tasks]
        if len(set(task_ids)) != len(task_ids):
            raise ValueError("tasks.yaml: a task id appears twice")
        for task in self.tasks:
            if task.sector not in sectors:
                raise ValueError(f"tasks.yaml, task {task.id}: unknown sector {task.sector!r}")
            unknown = set(task.indicators) - set(ids)
            if unknown:
                raise ValueError(f"tasks.yaml, task {task.id}: unknown indicators {sorted(unknown)}")
        return self

    def _check_fields(self, where: str, form_id: str, fields) -> None:
        if form_id not in self.forms:
            raise ValueError(f"{where}: unknown form {form_id!r}")
        known = {f.id for f in self.forms[form_id].fields}
        unknown = set(fields) - known
        if unknown:
            raise ValueError(f"{where}: form {form_id} has no field {sorted(unknown)}")

    def _check_enum_values(self, where: str, form_id: str, field_id: str, values: list[str]) -> None:
        enum = self.forms[form_id].field(field_id).enum
        allowed = {v.id for v in self.enums.get(enum or "", [])}
        if not set(values) <= allowed:
            raise ValueError(f"{where}: {field_id} takes {sorted(allowed)}, not {values}")
