"""Reading one submitted file: its format, sheets, forms, periods and values.

load_file finds the file's real format, every sheet that holds a form (as
a table or, for Biểu 01, as a vertical one-village report), the period of
each row, and turns cells into a tidy frame of values (loaders/result.py)
with every problem located as Excel shows it. It never raises: whatever
arrives, the official gets Vietnamese messages, not a traceback. Text typed
in a legacy Vietnamese font encoding is converted to Unicode first, with a
warning. load_isolated and read_grids_isolated do the same reading in a
sandbox worker (loaders/sandbox.py), which is how every file from outside
is read.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterator
from pathlib import Path

from catalog import load_catalog
from catalog.models import Catalog
from catalog.periods import is_code
from loaders import sandbox
from loaders.cells import Sheet, col_number, number_param
from loaders.collect import Collector, Spot
from loaders.headers import REGISTRY_FORM, find_layout
from loaders.legacy import LEGACY_NAMES, Font, choose_encoding, convert, in_font, typed_throughout
from loaders.problems import problem
from loaders.read import FileError, read_sheets, unreadable
from loaders.registry import Registry
from loaders.result import LoadResult
from loaders.rows import is_blank_row
from loaders.table import TableReader
from loaders.vertical import VerticalReader, find_vertical

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
UPLOAD_NAME = "tệp tải lên"


def load_file(
    source: str | Path | bytes,
    name: str | None = None,
    *,
    registry: Registry,
    period: str | None = None,
    catalog: Catalog | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> LoadResult:
    """Read one file (a path, or the bytes of an upload named `name`).

    `period` is the period chosen by the uploader, used only where the file
    names none. `registry` resolves village names and codes.
    """
    shown = name or (UPLOAD_NAME if isinstance(source, (bytes, bytearray)) else str(source))
    try:
        return _load(source, shown, registry, period, catalog or load_catalog(), max_bytes)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException:  # PRODUCT.md: no traceback ever reaches a user (a Rust panic is no Exception)
        error = unreadable(shown, None)
        return LoadResult(shown, problems=[problem(error.code, **error.params)])


def read_grids(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Sheet]:
    """The sheets of an upload as grids, for showing it with its problem
    cells marked (pages never parse files). It passes the same size and bomb
    checks as load_file, and returns [] for a file that cannot be read: the
    problems load_file reports say why."""
    try:
        sheets = read_sheets(_bytes(data, name, max_bytes), name)
        _to_unicode(sheets)  # shown as the messages quote them
        return sheets
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException:  # as in load_file: a damaged file must not take the page down
        return []


def load_isolated(
    source: str | Path | bytes,
    name: str | None = None,
    *,
    registry: Registry,
    period: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> LoadResult:
    """load_file in a sandbox worker: a file that would exhaust memory or
    time, or crash the reader, is refused with where it went wrong."""
    shown = name or (UPLOAD_NAME if isinstance(source, (bytes, bytearray)) else str(source))
    kept = sandbox.Keep(("registry", registry.version), registry) if registry.version is not None else registry
    try:
        return sandbox.shared().run(
            load_file, source, name, registry=kept, period=period, catalog=_kept(load_catalog()), max_bytes=max_bytes
        )
    except sandbox.Failure as failure:
        return LoadResult(shown, problems=[_failed(failure, shown)])
    except Exception:  # load_file raises nothing: this is the sandbox itself failing (no process, no pipe)
        return LoadResult(shown, problems=[_failed(sandbox.Failure("crashed", None, 0), shown)])


# By id, the most recently used last; each entry holds its catalog, so the
# id stays that catalog's while it is here. As many as a worker keeps.
_catalogs: OrderedDict[int, tuple[Catalog, sandbox.Keep]] = OrderedDict()
_catalogs_lock = threading.Lock()


def _kept(catalog: Catalog) -> sandbox.Keep:
    """The catalog as workers keep it: named by a digest of its content (a
    commune's program changes it), computed once per catalog object."""
    with _catalogs_lock:
        known = _catalogs.pop(id(catalog), None)
        if known is None:
            digest = hashlib.sha256(pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
            known = (catalog, sandbox.Keep(("catalog", digest), catalog))
        _catalogs[id(catalog)] = known
        while len(_catalogs) > sandbox.KEPT:
            _catalogs.popitem(last=False)
    return known[1]


def read_grids_isolated(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Sheet]:
    """read_grids in a sandbox worker ([] when the worker fails: the
    problems load_isolated reports say why)."""
    try:
        return sandbox.shared().run(read_grids, data, name, max_bytes)
    except Exception:  # the worker failed, or the sandbox itself (read_grids raises nothing)
        return []


def _failed(failure: sandbox.Failure, shown: str):
    """The refusal of a file whose worker died or ran out of time, located at
    the sheet it was reading."""
    where = (
        (f' ở trang tính "{failure.sheet}"', f' in sheet "{failure.sheet}"')
        if failure.sheet
        else (" ngay khi mở tệp", " on opening")
    )
    code = "file_timeout" if failure.kind == "timeout" else "file_crashed"
    return problem(code, sheet=failure.sheet, name=shown, where=where, seconds=number_param(failure.seconds))


def _load(source, shown: str, registry: Registry, period: str | None, catalog: Catalog, max_bytes: int) -> LoadResult:
    if period is not None and not is_code(period):
        return LoadResult(shown, problems=[problem("period_invalid", value=period)])
    try:
        sheets = read_sheets(_bytes(source, shown, max_bytes), shown)
    except FileError as error:
        return LoadResult(shown, problems=[problem(error.code, **error.params)])
    collector = Collector(shown, catalog, registry, period)
    sheets = [s for s in sheets if not all(is_blank_row(r) for r in s.rows)]
    _repair_legacy(sheets, collector)
    _read_book(sheets, collector)
    collector.report_formulas()
    order = {sheet.name: n for n, sheet in enumerate(sheets)}
    return LoadResult(
        shown,
        forms=sorted(collector.forms),
        periods=collector.sorted_periods(),
        columns=collector.columns(),
        problems=sorted(collector.listed_problems(), key=lambda p: (order.get(p.sheet, -1), p.row or 0, col_number(p.column))),
        rows=collector.rows,
        blanks=collector.blanks,
    )


def _bytes(source, shown: str, max_bytes: int) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        path = Path(source)
        if not path.is_file():
            raise FileError("file_missing", name=shown)
        if path.stat().st_size > max_bytes:
            _too_large(shown, path.stat().st_size, max_bytes)
        data = path.read_bytes()
    if len(data) > max_bytes:
        _too_large(shown, len(data), max_bytes)
    return data


def _too_large(shown: str, size: int, limit: int) -> None:
    def megabytes(n: int) -> tuple[str, str]:
        text = f"{n / 1024 / 1024:.1f} MB"
        return text.replace(".", ","), text

    raise FileError("file_too_large", name=shown, size=megabytes(size), limit=megabytes(limit))


def _to_unicode(sheets: list[Sheet]) -> list[tuple[Sheet, list[tuple[int, int]]]]:
    """Text typed in a legacy encoding (TCVN3, VNI) becomes Unicode in place
    (loaders/legacy.py): a cell in a legacy font as its font drew it; any
    other cell by its words, in the encoding that repairs most cells of the
    file (a template's headers may be Unicode and the rows typed in TCVN3),
    and every cell of a sheet typed in that encoding throughout. Each sheet
    so converted, with its cells. A CSV file was decoded from its legacy
    bytes already (loaders/read.py)."""
    typed = [_font_cells(sheet) for sheet in sheets]
    encoding = choose_encoding(
        v for sheet, fonts in zip(sheets, typed) if not sheet.legacy for r, c, v in _texts(sheet) if (r, c) not in fonts
    )
    converted = []
    for sheet, fonts in zip(sheets, typed):
        changed = [(r, c) for r, c, _ in _texts(sheet)] if sheet.legacy else _convert(sheet, fonts, encoding)
        if changed:
            converted.append((sheet, changed))
    return converted


def _repair_legacy(sheets: list[Sheet], collector: Collector) -> None:
    """Legacy text to Unicode (_to_unicode), with one warning per sheet
    naming the encoding and the first cell."""
    for sheet, changed in _to_unicode(sheets):
        (r, c), names = min(changed), LEGACY_NAMES[sheet.legacy]
        where = (f'trang tính "{sheet.name}"', f'sheet "{sheet.name}"') if sheet.name else ("tệp", "the file")
        spot = Spot(sheet.name, sheet.excel_row(r), sheet.excel_col(c))
        collector.report("legacy_encoding", spot, where=where, encoding=names, count=len(changed))


def _texts(sheet: Sheet) -> Iterator[tuple[int, int, str]]:
    """Position and text of each cell with a character beyond ASCII (a legacy font types nothing else differently)."""
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and not value.isascii():
                yield r, c, value


def _font_cells(sheet: Sheet) -> dict[tuple[int, int], Font]:
    """The sheet's cells beyond ASCII typed in a legacy font, and the font."""
    cells = {}
    for top, left, bottom, right, font in sheet.fonts:
        for r in range(max(top, 0), min(bottom + 1, len(sheet.rows))):
            row = sheet.rows[r]
            cells.update(
                ((r, c), font)
                for c in range(max(left, 0), min(right + 1, len(row)))
                if isinstance(row[c], str) and not row[c].isascii()
            )
    return cells


def _convert(sheet: Sheet, fonts: dict[tuple[int, int], Font], encoding: str | None) -> list[tuple[int, int]]:
    """Convert the sheet's text cells in place; the positions changed. The
    sheet is named by the encoding that converted most of them."""
    encodings: Counter[str] = Counter()
    changed = []

    def put(r: int, c: int, text: str, used: str) -> None:
        if text != sheet.rows[r][c]:
            sheet.rows[r][c] = text
            changed.append((r, c))
            encodings[used] += 1

    for (r, c), font in fonts.items():
        put(r, c, in_font(sheet.rows[r][c], font), font[0])
    if encoding:
        throughout = typed_throughout((v for r, c, v in _texts(sheet) if (r, c) not in fonts), encoding)
        for r, c, v in _texts(sheet):
            if (r, c) not in fonts:
                put(r, c, convert(v, encoding, throughout), encoding)
    if changed:
        sheet.legacy = encodings.most_common(1)[0][0]
    return changed


def _read_book(sheets: list[Sheet], collector: Collector) -> None:
    """Read every sheet that holds a form; the village registry (Biểu 00)
    first, so villages it adds resolve in the file's other sheets."""
    if not sheets:
        collector.report("file_empty", name=collector.file_name)
        return
    readers, skipped = [], []
    for sheet in sheets:
        layout = find_layout(sheet, collector.catalog)
        vertical = None if layout else find_vertical(sheet, collector.catalog)
        if layout:
            readers.append(TableReader(sheet, layout, collector))
        elif vertical:
            readers.append(VerticalReader(sheet, vertical, collector))
        else:
            skipped.append(sheet)
    if not readers:
        collector.report("form_unknown")
        return
    for sheet in skipped:
        if sheet.name is not None:
            collector.report("sheet_skipped", Spot(sheet.name), sheet_name=sheet.name)
    registers = [r for r in readers if isinstance(r, TableReader) and r.form.id == REGISTRY_FORM]
    for reader in registers:
        sandbox.stage(reader.sheet.name)
        reader.read()
    if registers:
        read = collector.columns()
        rows = zip(read["form"], read["entity"], read["field"], read["text"])
        added = Registry.from_triples((e, f, t) for form, e, f, t in rows if form == REGISTRY_FORM).villages
        collector.registry = Registry([*collector.registry.villages, *added])
    for reader in readers:
        if reader not in registers:
            sandbox.stage(reader.sheet.name)
            reader.read()
