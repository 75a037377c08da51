#!/usr/bin/env python3
"""Generate a city-scale set of simple, valid files for the benchmarks.

    python bench/make_city.py OUTDIR [--communes 114] [--villages 15] [--seed N] [--check]

PRODUCT.md promises pages under 1 s and memory under 500 MB with a whole
city's data (114 communes x 15 villages x 4 periods); this writes that data.
Per commune, in OUTDIR/xa-NNN/: a Biểu 00 and, for each of 2024, 2025,
2026-H1 and 2026, a Biểu 01 table and the Biểu 02-05 registers.

One store holds every commune, so village codes carry the commune number
(C017-05) and village and commune names are unique city-wide. Figures, rows
and sheets come from the sample generator (scripts/sample_data/);
files are written in openpyxl's write-only mode, which keeps it fast.
--check re-reads every file with calamine and asserts the catalog's rules,
one commune at a time.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalog import load_catalog  # noqa: E402
from catalog.periods import period_title, time_of  # noqa: E402
from catalog.text import fold  # noqa: E402
from scripts.sample_data.check import collect  # noqa: E402
from scripts.sample_data.grids import Head, field_columns, key_column  # noqa: E402
from scripts.sample_data.layouts import table_grid  # noqa: E402
from scripts.sample_data.rows import (  # noqa: E402
    Progress,
    cell_entries,
    cluster_entries,
    register_columns,
    register_rows,
    registry_file,
    task_entries,
    village_rows,
    work_entries,
)
from scripts.sample_data.villages import Village, village_figures  # noqa: E402
from scripts.sample_data.writers import OutFile, slug, write_file  # noqa: E402

PERIODS = ("2024", "2025", "2026-H1", "2026")
GROUPS = 4  # villages fall into this many former communes
FIRST = (
    "An", "Bình", "Cao", "Cẩm", "Đại", "Đông", "Đức", "Gia", "Hà", "Hải", "Hòa", "Hoàng", "Hồng", "Hưng", "Khánh", "Kim",
    "Lạc", "Lam", "Liên", "Long", "Lương", "Minh", "Mỹ", "Nam", "Ngọc", "Nghĩa", "Phú", "Phúc", "Phương", "Quang",
    "Quảng", "Quý", "Tân", "Thạch", "Thái", "Thanh", "Thịnh", "Thuận", "Thượng", "Tiên", "Trung", "Trường", "Vân", "Văn",
    "Vĩnh", "Xuân",
)  # fmt: skip
SECOND = (
    "An", "Bảo", "Bình", "Cầu", "Châu", "Cư", "Đạt", "Điền", "Đoài", "Đông", "Đức", "Giang", "Hà", "Hải", "Hòa", "Hội",
    "Hưng", "Khê", "Lạc", "Lâm", "Lãng", "Lễ", "Lộc", "Long", "Lợi", "Minh", "Nam", "Nghĩa", "Phong", "Phú", "Phúc",
    "Quan", "Sơn", "Tài", "Tân", "Thái", "Thành", "Thịnh", "Thọ", "Thượng", "Tiến", "Trung", "Tự", "Xá", "Xuyên",
)  # fmt: skip
WORK_KINDS = (
    "Nhà văn hóa thôn",
    "Đường trục thôn",
    "Kênh mương nội đồng thôn",
    "Sân thể thao thôn",
    "Điểm trường thôn",
    "Cống thoát nước thôn",
)
STATUSES = ("not_invested", "under_construction", "operating_substandard", "operating_compliant")
CAPITALS = ("state_budget", "state_budget", "state_budget", "foreign_public", "other")


def place_names(rng: random.Random) -> Iterator[str]:
    """Two-syllable place names, each folded spelling once, then numbered ones.

    Folding (no diacritics, y=i) is how loaders match names, so two names
    that fold alike would make a village ambiguous city-wide.
    """
    pairs = [f"{a} {b}" for a in FIRST for b in SECOND if a != b]
    rng.shuffle(pairs)
    seen: set[str] = set()
    for name in pairs:
        if fold(name) not in seen:
            seen.add(fold(name))
            yield name
    for n in range(1, 10**6):
        for name in pairs:
            yield f"{name} {n}"


def commune_villages(number: int, names: Iterator[str], count: int, rng: random.Random) -> list[Village]:
    """`count` villages whose codes carry the commune number, split into groups."""
    return [
        Village(
            f"C{number:03d}-{j:02d}",
            next(names),
            f"Khu vực {1 + (j - 1) * GROUPS // count}",
            pace=rng.choice((0.3, 1.0, 1.0, 1.7)),
        )
        for j in range(1, count + 1)
    ]


def synthetic_clusters(commune: str, rng: random.Random) -> dict[str, dict[str, tuple]]:
    """1-3 clusters whose wastewater plants advance one status every year or so."""
    clusters = {}
    for k in range(1, rng.randint(1, 3) + 1):
        investor = "yes" if rng.random() < 0.8 else "no"
        start = rng.randint(0, 2) if investor == "yes" else 0
        capacity = rng.choice((800, 1200, 1500, 2000))
        by = {}
        for period in PERIODS:
            step = int(time_of(period) - time_of(PERIODS[0])) if investor == "yes" else 0
            status = STATUSES[min(3, start + step)]
            by[period] = (investor, status, None if status == "not_invested" else capacity)
        clusters[f"Cụm công nghiệp {commune} {k}"] = by
    return clusters


def synthetic_works(villages: Sequence[Village], rng: random.Random) -> list[tuple]:
    """Six works per period; the share of non-fired masonry grows over time."""
    works = []
    for period in PERIODS:
        t = time_of(period) - time_of(PERIODS[0])
        for kind, village in zip(WORK_KINDS, rng.sample(list(villages), min(len(WORK_KINDS), len(villages)))):
            total = rng.randrange(40_000, 250_000, 1000)
            non_fired = min(total, round(total * min(1.0, rng.uniform(0.3, 0.7) + 0.15 * t), -3))
            named = village.name if rng.random() < 0.7 else None
            works.append((f"{kind} {village.name}", named, rng.choice(CAPITALS), {period: (total, non_fired)}))
    return works


def synthetic_progress(rng: random.Random) -> dict[str, dict[str, Progress]]:
    """Every catalog task per period, percent rising, status following it."""
    progress: dict[str, dict[str, Progress]] = {}
    starts = {task.id: rng.choice((0, 0, 10, 20, 30)) for task in load_catalog().tasks}
    for period in PERIODS:
        t = time_of(period) - time_of(PERIODS[0])
        rows = {}
        for task_id, start in starts.items():
            percent = min(100, start + round(t * rng.uniform(5, 35)))
            status = "not_started" if percent == 0 else "completed" if percent == 100 else "in_progress"
            rows[task_id] = Progress(status, percent)
        progress[period] = rows
    return progress


def commune_files(number: int, commune: str, villages: list[Village], seed: int, rng: random.Random) -> list[OutFile]:
    """Biểu 00, then per period Biểu 01 and the registers 02-05 of one commune."""
    figures = {v.code: village_figures(v, PERIODS, seed=seed) for v in villages}
    files = [registry_file("bieu-00-danh-muc-thon.xlsx", villages, f"DANH MỤC THÔN XÃ {commune.upper()}")]
    clusters = synthetic_clusters(commune, rng)
    works = synthetic_works(villages, rng)
    progress = synthetic_progress(rng)
    others = ((f"Chi bộ Cơ quan xã {commune}", "agency", 30), (f"Chi bộ Trường THCS {commune}", "school", 18))
    keys = [key_column("01", "village_code"), key_column("01", "village_name")]
    for period in PERIODS:
        tag, title = slug(period_title(period)), f"XÃ {commune.upper()} - {period_title(period)}"
        registers = {
            "02": ("cum-cong-nghiep", cluster_entries(clusters, period)),
            "03": ("cong-trinh", work_entries(works, period)),
            "04": ("tien-do-nhiem-vu", task_entries(progress[period])),
            "05": ("chi-bo", cell_entries(villages, others, period, seed)),
        }
        rows = village_rows(villages, figures, period)
        grid = table_grid(
            "Biểu 01",
            "01",
            [*keys, *field_columns("01", units="inline")],
            rows,
            Head(titles=(f"BÁO CÁO CHUYỂN ĐỔI XANH CÁC THÔN {title}",)),
        )
        files.append(OutFile(f"bieu-01-{tag}.xlsx", "01", (period,), "bảng toàn xã", [grid]))
        for form, (name, entries) in registers.items():
            head = Head(titles=(f"BIỂU {form} - {load_catalog().forms[form].name_vi.upper()} {title}",))
            grid = table_grid(f"Biểu {form}", form, register_columns(form), register_rows(form, period, entries), head)
            files.append(OutFile(f"bieu-{form}-{name}-{tag}.xlsx", form, (period,), "sổ đăng ký", [grid]))
    return files


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--communes", type=int, default=114)
    parser.add_argument("--villages", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--check", action="store_true", help="re-read every file and assert the rules")
    args = parser.parse_args(argv)
    if args.communes < 1 or args.villages < GROUPS:
        parser.error(f"need at least 1 commune and {GROUPS} villages")
    started = time.perf_counter()
    rng = random.Random(args.seed)
    names = place_names(rng)
    count = 0
    for number in range(1, args.communes + 1):
        commune = next(names)
        folder = args.outdir / f"xa-{number:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        files = commune_files(number, commune, commune_villages(number, names, args.villages, rng), args.seed, rng)
        for out in files:
            write_file(folder, out, fast=True)
        if args.check:
            collect(files, folder)
        count += len(files)
    checked = ", all read back and checked" if args.check else ""
    print(
        f"{count} files for {args.communes} communes x {args.villages} villages in {args.outdir} ({time.perf_counter() - started:.1f} s{checked})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
