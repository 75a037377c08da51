"""Untrusted files are parsed in worker processes, never in the caller's.

A file from outside can make a reader allocate terabytes (calamine aborts
the whole process when an .xlsx promises 99,999,999,999 shared strings),
panic, or spin for minutes. The Dữ liệu page parses uploads inside the
Streamlit server, so one such file would stop the dashboard for everyone.
Here every parse runs in one of a few long-lived worker processes, each
with a memory ceiling (RLIMIT_DATA, the private writable memory a reader
can allocate: its size after start plus XANH_PARSE_MEMORY_MB, default
1024; an address-space limit would also count the large ranges that
allocators reserve without using, and Arrow's is set to the system one) and a time limit per
file (XANH_PARSE_SECONDS, default 30), counted from when the worker has
the file in hand, not while it starts (STARTING_SECONDS). A worker that dies, runs out of
memory or out of time is killed and replaced, and the file gets a plain,
located refusal: the worker notes the sheet it is reading in a small stage
file, so the official learns where the file went wrong. Workers write
nothing to the terminal (their stdout and stderr go to /dev/null), so a
Rust panic message or backtrace never reaches the user's streams.

Each worker is a fresh interpreter running loaders/worker.py, never a fork of
the caller: the caller may hold database connections and native threads
(Arrow's, OpenBLAS's) that a forked child inherits in an undefined state,
and multiprocessing's spawn and fork server import the caller's main
module, which under Streamlit is the app script itself. A worker starts in
about a second and then serves many files; `warm` starts them ahead.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any

from loaders.worker import FRAME, KEPT, Keep, Kept, Named, send, stage

__all__ = ["KEPT", "WORKERS", "Failure", "Keep", "Sandbox", "shared", "stage"]  # stage, Keep: for the readers

MEMORY_ENV, DEFAULT_MEMORY_MB = "XANH_PARSE_MEMORY_MB", 1024
SECONDS_ENV, DEFAULT_SECONDS = "XANH_PARSE_SECONDS", 30
WORKERS = max(1, min(2, os.cpu_count() or 1))
TASKS_PER_WORKER = 10_000  # a worker is replaced after this many files, or once it has grown by half its ceiling
# (a new worker costs about a second of CPU: replacing one every 200 files cost a city's batch 15 s)
ROOT = Path(__file__).resolve().parents[1]
SERVE = "import sys; from loaders.worker import serve; serve(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]))"
STARTING_SECONDS = 120  # how long a worker may take to start and take a task in hand before it counts as crashed

_STARTED = object()  # the empty frame: the worker has the task in hand


def _outgoing(kept: Kept, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """The task's arguments with each Keep the worker holds sent by name."""

    def one(value: Any) -> Any:
        if not isinstance(value, Keep):
            return value
        known = value.key in kept.values
        kept.use(value.key, True, store=True)
        return Named(value.key) if known else value

    return tuple(one(a) for a in args), {k: one(v) for k, v in kwargs.items()}


class Failure(Exception):
    """The worker could not finish: kind is "crashed" or "timeout"; sheet is
    the sheet it was reading (None: while opening the file)."""

    def __init__(self, kind: str, sheet: str | None, seconds: float):
        super().__init__(kind)
        self.kind, self.sheet, self.seconds = kind, sheet, seconds


class _Worker:
    """One worker process and the pipes to it."""

    def __init__(self, memory_mb: float):
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        command = [sys.executable, "-c", SERVE, str(task_read), str(result_write), str(memory_mb)]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        # Arrow's default allocator (mimalloc, behind pandas' strings) reserves
        # a gigabyte of writable memory on first use, which the ceiling would
        # count in full; the system allocator takes what it uses.
        env["ARROW_DEFAULT_MEMORY_POOL"] = "system"
        quiet = subprocess.DEVNULL
        self.process = subprocess.Popen(
            command, pass_fds=(task_read, result_write), cwd=ROOT, env=env, stdin=quiet, stdout=quiet, stderr=quiet
        )
        self.pid = self.process.pid
        os.close(task_read)
        os.close(result_write)
        self.tasks = os.fdopen(task_write, "wb")
        self.results = result_read
        self._unread = bytearray()  # what was read from the worker past the last frame
        self.done = 0
        self.kept = Kept()
        self._started_mb: float | None = None  # its resident memory after its first file

    def grown(self) -> float:
        """How much (MB) its resident memory has grown since its first file,
        so that what it keeps between files cannot grow for ever."""
        try:
            pages = int(Path(f"/proc/{self.pid}/statm").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            return 0.0  # unknown: the file count and the ceiling still bound it
        now = pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
        if self._started_mb is None:
            self._started_mb = now
        return now - self._started_mb

    def call(self, task: tuple, seconds: float) -> tuple[bool, Any] | str:
        """The worker's reply, or "crashed" / "timeout" (the worker is then gone)."""
        stage_file, function, args, kwargs = task
        try:
            send(self.tasks, (stage_file, function, *_outgoing(self.kept, args, kwargs)))
        except (BrokenPipeError, OSError):
            self.close()
            return "crashed"
        started = self._read(time.monotonic() + STARTING_SECONDS)
        # a worker that died or hung before it took the task in hand crashed
        reply = self._read(time.monotonic() + seconds) if started is _STARTED else "crashed"
        if isinstance(reply, str):
            self.close()
        else:
            self.done += 1
        return reply

    def _read(self, deadline: float) -> Any:
        """The worker's next frame: _STARTED, a reply, or "crashed" / "timeout"."""
        buffer = self._unread
        while True:
            need = FRAME.size
            if len(buffer) >= need:
                need += FRAME.unpack_from(buffer)[0]
                if len(buffer) >= need:
                    frame = bytes(buffer[FRAME.size : need])
                    del buffer[:need]
                    return pickle.loads(frame) if frame else _STARTED
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.results], [], [], left)[0]:
                return "timeout"
            chunk = os.read(self.results, max(need - len(buffer), 65536))
            if not chunk:
                return "crashed"
            buffer += chunk

    def close(self) -> None:
        """Stop the worker (killed: it may be spinning) and reap it, once."""
        if self.tasks.closed:
            return
        for closing in (self.tasks.close, lambda: os.close(self.results)):
            with contextlib.suppress(OSError):
                closing()
        self.process.kill()
        self.process.wait()


class Sandbox:
    """A few parsing workers with a memory ceiling and a time limit."""

    def __init__(self, memory_mb: float | None = None, seconds: float | None = None, workers: int = WORKERS):
        self.memory_mb = memory_mb or _env_number(MEMORY_ENV, DEFAULT_MEMORY_MB)
        self.seconds = seconds or _env_number(SECONDS_ENV, DEFAULT_SECONDS)
        self._workers = workers
        self._slots = threading.BoundedSemaphore(workers)
        self._idle: list[_Worker] = []
        self._live = 0  # workers started and not closed, idle or busy
        self._lock = threading.Lock()
        self._stages = tempfile.mkdtemp(prefix="xanh-parse-")
        self._tasks = count()
        atexit.register(self.close)

    def run(self, function: Callable, *args: Any, **kwargs: Any) -> Any:
        """function(*args, **kwargs) in a worker; Failure when the worker dies
        or takes longer than the time limit. `function` must be importable by
        name (a module-level function), and so must what it returns. An
        argument wrapped in Keep reaches the function unwrapped."""
        stage_file = os.path.join(self._stages, str(next(self._tasks)))
        with self._slots:
            worker = self._take()
            try:
                reply = worker.call((stage_file, function, args, kwargs), self.seconds)
                if isinstance(reply, str):
                    raise Failure(reply, _stage(stage_file), self.seconds)
            finally:
                self._give_back(worker)
                Path(stage_file).unlink(missing_ok=True)
        ok, value = reply
        if not ok:
            raise value
        return value

    def warm(self, files: int | None = None) -> None:
        """Start the missing workers in the background, so the first file an
        editor drops is read at once (a fresh interpreter takes a second);
        no more than `files` of them, as a second worker starting for one
        file would only take the core this process imports on."""
        with self._lock:
            missing = min(self._workers, files or self._workers) - self._live
            self._live += max(0, missing)
        if missing > 0:
            threading.Thread(target=self._start, args=(missing,), name="xanh-sandbox-warm", daemon=True).start()

    def _start(self, number: int) -> None:
        for _ in range(number):
            try:
                worker = _Worker(self.memory_mb)
            except OSError:  # no process to spare now: the first file starts its own
                with self._lock:
                    self._live -= 1
                continue
            with self._lock:
                self._idle.append(worker)

    def _take(self) -> _Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
            self._live += 1
        try:
            return _Worker(self.memory_mb)
        except BaseException:
            with self._lock:
                self._live -= 1
            raise

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            keep = _alive(worker) and worker.done < TASKS_PER_WORKER and self._live <= self._workers
            keep = keep and worker.grown() < self.memory_mb / 2
            if keep:
                self._idle.append(worker)
            else:
                self._live -= 1
        if not keep:
            worker.close()

    def close(self) -> None:
        """Stop the idle workers and remove the stage files."""
        with self._lock:
            idle, self._idle = self._idle, []
            self._live -= len(idle)
        for worker in idle:
            worker.close()
        shutil.rmtree(self._stages, ignore_errors=True)


def _alive(worker: _Worker) -> bool:
    """A worker that has not been closed (closing kills and reaps it)."""
    return not worker.tasks.closed


def _stage(stage_file: str) -> str | None:
    try:
        return Path(stage_file).read_text(encoding="utf-8") or None
    except OSError:
        return None


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


_shared: Sandbox | None = None
_shared_lock = threading.Lock()


def shared() -> Sandbox:
    """The process's sandbox, started on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Sandbox()
        return _shared
