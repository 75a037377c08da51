#!/usr/bin/env python3
"""Write the illustrative sample data of xã Cẩm Giàng into sample_data/.

    python scripts/make_sample_data.py [--out DIR] [--check]

The files and how they are made: scripts/sample_data/ (its __init__.py).
Running the script twice writes byte-identical files.

--check re-reads every written value with python-calamine (the CSV through
cp1258), asserts the catalog's validation rules on what it read and prints
the headline indicators.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.sample_data.check import Store, collect  # noqa: E402
from scripts.sample_data.files import sample_files  # noqa: E402
from scripts.sample_data.indicators import indicator_lines  # noqa: E402
from scripts.sample_data.readme import readme  # noqa: E402
from scripts.sample_data.writers import OutFile, write_file  # noqa: E402

OUT_DIR = ROOT / "sample_data"
DOCS = ROOT / "docs" / "sample-data.md"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder to write (default sample_data/)")
    parser.add_argument("--readme", type=Path, default=DOCS, help="where to describe the files (default docs/sample-data.md)")
    parser.add_argument("--check", action="store_true", help="re-read every value and assert the rules")
    args = parser.parse_args(argv)
    files = sample_files()
    store = collect(files, None)
    args.out.mkdir(parents=True, exist_ok=True)
    for out in files:
        write_file(args.out, out)
    args.readme.write_text(readme(files, store), encoding="utf-8")
    print(f"{len(files)} files in {args.out}, described in {args.readme}")
    if args.check:
        run_check(files, args.out)
    return 0


def run_check(files: Sequence[OutFile], out_dir: Path, report: Callable[[str], None] = print) -> Store:
    """Re-read everything from disk and report the headline indicators."""
    store = collect(files, out_dir)
    villages = len(store.rows("00", None))
    for period in store.periods("01"):
        report(f"01 {period}: {len(store.rows('01', period))}/{villages} villages")
    for line in indicator_lines(store):
        report(line)
    report("check: every cell read back as written; every rule holds")
    return store


if __name__ == "__main__":
    sys.exit(main())
