"""Communes of a store: registering them from the official list, each one's
catalog (the shared catalog with its program), setting a program from a
file, and whether an editor may write a commune.

The rights are checked here, in the service layer, not only in the pages:
a commune's editor can never write another commune's data, whatever calls.
"""

from __future__ import annotations

import functools

from catalog import shipped_catalog
from catalog.models import Catalog
from catalog.programs import apply, dump, for_unit
from catalog.units import Unit, find
from services.accounts import Editor
from store import Store, StoreError
from store import communes as registry


class NotAllowed(StoreError):
    """An editor acting on a commune that is not theirs."""


def add(store: Store, query: str) -> tuple[Unit, bool]:
    """Register the commune a code or "name, province" names (UnitError when
    it names none or several); whether it is new."""
    unit = find(query)
    return unit, registry.register(store, unit)


def registered(store: Store) -> list[Unit]:
    """The communes the store holds, as the official list names them."""
    return registry.listed(store)


def shown(codes: list[str], wanted: str | None) -> str:
    """The commune a dashboard page shows: the one asked for (?xa=) when
    registered, else the configured commune when registered, else the first."""
    if wanted in codes:
        return wanted
    configured = shipped_catalog().commune.code
    return configured if configured in codes else codes[0]


def unit_of(store: Store) -> Unit:
    """The store's commune as the official list names it."""
    return next(u for u in registry.listed(store) if u.code == store.commune)


def catalog_of(store: Store) -> Catalog:
    """The store's commune's catalog: the shared catalog named for the
    commune, with its newest program applied."""
    program = registry.program(store)
    return _catalog(unit_of(store), program.version if program else 0, program.content if program else "")


@functools.lru_cache(maxsize=256)
def _catalog(unit: Unit, version: int, content: str) -> Catalog:
    named = for_unit(shipped_catalog(), unit)
    return apply(named, content) if version else named


def set_program(store: Store, text: str, user: str) -> int:
    """Check a program against the shared catalog (ProgramError when wrong),
    then record it as the commune's newest version; its number."""
    check_program(unit_of(store), text)
    return registry.set_program(store, text, user)


def check_program(unit: Unit, text: str) -> None:
    """ProgramError unless the program applies to the shared catalog named for the unit."""
    apply(for_unit(shipped_catalog(), unit), text)


def program_text(store: Store) -> str:
    """The commune's current program as YAML (to edit and send back)."""
    return dump(catalog_of(store))


def program_label(store: Store) -> str:
    """Which program a report used: its version and date, or the shared one."""
    program = registry.program(store)
    if program is None:
        return "chương trình chung của thành phố"
    return f"chương trình của xã, phiên bản {program.version} ({program.created_at:%d/%m/%Y})"


def check_editor(store: Store, editor: Editor) -> None:
    """NotAllowed unless the editor may write the store's commune."""
    if not editor.may_write(store.commune):
        raise NotAllowed(f"Tài khoản {editor.name} không có quyền ghi số liệu của {unit_of(store).name}.")
