"""Vietnam's administrative units as the official list has them since the
2025 reorganisation: 34 provinces and 3,321 communes, wards and special
zones, each with its code.

The list is the one the National Statistics Office publishes
(danhmuchanhchinh.nso.gov.vn), as the vietnamadminunits package carries it
(MIT; version pinned in requirements.txt), never typed by hand. Its codes and
names are checked against a second source, the committed boundary data
(maps/, tests/test_units.py). Names are kept as the list writes them, runs of
whitespace made one space.

A unit is found by its code, or by its name with its province ("Xã Cẩm
Giàng, Hải Phòng"): names are not unique (there is a Xã Cẩm Giàng in Hải
Phòng and one in Thái Nguyên), so a name alone that fits several units is
refused with the candidates.
"""

from __future__ import annotations

import functools
import importlib.util
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from catalog.text import clean, fold

TYPES = ("xã", "phường", "đặc khu")  # a commune's kind, as the list names it
_PREFIXES = ("thành phố ", "tỉnh ", "xã ", "phường ", "đặc khu ")


@dataclass(frozen=True)
class Unit:
    """One commune, ward or special zone."""

    code: str  # the official code, e.g. "10903"
    name: str  # "Xã Cẩm Giàng"
    type: str  # one of TYPES
    province: str  # "Thành phố Hải Phòng"
    province_code: int

    def as_json(self) -> dict:
        """The command line's commune object (PRODUCT.md: code, name, province, type)."""
        return {"code": self.code, "name": self.name, "province": self.province, "type": self.type}


class UnitError(Exception):
    """No unit, or several, fit what was asked; candidates lists the latter."""

    def __init__(self, message: str, candidates: tuple[Unit, ...] = ()):
        super().__init__(message)
        self.candidates = candidates


@functools.cache
def units() -> dict[str, Unit]:
    """Every unit of the official list, by code (without leading zeros)."""
    query = "select wardCode, ward, wardType, province, provinceCode from admin_units"
    with sqlite3.connect(f"{_dataset().as_uri()}?mode=ro", uri=True) as conn:
        rows = conn.execute(query).fetchall()
    return {
        str(int(code)): Unit(str(int(code)), clean(name), clean(kind).lower(), clean(province), int(province_code))
        for code, name, kind, province, province_code in rows
    }


def _dataset() -> Path:
    """The package's dataset (the table its `database.get_data` reads),
    found without importing the package: its import builds an address
    parser, 0.9 s that registering a commune does not need."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise UnitError("Thiếu gói vietnamadminunits (danh mục đơn vị hành chính): hãy chạy lại make run.")
    return Path(spec.submodule_search_locations[0]) / "data" / "dataset.db"


def _bare(name: str, folded: bool) -> str:
    """A name without its kind, lower-case, with or without diacritics:
    'Xã Cẩm Giàng' -> 'cẩm giàng' or 'cam giang'."""
    text = clean(name).lower()
    prefix = next((p for p in _PREFIXES if fold(text).startswith(fold(p))), "")
    text = text[len(prefix) :]  # a precomposed letter folds to one letter: the lengths agree
    return fold(text) if folded else text


def _fitting(name: str, province: str) -> tuple[Unit, ...]:
    """Units the name (and province) fit: as written first (diacritics
    count: Cẩm Giàng is not Cẩm Giang), else ignoring diacritics."""
    for folded in (False, True):
        fits = tuple(
            u
            for u in units().values()
            if _bare(u.name, folded) == _bare(name, folded)
            and (not province or _bare(u.province, folded) == _bare(province, folded))
        )
        if fits:
            return fits
    return ()


def find(query: str) -> Unit:
    """The unit a code or a "name, province" names; UnitError otherwise."""
    text = query.strip()
    if text.isdigit():
        unit = units().get(str(int(text)))
        if unit is None:
            raise UnitError(f"Không có đơn vị hành chính mã {text} trong danh mục chính thức.")
        return unit
    name, _, province = text.partition(",")
    fits = _fitting(name, province.strip())
    if len(fits) == 1:
        return fits[0]
    if not fits:
        raise UnitError(f'Không có đơn vị hành chính "{text}" trong danh mục chính thức; hãy ghi mã hoặc "tên, tỉnh/thành phố".')
    listed = "; ".join(f"{u.code} {u.name}, {u.province}" for u in fits)
    raise UnitError(f'"{text}" khớp với nhiều đơn vị: {listed}. Hãy ghi mã, hoặc tên kèm tỉnh/thành phố.', fits)


def of_province(province_code: int) -> list[Unit]:
    """The units of one province, by name."""
    return sorted((u for u in units().values() if u.province_code == province_code), key=lambda u: fold(u.name))
