"""Page render time against the 1 s budget, and peak memory against 300 MB
(PRODUCT.md: every page renders in under 1 s; a server process stays under
300 MB while serving any commune).

    python bench/pages.py [--repeat 5] [--db STORE] [--commune CODE]

Each page the store shows (ui/navigation.visible: what app.py routes to) is
run through streamlit.testing.v1.AppTest, which runs the whole script (router,
sidebar, page) as a browser session would, without the browser:
- first run: a new session opening the page (the process's caches are warm,
  as for a visitor arriving on a running server);
- rerun: the same session running again, as after a click;
each the median of --repeat sessions. The cold start (the first run in a new
process: opening the store and building its snapshot) is shown on its own.

Each store is measured in its own process (the app caches its store per
process), whose peak resident memory (getrusage) is reported.

Stores: the sample data (seeded into a temporary store), or --db an
existing store (path or URL) and --commune the commune served (as
XANH_COMMUNE). The city at scale, on PostgreSQL, is bench/city.py's, which
calls this script's measuring child for each commune it times.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ui.navigation import visible  # noqa: E402

APP = ROOT / "app.py"
BUDGET_S = 1.0
MEMORY_MB = 300


# -- measuring, in a child process whose XANH_DB is the store ---------------


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def problems_of(at) -> list[str]:
    return [f"{e.proto.type}: {e.message}" for e in at.exception] + [f"st.error: {e.body}" for e in at.error]


def measure(repeat: int, timeout: float) -> dict:
    import logging

    from streamlit.testing.v1 import AppTest

    from store.communes import listed
    from ui.state import opened_store

    # Every AppTest(...) warns "missing ScriptRunContext" from the main thread:
    # noise. A page's exception is logged with its traceback on every run: the
    # table lists it once instead (filters, unlike levels, survive Streamlit's
    # logger setup).
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    logging.getLogger("streamlit.error_util").addFilter(lambda record: record.getMessage() != "Uncaught app execution")

    def session():
        return AppTest.from_file(str(APP), default_timeout=timeout)

    cold_at = session()
    cold = timed(cold_at.run)
    results = {"cold_start": cold, "cold_problems": problems_of(cold_at), "pages": []}
    for entry in visible(len(listed(opened_store()))):
        url, script, is_default = entry.url, entry.script, entry.default
        firsts, reruns, problems = [], [], []
        for _ in range(repeat):
            at = session()
            if is_default:
                firsts.append(timed(at.run))
            else:
                at.run()  # AppTest can switch pages only after a first run
                firsts.append(timed(lambda at=at, script=script: at.switch_page(script).run()))
            problems += problems_of(at)
            reruns.append(timed(at.run))
            problems += problems_of(at)
        results["pages"].append(
            {
                "page": url or "/",
                "first": statistics.median(firsts),
                "rerun": statistics.median(reruns),
                "first_max": max(firsts),
                "problems": sorted(set(problems)),
            }
        )
    results["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


# -- stores ------------------------------------------------------------------


def sample_store(folder: Path) -> Path:
    from services.seed import seed
    from store import Store

    path = folder / "sample.sqlite"
    store = Store(path)
    rejected = [r for r in seed(store) if not r.ok]
    store.engine.dispose()
    if rejected:
        sys.exit(f"sample data rejected: {[r.file for r in rejected]}")
    return path


def store_size(path: Path | str, commune: str | None) -> str:
    from store import Store

    store = Store(path, commune=commune)
    try:
        return f"{len(store.submissions())} submissions, {len(store.current_values())} current values"
    finally:
        store.engine.dispose()


# -- report ------------------------------------------------------------------


def run_child(db: Path | str, commune: str | None, repeat: int, timeout: float) -> dict:
    """Measure in a new process serving this store and commune."""
    env = {**os.environ, "XANH_DB": str(db)} | ({"XANH_COMMUNE": commune} if commune else {})
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [sys.executable, __file__, "--measure", out.name, "--repeat", str(repeat), "--timeout", str(timeout)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        return json.loads(Path(out.name).read_text())


def report(title: str, result: dict) -> bool:
    """Print one store's table; True when every page is within budget."""
    print(f"\n## {title}")
    print(f"{'page':14} {'first run ms':>12} {'rerun ms':>9} {'first/1 s':>9} {'rerun/1 s':>9} {'worst first ms':>14}  problems")
    within = True
    for row in result["pages"]:
        first, rerun = row["first"], row["rerun"]
        within &= max(first, rerun) <= BUDGET_S and not row["problems"]
        problems = "; ".join(p.splitlines()[0][:80] for p in row["problems"]) or "-"
        print(
            f"{row['page']:14} {first * 1000:12.0f} {rerun * 1000:9.0f} {first / BUDGET_S:9.2f} {rerun / BUDGET_S:9.2f}"
            f" {row['first_max'] * 1000:14.0f}  {problems}"
        )
    worst = max(max(r["first"], r["rerun"]) for r in result["pages"])
    cold = result["cold_start"]
    peak = result["peak_mb"]
    print(f"slowest page {worst * 1000:.0f} ms, ratio {worst / BUDGET_S:.2f} of the {BUDGET_S:.0f} s budget")
    print(f"cold start (first run in a new process, store opened, snapshot built) {cold * 1000:.0f} ms")
    if result["cold_problems"]:
        print(f"cold start problems: {result['cold_problems']}")
    print(f"peak memory {peak:.0f} MB, ratio {peak / MEMORY_MB:.2f} of {MEMORY_MB} MB")
    return within and peak <= MEMORY_MB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", help="measure this store (path or URL) instead of the sample data")
    parser.add_argument("--commune", help="the commune served, when the store holds several")
    parser.add_argument("--timeout", type=float, default=600, help="AppTest timeout per run, s")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # child: write the results of XANH_DB here
    args = parser.parse_args()
    if args.measure:
        Path(args.measure).write_text(json.dumps(measure(args.repeat, args.timeout)))
        return
    print(f"median of {args.repeat} sessions; load {os.getloadavg()[0]:.2f} (1 min)")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or sample_store(Path(tmp))
        title = f"Store {db}" if args.db else "Sample data store"
        ok = report(f"{title} ({store_size(db, args.commune)})", run_child(db, args.commune, args.repeat, args.timeout))
    print("\nwithin budget" if ok else "\nOVER BUDGET (or a page failed)")


if __name__ == "__main__":
    main()
