"""Filling a store from sample_data/: the `seed` command and the first
start of the dashboard."""

from __future__ import annotations

from pathlib import Path

from services.ingest import FileReport, ingest_file
from store import Store, communes

SAMPLE_DATA = Path(__file__).resolve().parents[1] / "sample_data"
SPREADSHEETS = (".xlsx", ".xlsb", ".xls", ".ods", ".csv")


def sample_files(folder: Path = SAMPLE_DATA) -> list[Path]:
    """Sample files by name: 'bieu-00-…' (the village registry) comes first,
    so the villages of the other forms are known."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SPREADSHEETS)


def seed(store: Store, folder: Path = SAMPLE_DATA) -> list[FileReport]:
    return [ingest_file(store, path, user="sample_data") for path in sample_files(folder)]


def seed_if_empty(store: Store) -> list[FileReport]:
    """Seed a laptop install (one commune, registered now if need be) that
    has never received a file; leave any other store alone, a city's too."""
    if len(communes.listed(store)) > 1 or not store.submissions().empty:
        return []
    return seed(store)
