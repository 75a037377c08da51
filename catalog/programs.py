"""A commune's own program over the city's shared catalog.

Resolution 08-NQ/TU is the city's: the forms, fields, rules and how each
indicator is computed are shared by every commune. What a commune decides
is its program: its targets and target years, baseline period, tasks and
lead units, report due dates, the place and signer of its report. A
program is a YAML file an administrator sends (`cli.py commune program`):

    commune:            # any of catalog/data/commune.yaml's settings
      signer_name: Nguyễn Văn An
      half_year: {as_of: "06-14", due: "06-25"}
    targets:            # per indicator: its target and the year (null: none)
      CT3: {target: 25, target_year: 2030}
    tasks: [...]        # the whole task list, as in tasks.yaml (else the shipped one)

Anything a program leaves out is the shipped program's. A program is
checked like the catalog: a wrong one is refused with where it is wrong.
"""

from __future__ import annotations

import unicodedata

import yaml
from pydantic import ValidationError

from catalog.models import Catalog
from catalog.text import clean
from catalog.units import Unit
from catalog.yamlfile import parse

PROGRAM_KEYS = ("commune", "targets", "tasks")
TARGET_KEYS = ("target", "target_year", "baseline_period", "direction")
SHARED_COMMUNE_KEYS = ("code",)  # a program never changes whose it is


class ProgramError(Exception):
    """The program text is wrong; the message says where."""


def for_unit(catalog: Catalog, unit: Unit) -> Catalog:
    """The shipped program, named for another commune of the official list
    (its name, city, committee and place; the catalog's own commune keeps
    its settings as they are)."""
    if unit.code == catalog.commune.code:
        return catalog
    bare = unit.name.split(" ", 1)[1] if unit.name.lower().startswith(("xã ", "phường ")) else unit.name.removeprefix("Đặc khu ")
    kind = unit.name[: len(unit.name) - len(bare)].strip()
    name_vi = f"{kind.lower()} {bare}".strip()
    english = {"xã": "commune", "phường": "ward", "đặc khu": "special zone"}.get(unit.type, "commune")
    commune = catalog.commune.model_copy(
        update={
            "code": unit.code,
            "name_vi": name_vi,
            "name_en": f"{_ascii(bare)} {english}",
            "city_vi": unit.province[0].lower() + unit.province[1:],
            "city_en": _ascii(unit.province.removeprefix("Thành phố ").removeprefix("Tỉnh ")),
            "committee_vi": f"Ủy ban nhân dân {name_vi}",
            "place_vi": bare,
            "signer_name": "",
        }
    )
    return catalog.model_copy(update={"commune": commune})


def apply(catalog: Catalog, text: str) -> Catalog:
    """The catalog with a program's settings, targets and tasks; ProgramError
    when the text is not a program or the result does not check."""
    program = _parse(text)
    raw = catalog.model_dump()
    raw["commune"].update({k: v for k, v in (program.get("commune") or {}).items() if k not in SHARED_COMMUNE_KEYS})
    for indicator_id, target in (program.get("targets") or {}).items():
        entry = next((i for i in raw["indicators"] if i["id"] == indicator_id), None)
        if entry is None:
            raise ProgramError(f"targets.{indicator_id}: không có chỉ tiêu này trong danh mục chung.")
        if not isinstance(target, dict) or set(target) - set(TARGET_KEYS):
            raise ProgramError(f"targets.{indicator_id}: chỉ ghi {', '.join(TARGET_KEYS)}.")
        entry.update(target)
    if program.get("tasks") is not None:
        raw["tasks"] = program["tasks"]
    try:
        return Catalog.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "chương trình"
        raise ProgramError(f"{where}: {first['msg']}") from exc


def dump(catalog: Catalog) -> str:
    """A catalog's program as a YAML text `apply` reads back: what an
    administrator starts from to change a commune's program."""
    commune = catalog.commune.model_dump(exclude=set(SHARED_COMMUNE_KEYS))
    targets = {i.id: {k: getattr(i, k) for k in TARGET_KEYS} for i in catalog.indicators}
    tasks = [t.model_dump() for t in catalog.tasks]
    return yaml.safe_dump({"commune": commune, "targets": targets, "tasks": tasks}, allow_unicode=True, sort_keys=False)


def _parse(text: str) -> dict:
    try:
        program = parse(text)
    except yaml.YAMLError as exc:
        raise ProgramError(f"không đọc được tệp YAML: {exc}") from exc
    if not isinstance(program, dict) or set(program) - set(PROGRAM_KEYS):
        raise ProgramError(f"chương trình là một bảng YAML với các mục {', '.join(PROGRAM_KEYS)}.")
    for key in ("commune", "targets"):
        if not isinstance(program.get(key) or {}, dict):
            raise ProgramError(f"{key}: phải là một bảng YAML (mỗi dòng «tên: giá trị»).")
    if not isinstance(program.get("tasks") or [], list):
        raise ProgramError("tasks: phải là một danh sách nhiệm vụ (mỗi nhiệm vụ bắt đầu bằng «- »).")
    return program


def _ascii(text: str) -> str:
    """'Cẩm Giàng' -> 'Cam Giang', for English names."""
    plain = unicodedata.normalize("NFD", clean(text).replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in plain if not unicodedata.combining(c))
