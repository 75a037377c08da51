"""The periodic report as data: what it says, before it is Word or Excel.

reports.content fills it from frames and the catalog; reports.docx and
reports.xlsx write it. A number stays a number (a Figure) until a writer
shows it: Word as vi-VN text (49,2%), Excel as a number with a format,
so the spreadsheet's figures can still be added up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

import pandas as pd

from i18n import MISSING, fmt_number, fmt_percent


class Figure(NamedTuple):
    """A number with how to show it: a percent (already ×100) or a count
    in `unit`; decimals None shows a percent to 1 decimal and a count to
    at most 2."""

    value: float | None
    percent: bool = False
    unit: str = ""
    decimals: int | None = None

    @property
    def missing(self) -> bool:
        return self.value is None or pd.isna(self.value)

    def text(self) -> str:
        if self.missing:
            return MISSING
        if self.percent:
            return fmt_percent(self.value, "vi", 1 if self.decimals is None else self.decimals)
        number = fmt_number(self.value, "vi", self.decimals)
        return f"{number} {self.unit}" if self.unit else number


Cell = str | Figure | None


def cell_text(cell: Cell) -> str:
    """How a cell reads on paper ('—' for nothing)."""
    if isinstance(cell, Figure):
        return cell.text()
    return cell if cell else MISSING


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # centimetres on the A4 page; Excel's widths follow


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Chart:
    title: str
    png: bytes


@dataclass(frozen=True)
class Text:
    text: str
    style: Literal["body", "bullet", "subheading", "note"] = "body"


Block = Text | Table | Chart


@dataclass(frozen=True)
class Section:
    """A numbered part of the report: level 1 ('I. ...') or 2 ('1. ...').
    `sheet` names its Excel sheet; None keeps its tables off the workbook
    (a heading that only groups the sections under it)."""

    heading: str
    level: int
    blocks: tuple[Block, ...] = ()
    sheet: str | None = None

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


@dataclass(frozen=True)
class Letterhead:
    """The administrative form around the body (Decree 30/2020/NĐ-CP)."""

    issuer: tuple[str, ...]  # 'ỦY BAN NHÂN DÂN', 'XÃ CẨM GIÀNG'
    number: str  # 'Số:      /BC-UBND'
    place_date: str  # 'Cẩm Giàng, ngày 29 tháng 11 năm 2026'
    title: str  # 'BÁO CÁO'
    subject: tuple[str, ...]  # lines under the title
    recipients: tuple[str, ...]
    signer: tuple[str, ...]  # 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'
    signer_name: str  # under the signature; a placeholder when the catalog has none


@dataclass(frozen=True)
class Report:
    head: Letterhead
    intro: tuple[str, ...]
    sections: tuple[Section, ...]

    @property
    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]
