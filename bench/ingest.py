"""Ingest cost against a bare calamine read of the same file (PRODUCT.md:
ingesting a village workbook costs at most 2x reading it with calamine).

    python bench/ingest.py [--repeat 5] [--city] [--communes 114]

For each file: the median time of a bare read (calamine opens the workbook
and reads every sheet; for CSV, decoding and splitting the text) and of a
full ingest into a store holding the village registry (load, check against
the store, merge, write, commit). Prints one line per file and the ratios.
--city also generates the city-scale set (bench/make_city.py) and ingests
it all into one store, reporting time, ratio and peak memory.
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import python_calamine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.ingest import ingest_file  # noqa: E402
from services.seed import SAMPLE_DATA, sample_files  # noqa: E402
from store import Store  # noqa: E402

OUT = Path(__file__).parent / "out"


def bare_read(content: bytes, suffix: str) -> int:
    """What calamine alone costs: every cell of every sheet as Python values."""
    if suffix == ".csv":
        text = content.decode("utf-8-sig", errors="replace")
        return sum(1 for _ in csv.reader(io.StringIO(text), delimiter=";" if text.count(";") > text.count(",") else ","))
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def fresh_store(folder: Path, registry: list[Path]) -> Store:
    store = Store(folder / f"s{time.perf_counter_ns()}.sqlite")
    for path in registry:
        ingest_file(store, path, user="bench")
    return store


def bench_files(files: list[Path], registry: list[Path], repeat: int, tmp: Path) -> list[tuple[str, float, float]]:
    rows = []
    for path in files:
        read = statistics.median(timed(lambda p=path: bare_read(p.read_bytes(), p.suffix.lower())) for _ in range(repeat))
        ingests = []
        for _ in range(repeat):
            store = fresh_store(tmp, registry)
            ingests.append(timed(lambda s=store, p=path: ingest_file(s, p, user="bench")))
            store.engine.dispose()
        rows.append((path.name, read, statistics.median(ingests)))
    return rows


def report(title: str, rows: list[tuple[str, float, float]]) -> None:
    print(f"\n## {title}")
    print(f"{'file':58} {'calamine ms':>11} {'ingest ms':>10} {'ratio':>6}")
    for name, read, ingest in rows:
        print(f"{name[:58]:58} {read * 1000:11.2f} {ingest * 1000:10.2f} {ingest / read:6.2f}")
    ratios = [ingest / read for _, read, ingest in rows]
    total = sum(i for *_, i in rows) / sum(r for _, r, _ in rows)
    print(f"median ratio {statistics.median(ratios):.2f}, max {max(ratios):.2f}, total time ratio {total:.2f}")


def city(communes: int, tmp: Path) -> None:
    folder = OUT / f"city-{communes}"
    if not folder.exists():
        subprocess.run(
            [sys.executable, str(Path(__file__).parent / "make_city.py"), str(folder), "--communes", str(communes)], check=True
        )
    files = sorted(folder.rglob("*.*"))
    registry = [f for f in files if "bieu-00" in f.name]
    others = [f for f in files if f not in registry]
    store = Store(tmp / "city.sqlite")
    read = sum(timed(lambda f=f: bare_read(f.read_bytes(), f.suffix.lower())) for f in files)
    start = time.perf_counter()
    failed = [f for f in registry + others if not ingest_file(store, f, user="bench").ok]
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n## City scale: {communes} communes, {len(files)} files, {len(store.current_values())} current values")
    print(
        f"calamine read {read:.1f} s, ingest {elapsed:.1f} s, ratio {elapsed / read:.2f}; rejected {len(failed)}; peak memory {peak:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--city", action="store_true")
    parser.add_argument("--communes", type=int, default=114)
    args = parser.parse_args()
    files = sample_files(SAMPLE_DATA)
    registry = [f for f in files if "bieu-00" in f.name]
    with tempfile.TemporaryDirectory() as tmp:
        report("Sample data", bench_files([f for f in files if f not in registry], registry, args.repeat, Path(tmp)))
        if args.city:
            city(args.communes, Path(tmp))


if __name__ == "__main__":
    main()
