"""A batch read in parallel and written in order (services/batch.py) ends
exactly as ingest_file on each file in turn: the same reports and the same
store, even where a file of the batch changes the village registry the
files read ahead of it were read under, or another writer does."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from services.batch import AHEAD, process_files
from services.ingest import ingest_file, validate_file
from store import Store
from tests.filemaker import VILLAGES, form01_file, registry_file
from tests.test_store import BASE, PG, fresh_postgresql

NEW_VILLAGE = ("V04", "Đông Hải", "Ngọc Liên")
WITH_NEW = {**BASE, "Đông Hải": {"households_total": 250, "households_committed": 50}}


def batch(folder: Path) -> list[Path]:
    """Files whose outcome depends on the order and on the registry the
    earlier ones write: more of them after each registry than are read ahead."""
    files = [
        form01_file(folder / "a-2025-before-registry.xlsx", "NĂM 2025", BASE),  # no village known yet: refused
        registry_file(folder / "b-registry.xlsx"),
        form01_file(folder / "c-2025.xlsx", "NĂM 2025", BASE),
        form01_file(folder / "d-2026-new-village.xlsx", "6 THÁNG ĐẦU NĂM 2026", WITH_NEW),  # Đông Hải unknown yet: refused
        folder / "e-missing.xlsx",
        registry_file(folder / "f-registry-4.xlsx", [*VILLAGES, NEW_VILLAGE]),
        form01_file(folder / "g-2026-new-village.xlsx", "6 THÁNG ĐẦU NĂM 2026", WITH_NEW),
        form01_file(folder / "h-2025-again.xlsx", "NĂM 2025", BASE),  # the same figures as c: unchanged
    ]
    assert files.index(folder / "g-2026-new-village.xlsx") - files.index(folder / "f-registry-4.xlsx") < AHEAD
    return files


def outcome(store: Store, reports) -> tuple:
    """The reports as the command line prints them, and the store's content
    without ids and times."""
    values = store.current_values().drop(columns=["id", "submission_id"]).sort_values(["form", "period", "entity", "field"])
    history = store.submissions()[["filename", "forms", "periods", "state", "inserted", "updated", "unchanged", "sha256"]]
    values = values.astype(object).where(values.notna(), None)  # NaN never equals NaN
    return [r.as_json() for r in reports], values.to_dict("records"), history.to_dict("records")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(not PG, reason="XANH_TEST_PG not set"))])
def two_stores(request, tmp_path):
    """Two new empty stores of one kind (ids then match, as the reports name them)."""
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            urls = [str(tmp_path / "one.sqlite"), str(tmp_path / "two.sqlite")]
        else:
            urls = [stack.enter_context(fresh_postgresql()) for _ in range(2)]
        stores = [Store(url, commune="10903") for url in urls]
        yield stores
        for store in stores:
            store.engine.dispose()


def test_a_batch_ends_as_the_files_one_by_one(two_stores, tmp_path):
    one_by_one, together = two_stores
    files = batch(tmp_path)
    expected = outcome(one_by_one, [ingest_file(one_by_one, f, user="t") for f in files])
    got = outcome(together, process_files(together, files, user="t"))
    assert [r["ok"] for r in got[0]] == [False, True, True, False, False, True, True, True]
    assert got == expected


def test_validating_a_batch_writes_nothing_and_reports_as_one_by_one(tmp_path):
    store = Store(tmp_path / "v.sqlite", commune="10903")
    assert ingest_file(store, registry_file(tmp_path / "registry.xlsx"), user="t").ok
    files = batch(tmp_path)
    expected = [validate_file(store, f).as_json() for f in files]
    before = store.submissions()
    assert [r.as_json() for r in process_files(store, files)] == expected
    assert store.submissions().equals(before)


def test_a_registry_written_by_another_writer_is_read_again(tmp_path):
    """The files read ahead under the old registry are read again by the
    writer when it finds the registry changed (another process, here the
    progress callback, wrote it)."""
    store = Store(tmp_path / "o.sqlite", commune="10903")
    assert ingest_file(store, registry_file(tmp_path / "registry.xlsx"), user="t").ok
    files = [
        form01_file(tmp_path / "2025.xlsx", "NĂM 2025", BASE),
        form01_file(tmp_path / "2026.xlsx", "6 THÁNG ĐẦU NĂM 2026", WITH_NEW),
    ]
    other = registry_file(tmp_path / "other.xlsx", [*VILLAGES, NEW_VILLAGE])

    def meanwhile(report):
        if report.file.endswith("2025.xlsx"):
            assert ingest_file(store, other, user="other").ok

    reports = process_files(store, files, user="t", done=meanwhile)
    assert [(r.ok, r.rows) for r in reports] == [(True, 3), (True, 4)]
    assert store.current_values(["01"], ["2026-H1"])["entity"].nunique() == 4


@pytest.mark.parametrize("files", [0, 1])
def test_an_empty_or_single_batch(tmp_path, files):
    store = Store(tmp_path / "s.sqlite", commune="10903")
    reports = process_files(store, [registry_file(tmp_path / "r.xlsx")][:files], user="t")
    assert [r.ok for r in reports] == [True] * files


def test_a_batch_reads_under_the_communes_program(tmp_path):
    """The reading threads see the program the caller set (catalog.using):
    a task renamed in it is checked against the new name, as one by one."""
    from catalog import load_catalog, using
    from services.seed import SAMPLE_DATA

    shipped = load_catalog()
    renamed = shipped.tasks[0].model_copy(update={"name_vi": "Một tên khác hẳn"})
    program = shipped.model_copy(update={"tasks": [renamed, *shipped.tasks[1:]]})
    store = Store(tmp_path / "s.sqlite", commune="10903")
    tasks = SAMPLE_DATA / "bieu-04-tien-do-nhiem-vu-nam-2025.xlsx"
    with using(program):
        one = validate_file(store, tasks)
        (read,) = process_files(store, [tasks])
    assert "task_name_differs" in [p.code for p in one.problems]
    assert read.as_json() == one.as_json()
