""".xls files built to exhaust calamine's memory are refused before it reads
them, and harmless ones are not (loaders/xls_safety.py check_xls). Each crafted
file here was seen to crash calamine 0.37 under a memory limit, or to pass
through it harmlessly; none is handed to calamine in these tests."""

from __future__ import annotations

import contextlib
import random
import struct
from pathlib import Path

import pytest

from loaders.safety import Bomb
from loaders.xls_safety import check_xls
from tests import xlsmaker as xm

ROOT = Path(__file__).parent.parent
FAR = [(0, 0, "Tên thôn"), (65535, 255, 239)]  # A1 and IV65536, the last cell an .xls holds
SIX_MILLION = [(0, 0, 1), (23436, 255, 2)]  # 23437 x 256 cells, under MAX_CELLS


def _string_without_formula() -> bytes:
    """A STRING record (a formula's text) with no FORMULA before it: calamine puts it at A1."""
    stream = xm.biff([(65535, 255, 1), (65535, 254, 0.123456789)])
    struct.pack_into("<H", stream, xm.offsets(stream, 0x0203)[0], 0x0207)
    return xm.compound(stream)


def _mulrk_past_its_last_column() -> bytes:
    """1000 RK cells from column 65000: the last-column field wraps round to
    463, but calamine places them up to column 65999 (123 x 66000 cells)."""
    first, count = 65000, 1000
    body = struct.pack("<HH", 5, first) + struct.pack("<HI", 0, 2) * count + struct.pack("<H", (first + count - 1) & 0xFFFF)
    stream = xm.biff([(0, 0, 1), (122, 0, 1)])
    return xm.compound(xm.insert_before_last_eof(stream, struct.pack("<HH", 0x00BD, len(body)) + body))


def _one_sheet_listed_thrice() -> bytes:
    """Three sheets in the globals, all pointing at the first one's records."""
    stream = xm.biff(SIX_MILLION, [(0, 0, 1)], [(0, 0, 1)])
    sheets = xm.offsets(stream, 0x0085)
    for at in sheets[1:]:
        struct.pack_into("<I", stream, at + 4, xm.u32(stream, sheets[0] + 4))
    return xm.compound(stream)


def _fat_sector_named_again_and_again() -> bytes:
    """DIFAT sectors naming the one FAT sector 1270 times: a FAT 60 times the file."""
    data = xm.xls([(0, 0, 1)])
    return xm.difat_sectors(data, [[xm.u32(data, 76)] * 127] * 10)


def _rows_out_of_order() -> bytes:
    """Row 10's cell written before row 5's (xlwt sorts rows, so its RK records are moved)."""
    stream = xm.biff([(0, 0, 1), (1, 0, 2)])
    for at, row in zip(xm.offsets(stream, 0x027E), (10, 5)):
        struct.pack_into("<H", stream, at + 4, row)
    return xm.compound(stream)


BOMBS = {
    "cells at A1 and IV65536": lambda: xm.xls(FAR),
    "three sheets of six million cells": lambda: xm.xls(SIX_MILLION, SIX_MILLION, SIX_MILLION),
    "one sheet listed three times": _one_sheet_listed_thrice,
    "STRING record with no FORMULA": _string_without_formula,
    "MULRK cells running past its last column": _mulrk_past_its_last_column,
    "stream named Book": lambda: xm.rename_entry(xm.xls(FAR), "Book".encode("utf-16-le") + b"\0\0"),
    "stream name behind a byte-order mark": lambda: xm.rename_entry(
        xm.xls(FAR), b"\xff\xfe" + "Workbook".encode("utf-16-le") + b"\0\0"
    ),
    "DIFAT chain looping": lambda: xm.loop_difat(xm.xls([(0, 0, 1)])),
    "directory chain looping": lambda: xm.loop_directory(xm.xls([(0, 0, 1)])),
    "Workbook chain looping, 4 GB declared": lambda: xm.loop_workbook(xm.xls([(0, 0, 1)]), 0xF0000000),
    "FAT sector named again and again": _fat_sector_named_again_and_again,
}

# A DIMENSIONS record's promise is not judged here: calamine reads most in a
# few MB, and what one makes it reserve meets the sandbox's memory ceiling
# (tests/test_sandbox.py).
HARMLESS = {
    "DIMENSIONS claims the whole sheet": lambda: xm.claimed_dimensions(0, 65536, 0, 256),
    "DIMENSIONS columns backwards, wrapping round": lambda: xm.claimed_dimensions(0, 193, 512, 75),
    "one sheet of six million cells": lambda: xm.xls(SIX_MILLION),
    "two sheets of six million cells": lambda: xm.xls(SIX_MILLION, SIX_MILLION),
    "rows out of order (calamine takes the least and the most)": _rows_out_of_order,
    "stream named workbook (calamine finds none)": lambda: xm.rename_entry(xm.xls(FAR), "workbook".encode("utf-16-le") + b"\0\0"),
    "Workbook chain looping after its declared length": lambda: xm.loop_workbook(xm.xls([(0, 0, 1)]), 4096),
    "a DIFAT sector naming nothing": lambda: xm.difat_sectors(xm.xls([(0, 0, 1)]), [[]]),
}


@pytest.mark.parametrize("make", BOMBS.values(), ids=BOMBS.keys())
def test_crafted_xls_is_refused(make):
    with pytest.raises(Bomb):
        check_xls(make())


@pytest.mark.parametrize("make", HARMLESS.values(), ids=HARMLESS.keys())
def test_harmless_xls_passes(make):
    check_xls(make())


def _sheet_of(records: bytes) -> bytes:
    """A one-sheet compound file whose sheet holds these records between BOF and EOF."""
    return xm.compound(xm.insert_before_last_eof(xm.biff([(0, 0, 1)]), records))


@pytest.mark.parametrize(
    "record",
    [
        struct.pack("<HHHHHd", 0x0203, 14, 3, 4, 0, 1.5),  # NUMBER cells: each one handled
        struct.pack("<HH", 0x0012, 0),  # empty records: the most a stream can hold
    ],
    ids=["NUMBER cells", "empty records"],
)
def test_a_full_20_mb_stream_of_harmless_records_passes(record):
    """The largest upload allowed, walked to its end without a false alarm
    (its speed is measured in bench/, not here)."""
    check_xls(_sheet_of(record * (20_000_000 // len(record))))


def test_never_raises_anything_but_bomb():
    """Damaged or hostile bytes: the check refuses or lets calamine decide, never fails itself."""
    rng = random.Random(97)
    sources = [p.read_bytes() for p in [*(ROOT / "sample_data").glob("*.xls"), *(ROOT / "tests/fixtures/loaders").glob("*.xls")]]
    for _ in range(400):
        data = bytearray(rng.choice(sources))
        for _ in range(rng.randrange(1, 6)):
            at = rng.randrange(len(data) - 4)
            choice = rng.random()
            if choice < 0.4:
                data[at] = rng.randrange(256)
            elif choice < 0.7:
                struct.pack_into("<H", data, at, rng.choice([0, 1, 255, 256, 65535, rng.randrange(65536)]))
            else:
                struct.pack_into("<I", data, at & ~3, rng.choice([0, 1, 8, 0xFFFFFFFE, 0xFFFFFFFF, rng.randrange(1 << 32)]))
        with contextlib.suppress(Bomb):
            check_xls(bytes(data[: rng.randrange(512, len(data) + 1)] if rng.random() < 0.2 else data))
