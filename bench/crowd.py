"""A meeting's crowd: viewers opening the dashboard together, each in its own
headless Chromium context, against the server's CPU (PRODUCT.md: at most
0.1 s of server CPU per page view on the sample data; 20 viewers opening a
link at once are served within 2 s, p95, and none sees an error).

    python bench/crowd.py [--viewers 1 5 20] [--sessions] [--db STORE --commune CODE]

The server is `cli.py serve` (tests/browsing.py) on the sample data
(seeded into a temporary store first), or on --db. A first viewer opens
every page of the walk once, as someone does before a meeting, so the
server's caches are warm; then for each crowd size, that many viewers at
once open the overview, click Thôn in the sidebar, then an indicator page.
A page counts as finished when the app is connected and its script has
stopped (the browser test's rule); its time runs from the click (or the
address typed) to then. Server CPU is the server process's user + system
time over the whole burst, divided by the page views: robust on a shared
machine, where wall times also measure the browsers. Before the crowds,
one viewer at a time shows the CPU of a new visitor's first page (which
includes serving the app's ~150 files of JavaScript and fonts to a browser
that has none: docs/deploy.md has nginx serve them) apart from that of a
page clicked in the sidebar.

On a 2-core machine, 20 Chromiums take the cores the server needs, so their
times measure the browsers as much as the server. --sessions makes each
viewer what the server sees of it instead: a Streamlit session over the
websocket asking for each page in turn (a click in the sidebar does the
same), timed to its script's end, with the exceptions and error boxes the
page drew counted as errors; no browser and no app files.

Bounded: localhost only, at most --max-viewers contexts, each page at most
60 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit  # noqa: E402
import websockets  # noqa: E402
from streamlit.proto.Alert_pb2 import Alert  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from bench.pages import sample_store  # noqa: E402
from tests.browsing import CHROMIUM, CHROMIUM_ARGS, IDLE, PROBLEMS, serving  # noqa: E402

WALK = ("", "thon", "chi-tieu")  # the overview, Thôn, an indicator page
PAGE_TIMEOUT_MS = 60_000
SETTLE_S = 0.5  # after a page finishes, for the CPU of its last messages to be counted
CPU_BUDGET_S, P95_BUDGET_S, START_BUDGET_S = 0.1, 2.0, 1.5


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def finished(page) -> None:
    await page.wait_for_function(IDLE, timeout=PAGE_TIMEOUT_MS)


STATIC = Path(streamlit.__file__).parent / "static" / "static"  # the app's files, as nginx serves them (docs/deploy.md)
PROXY_STATIC = False  # --proxy-static: the browsers get the app's files from disk, as from nginx


async def new_page(browser):
    """A new visitor: a browser context of its own (no cache), its page."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    if PROXY_STATIC:
        await context.route("**/static/**", _from_disk)
    return context, await context.new_page()


async def _from_disk(route) -> None:
    path = STATIC / route.request.url.split("/static/", 1)[1].split("?")[0]
    if path.is_file() and STATIC in path.resolve().parents:
        await route.fulfill(path=str(path))
    else:
        await route.continue_()


async def viewer(browser, base: str) -> tuple[list[float], list[str]]:
    """One viewer's walk: the time of each page and what went wrong."""
    context, page = await new_page(browser)
    times: list[float] = []
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"JavaScript error: {exc}"))
    try:
        for step, path in enumerate(WALK):
            started = time.perf_counter()
            if step == 0:
                await page.goto(f"{base}/{path}", wait_until="domcontentloaded")
            else:
                await page.locator(f'[data-testid="stSidebarNavLink"][href$="/{path}"]').first.click()
                await page.wait_for_url(f"**/{path}*", timeout=PAGE_TIMEOUT_MS)
            await finished(page)
            times.append(time.perf_counter() - started)
            for box in await page.locator(PROBLEMS).all():
                errors.append(f"/{path}: {(await box.inner_text())[:200]!r}")
    except Exception as exc:  # a timeout or a broken page: counted, the others go on
        errors.append(f"did not finish: {str(exc).splitlines()[0]}")
    finally:
        await context.close()
    return times, errors


async def alone(browser, base: str, pid: int, repeat: int = 3) -> dict:
    """One viewer at a time: the server's CPU for a new visitor's first page
    (the page, and the app's files a browser without them fetches) and for a
    page clicked in the sidebar; medians of `repeat` walks."""
    firsts, clicks, requests = [], [], []
    for _ in range(repeat):
        context, page = await new_page(browser)
        fetched: list[str] = []
        page.on("request", lambda request, fetched=fetched: fetched.append(request.url))
        before = cpu_seconds(pid)
        await page.goto(f"{base}/", wait_until="domcontentloaded")
        await finished(page)
        await asyncio.sleep(SETTLE_S)
        firsts.append(cpu_seconds(pid) - before)
        requests.append(len(fetched))
        for path in WALK[1:]:
            before = cpu_seconds(pid)
            await page.locator(f'[data-testid="stSidebarNavLink"][href$="/{path}"]').first.click()
            await page.wait_for_url(f"**/{path}*", timeout=PAGE_TIMEOUT_MS)
            await finished(page)
            await asyncio.sleep(SETTLE_S)
            clicks.append(cpu_seconds(pid) - before)
        await context.close()
    return {"first": statistics.median(firsts), "click": statistics.median(clicks), "requests": statistics.median(requests)}


async def crowd(base: str, pid: int, sizes: list[int]) -> tuple[dict, list[dict]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        await viewer(browser, base)  # warm the server's caches, as before a meeting
        single = await alone(browser, base, pid)
        results = [await burst(size, lambda: viewer(browser, base), pid) for size in sizes]
        await browser.close()
        return single, results


async def burst(size: int, walk, pid: int) -> dict:
    """`size` walks at once: page times, errors, server CPU per view."""
    before, started = cpu_seconds(pid), time.perf_counter()
    walks = await asyncio.gather(*(walk() for _ in range(size)))
    wall, cpu = time.perf_counter() - started, cpu_seconds(pid) - before
    times = sorted(t for done, _ in walks for t in done)
    views = len(times)
    return {
        "viewers": size,
        "views": views,
        "median": statistics.median(times) if times else float("nan"),
        "p95": times[max(0, int(round(0.95 * views)) - 1)] if times else float("nan"),
        "cpu_per_view": cpu / max(views, 1),
        "wall": wall,
        "errors": [e for _, found in walks for e in found],
    }


async def session_walk(base: str) -> tuple[list[float], list[str]]:
    """One viewer as the server sees it, without a browser: a Streamlit
    session over the websocket asking for each page of the walk in turn (as
    a click in the sidebar does), each timed to its script's end."""
    times: list[float] = []
    errors: list[str] = []
    try:
        async with session(base) as socket:
            for path in WALK:
                started = time.perf_counter()
                errors += await asyncio.wait_for(_page_run(socket, path), PAGE_TIMEOUT_MS / 1000)
                times.append(time.perf_counter() - started)
    except Exception as exc:  # a timeout or a closed session: counted, the others go on
        errors.append(f"did not finish: {type(exc).__name__} {exc}"[:200])
    return times, errors


def session(base: str):
    """A Streamlit session's websocket, as the app's JavaScript opens it."""
    url = base.replace("http", "ws", 1) + "/_stcore/stream"
    return websockets.connect(url, subprotocols=["streamlit"], origin=base, max_size=None)


async def _page_run(socket, path: str) -> list[str]:
    """Ask for the page, read the server's messages to the script's end; the
    exceptions and error boxes it drew."""
    ask = BackMsg()
    ask.rerun_script.page_name = path
    await socket.send(ask.SerializeToString())
    errors = []
    while True:
        message = ForwardMsg()
        message.ParseFromString(await socket.recv())
        kind = message.WhichOneof("type")
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            if element.WhichOneof("type") == "exception" or (
                element.WhichOneof("type") == "alert" and element.alert.format == Alert.ERROR
            ):
                errors.append(f"/{path}: {str(element)[:200]!r}")
        if kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return errors


async def sessions(base: str, pid: int, sizes: list[int]) -> list[dict]:
    """--sessions: the crowds as Streamlit sessions, after one warming walk."""
    await session_walk(base)
    return [await burst(size, lambda: session_walk(base), pid) for size in sizes]


async def first_page_after_start(folder: Path, db: str, browsers: bool, repeat: int = 3) -> list[float]:
    """Seconds from starting a new server process to its first finished page
    (PRODUCT.md: at most 1.5 s), for `repeat` new processes: in a browser
    that is up before the server starts, or (--sessions) in a session
    opened as soon as the server answers."""
    if not browsers:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            with serving(folder, db) as (base, _):
                async with session(base) as socket:
                    await asyncio.wait_for(_page_run(socket, WALK[0]), PAGE_TIMEOUT_MS / 1000)
                times.append(time.perf_counter() - started)
        return times
    from playwright.async_api import async_playwright

    times = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for _ in range(repeat):
            context, page = await new_page(browser)
            started = time.perf_counter()
            with serving(folder, db) as (base, _):
                await page.goto(f"{base}/", wait_until="domcontentloaded")
                await finished(page)
                times.append(time.perf_counter() - started)
            await context.close()
        await browser.close()
    return times


@contextlib.contextmanager
def profiling(pid: int, out: str | None) -> Iterator[None]:
    """py-spy sampling the server (all its threads) while the block runs."""
    if not out:
        yield
        return
    spy = Path(sys.executable).with_name("py-spy")
    command = [str(spy), "record", "--pid", str(pid), "--format", "raw", "--output", out, "--rate", "200", "--nonblocking"]
    recorder = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        recorder.send_signal(signal.SIGINT)
        try:
            recorder.wait(timeout=60)
        except subprocess.TimeoutExpired:  # never left sampling after the bench
            recorder.kill()
            recorder.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--viewers", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--max-viewers", type=int, default=40)
    parser.add_argument("--db", help="a store (path or URL) instead of the sample data")
    parser.add_argument("--commune", help="the commune served, when the store holds several")
    parser.add_argument(
        "--proxy-static", action="store_true", help="the app's files served from disk, as nginx does in docs/deploy.md"
    )
    parser.add_argument(
        "--sessions",
        action="store_true",
        help="viewers as Streamlit sessions over the websocket, without browsers (the server's share of a crowd)",
    )
    parser.add_argument("--profile", help="record the server with py-spy into this file (collapsed stacks) during the crowds")
    args = parser.parse_args()
    sizes = [min(n, args.max_viewers) for n in args.viewers]
    global PROXY_STATIC
    PROXY_STATIC = args.proxy_static
    if args.commune:
        os.environ["XANH_COMMUNE"] = args.commune
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(sample_store(Path(tmp)))
        starts = asyncio.run(first_page_after_start(Path(tmp), db, browsers=not args.sessions))
        with serving(Path(tmp), db) as (base, proc), profiling(proc.pid, args.profile):
            if args.sessions:
                single, results = None, asyncio.run(sessions(base, proc.pid, sizes))
            else:
                single, results = asyncio.run(crowd(base, proc.pid, sizes))
    if args.sessions:
        files = "viewers as Streamlit sessions (no browser, no app files)"
    else:
        files = "the app's files from disk (as nginx)" if args.proxy_static else "the app's files from the server"
    print(
        f"store {args.db or 'sample data'}; {files}; walk: /{', /'.join(WALK)}; load {os.getloadavg()[0]:.2f} (1 min) at the end"
    )
    start = statistics.median(starts)
    print(
        f"a new server process's first page: {start:.2f} s after start (median of {len(starts)}), ratio {start / START_BUDGET_S:.2f}"
    )
    if single:
        print(
            f"one viewer at a time, server CPU: a new visitor's first page {single['first']:.3f} s"
            f" ({single['requests']:.0f} requests: the page and the app's files), ratio {single['first'] / CPU_BUDGET_S:.2f};"
            f" a page clicked {single['click']:.3f} s, ratio {single['click'] / CPU_BUDGET_S:.2f}"
        )
    print(f"{'viewers':>7} {'views':>5} {'median s':>8} {'p95 s':>6} {'p95/2 s':>7} {'CPU/view s':>10} {'CPU/0.1 s':>9}  errors")
    for r in results:
        print(
            f"{r['viewers']:7} {r['views']:5} {r['median']:8.2f} {r['p95']:6.2f} {r['p95'] / P95_BUDGET_S:7.2f}"
            f" {r['cpu_per_view']:10.3f} {r['cpu_per_view'] / CPU_BUDGET_S:9.2f}  {len(r['errors'])}"
        )
        for error in r["errors"][:5]:
            print(f"        {error}")


if __name__ == "__main__":
    main()
