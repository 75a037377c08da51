"""A leader's first visit from a Zalo link, on a phone (issue 17): bytes
transferred, and the time until the four headline statuses show, in
headless Chromium at 390x844 with touch, network conditions set through the
Chrome DevTools Protocol.

    python bench/firstvisit.py [--db STORE] [--repeat 3]

Goals (PRODUCT.md "Speed"): a new visitor's first page transfers at most
1 MB and shows the headline statuses within 6 s on a 3G link (1.6 Mbit/s
down, 750 kbit/s up, 300 ms round trip); on a fast link, a new server
process's first page within 1.5 s after the server is up, and a running
server's within 0.5 s. Each visitor is new: an empty browser profile, no
cache. The store is the sample data (seeded into a temporary store) or --db.
The summary page (/tom-tat) is measured the same way on 3G.

"Statuses" is when the four headline statuses are first on the screen: the
ones drawn in the page's HTML (web/first_paint.py), when the browser painted
them (its first contentful paint), or, were they missing, when the
dashboard's own are visible; "dashboard" is when the dashboard has drawn its own
status row (its scripts loaded, connected, the page run), reported beside.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pages import sample_store  # noqa: E402

THREE_G = {"offline": False, "latency": 300, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
DASHBOARD = ".xanh-status-row .xanh-badge"  # the overview's row of the four statuses
STATUSES = f"#xanh-first .tiles li, {DASHBOARD}"  # those drawn in the HTML, or the dashboard's
DRAWN = "#xanh-first .tiles li"
# When the first content was painted (wall clock, ms): the statuses drawn in
# the HTML are the page's first content. Playwright's "visible" is a layout,
# not a paint, and is seen late while the page's scripts hold the main thread.
PAINTED = "() => { const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? performance.timeOrigin + p.startTime : null; }"
BUDGETS = {"bytes": 1_000_000, "3g": 6.0, "new server": 1.5, "running server": 0.5}


def visit(browser, url: str, network: dict | None, ready: str, then: str | None = None) -> tuple[float, float | None, int]:
    """A new visitor opens `url`: seconds until `ready` shows, until `then`
    shows (when given), bytes transferred."""
    from tests.browsing import IDLE

    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="vi-VN")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if network:
        cdp.send("Network.emulateNetworkConditions", network)
    sizes: dict[str, int] = {}
    cdp.on("Network.loadingFinished", lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"]))
    started = time.time()
    page.goto(url, wait_until="commit", timeout=120_000)
    page.locator(ready).first.wait_for(state="visible", timeout=120_000)
    shown = time.time() - started
    if page.locator(DRAWN).count():  # the statuses in the HTML: when the browser painted them
        shown = page.wait_for_function(PAINTED, timeout=120_000).json_value() / 1000 - started
    later = None
    if then:
        page.locator(then).last.wait_for(state="visible", timeout=120_000)
        later = time.time() - started
        page.wait_for_function(IDLE, timeout=120_000)
    page.wait_for_timeout(1500)  # what the page fetches after it shows counts too
    context.close()
    return shown, later, sum(sizes.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a store (path or URL); default: the sample data in a temporary store")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.browsing import CHROMIUM, CHROMIUM_ARGS, serving

    figures: dict[str, list[float]] = {}

    def note(name: str, value: float | None) -> None:
        figures.setdefault(name, []).append(value)

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        db = args.db or str(sample_store(Path(folder)))
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        for _ in range(args.repeat):
            with serving(Path(folder), db) as (base, _):
                for name, network in (("new server", None), ("running server", None), ("3g", THREE_G)):
                    shown, dashboard, sent = visit(browser, base, network, STATUSES, DASHBOARD)
                    note(name, shown)
                    note(f"{name}, dashboard", dashboard)
                note("bytes", sent)
                shown, _, sent = visit(browser, f"{base}/tom-tat", THREE_G, "h1")
                note("summary 3g", shown)
                note("summary bytes", sent)
        browser.close()
    print(f"first visit, phone 390x844, median of {args.repeat} (each with a new server); load {os.getloadavg()[0]:.2f} (1 min)")
    for name, values in figures.items():
        middle = statistics.median(values)
        budget = BUDGETS.get(name)
        shown = f"{middle / 1024:.0f} KB" if "bytes" in name else f"{middle:.2f} s"
        ratio = f"  ratio {middle / budget:.2f}" if budget else ""
        print(
            f"{name:26} {shown:>10}{ratio}   (all: {', '.join(f'{v / 1024:.0f}' if 'bytes' in name else f'{v:.2f}' for v in values)})"
        )


if __name__ == "__main__":
    main()
