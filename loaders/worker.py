"""What runs inside a sandbox worker (loaders/sandbox.py starts and
drives it), and the frames both sides exchange over its pipes.

A worker is a fresh interpreter running `serve`: it confines itself
(silenced streams, a memory ceiling, a lower priority), imports the
readers ahead, then runs tasks until its caller closes the pipe. Each
task is acknowledged by an empty frame the moment the worker has it in
hand (the caller's time limit starts then) and answered by one frame: the
function's result or its exception. Readers note, with `stage`, the sheet
they are about to read, so a worker that dies leaves where it was.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import resource
import signal
import struct
from pathlib import Path
from typing import Any

FRAME = struct.Struct("<Q")  # each frame: its length, then a pickle (none: the task is in hand)
OPENING = ""  # the stage before any sheet: the workbook itself is being opened
PRELOAD = ("loaders.load",)  # what a worker imports as it starts, not when its first file arrives
NICE = 5  # a worker's scheduling priority below its caller's
KEPT = 8  # values a worker keeps between tasks (Keep), the least recently used dropped first

_stage_file: str | None = None  # in a worker: where the current task notes its stage


class Keep:
    """An argument a worker keeps between tasks under `key`, a name for its
    content: sent to a worker once, then only named. For what is large and
    the same for many files (a city's village registry, the catalog), which
    would otherwise be pickled, piped and unpickled for every file."""

    __slots__ = ("key", "value")

    def __init__(self, key: Any, value: Any):
        self.key, self.value = key, value


class Named:
    """What is sent instead of a Keep the worker already holds."""

    __slots__ = ("key",)

    def __init__(self, key: Any):
        self.key = key


class Kept:
    """The values one side believes the worker holds, least recently used
    first. Both sides apply the same uses in the same order, so they agree."""

    def __init__(self) -> None:
        self.values: dict[Any, Any] = {}

    def use(self, key: Any, value: Any = None, store: bool = False) -> Any:
        held = self.values.pop(key, None)
        value = value if store else held
        self.values[key] = value  # now the most recently used
        while len(self.values) > KEPT:
            del self.values[next(iter(self.values))]
        return value


def incoming(kept: Kept, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """In the worker: each Keep stored, each name replaced by its value."""

    def one(value: Any) -> Any:
        if isinstance(value, Keep):
            return kept.use(value.key, value.value, store=True)
        if isinstance(value, Named):
            if value.key not in kept.values:  # the two sides disagree: never silently read None
                raise RuntimeError(f"the worker holds no kept value {value.key!r}")
            return kept.use(value.key)
        return value

    return tuple(one(a) for a in args), {k: one(v) for k, v in kwargs.items()}


def stage(sheet: str | None) -> None:
    """Note, in a worker, the sheet about to be read (OPENING: the file).
    Does nothing outside a worker."""
    if _stage_file is not None:
        Path(_stage_file).write_text(sheet or OPENING, encoding="utf-8")


def _data_size() -> int:
    """This process's private writable memory in bytes (Linux), 0 where unknown."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[5]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _confine(memory_mb: float) -> None:
    """Silence the worker's streams, leave Ctrl-C to the caller, cap its
    memory, and yield the CPU to its caller (the pages a meeting is looking
    at; a batch's writer, which the workers read ahead of)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.environ["RUST_BACKTRACE"] = "0"
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(NICE)
    ceiling = _data_size() + int(memory_mb * 1024 * 1024)
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard == resource.RLIM_INFINITY or ceiling < hard:
        resource.setrlimit(resource.RLIMIT_DATA, (ceiling, hard))


def serve(tasks: int, results: int, memory_mb: float) -> None:
    """Run tasks until the caller closes the pipe. Running out of memory in
    Python ends the worker as a crash in the reader would."""
    global _stage_file
    _confine(memory_mb)
    for name in PRELOAD:  # while the caller is still importing; a failure shows at the first task
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    kept = Kept()
    with os.fdopen(tasks, "rb") as inbox, os.fdopen(results, "wb") as outbox:
        while (task := receive(inbox)) is not None:
            _stage_file, function, args, kwargs = task
            stage(OPENING)
            started(outbox)
            try:
                args, kwargs = incoming(kept, args, kwargs)
                reply = (True, function(*args, **kwargs))
            except MemoryError:
                os._exit(1)  # the stage file stays: the caller reads where it happened
            except Exception as exc:  # the caller re-raises it
                reply = (False, exc)
            _stage_file = None
            try:
                send(outbox, reply)
            except (pickle.PicklingError, TypeError, AttributeError) as exc:
                send(outbox, (False, RuntimeError(f"the result cannot be sent back: {exc}")))


def started(stream) -> None:
    """Tell the caller the task is in hand (an empty frame): its time limit
    starts now, not while the worker was starting or importing the task's
    module, which on a busy machine can take longer than a small limit."""
    stream.write(FRAME.pack(0))
    stream.flush()


def receive(stream) -> Any:
    """The next frame's value; None once the other side has closed the pipe."""
    head = stream.read(FRAME.size)
    if len(head) < FRAME.size:
        return None
    return pickle.loads(stream.read(FRAME.unpack(head)[0]))


def send(stream, value: Any) -> None:
    """One frame: the value's pickle after its length."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(FRAME.pack(len(data)) + data)
    stream.flush()
