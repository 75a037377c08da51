"""Legacy .xls files crafted for the loaders' safety tests: written by xlwt,
then changed record by record (the BIFF stream) or field by field (the OLE2
compound file around it), the way a file built to harm the reader would be."""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator

import xlwt
from xlwt.CompoundDoc import XlsDoc

Cells = list[tuple[int, int, object]]  # (row, column, value), 0-based
SECTOR = 512  # xlwt writes 512-byte sectors
FREESECT, ENDOFCHAIN = 0xFFFFFFFF, 0xFFFFFFFE


def biff(*sheets: Cells) -> bytearray:
    """The Workbook stream of a book with one sheet per list of cells."""
    book = xlwt.Workbook()
    for n, cells in enumerate(sheets):
        sheet = book.add_sheet(f"S{n}")
        for row, col, value in cells:
            sheet.write(row, col, value)
    return bytearray(book.get_biff_data())


def compound(stream: bytes | bytearray) -> bytes:
    """The stream saved in an OLE2 compound file, as xlwt saves a book."""
    out = io.BytesIO()
    XlsDoc().save(out, bytes(stream))
    return out.getvalue()


def xls(*sheets: Cells) -> bytes:
    return compound(biff(*sheets))


def records(stream: bytes | bytearray) -> Iterator[tuple[int, int, int]]:
    """(offset, type, length) of each BIFF record; the body starts at offset + 4."""
    pos = 0
    while pos + 4 <= len(stream):
        typ, size = struct.unpack_from("<HH", stream, pos)
        yield pos, typ, size
        pos += 4 + size


def offsets(stream: bytes | bytearray, typ: int) -> list[int]:
    return [pos for pos, t, _ in records(stream) if t == typ]


def insert_before_last_eof(stream: bytearray, record: bytes) -> bytearray:
    """A record added at the end of the last sheet (no offset needs moving)."""
    last = offsets(stream, 0x000A)[-1]
    return stream[:last] + record + stream[last:]


def claimed_dimensions(first_row: int, last_row: int, first_col: int, last_col: int) -> bytes:
    """A one-cell book whose sheet's DIMENSIONS record claims these bounds (the last ones exclusive)."""
    stream = biff([(0, 0, 1)])
    struct.pack_into("<IIHH", stream, offsets(stream, 0x0200)[0] + 4, first_row, last_row, first_col, last_col)
    return compound(stream)


def u32(data: bytes | bytearray, at: int) -> int:
    return struct.unpack_from("<I", data, at)[0]


def fat_offset(data: bytes | bytearray, sid: int) -> int:
    """Where the FAT entry of sector sid is (xlwt's files have one FAT sector)."""
    return SECTOR * (u32(data, 76) + 1) + 4 * sid


def entry_offset(data: bytes | bytearray, name: str = "Workbook") -> int:
    return bytes(data).index(name.encode("utf-16-le") + b"\0\0")


def rename_entry(data: bytes, raw_name: bytes) -> bytes:
    """The Workbook directory entry renamed (raw UTF-16 bytes, NUL included)."""
    out = bytearray(data)
    at = entry_offset(data)
    out[at : at + 64] = raw_name.ljust(64, b"\0")
    struct.pack_into("<H", out, at + 64, len(raw_name))
    return bytes(out)


def loop_directory(data: bytes) -> bytes:
    """The directory's chain of sectors leading back to its start."""
    out = bytearray(data)
    start = u32(data, 48)
    struct.pack_into("<I", out, fat_offset(data, start), start)
    return bytes(out)


def loop_workbook(data: bytes, declared: int) -> bytes:
    """The Workbook's chain of sectors leading back to its start, its length declared anew."""
    out = bytearray(data)
    at = entry_offset(data)
    sid = start = u32(data, at + 116)
    while u32(data, fat_offset(data, sid)) != ENDOFCHAIN:
        sid = u32(data, fat_offset(data, sid))
    struct.pack_into("<I", out, fat_offset(data, sid), start)
    struct.pack_into("<I", out, at + 120, declared)
    return bytes(out)


def difat_sectors(data: bytes, entries: list[list[int]]) -> bytes:
    """DIFAT sectors appended, each naming these FAT sectors and then the next
    DIFAT sector (the last one names itself when loop is asked, else none)."""
    assert len(data) % SECTOR == 0
    first = len(data) // SECTOR - 1
    out = bytearray(data)
    for n, named in enumerate(entries):
        following = first + n + 1 if n + 1 < len(entries) else ENDOFCHAIN
        out += struct.pack("<127I", *(named + [FREESECT] * (127 - len(named)))) + struct.pack("<I", following)
    struct.pack_into("<II", out, 68, first, len(entries))
    return bytes(out)


def loop_difat(data: bytes) -> bytes:
    """One DIFAT sector whose next-DIFAT pointer names itself."""
    out = bytearray(difat_sectors(data, [[]]))
    struct.pack_into("<I", out, len(out) - 4, u32(out, 68))
    return bytes(out)
