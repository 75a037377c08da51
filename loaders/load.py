"""Files -> validated values: load_file reads one submitted file on its own.

It finds the file's real format, every sheet that holds a form (as a table
or, for Biểu 01, as a vertical one-village report), the period of each row,
and turns cells into a tidy frame of values (loaders/result.py) with every
problem located as Excel shows it. It never raises: whatever arrives, the
official gets Vietnamese messages, not a traceback. Checks that need the
store (≤ rules after the merge, changes from earlier periods, fields blank
now) run later in loaders/checks.py.
"""

from __future__ import annotations

from pathlib import Path

from catalog import load_catalog
from catalog.models import Catalog
from catalog.periods import is_code
from loaders.cells import Sheet, col_number
from loaders.collect import Collector, Spot
from loaders.headers import REGISTRY_FORM, find_layout
from loaders.problems import problem
from loaders.read import FileError, read_sheets, unreadable
from loaders.registry import Registry
from loaders.result import LoadResult
from loaders.rows import is_blank_row
from loaders.table import TableReader
from loaders.vertical import VerticalReader, find_vertical

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
UPLOAD_NAME = "tệp tải lên"

__all__ = ["load_file", "read_grids"]


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
    except (KeyboardInterrupt, SystemExit):
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
        return read_sheets(_bytes(data, name, max_bytes), name)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # as in load_file: a damaged file must not take the page down
        return []


def _load(source, shown: str, registry: Registry, period: str | None, catalog: Catalog, max_bytes: int) -> LoadResult:
    if period is not None and not is_code(period):
        return LoadResult(shown, problems=[problem("period_invalid", value=period)])
    try:
        sheets = read_sheets(_bytes(source, shown, max_bytes), shown)
    except FileError as error:
        return LoadResult(shown, problems=[problem(error.code, **error.params)])
    collector = Collector(shown, catalog, registry, period)
    _read_book([s for s in sheets if not all(is_blank_row(r) for r in s.rows)], collector)
    values = collector.frame()
    order = {sheet.name: n for n, sheet in enumerate(sheets)}
    return LoadResult(
        shown,
        forms=sorted(collector.forms),
        periods=collector.sorted_periods(),
        values=values,
        problems=sorted(collector.problems, key=lambda p: (order.get(p.sheet, -1), p.row or 0, col_number(p.column))),
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
        reader.read()
    if registers:
        added = Registry.from_values(collector.frame()).villages
        collector.registry = Registry([*collector.registry.villages, *added])
    for reader in readers:
        if reader not in registers:
            reader.read()
