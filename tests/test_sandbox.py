"""Untrusted files are parsed in sandbox workers (loaders/sandbox.py): a
worker that dies, runs out of memory or out of time becomes a located
refusal, and the caller, its store and its streams carry on untouched."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from loaders import sandbox
from services.accounts import Editor
from services.data_desk import process_upload
from services.ingest import validate_file
from store import Store
from tests import filemaker

ROOT = Path(__file__).resolve().parents[1]
WILD = Path(__file__).parent / "fixtures" / "wild"
ABORT = WILD / "chuoi-chung-khong-lo.xlsx"  # shared strings declaring 99,999,999,999 entries: calamine aborts


def killed_mid_parse(sheet: str) -> None:
    sandbox.stage(sheet)
    os.kill(os.getpid(), signal.SIGKILL)


def spinning(sheet: str) -> None:
    sandbox.stage(sheet)
    time.sleep(60)


def greedy() -> int:
    return len(bytearray(2 * 1024**3))


def failing() -> None:
    raise ValueError("từ trong worker")


def pid() -> int:
    return os.getpid()


_hoard: list[bytes] = []


def hoarding() -> int:
    """A task that leaves 300 MB behind in its worker (a leak)."""
    _hoard.append(b"x" * 300 * 1024 * 1024)
    return os.getpid()


def echo(value: object, other: object = None) -> tuple:
    return value, other


def sent_size(value) -> int:
    """What the caller pipes to a worker for a task with this argument."""
    import pickle

    return len(pickle.dumps(value))


@pytest.fixture
def box():
    """A sandbox of one worker, small limits."""
    made = sandbox.Sandbox(memory_mb=256, seconds=3, workers=1)
    yield made
    made.close()


def test_a_worker_killed_mid_parse_is_a_failure_located_at_its_sheet(box):
    with pytest.raises(sandbox.Failure) as failure:
        box.run(killed_mid_parse, "Biểu 01")
    assert (failure.value.kind, failure.value.sheet) == ("crashed", "Biểu 01")
    assert box.run(pid) != os.getpid()  # a new worker serves the next file


def test_a_worker_out_of_time_is_stopped(box):
    started = time.monotonic()
    with pytest.raises(sandbox.Failure) as failure:
        box.run(spinning, "Trang 2")
    assert (failure.value.kind, failure.value.sheet, failure.value.seconds) == ("timeout", "Trang 2", 3)
    assert time.monotonic() - started < 30
    assert isinstance(box.run(pid), int)


def test_a_worker_out_of_memory_dies_alone(box):
    with pytest.raises(sandbox.Failure) as failure:
        box.run(greedy)
    assert (failure.value.kind, failure.value.sheet) == ("crashed", None)


def test_an_exception_in_the_worker_reaches_the_caller(box):
    with pytest.raises(ValueError, match="từ trong worker"):
        box.run(failing)
    first = box.run(pid)
    assert box.run(pid) == first  # the worker is kept after an ordinary exception


def test_a_worker_that_has_grown_by_half_its_ceiling_is_replaced():
    box = sandbox.Sandbox(memory_mb=512, seconds=10, workers=1)
    try:
        first = box.run(pid)
        assert box.run(hoarding) == first
        assert (
            box.run(pid) != first
        )  # replaced after it grew by 300 MB, more than half its 512 (its test module, imported to unpickle, brings pandas)
    finally:
        box.close()


def test_warming_for_one_file_starts_one_worker_which_has_the_loader_imported():
    """A command with one file starts one worker (a second would only take
    the core its caller imports on), and that worker imports the loader as
    it starts, not when the file arrives."""
    box = sandbox.Sandbox(seconds=20, workers=2)
    try:
        box.warm(1)
        deadline = time.monotonic() + 20
        while not box._idle and time.monotonic() < deadline:
            time.sleep(0.05)
        assert box._live == 1 and len(box._idle) == 1
        assert box.run(eval, "'loaders.load' in __import__('sys').modules") is True  # eval: no module of ours unpickled
    finally:
        box.close()


def test_a_kept_value_is_sent_once_and_always_read_right(box, monkeypatch):
    """Keep: more keys than a worker keeps, used in a changing order, each
    task gets its own values; a value the worker holds goes by name only."""
    sent: list[int] = []
    real_send = sandbox.send
    monkeypatch.setattr(sandbox, "send", lambda stream, value: (sent.append(sent_size(value)), real_send(stream, value)))
    large = ["x" * 100_000]
    assert box.run(echo, sandbox.Keep("large", large)) == (large, None)
    assert box.run(echo, sandbox.Keep("large", large)) == (large, None)
    assert sent[0] > 100_000 > 1_000 > sent[1]  # the second time, by name
    order = [k % (sandbox.KEPT + 3) for k in (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 5, 1, 10, 2, 9, 3, 3, 8, 4, 7, 0, 6, 1)]
    for a, b in zip(order, reversed(order)):
        assert box.run(echo, sandbox.Keep(a, f"v{a}"), other=sandbox.Keep(b, f"v{b}")) == (f"v{a}", f"v{b}")


@pytest.fixture
def store(tmp_path) -> Store:
    made = Store(tmp_path / "s.sqlite")
    from services.ingest import ingest_file

    assert ingest_file(made, filemaker.registry_file(tmp_path / "00.xlsx"), user="t").ok
    return made


def test_the_abort_file_is_refused_through_the_upload_service(store):
    """The Dữ liệu page's service: the file that kills calamine's process is a
    plain refusal, the store is as it was, and the next file is read."""
    before = store.submissions()
    report = process_upload(
        store, ABORT.read_bytes(), "bao-cao.xlsx", None, 20, editor=Editor("can.bo", frozenset({store.commune}))
    )
    (p,) = report.problems
    assert (report.ok, p.code, p.severity, p.sheet, p.row, p.column) == (False, "file_crashed", "error", None, None, None)
    assert p.message.startswith("Tệp bao-cao.xlsx quá lớn hoặc bị hỏng ngay khi mở tệp")
    assert store.submissions().equals(before)
    assert validate_file(store, WILD / "01-unicode.xlsx").forms == ["01"]


def test_a_sandbox_that_cannot_start_a_worker_refuses_the_file_plainly(store, monkeypatch):
    """No process or pipe to spare (too many open files): the page's service
    refuses the file in its own words, and its sheet view is empty."""
    from services.data_desk import sheet_views

    def no_worker(*args, **kwargs):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(sandbox.Sandbox, "run", no_worker)
    data = (WILD / "01-unicode.xlsx").read_bytes()
    report = process_upload(store, data, "bao-cao.xlsx", None, 20)
    assert [p.code for p in report.problems] == ["file_crashed"] and not report.ok
    assert sheet_views(data, "bao-cao.xlsx", [dataclasses.replace(report.problems[0], row=1)], 20) == []


def test_a_worker_crash_reaches_no_stream_of_the_command_line(tmp_path):
    """calamine's abort prints a panic message and, with RUST_BACKTRACE set,
    a backtrace: none of it may reach the user's terminal."""
    env = {**os.environ, "RUST_BACKTRACE": "1", "PYTHONPATH": str(ROOT)}
    env.pop("XANH_DEBUG", None)
    run = subprocess.run(
        [sys.executable, "cli.py", "--db", str(tmp_path / "x.sqlite"), "validate", "--json", str(ABORT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (run.returncode, run.stderr) == (1, "")
    (report,) = json.loads(run.stdout)
    assert [p["code"] for p in report["problems"]] == ["file_crashed"]


def test_the_catalogs_sent_to_workers_are_held_a_few_at_a_time():
    """One Keep per catalog object, the same each time it is asked for, and
    no more held than a worker keeps (a city server sees many programs)."""
    from catalog import load_catalog
    from loaders import load

    catalogs = [load_catalog().model_copy() for _ in range(sandbox.KEPT + 3)]
    kept = [load._kept(c) for c in catalogs]
    assert load._kept(catalogs[-1]) is kept[-1] and len(load._catalogs) == sandbox.KEPT
    assert len({k.key for k in kept}) == 1  # the same content, named by its digest


def test_the_time_limit_counts_the_file_not_the_worker_starting():
    """A worker that takes longer to start and import the task's module than
    the limit (CI's busy machine did, for a 3 s limit) still runs the task."""
    from tests import slow_to_import

    box = sandbox.Sandbox(memory_mb=256, seconds=1.5, workers=1)  # half the import's time, and ample for the task itself
    try:
        assert box.run(slow_to_import.answer) == 42
    finally:
        box.close()
