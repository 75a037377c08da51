"""The city tier at scale, on PostgreSQL: a city's communes (or the whole
country's), each with 15 villages and every form, then each commune's pages
and the city page timed, and a server process's memory while it serves one
commune (PRODUCT.md: pages under 1 s, the city page under 1.5 s, a process
under 300 MB; for all 3,321 communes, a province's city page under 2 s).

    python bench/city.py --db postgresql+psycopg://... [--national] [--sample 3] [--repeat 3]

The data is generated straight into the database with COPY (an ingest of
tens of thousands of files would measure ingest, which bench/ingest.py
does): one submission per commune, form and period, with plausible figures
that keep the catalog's rules; then every commune's results are computed by
services/results.py, in two processes. Generated once per database: a rerun
on the same --db only measures. The communes are the real ones of the
official list: Hải Phòng's 114, or with --national all 3,321 of 34
provinces. Periods: 8 for the city, 6 for the country.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pages import run_child  # noqa: E402
from catalog import load_catalog  # noqa: E402
from catalog.units import of_province, units  # noqa: E402

HAI_PHONG = 31
VILLAGES = 15
CITY_PERIODS = ("2022", "2023", "2024", "2025-H1", "2025", "2026-H1", "2026", "2027-H1")
NATION_PERIODS = ("2024", "2025-H1", "2025", "2026-H1", "2026", "2027-H1")
PAGE_BUDGET, CITY_BUDGET, NATION_CITY_BUDGET, MEMORY_MB = 1.0, 1.5, 2.0, 300
SUBMISSION_INSERT = (
    'insert into submissions (id, commune, filename, sha256, size, content, forms, periods, "user", created_at, '
    "rows, inserted, updated, unchanged, warnings, state) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
VALUE_COLUMNS = ("commune", "submission_id", "form", "period", "entity", "village", "field", "num", "text", "active")


def village_figures(rng: random.Random, grow: float) -> dict[str, float]:
    """One village's form-01 figures for a period, every ≤ rule kept."""
    households = rng.randint(250, 900)
    generated = round(rng.uniform(0.3, 1.5), 2)
    collected = round(generated * min(1, 0.6 + grow), 2)
    cultivated = round(rng.uniform(40, 150), 1)
    lights = rng.randint(30, 120)
    businesses = rng.randint(5, 60)
    schools = rng.randint(1, 4)
    livestock = rng.randint(20, households // 3)
    return {
        "households_total": households,
        "households_committed": int(households * min(1, 0.3 + grow)),
        "households_sorting": int(households * min(1, 0.2 + grow)),
        "waste_generated": generated,
        "waste_collected": collected,
        "waste_treated": round(collected * min(1, 0.5 + grow), 2),
        "cultivated_area": cultivated,
        "gap_area": round(cultivated * min(1, 0.05 + grow / 3), 1),
        "water_saving_irrigation_area": round(cultivated * min(1, 0.1 + grow / 2), 1),
        "ipm_area": round(cultivated * min(1, 0.15 + grow / 2), 1),
        "straw_burning_cases": max(0, int(rng.randint(0, 6) * (1 - grow))),
        "livestock_households": livestock,
        "livestock_biogas": int(livestock * min(1, 0.2 + grow)),
        "green_farming_models": rng.randint(0, 4),
        "certified_products": rng.randint(0, 5),
        "public_lights_total": lights,
        "public_lights_led": int(lights * min(1, 0.3 + grow)),
        "rooftop_solar_kwp": round(rng.uniform(0, 80), 1),
        "businesses_total": businesses,
        "businesses_rooftop_solar": int(businesses * min(1, 0.05 + grow / 4)),
        "businesses_low_emission": int(businesses * min(1, 0.1 + grow / 3)),
        "electric_vehicles": rng.randint(5, 120),
        "charging_stations": rng.randint(0, 4),
        "schools_total": schools,
        "schools_green_education": min(schools, int(schools * (0.3 + grow))),
        "env_selfmanaged_models": rng.randint(0, 3),
    }


def register_rows(
    rng: random.Random, grow: float, tasks: list[str]
) -> dict[str, list[tuple[str, str, float | None, str | None]]]:
    """Forms 02-05 of one period: (entity, field, num, text) per form."""
    yes_no = ("yes", "no")
    rows: dict[str, list] = {"02": [], "03": [], "04": [], "05": []}
    for n in range(2):
        name = f"Cụm CN số {n + 1}"
        rows["02"] += [(name, "cluster_name", None, name), (name, "has_investor", None, "yes")]
        rows["02"].append((name, "wwtp_status", None, "operating_compliant" if rng.random() < grow else "under_construction"))
    for n in range(3):
        name = f"Công trình {n + 1}"
        total = rng.randint(20_000, 90_000)
        rows["03"] += [(name, "project_name", None, name), (name, "capital_source", None, "state_budget")]
        rows["03"] += [(name, "masonry_total", total, None), (name, "masonry_non_fired", int(total * min(1, 0.4 + grow)), None)]
    for task in tasks:
        status = rng.choices(("not_started", "in_progress", "completed"), (1 - grow, 1, grow))[0]
        rows["04"] += [
            (task, "status", None, status),
            (task, "percent_complete", min(100, round(100 * grow * rng.random(), 1)), None),
        ]
    for n in range(5):
        name = f"Chi bộ {n + 1}"
        members = rng.randint(15, 60)
        rows["05"] += [(name, "cell_name", None, name), (name, "cell_type", None, "village")]
        rows["05"] += [(name, "members_total", members, None), (name, "members_briefed", int(members * min(1, 0.5 + grow)), None)]
        rows["05"] += [
            (name, "has_green_resolution", None, rng.choice(yes_no)),
            (name, "green_criteria", None, rng.choice(yes_no)),
        ]
    return rows


def generate(db: str, codes: list[str], periods: tuple[str, ...]) -> None:
    """Register the communes and COPY their submissions, values and events."""
    import psycopg

    from services.communes import add
    from store import Store

    store = Store(db)
    for code in codes:
        add(store, code)
    store.engine.dispose()
    tasks = [t.id for t in load_catalog().tasks]
    conn = psycopg.connect(db.replace("postgresql+psycopg://", "postgresql://"))
    started, now = time.perf_counter(), dt.datetime.now(dt.UTC)
    with conn:
        cur = conn.cursor()
        next_id = cur.execute("select coalesce(max(id), 0) + 1 from submissions").fetchone()[0]
        for n, code in enumerate(codes, 1):
            subs, events, rows = [], [], []
            for form, period, found in commune_rows(code, periods, tasks):
                subs.append(submission(next_id, code, form, period, len(found), now))
                events.append((code, now, "bench", "ingest", next_id, period))
                rows += [(code, next_id, form, period, *row, True) for row in found]
                next_id += 1
            cur.executemany(SUBMISSION_INSERT, subs)
            cur.executemany(
                'insert into events (commune, at, "user", action, submission_id, period) values (%s, %s, %s, %s, %s, %s)', events
            )
            with cur.copy(f'COPY "values" ({", ".join(VALUE_COLUMNS)}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            if n % 100 == 0 or n == len(codes):
                print(f"generated {n}/{len(codes)} communes, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        cur.execute("select setval(pg_get_serial_sequence('submissions', 'id'), %s)", (next_id,))
    conn.close()


def commune_rows(code: str, periods: tuple[str, ...], tasks: list[str]):
    """(form, period, rows) of one commune: its registry, then each period's forms."""
    rng = random.Random(int(code))
    villages = [f"V{v:02d}" for v in range(1, VILLAGES + 1)]
    registry = [(v, v, "village_name", None, f"Thôn {v[1:]} {code}") for v in villages] + [
        (v, v, "group", None, "Cũ") for v in villages
    ]
    yield "00", "", registry
    for i, period in enumerate(periods):
        grow = i / len(periods)
        rows = [(v, v, field, num, None) for v in villages for field, num in village_figures(rng, grow).items()]
        yield "01", period, rows
        for form, register in register_rows(rng, grow, tasks).items():
            yield form, period, [(entity, None, field, num, text) for entity, field, num, text in register]


def submission(sub_id: int, code: str, form: str, period: str, rows: int, now: dt.datetime) -> tuple:
    content = f"{code}-{form}-{period}".encode()
    digest = hashlib.sha256(content).hexdigest()
    return (
        sub_id,
        code,
        f"bieu-{form}-{period or 'danh-muc'}.xlsx",
        digest,
        len(content),
        content,
        form,
        period,
        "bench",
        now,
        rows,
        rows,
        0,
        0,
        "[]",
        "accepted",
    )


def refresh_one(args: tuple[str, str]) -> None:
    db, code = args
    from services.results import refresh
    from store import Store

    store = Store(db, commune=code)
    refresh(store)
    store.engine.dispose()


def refresh_all(db: str, codes: list[str]) -> float:
    started = time.perf_counter()
    with ProcessPoolExecutor(2) as pool:
        for n, _ in enumerate(pool.map(refresh_one, [(db, c) for c in codes], chunksize=8), 1):
            if n % 200 == 0 or n == len(codes):
                print(f"results of {n}/{len(codes)} communes, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL URL (postgresql+psycopg://...)")
    parser.add_argument("--national", action="store_true", help="all 3,321 communes of the country, 6 periods")
    parser.add_argument("--sample", type=int, default=3, help="communes whose pages are timed")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    codes = sorted(units()) if args.national else [u.code for u in of_province(HAI_PHONG)]
    periods = NATION_PERIODS if args.national else CITY_PERIODS
    from store import Store
    from store.schema import submissions

    store = Store(args.db)
    with store.engine.connect() as conn:
        filled = conn.execute(sa.select(sa.func.count()).select_from(submissions)).scalar()
    store.engine.dispose()
    if not filled:
        generate(args.db, codes, periods)
        print(f"results computed in {refresh_all(args.db, codes):.0f} s", file=sys.stderr)
    chosen = random.Random(7).sample(codes, args.sample)
    if "10903" in codes and "10903" not in chosen:
        chosen[0] = "10903"
    print(f"{len(codes)} communes x {VILLAGES} villages x {len(periods)} periods; load {os.getloadavg()[0]:.2f} (1 min)")
    budget = NATION_CITY_BUDGET if args.national else CITY_BUDGET
    for code in chosen:
        result = run_child(args.db, code, args.repeat, timeout=600)
        print(f"\n## commune {code} ({units()[code].name}, {units()[code].province})")
        for row in result["pages"]:
            limit = budget if row["page"].strip("/") == "toan-thanh-pho" else PAGE_BUDGET
            worst = max(row["first"], row["rerun"])
            problems = "; ".join(p.splitlines()[0][:60] for p in row["problems"]) or "-"
            print(
                f"{row['page']:18} first {row['first'] * 1000:6.0f} ms  rerun {row['rerun'] * 1000:6.0f} ms  ratio {worst / limit:.2f}  {problems}"
            )
        print(
            f"cold start {result['cold_start'] * 1000:.0f} ms; peak memory {result['peak_mb']:.0f} MB, ratio {result['peak_mb'] / MEMORY_MB:.2f}"
        )


if __name__ == "__main__":
    main()
