"""Ingest cost against a bare calamine read of the same files.

    python bench/ingest.py [--files 200] [--repeat 3] [--city [FOLDER]]

Three measures, each printed with the machine's load average:

1. A batch of distinct village workbooks (--files, one village's Biểu 01 in
   each, under a registry of that many villages) through one
   `cli.py ingest --json`, per file net of process start:
   (t(all files) - t(one file)) / (files - 1), against calamine reading
   the same files in this process (every cell of every sheet).
2. Single small files: each sample_data file ingested on its own, in this
   process, into one store holding the registry (reverted after each run,
   as a running server takes one upload after another), median of
   --repeat, against calamine.
3. Start: `cli.py validate FILE` and `cli.py ingest FILE` on one small file,
   wall time of the whole command.
--city adds the city's batch (bench/make_city.py, 2,394 files; generated
into bench/out/city-114 unless a folder is given) through one
`cli.py ingest`, wall time against the issue's 30 s budget.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import python_calamine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.make_city import PERIODS, commune_villages, place_names  # noqa: E402
from bench.pages import timed  # noqa: E402
from scripts.sample_data.grids import Head, field_columns, key_column  # noqa: E402
from scripts.sample_data.layouts import table_grid  # noqa: E402
from scripts.sample_data.rows import registry_file, village_rows  # noqa: E402
from scripts.sample_data.villages import village_figures  # noqa: E402
from scripts.sample_data.writers import OutFile, write_file  # noqa: E402
from services.ingest import ingest_file  # noqa: E402
from services.seed import SAMPLE_DATA, sample_files  # noqa: E402
from store import Store  # noqa: E402

OUT = Path(__file__).parent / "out"
CLI = [sys.executable, str(ROOT / "cli.py")]
PERIOD = "2026-H1"


def bare_read(path: Path) -> int:
    """What calamine alone costs: every cell of every sheet as Python values."""
    if path.suffix.lower() == ".csv":
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        return sum(1 for _ in csv.reader(io.StringIO(text), delimiter=";" if text.count(";") > text.count(",") else ","))
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def village_set(folder: Path, count: int) -> tuple[Path, list[Path]]:
    """A registry of `count` villages and one Biểu 01 workbook from each."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026)
    villages = commune_villages(1, place_names(rng), count, rng)
    registry = write_file(folder, registry_file("bieu-00-danh-muc-thon.xlsx", villages, "DANH MỤC THÔN"), fast=True)
    columns = [key_column("01", "village_code"), key_column("01", "village_name"), *field_columns("01", units="inline")]
    files = []
    for village in villages:
        rows = village_rows([village], {village.code: village_figures(village, PERIODS)}, PERIOD)
        grid = table_grid("Biểu 01", "01", columns, rows, Head(titles=(f"BÁO CÁO THÔN {village.name.upper()} 6 THÁNG 2026",)))
        files.append(write_file(folder, OutFile(f"bieu-01-{village.code}.xlsx", "01", (PERIOD,), "một thôn", [grid]), fast=True))
    return registry, files


def registry_store(folder: Path, registry: Path) -> Path:
    """A store holding only the registry, copied for every run."""
    path = folder / "registry.sqlite"
    run_cli(path, "ingest", str(registry))
    return path


def run_cli(db: Path, *args: str) -> float:
    """Wall time of one command; it must succeed."""
    start = time.perf_counter()
    subprocess.run([*CLI, "--db", str(db), *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def cli_ingest(base: Path, files: list[Path], folder: Path) -> float:
    db = folder / f"run-{time.perf_counter_ns()}.sqlite"
    shutil.copy(base, db)
    return run_cli(db, "ingest", "--json", *map(str, files))


def calamine_per_file(files: list[Path], repeat: int) -> float:
    return statistics.median(timed(lambda: [bare_read(f) for f in files]) for _ in range(repeat)) / len(files)


def batch(count: int, repeat: int, folder: Path) -> None:
    registry, files = village_set(folder / "villages", count)
    base = registry_store(folder, registry)
    read = calamine_per_file(files, repeat)
    one = statistics.median(cli_ingest(base, files[:1], folder) for _ in range(repeat))
    every = statistics.median(cli_ingest(base, files, folder) for _ in range(repeat))
    per_file = (every - one) / (count - 1)
    print(f"\n## {count} village workbooks through one cli.py ingest ({load()})")
    print(f"one file {one:.2f} s, {count} files {every:.2f} s: {per_file * 1000:.2f} ms a file net of start")
    print(f"calamine {read * 1000:.2f} ms a file; ratio {per_file / read:.2f} (goal 1.5)")


def _ingest_and_revert(store: Store, path: Path) -> float:
    """One file's ingest time, as the data page's upload costs on a running
    server; reverted after, so the next repeat inserts it again."""
    started = time.perf_counter()
    report = ingest_file(store, path, user="bench")
    elapsed = time.perf_counter() - started
    if report.submission_id:
        store.revert(report.submission_id, "bench")
    return elapsed


def singles(repeat: int, folder: Path) -> None:
    files = sample_files(SAMPLE_DATA)
    registry = next(f for f in files if "bieu-00" in f.name)
    base = registry_store(folder, registry)
    print(f"\n## Single small files, one at a time into one store, in process ({load()})")
    print(f"{'file':58} {'calamine ms':>11} {'ingest ms':>10} {'ratio':>6}")
    db = folder / "singles.sqlite"
    shutil.copy(base, db)
    store = Store(db)
    ratios = []
    for path in files:
        if path == registry:
            continue
        read = calamine_per_file([path], repeat)
        ingest = statistics.median(_ingest_and_revert(store, path) for _ in range(repeat))
        ratios.append(ingest / read)
        print(f"{path.name[:58]:58} {read * 1000:11.2f} {ingest * 1000:10.2f} {ingest / read:6.2f}")
    print(f"median ratio {statistics.median(ratios):.2f}, max {max(ratios):.2f}")
    small = next(f for f in files if f.name.endswith("thon-cao-xa.xlsx"))
    db = folder / "start.sqlite"
    shutil.copy(base, db)
    validate = statistics.median(run_cli(db, "validate", str(small)) for _ in range(repeat))
    ingest = statistics.median(run_cli(db, "ingest", "--json", str(small)) for _ in range(repeat))
    print(f"\n## Start, {small.name} ({load()})")
    print(f"cli.py validate {validate:.2f} s (ratio {validate / 0.5:.2f} of 0.5 s); cli.py ingest {ingest:.2f} s")


def city(folder: Path | None, tmp: Path) -> None:
    folder = folder or OUT / "city-114"
    if not folder.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_city.py"), str(folder)], check=True)
    files = sorted(folder.rglob("*.xlsx"), key=lambda f: (f.parent.name, "bieu-00" not in f.name, f.name))
    read = timed(lambda: [bare_read(f) for f in files])
    elapsed = run_cli(tmp / "city.sqlite", "ingest", "--json", *map(str, files))
    print(f"\n## City batch: {len(files)} files through one cli.py ingest ({load()})")
    print(f"{elapsed:.1f} s (ratio {elapsed / 30:.2f} of 30 s); calamine alone {read:.1f} s, ratio {elapsed / read:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--city", nargs="?", const=True, default=None, help="also the city's batch (a folder of it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        batch(args.files, args.repeat, folder)
        singles(args.repeat, folder)
        if args.city:
            city(None if args.city is True else Path(args.city), folder)


if __name__ == "__main__":
    main()
