"""Mutate the project's own fixture files and read each through the sandbox,
as the Dữ liệu page does, to find any answer that is not clean.

    python scripts/fuzz_files.py [--count 1000] [--seed 2026]

Mutations: bytes flipped, cut or repeated (any file); for zipped workbooks,
a member's XML changed where it counts (numbers, counts, references, cell
text) and re-zipped, so the reader goes past the zip and meets odd content.
A clean answer is a LoadResult whose problems are Problems, within the
sandbox's time limit; the script prints every other outcome (an exception,
an answer with no problem and no value) and a summary. Nothing is written.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loaders import load_isolated  # noqa: E402
from loaders.registry import Registry, Village  # noqa: E402

SOURCES = [
    *sorted((ROOT / "tests" / "fixtures" / "loaders").iterdir()),
    *sorted((ROOT / "tests" / "fixtures" / "wild").iterdir()),
]
REGISTRY = Registry(
    [Village("T01", "Tân Phong"), Village("T03", "Quý Dương"), Village("T04", "Đồng Khê"), Village("T05", "Lương Xá")]
)
_NUMBER = re.compile(rb"\d+")
ODD_NUMBERS = [b"0", b"-1", b"99999999999", b"1e309", b"NaN", b"4294967295", b"18446744073709551616", b"XFD1048576"]


def flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randrange(1, 30)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def cut(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def repeat(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at : at + rng.randrange(1, 200)] * rng.randrange(2, 200) + data[at:]


def in_member(data: bytes, rng: random.Random) -> bytes:
    """A number inside one XML member replaced by an odd one, the zip rebuilt."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = {info.filename: zf.read(info) for info in zf.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        return flip(data, rng)
    name = rng.choice(sorted(members))
    numbers = list(_NUMBER.finditer(members[name]))
    if numbers:
        found = rng.choice(numbers)
        members[name] = members[name][: found.start()] + rng.choice(ODD_NUMBERS) + members[name][found.end() :]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, content in members.items():
            zf.writestr(member, content)
    return out.getvalue()


MUTATIONS = {"flip": flip, "cut": cut, "repeat": repeat, "member": in_member}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sources = [(p.name, p.read_bytes()) for p in SOURCES if p.stat().st_size]
    outcomes: Counter[str] = Counter()
    unclean = 0
    slowest = (0.0, "")
    for n in range(args.count):
        name, data = rng.choice(sources)
        kind = rng.choice(list(MUTATIONS)) if name.endswith((".xlsx", ".ods", ".xlsb")) else rng.choice(["flip", "cut", "repeat"])
        mutated = MUTATIONS[kind](data, rng) or b"x"
        started = time.perf_counter()
        try:
            result = load_isolated(mutated, name, registry=REGISTRY)
            errors = [p.code for p in result.problems if p.severity == "error"]
            outcomes["accepted" if result.ok else f"refused: {errors[0]}"] += 1
        except Exception as exc:  # exactly what this script looks for
            unclean += 1
            print(f"#{n} {kind} {name}: {type(exc).__name__}: {exc}")
        took = time.perf_counter() - started
        slowest = max(slowest, (took, f"#{n} {kind} {name}"))
    print(f"{args.count} mutated files, {unclean} without a clean answer; slowest {slowest[0]:.2f} s ({slowest[1]})")
    for outcome, number in outcomes.most_common():
        print(f"  {number:5} {outcome}")
    return 1 if unclean else 0


if __name__ == "__main__":
    sys.exit(main())
