"""Shared fixtures."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from loaders.registry import Registry, Village
from services.seed import seed
from store import Store
from tests.page_helpers import runner


@pytest.fixture
def registry() -> Registry:
    """A small village registry (Biểu 00); Đông Hà and Đồng Hà differ only in
    diacritics, so 'Dong Ha' fits both."""
    return Registry(
        [
            Village("T01", "Tân Phong", "Lương Điền"),
            Village("T02", "Ngọc Trì", "Ngọc Liên", ("Ngọc Trì Thượng",)),
            Village("T03", "Quý Dương", "Cẩm Hưng"),
            Village("T04", "Đồng Khê", "Phúc Điền", ("Đồng Khe",)),
            Village("T05", "Lương Xá", "Lương Điền"),
            Village("T06", "Đông Hà", "Cẩm Hưng"),
            Village("T07", "Đồng Hà", "Phúc Điền"),
        ]
    )


ROOT = Path(__file__).resolve().parents[1]
# Pages re-raise instead of showing their friendly error, so that a test
# sees every exception (app.py; tests/test_app.py checks the friendly path).
os.environ["XANH_DEBUG"] = "1"
# No automatic backups of the tests' stores (threads writing into their
# folders); tests/test_backups.py turns them on where it looks at them.
os.environ["XANH_BACKUP_EVERY_MINUTES"] = "off"


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory) -> Path:
    """A store filled from sample_data once per test session (worker)."""
    path = tmp_path_factory.mktemp("seeded") / "seeded.sqlite"
    store = Store(path)
    assert all(report.ok for report in seed(store))
    store.engine.dispose()  # checkpoints the WAL, so the file alone is the store
    return path


@pytest.fixture
def app(seeded_file, tmp_path, monkeypatch):
    """Run the dashboard on a copy of the seeded store:
    app(page="views/x.py", lang="en", ...) -> the AppTest after its run."""
    db = tmp_path / "app.sqlite"
    shutil.copy(seeded_file, db)
    return runner(db, monkeypatch)
