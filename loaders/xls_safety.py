"""Refusing .xls files built to exhaust memory or loop before calamine reads them.

An .xls is an OLE2 compound file whose Workbook stream holds BIFF records,
and 5 KB of it can cost calamine gigabytes: it lays each sheet out from its
cell records' rows and columns (A1 and IV65536 make 16.7 million cells),
and it follows the compound file's chains of sectors without noticing a
loop. So the stream is read here as calamine reads it, not as the format's
spec or olefile would (a file crafted for the difference must show this
check what calamine sees), and what calamine would lay out is measured from
the cells really stored. A DIMENSIONS record's promise is not trusted
either way: a real statement promising billions of cells reads in a few MB,
and what a record makes calamine reserve is bounded by the sandbox's memory
ceiling (loaders/sandbox.py). A workbook encrypted with a password (an .xls
with a FILEPASS record, or an .xlsx whose package is encrypted inside a
compound file) is recognised so the official can be told to remove it.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Callable
from functools import partial

from loaders.safety import MAX_CELLS, MAX_MEMBERS, MAX_TOTAL_CELLS, Bomb

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SECTOR_SIZES = {9: 512, 12: 4096}  # by the header's sector shift
MINI_CUTOFF = 4096  # calamine reads a shorter stream from the mini stream, whatever the header says
MINI_SECTOR = 64
MAX_SHEETS = MAX_MEMBERS
_ENDOFCHAIN = 0xFFFFFFFE
_NO_SECTOR = 0xFFFFFFFA  # from here up an id names no sector: the DIFAT chain ends at one
_DIFSECT = 0xFFFFFFFC  # DIFAT entries below this name FAT sectors
_RECORD = struct.Struct("<HH")  # BIFF record header: type, length
_U16, _U32 = struct.Struct("<H"), struct.Struct("<I")
_EOF, _BOUNDSHEET, _FILEPASS, _FORMULA, _STRING = 0x000A, 0x0085, 0x002F, 0x0006, 0x0207
# FORMULA, RSTRING, LABELSST, BLANK, NUMBER, LABEL, BOOLERR, RK: row and column first
_CELLS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E})
# MULRK (6 bytes a cell), MULBLANK (2): row, first column, the cells, last column
_SPANS = {0x00BD: 6, 0x00BE: 2}
_WATCHED = frozenset({*_CELLS, *_SPANS, _EOF, _STRING})


class _Unreadable(Exception):
    """calamine fails on the file here, before laying out anything more."""


def check_xls(data: bytes) -> None:
    """Raise Bomb for an .xls that would make calamine loop over its sectors or
    lay out too many cells; any other defect is left for calamine to report."""
    try:
        _check_book(workbook_stream(data))
    except (_Unreadable, struct.error):
        return


def is_encrypted_ole(data: bytes) -> bool:
    """A compound file holding an encrypted workbook: an encrypted .xlsx
    package (EncryptionInfo, EncryptedPackage), or an .xls whose globals
    hold a FILEPASS record (RC4 or the older XOR obfuscation)."""
    try:
        size = _sector_size(data)
        fat = _fat(data, size)
        entries = _entries(_chain(partial(_sector, data, size), fat, _u32(data, 48), _u32(data, 40) * size), size)
        if {"EncryptionInfo", "EncryptedPackage"} & {name for name, _, _ in entries}:
            return True
        return _has_filepass(workbook_stream(data))
    except (_Unreadable, Bomb, struct.error):
        return False


def _has_filepass(stream: bytes) -> bool:
    pos = 0
    while pos + 4 <= len(stream):
        typ, size = _RECORD.unpack_from(stream, pos)
        if typ == _FILEPASS:
            return True
        if typ == _EOF:
            return False
        pos += 4 + size
    return False


def workbook_stream(data: bytes) -> bytes:
    """The Workbook (else Book) stream as calamine's compound-file reader finds
    and reads it: the first directory entry of exactly that name in directory
    order, even one that no storage tree reaches."""
    size = _sector_size(data)
    sector = partial(_sector, data, size)
    fat = _fat(data, size)
    entries = _entries(_chain(sector, fat, _u32(data, 48), _u32(data, 40) * size), size)
    if not entries or (_u16(data, 26) != 3 and entries[0][1] == _ENDOFCHAIN):
        raise _Unreadable
    ministream, minifat = _mini(data, size, fat, entries[0])
    for name in ("Workbook", "Book"):
        start, length = next(((start, length) for entry, start, length in entries if entry == name), (None, 0))
        if start is None:
            continue
        try:
            if length >= MINI_CUTOFF:
                return _chain(sector, fat, start, length)
            return _chain(partial(_mini_sector, ministream), minifat, start, length)
        except _Unreadable:
            continue  # calamine falls back on Book when Workbook fails
    raise _Unreadable


def _sector_size(data: bytes) -> int:
    """The sector size, once the header passes calamine's checks."""
    if len(data) < 512 or not data.startswith(OLE2_MAGIC) or _u16(data, 32) != 6:
        raise _Unreadable
    size = SECTOR_SIZES.get(_u16(data, 30))
    if size is None or len(data) < size:
        raise _Unreadable
    return size


def _sector(data: bytes, size: int, sid: int) -> bytes:
    """Sector sid (the header fills the first sector's place), cut short by the end of the file."""
    start = (sid + 1) * size
    if start > len(data):
        raise _Unreadable
    return data[start : start + size]


def _mini_sector(ministream: bytes, sid: int) -> bytes:
    """A 64-byte sector of the mini stream. Past its end calamine reads on in
    the file itself, wherever its reader stands: no file a writer makes does that."""
    start = sid * MINI_SECTOR
    if start + MINI_SECTOR > len(ministream):
        raise Bomb
    return ministream[start : start + MINI_SECTOR]


def _fat(data: bytes, size: int) -> array:
    """calamine's FAT: the sectors the DIFAT names, each as often as named. A
    DIFAT chain that loops is followed forever, and naming one sector over and
    over builds a FAT many times the file (no file a writer makes does either)."""
    difat = _words(data[76:512])
    sid, seen = _u32(data, 68), set()
    while sid < _NO_SECTOR:
        if sid in seen:
            raise Bomb
        seen.add(sid)
        difat.extend(_words(_sector(data, size, sid)))
        if not difat:
            raise _Unreadable
        sid = difat.pop()
    named = len(difat) - sum(difat.count(marker) for marker in range(_DIFSECT, 1 << 32))
    if named * size > len(data):
        raise Bomb
    fat = array("I")
    for sid in difat:
        if sid < _DIFSECT:
            fat.extend(_words(_sector(data, size, sid)))
    return fat


def _chain(read: Callable[[int], bytes], table: array, start: int, declared: int) -> bytes:
    """A stream's sectors as calamine collects them: until the chain ends or
    the declared length is reached. A chain that comes back on itself before
    then is read again and again, forever when no length was declared; no
    file a writer makes has one, so any is refused."""
    pieces, total, sid, seen = [], 0, start, set()
    while sid != _ENDOFCHAIN and not 0 < declared <= total:
        if sid in seen:
            raise Bomb
        seen.add(sid)
        pieces.append(read(sid))
        total += len(pieces[-1])
        if sid >= len(table):
            raise _Unreadable
        sid = table[sid]
    stream = b"".join(pieces)
    return stream[:declared] if declared else stream


def _entries(directory: bytes, size: int) -> list[tuple[str, int, int]]:
    """Name, first sector and length of each 128-byte directory entry."""
    entries = []
    for at in range(0, len(directory), 128):
        entry = directory[at : at + 128]
        if len(entry) < (124 if size == 512 else 128):
            raise _Unreadable
        length = _u32(entry, 120) if size == 512 else struct.unpack_from("<Q", entry, 120)[0]
        entries.append((_entry_name(entry[:64]), _u32(entry, 116), length))
    return entries


def _entry_name(raw: bytes) -> str:
    """UTF-16 up to the first NUL; a byte-order mark switches the encoding, as
    in the decoder calamine uses, so that "\ufeffWorkbook" is a Workbook too."""
    for mark, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(mark):
            return raw[len(mark) :].decode(codec, "replace").split("\0", 1)[0]
    return raw.decode("utf-16-le", "replace").split("\0", 1)[0]


def _mini(data: bytes, size: int, fat: array, root: tuple[str, int, int]) -> tuple[bytes, array]:
    """The mini stream (the root entry's) and its FAT, which calamine loads
    whenever the header gives the mini FAT a length."""
    if not _u32(data, 64):
        return b"", array("I")
    sector = partial(_sector, data, size)
    ministream = _chain(sector, fat, root[1], root[2])
    return ministream, _words(_chain(sector, fat, _u32(data, 60), _u32(data, 64) * size))


def _words(raw: bytes) -> array:
    """Little-endian uint32s, a short tail dropped."""
    words = array("I")
    words.frombytes(raw[: len(raw) // 4 * 4])
    if sys.byteorder == "big":
        words.byteswap()
    return words


def _u16(raw: bytes, at: int) -> int:
    return _U16.unpack_from(raw, at)[0]


def _u32(raw: bytes, at: int) -> int:
    return _U32.unpack_from(raw, at)[0]


def _check_book(stream: bytes) -> None:
    """Add up what calamine lays out for each sheet the workbook globals list,
    in their order. Sheets are separate stretches of the stream: reading more
    bytes than it holds means they were laid over each other, so that calamine
    parses the same records again and again."""
    offsets, walked = _sheet_offsets(stream)
    total = 0
    for offset in offsets:
        if offset > len(stream):
            return  # calamine fails here, after laying out the sheets before
        area, end = _sheet_area(stream, offset)
        walked += end - offset
        total += area
        if area > MAX_CELLS or total > MAX_TOTAL_CELLS or walked > len(stream):
            raise Bomb


def _sheet_offsets(stream: bytes) -> tuple[list[int], int]:
    """Where each sheet's records start (BoundSheet8 in the globals, read up to
    their EOF) and where the globals end. A password stops calamine at once."""
    offsets, pos, end = [], 0, len(stream)
    while pos + 4 <= end:
        typ, size = _RECORD.unpack_from(stream, pos)
        body, pos = pos + 4, pos + 4 + size
        if typ == _EOF or pos > end:
            break
        if typ == _BOUNDSHEET:
            if size < 6:
                raise _Unreadable
            offsets.append(_u32(stream, body))
            if len(offsets) > MAX_SHEETS:
                raise Bomb
        elif typ == _FILEPASS:
            raise _Unreadable
    return offsets, min(pos, end)


def _sheet_area(stream: bytes, pos: int) -> tuple[int, int]:
    """Cells calamine lays out for the sheet whose records start at pos (the
    rectangle its stored cells span) and where the sheet's first EOF, at
    which calamine stops, ends it."""
    places = bytearray()  # row and column of each cell, uint16 little-endian
    formula = bytes(4)  # where a STRING record puts a formula's text
    widest = 0
    end = len(stream)
    while pos + 4 <= end:
        typ, size = _RECORD.unpack_from(stream, pos)
        body, pos = pos + 4, pos + 4 + size
        if typ not in _WATCHED:
            continue
        if typ == _EOF or pos > end:
            break
        if typ in _CELLS and size >= 4:
            places += stream[body : body + 4]
            if typ == _FORMULA:
                formula = stream[body : body + 4]
        elif typ == _STRING:
            places += formula
        elif typ in _SPANS and size >= 6:
            # first and last column, and beyond: calamine places as many cells as the record holds
            places += stream[body : body + 4] + stream[body : body + 2] + stream[pos - 2 : pos]
            widest = max(widest, stream[body + 2] + (stream[body + 3] << 8) + (size - 6) // _SPANS[typ] - 1)
    return _rectangle(places, widest), min(pos, end)


def _rectangle(places: bytearray, widest: int) -> int:
    """Rows x columns from the top-left to the bottom-right cell."""
    if not places:
        return 0
    cells = array("H")
    cells.frombytes(places)
    if sys.byteorder == "big":
        cells.byteswap()
    rows, cols = cells[0::2], cells[1::2]
    return (max(rows) - min(rows) + 1) * (max(max(cols), widest) - min(cols) + 1)
