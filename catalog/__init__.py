"""The catalog: sectors, forms, fields, rules, indicators, tasks and the
commune's own settings, kept as YAML data files a commune can edit.

`load_catalog()` reads the folder named by XANH_CATALOG (default
catalog/data) and checks it with the pydantic models; a wrong file stops the
program with a message naming the file and the entry.

One store serves many communes, each with its own program over the shared
catalog (catalog/programs.py). The command line (once it knows the commune)
and the dashboard (on each run of a session) say which catalog is current
with `using`/`use`; `load_catalog()` then returns it, so metrics, reports
and loaders read that commune's targets and tasks without being handed it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import yaml
from pydantic import ValidationError

from catalog.models import Catalog
from catalog.yamlfile import parse

DEFAULT_DIR = Path(__file__).parent / "data"
FILES = ("commune", "sectors", "enums", "forms", "rules", "indicators", "tasks")


class CatalogError(Exception):
    """The catalog files are missing or wrong; the message says where."""


def _read(directory: Path, name: str) -> object:
    path = directory / f"{name}.yaml"
    try:
        return parse(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: {exc}") from exc


def _build(directory: Path) -> Catalog:
    raw = {name: _read(directory, name) for name in FILES}
    if isinstance(raw["forms"], dict):
        raw["forms"] = {str(k): {"id": str(k), **v} for k, v in raw["forms"].items()}
    try:
        return Catalog.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first["loc"]
        entry = _entry_name(raw, loc)
        file = f"{loc[0]}.yaml" if loc else "catalog"
        raise CatalogError(f"{directory / file}: {entry}{first['msg']}") from exc


def _entry_name(raw: dict, loc: tuple) -> str:
    """'indicator CT1, field target: ' for a location inside a list of entries."""
    if len(loc) < 2:
        return ""
    node = raw.get(loc[0])
    try:
        node = node[loc[1]]
        name = node.get("id", loc[1]) if isinstance(node, dict) else loc[1]
    except (KeyError, IndexError, TypeError):
        name = loc[1]
    rest = ".".join(str(p) for p in loc[2:])
    return f"entry {name}" + (f", {rest}" if rest else "") + ": "


_current: ContextVar[Catalog | None] = ContextVar("catalog", default=None)


def load_catalog(directory: str | None = None) -> Catalog:
    """The current commune's catalog (see `using`), else the checked catalog
    of `directory`, XANH_CATALOG or catalog/data."""
    current = _current.get() if directory is None else None
    return current if current is not None else shipped_catalog(directory)


@functools.cache
def shipped_catalog(directory: str | None = None) -> Catalog:
    """The catalog of the folder, as shipped (no commune's program applied)."""
    return _build(Path(directory or os.environ.get("XANH_CATALOG") or DEFAULT_DIR))


@contextmanager
def using(catalog: Catalog) -> Iterator[Catalog]:
    """Make `catalog` the current one inside the block."""
    token = _current.set(catalog)
    try:
        yield catalog
    finally:
        _current.reset(token)


def use(catalog: Catalog) -> None:
    """Make `catalog` the current one from here on in this context (a
    Streamlit session's run sets it first thing)."""
    _current.set(catalog)
