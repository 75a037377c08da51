"""Validate and ingest files: load, check against the store, merge, write.

A file is accepted or rejected whole. Checking and writing happen in one
write transaction, so the checks see exactly the state the write changes
and a rejected or interrupted file leaves the store as it was.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from catalog import load_catalog
from loaders import load_isolated
from loaders.checks import check_blanks, check_changes, check_locations, compare_merged
from loaders.problems import Problem, has_errors, problem
from loaders.registry import Registry
from loaders.result import LoadResult
from store import Store
from store.merge import MergePlan, merged_view, plan_merge

if TYPE_CHECKING:
    import pandas as pd

MAX_BYTES = 20 * 1024 * 1024
NO_CHANGE = {"inserted": 0, "updated": 0, "unchanged": 0}


@dataclass
class FileReport:
    """The outcome for one file, as the CLI's JSON and the pages show it."""

    file: str
    forms: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    ok: bool = False
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=lambda: dict(NO_CHANGE))
    submission_id: int | None = None
    result: LoadResult | None = field(default=None, repr=False)  # what was read; a long batch lets it go

    @property
    def values(self) -> pd.DataFrame | None:
        """The values read (built as a frame only when a page asks)."""
        return None if self.result is None else self.result.values

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "forms": self.forms,
            "periods": self.periods,
            "ok": self.ok,
            "rows": self.rows,
            "problems": [p.as_json() for p in self.problems],
            "summary": self.summary,
        }


def read_source(source: str | Path | bytes, name: str | None, max_bytes: int) -> tuple[bytes | None, str]:
    """The file's bytes (None when it is missing or too large: the loader
    then reports why) and the name to show."""
    if isinstance(source, bytes):
        return source, name or "tệp tải lên"
    path = Path(source)
    shown = name or str(source)
    try:
        if not path.is_file() or path.stat().st_size > max_bytes:
            return None, shown
        return path.read_bytes(), shown
    except OSError:
        return None, shown


def validate_file(
    store: Store, source, name: str | None = None, period: str | None = None, max_bytes: int = MAX_BYTES
) -> FileReport:
    """Everything ingest would check and count, writing nothing."""
    with store.reading() as conn:
        return _process(store, conn, source, name, period, max_bytes, user=None)


def ingest_file(
    store: Store, source, name: str | None = None, period: str | None = None, user: str = "cli", max_bytes: int = MAX_BYTES
) -> FileReport:
    """Validate, then write the file as one submission if nothing blocks it."""
    with store.writing() as conn:
        return ingest_within(store, conn, source, name, period, user, max_bytes)


def ingest_within(
    store: Store, conn: sa.Connection, source, name: str | None, period: str | None, user: str, max_bytes: int = MAX_BYTES
) -> FileReport:
    """ingest_file inside a write transaction the caller holds, so that what
    it writes and the caller's own record of it stand or fall together."""
    return _process(store, conn, source, name, period, max_bytes, user=user)


def _process(store: Store, conn: sa.Connection, source, name, period, max_bytes: int, user: str | None) -> FileReport:
    content, shown = read_source(source, name, max_bytes)
    result = load(content if content is not None else source, shown, current_registry(store, conn), period, max_bytes)
    return settle(store, conn, content, shown, result, user)


_registries: dict[tuple[str, str], Registry] = {}  # the last registry read, by store and commune


def current_registry(store: Store, conn: sa.Connection) -> Registry:
    """The commune's village registry as `conn` sees it, read and indexed
    again only when it changed (a city's registry is thousands of values,
    and every file is read against it)."""
    key = (store.url, store.commune)
    version = (*key, store.registry_version(conn))
    known = _registries.get(key)
    if known is None or known.version != version:
        known = Registry.from_triples(store.registry_triples(conn), version)
        _registries[key] = known
    return known


def load(source, shown: str, registry: Registry, period: str | None, max_bytes: int) -> LoadResult:
    """The file read on its own, in a sandbox worker (nothing of the store but
    its village registry)."""
    return load_isolated(source, shown, registry=registry, period=period, max_bytes=max_bytes)


def settle(
    store: Store, conn: sa.Connection, content: bytes | None, shown: str, result: LoadResult, user: str | None
) -> FileReport:
    """A file read against the registry `conn` holds, checked against the
    store and, for a user and no error, written as one submission."""
    report = FileReport(
        file=shown,
        forms=result.forms,
        periods=result.periods,
        rows=result.rows,
        problems=list(result.problems),
        result=result,
    )
    if content is None or has_errors(report.problems):
        return report
    sha256 = hashlib.sha256(content).hexdigest()
    duplicate = store.accepted_with_hash(sha256, conn)
    if duplicate:
        report.problems.append(problem("duplicate_file", submission=duplicate))
        report.ok, report.summary = True, {**NO_CHANGE, "unchanged": result.rows}
        return report
    plan = _check_against_store(store, conn, result, report)
    report.ok = not has_errors(report.problems)
    if plan is not None:
        report.summary = plan.summary
    if report.ok and user is not None:
        meta = {
            "filename": Path(shown).name,
            "sha256": sha256,
            "size": len(content),
            "content": content,
            "user": user,
            "forms": ",".join(result.forms),
            "periods": ",".join(result.periods),
            "rows": result.rows,
        }
        warnings = [p.as_json() for p in report.problems]
        report.submission_id = store.add_submission(conn, meta, plan, warnings)
    return report


def _check_against_store(store: Store, conn: sa.Connection, result: LoadResult, report: FileReport) -> MergePlan | None:
    """Locks, the ≤ rules and places after the merge, jumps from earlier
    periods, and values reported earlier that are blank now."""
    locked = sorted(set(result.periods) & store.locked_codes(conn))
    if locked:
        report.problems += [problem("period_locked", period=p, period_code=p) for p in locked]
        return None
    catalog = load_catalog()
    new = result.records()
    entities = {r["entity"] for r in new} | {b[2] for b in result.blanks}
    timeless = [""] if any(not catalog.forms[f].has_period for f in result.forms) else []  # Biểu 00's period is ""
    stored = store.current_records(conn, result.forms, [*result.periods, *timeless], entities)
    plan = plan_merge(new, stored, catalog)
    history = [
        r
        for rule in catalog.rules.changes
        if rule.form in result.forms
        for r in store.field_history(conn, rule.form, rule.field, entities)
    ]
    merged = merged_view(stored, plan)
    report.problems += compare_merged(new, merged, catalog)
    report.problems += check_locations(new, merged, catalog)
    report.problems += check_changes(new, history, catalog)
    report.problems += check_blanks(result.blanks, stored, catalog)
    return plan
