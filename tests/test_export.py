"""Downloads: .xlsx round trip (text typed as text), CSV with a UTF-8 BOM
(= + - @ neutralised), no cell a spreadsheet would run as a formula,
numbers intact."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd

from services.export import neutralise, to_csv, to_xlsx

RISKY = ["=1+1", "+x", "-x", "@x", "\tx", "\rx"]


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Tên thôn": ["Lương Xá", "Đồng Khê", "Tân Phong", "Quảng Cư", "Phí Xá", "Cao Xá"],
            "Ghi chú": RISKY,
            "Số hộ": [1234, -5, 0, 7, 8, 9],
            "Tỷ lệ": [45.25, -0.5, 0.0, 1.5, 2.5, 3.5],
        }
    )


def test_xlsx_round_trip_keeps_text_and_numbers():
    data = to_xlsx({"Số liệu": frame(), "Bảng xoay có một tên rất dài hơn ba mươi mốt ký tự": frame().head(1)})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Số liệu", "Bảng xoay có một tên rất dài hơ"]  # Excel's 31 characters
    sheet = book["Số liệu"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Tên thôn", "Ghi chú", "Số hộ", "Tỷ lệ")
    assert [r[0] for r in rows[1:]] == list(frame()["Tên thôn"])
    assert [r[1] for r in rows[1:]] == RISKY  # typed as text: no formula, and no apostrophe to show
    assert [r[2] for r in rows[1:]] == [1234, -5, 0, 7, 8, 9]  # negative numbers stay numbers
    assert all(isinstance(r[3], float | int) for r in rows[1:]) and rows[1][3] == 45.25
    assert sheet.freeze_panes == "A2"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_csv_has_a_bom_and_neutralised_cells():
    data = to_csv(frame())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Tên thôn", "Ghi chú", "Số hộ", "Tỷ lệ"]
    assert [r[1] for r in rows[1:]] == ["'" + text for text in RISKY]
    assert [r[2] for r in rows[1:]] == ["1234", "-5", "0", "7", "8", "9"]
    assert rows[2][3] == "-0.5"
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["Số hộ"].tolist() == [1234, -5, 0, 7, 8, 9]


def test_risky_headers_and_mixed_columns_are_neutralised():
    mixed = pd.DataFrame({"=SUM(A1)": ["=cmd", 3, None, "safe"]})
    out = neutralise(mixed)
    assert list(out.columns) == ["'=SUM(A1)"]
    assert out.iloc[0, 0] == "'=cmd" and out.iloc[1, 0] == 3 and out.iloc[3, 0] == "safe"
    assert mixed.iloc[0, 0] == "=cmd"  # the caller's frame is untouched


def test_dates_and_empty_frames():
    when = pd.DataFrame({"Ngày nhận": pd.to_datetime(["2026-06-14 08:30"]), "Giá trị": [None]})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx({"a": when})))
    assert book["a"]["A2"].value == pd.Timestamp("2026-06-14 08:30").to_pydatetime()
    empty = pd.DataFrame(columns=["Thôn", "Giá trị"])
    assert to_csv(empty).decode("utf-8-sig").strip() == "Thôn,Giá trị"
    assert list(openpyxl.load_workbook(io.BytesIO(to_xlsx({"x": empty})))["x"].iter_rows(values_only=True)) == [
        ("Thôn", "Giá trị")
    ]
