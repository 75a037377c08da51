"""Small spreadsheets written on the fly for store, service and CLI tests
(the loaders' own fixture files live in tests/fixtures/loaders)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from catalog import load_catalog

VILLAGES = [("V01", "An Lạc", "Lương Điền"), ("V02", "Bình Minh", "Lương Điền"), ("V03", "Cao Xá", "Ngọc Liên")]


def header(form: str, field: str) -> str:
    return load_catalog().forms[form].field(field).header_vi


def write_sheet(path: Path, headers: list[str], rows: list[list], title: str | None = None) -> Path:
    """An .xlsx with an optional title line, a header row and data rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu"
    if title:
        ws.append([title])
        ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def registry_file(path: Path, villages=VILLAGES) -> Path:
    return write_sheet(path, ["Mã thôn", "Tên thôn", "Thuộc (xã cũ)"], [list(v) for v in villages], "DANH MỤC THÔN")


def form01_file(path: Path, period_title: str, rows: dict[str, dict[str, float]]) -> Path:
    """Biểu 01 as a table: rows maps village name -> {field id: value}."""
    fields = sorted({f for values in rows.values() for f in values}, key=_order)
    headers = ["Tên thôn"] + [header("01", f) for f in fields]
    data = [[name] + [values.get(f) for f in fields] for name, values in rows.items()]
    return write_sheet(path, headers, data, f"BÁO CÁO CHUYỂN ĐỔI XANH CÁC THÔN {period_title}")


def register_file(path: Path, form: str, period_title: str, rows: list[dict[str, object]]) -> Path:
    """A register form (02, 03, 04, 05): rows of {field id: cell}."""
    fields = [f.id for f in load_catalog().forms[form].fields if any(f.id in r for r in rows)]
    data = [[r.get(f) for f in fields] for r in rows]
    return write_sheet(path, [header(form, f) for f in fields], data, f"BÁO CÁO {period_title}")


def _order(field: str) -> int:
    return [f.id for f in load_catalog().forms["01"].fields].index(field)
