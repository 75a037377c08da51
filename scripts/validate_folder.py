"""Run `cli.py validate --json` over every file of a folder, as a new user
would, and print a table of outcomes and times.

    python scripts/validate_folder.py FOLDER [--jobs 2] [--timeout 60] [--calamine]

Each file gets its own process, so what reaches the terminal is seen as the
user would see it: the answer (accepted, or refused with its error codes),
the exit code, the wall time, the peak memory of the process, and whether
anything but the product's JSON reached stdout or stderr (a crash dump, a
panic message, a traceback). --calamine also reads each file with calamine
alone (1 GiB, 20 s, as the product's promise is judged) and flags a file
that calamine reads but the product refuses as broken, unsupported or a bomb.
The store is a throwaway one: the command writes nothing anyway.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BROKEN = frozenset({"file_unreadable", "file_unsupported", "file_bomb", "file_crashed"})
CALAMINE_READ = """
import resource, sys
limit = 1 << 30
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
for name in book.sheet_names:
    book.get_sheet_by_name(name).to_python()
"""


@dataclass
class Outcome:
    file: str
    answer: str
    codes: str
    exit: int | None
    seconds: float
    megabytes: float
    stray: str
    calamine: str = ""

    @property
    def wrong(self) -> bool:
        """Anything the product owes the file and did not give."""
        refused_readable = self.calamine == "reads" and any(c in BROKEN for c in self.codes.split(", "))
        return bool(self.stray) or self.exit not in (0, 1) or refused_readable


def run(command: list[str], timeout: float, env: dict[str, str]) -> tuple[int | None, bytes, bytes, float, float]:
    """Exit code (None when killed for time), stdout, stderr, seconds and peak MB of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    out: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda name, pipe: out.__setitem__(name, pipe.read()), args=(name, pipe))
        for name, pipe in (("stdout", proc.stdout), ("stderr", proc.stderr))
    ]
    for reader in readers:
        reader.start()
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    for reader in readers:
        reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    code = None if seconds >= timeout and proc.returncode < 0 else proc.returncode
    return code, out["stdout"], out["stderr"], seconds, usage.ru_maxrss / 1024


def validate(path: Path, db: str, timeout: float) -> Outcome:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code, stdout, stderr, seconds, mb = run([sys.executable, "cli.py", "--db", db, "validate", "--json", str(path)], timeout, env)
    stray = []
    if stderr.strip():
        stray.append(f"stderr: {stderr.decode('utf-8', 'replace').strip().splitlines()[0][:60]}")
    try:
        report = json.loads(stdout)[0]
    except (ValueError, IndexError, KeyError):
        stray.append("stdout is not the JSON of one file")
        return Outcome(path.name, "no answer" if code is not None else "timed out", "", code, seconds, mb, "; ".join(stray))
    errors = [p["code"] for p in report["problems"] if p["severity"] == "error"]
    answer = "accepted" if report["ok"] else "refused"
    return Outcome(path.name, answer, ", ".join(dict.fromkeys(errors)), code, seconds, mb, "; ".join(stray))


def calamine_reads(path: Path) -> str:
    code, *_ = run([sys.executable, "-c", CALAMINE_READ, str(path)], 20, dict(os.environ))
    return "reads" if code == 0 else "fails"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--calamine", action="store_true", help="also read each file with calamine alone")
    parser.add_argument("--only-wrong", action="store_true", help="list only the files the product answered wrongly")
    args = parser.parse_args()
    files = sorted(p for p in args.folder.iterdir() if p.is_file() and p.name not in ("README.md", "manifest.tsv"))
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "survey.sqlite")
        subprocess.run([sys.executable, "cli.py", "--db", db, "history"], cwd=ROOT, capture_output=True, check=False)

        def one(path: Path) -> Outcome:
            outcome = validate(path, db, args.timeout)
            if args.calamine:
                outcome.calamine = calamine_reads(path)
            return outcome

        with ThreadPoolExecutor(args.jobs) as pool:
            outcomes = list(pool.map(one, files))
    print_table([o for o in outcomes if o.wrong or not args.only_wrong], args.calamine)
    print_summary(outcomes)
    return 1 if any(o.wrong for o in outcomes) else 0


def print_table(outcomes: list[Outcome], calamine: bool) -> None:
    head = ["file", "answer", "error codes", "exit", "s", "MB", *(["calamine"] if calamine else []), "stray output"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for o in outcomes:
        cells = [o.file, o.answer, o.codes, str(o.exit), f"{o.seconds:.2f}", f"{o.megabytes:.0f}"]
        print("| " + " | ".join([*cells, *([o.calamine] if calamine else []), o.stray]) + " |")


def print_summary(outcomes: list[Outcome]) -> None:
    answers: dict[str, int] = {}
    for o in outcomes:
        answers[o.answer] = answers.get(o.answer, 0) + 1
    times = sorted(o.seconds for o in outcomes)
    print()
    print(f"{len(outcomes)} files: " + ", ".join(f"{n} {a}" for a, n in sorted(answers.items())))
    if times:
        print(
            f"time per file: median {times[len(times) // 2]:.2f} s, max {times[-1]:.2f} s; "
            f"peak memory max {max(o.megabytes for o in outcomes):.0f} MB"
        )
    print(f"answered wrongly: {sum(o.wrong for o in outcomes)}")


if __name__ == "__main__":
    sys.exit(main())
