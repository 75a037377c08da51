"""Every page in a real browser: `streamlit run app.py` on a fresh store
(seeded from sample_data on first start, as `make run` does), opened in
Chromium through Playwright. A page fails when it shows a traceback box, an
error alert or Streamlit's "Page not found", or when it never finishes.

Needs Debian's chromium at /usr/bin/chromium (or XANH_CHROMIUM=PATH).
Without it the test is skipped, unless XANH_REQUIRE_BROWSER=1 (set by
.ci/run), where it fails.
XANH_SCREENSHOTS=DIR saves a screenshot of every page visited.

The pages come from ui/navigation.PAGES, the list app.py routes to, so a
page added there is tested without touching this file. One test
visits them all, so `pytest -n 2` starts one server, not one per worker.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from catalog import load_catalog
from charts import contrast
from i18n.strings import t
from tests.browsing import CHROMIUM, CHROMIUM_ARGS, IDLE, PROBLEMS, ROOT, ServerError, serving
from ui.navigation import visible

PAGE_TIMEOUT = 30_000  # ms, one page's script run (the first one seeds the store)
SETTLE_MS = 300  # the app must stay idle this long to count as finished
EDITOR = ("can-bo", "mat-khau-thu-nghiem")  # created with `cli.py adduser --password-stdin`

# Problems a reader could see: a traceback box, an error alert, a dialog
# such as "Page not found" or "Connection error".

pytestmark = pytest.mark.xdist_group("browser")


@pytest.fixture(scope="module")
def chromium() -> Path:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser test"
    if os.environ.get("XANH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"XANH_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@contextlib.contextmanager
def running_server(folder: Path, db: str | None = None, account: bool = True) -> Iterator[str]:
    """tests/browsing.serving as a test wants it: its base URL, and a failed
    test (with the server's log) when it does not start."""
    try:
        with serving(folder, db, EDITOR if account else None) as (base, _):
            yield base
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def served(chromium, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The server of the sample store (seeded by the first page asked) and its store's file."""
    folder = tmp_path_factory.mktemp("browser")
    with running_server(folder) as base:
        yield base, folder / "xanh.sqlite"


@pytest.fixture(scope="module")
def server(served) -> str:
    return served[0]


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def wait_until_idle(page, timeout: int = PAGE_TIMEOUT) -> None:
    """Until the app is connected and its script has finished running, and
    stays so for SETTLE_MS (query-bound widgets may ask for a rerun)."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        left = max(int((deadline - time.monotonic()) * 1000), 1)
        page.wait_for_function(IDLE, timeout=left)
        page.wait_for_timeout(SETTLE_MS)
        if page.evaluate(IDLE):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{page.url} still running after {timeout} ms")


SIZES = {
    "desktop": {"viewport": {"width": 1400, "height": 1000}},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
    "tablet": {"viewport": {"width": 820, "height": 1180}, "has_touch": True, "is_mobile": True},  # held in portrait
}


CUT_LEGENDS = (  # legends drawn past their chart's right edge: Vega does not wrap them, the screen cuts them
    "Array.from(document.querySelectorAll('[data-testid=stVegaLiteChart] svg')).filter(svg => svg.getClientRects().length)"
    ".flatMap(svg => Array.from(svg.querySelectorAll('g.role-legend')).filter("
    "legend => legend.getBoundingClientRect().right > svg.getBoundingClientRect().right + 1)"
    ".map(() => svg.closest('[data-testid=stVegaLiteChart]').getAttribute('aria-label')))"
)


def visit(browser, url: str, shots: Path | None, name: str, size: str = "desktop") -> tuple[object, list[str]]:
    """Open url in a fresh context of a screen size; the page and what went wrong on it."""
    context = browser.new_context(locale="vi-VN", **SIZES[size])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"JavaScript error: {exc}"))
    try:
        page.goto(url, wait_until="domcontentloaded")
        wait_until_idle(page)
    except Exception as exc:  # a timeout: report it with the others
        errors.append(f"did not finish: {exc}")
    shown = []  # a traceback box holds an error alert: one message, not two
    for box in page.locator(PROBLEMS).all():
        text = box.inner_text(timeout=2000)[:500]
        if not any(text in other or other in text for other in shown):
            shown.append(text)
    errors += [f"shows a problem: {text!r}" for text in shown]
    wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if wide > 0:
        errors.append(f"the page scrolls sideways by {wide} px (a table or chart may scroll inside itself, the page never)")
    cut = page.evaluate(CUT_LEGENDS)
    if cut:
        errors.append(f"a chart's legend runs past its chart's edge (cut off on screen): {cut}")
    pale = sorted({fill for fill in page.evaluate(CHART_TEXT_FILLS) if contrast(fill, "#FFFFFF") < 4.5})
    if pale:
        errors.append(f"chart text (axes, legends, titles) drawn in {pale}: under 4.5:1 on the chart's white")
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    return page, errors


CHART_TEXT_FILLS = (  # the colours of a chart's own words (axes, legends, titles); a cell's text has its own
    "Array.from(document.querySelectorAll('[data-testid=stVegaLiteChart] svg')).flatMap(svg => Array.from(svg.querySelectorAll("
    "'.role-axis-label text, .role-axis-title text, .role-legend-label text, .role-legend-title text, .role-title-text text'"
    ")).map(t => getComputedStyle(t).fill)).map(f => '#' + f.match(/\\d+/g).slice(0, 3).map(n => (+n).toString(16).padStart(2, '0')).join(''))"
)
CHART_NAMES = (  # the charts a reader sees (one hidden for a phone's narrow form is not drawn)
    "Array.from(document.querySelectorAll('[data-testid=stVegaLiteChart]')).filter(e => e.offsetParent !== null)"
    ".map(e => e.getAttribute('aria-label'))"
)
ALWAYS = frozenset({"heading-order", "page-has-heading-one", "html-has-lang", "html-lang-valid", "svg-img-alt", "role-img-alt"})


def accessibility(page) -> list[str]:
    """Serious and critical WCAG 2.2 AA violations axe-core finds on the
    page, and those of ALWAYS whatever axe calls their impact (headings in
    order, the page's language, named images)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}
    results = Axe().run(page, options=options)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical") or violation["id"] in ALWAYS:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:4]
            found.append(
                f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}): {violation['help']} at {targets}"
            )
    return found


def test_pages_in_browser(server, browser, tmp_path):
    pages = [(entry.url, entry.script) for entry in visible(1)]  # the server holds one commune
    shots = Path(os.environ["XANH_SCREENSHOTS"]) if os.environ.get("XANH_SCREENSHOTS") else None
    catalog = load_catalog()
    problems: dict[str, list[str]] = {}

    def check(name: str, query: str, expect_text: str | None = None, active: str | None = None, size: str = "desktop") -> None:
        page, errors = visit(browser, f"{server}/{query}", shots, name, size)
        try:
            if active is not None and not errors:
                link = page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]')
                href = link.first.get_attribute("href", timeout=5000) if link.count() else None
                if href is None or urlparse(href).path.strip("/") != active:
                    errors.append(f"the sidebar marks {href!r} as the current page, not /{active}")
            if expect_text is not None and not errors:
                try:
                    page.get_by_text(expect_text, exact=False).first.wait_for(state="visible", timeout=5000)
                except Exception:
                    errors.append(f"does not show {expect_text!r}")
            reading = "en" if "lang=en" in query else "vi"
            try:
                page.wait_for_function(f"document.documentElement.lang === {reading!r}", timeout=5000)
            except Exception:
                errors.append(f"the document's language is not {reading!r}")
            if not errors:
                errors += [f"accessibility: {v}" for v in accessibility(page)]
                if page.locator('[data-testid="stMainMenu"], [data-testid="stAppDeployButton"]').count():
                    errors.append("shows Streamlit's developer menu or Deploy button")
                names = page.evaluate(CHART_NAMES)
                errors += [f"a chart is named {name!r}" for name in names if not name or name == "Vega visualization"]
            if errors:
                page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
                errors.append(f"screenshot: {tmp_path / f'{name}.png'}")
                problems[name] = errors
        finally:
            page.context.close()

    # The first visit starts the app on an empty store, which seeds it.
    vi_title = t("overview_title", "vi", commune=catalog.commune.name_vi)
    for url_path, _script in pages:
        check(url_path or "root", url_path, expect_text=None if url_path else vi_title, active=url_path)
    en_title = t("overview_title", "en", commune=catalog.commune.name_en)
    check("lang-en", "?lang=en", expect_text=en_title)
    first = next(i for i in catalog.indicators if i.headline)
    check("meeting", "?meeting=1", expect_text=first.name_vi)
    for size in ("phone", "tablet"):  # a phone in a Zalo group, a tablet in a meeting: nothing scrolls sideways
        for url_path, _script in pages:
            check(f"{size}-{url_path or 'root'}", url_path, size=size)
    check("tablet-meeting", "?meeting=1", expect_text=first.name_vi, size="tablet")

    assert not problems, "pages with problems:\n" + "\n".join(
        f"  /{name}:\n" + "\n".join(f"    - {e}" for e in errors) for name, errors in problems.items()
    )


def sign_in_and_import(page, path: Path, shots: Path, prefix: str = "") -> None:
    """On the Dữ liệu page: sign in as EDITOR, drop the file, check its dry
    run (its accessibility, nothing sideways), import it."""
    page.get_by_label(t("user_name")).fill(EDITOR[0])
    page.get_by_label(t("password"), exact=True).fill(EDITOR[1])
    page.get_by_role("button", name=t("sign_in"), exact=True).click()
    page.get_by_text(t("signed_in_as", name=EDITOR[0])).wait_for(timeout=PAGE_TIMEOUT)
    zone = page.locator('[data-testid="stFileUploaderDropzone"]')
    zone.get_by_role("button", name=t("upload_button")).wait_for(timeout=PAGE_TIMEOUT)  # the drop zone in the page's words
    assert not zone.get_by_text("Upload", exact=True).is_visible() and not zone.get_by_text("per file").is_visible()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.get_by_text(t("preview_ok")).wait_for(timeout=PAGE_TIMEOUT)
    wait_until_idle(page)
    page.screenshot(path=str(shots / f"{prefix}du-lieu-preview.png"), full_page=True)
    assert not accessibility(page), "the data desk with a preview"
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.get_by_role("button", name=t("commit", n=1)).click()
    page.get_by_text("Đã nhận 1/1 tệp").wait_for(timeout=PAGE_TIMEOUT)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_an_editor_signs_in_and_uploads_a_file(server, browser, tmp_path, size):
    """The Dữ liệu page for real, on a desktop and on a phone (officials
    receive files in Zalo): sign in, drop a file, see its dry run, import
    it, and find it on the overview."""
    from tests.filemaker import form01_file
    from tests.test_pages_data import GOOD, H1

    shots = Path(os.environ["XANH_SCREENSHOTS"]) if os.environ.get("XANH_SCREENSHOTS") else tmp_path
    prefix = "" if size == "desktop" else f"{size}-"
    figures = {
        name: {**values, "households_total": values["households_total"] + (size == "phone")} for name, values in GOOD.items()
    }
    page, errors = visit(browser, server if size == "desktop" else f"{server}/du-lieu", None, f"{prefix}root", size)
    try:
        assert not errors, errors
        if size == "desktop":
            page.get_by_role("link", name=t("page_data")).click()
        sign_in_and_import(page, form01_file(tmp_path / "nghia-phu.xlsx", H1, figures), shots, prefix)
        page.screenshot(path=str(shots / f"{prefix}du-lieu-imported.png"), full_page=True)
        page.goto(server)
        page.get_by_text("15/15 thôn đã báo cáo kỳ 6 tháng 2026").wait_for(timeout=PAGE_TIMEOUT)
    except Exception:
        page.screenshot(path=str(tmp_path / "du-lieu-failed.png"), full_page=True)
        raise
    finally:
        page.context.close()


@pytest.mark.skipif(not os.environ.get("XANH_TEST_PG"), reason="XANH_TEST_PG not set")
def test_two_app_processes_on_one_postgresql_see_each_others_files(chromium, browser, tmp_path):
    """Two `streamlit run` processes on one PostgreSQL database: a file
    imported through the first shows on the second's next page run. Pages
    key their data by the store's last change, read on every run, with no
    time-to-live, so "within 2 s" is the next run; no wall clock is asserted
    here (a loaded CI machine is no measure of the product)."""
    from tests.filemaker import form01_file
    from tests.test_pages_data import GOOD, H1
    from tests.test_store import fresh_postgresql

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with (
        fresh_postgresql() as db,
        running_server(tmp_path / "a", db) as first,
        running_server(tmp_path / "b", db, account=False) as second,
    ):
        one, errors = visit(browser, first, None, "first")  # the first request seeds the store
        two = None
        try:
            assert not errors, errors
            two, errors = visit(browser, second, None, "second")
            assert not errors, errors
            two.get_by_text("14/15 thôn đã báo cáo kỳ 6 tháng 2026").wait_for(timeout=PAGE_TIMEOUT)
            one.get_by_role("link", name=t("page_data")).click()
            sign_in_and_import(one, form01_file(tmp_path / "nghia-phu.xlsx", H1, GOOD), tmp_path)
            two.reload(wait_until="domcontentloaded")
            two.get_by_text("15/15 thôn đã báo cáo kỳ 6 tháng 2026").wait_for(timeout=PAGE_TIMEOUT)
        finally:
            for page in (one, two):
                if page is not None:
                    page.context.close()


@pytest.mark.parametrize("link", ["chi-tieu?period=2026-H1&indicator=CT4", "du-lieu"])
def test_a_shared_link_opens_cleanly_as_a_fresh_servers_first_request(link, chromium, browser, tmp_path):
    """No "Page not found" dialog (nor any other) over the linked page, on the
    first visit after a server start: the pages folder is not named pages/
    (docs/decisions.md)."""
    with running_server(tmp_path) as base:
        page, errors = visit(browser, f"{base}/{link}", None, "link")
        try:
            current = page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]').first
            href = current.get_attribute("href", timeout=5000)
            assert not errors, errors
            assert urlparse(href).path.strip("/") == urlparse(link).path
        finally:
            page.context.close()


@pytest.fixture(scope="module")
def city_server(chromium, seeded_file, tmp_path_factory) -> Iterator[str]:
    """A store of two communes (the seeded one and Xã Cẩm Giàng of Thái
    Nguyên), so the city page and its maps show."""
    import shutil

    from catalog import using
    from services.communes import add, catalog_of
    from services.ingest import ingest_file
    from services.results import refresh_stale
    from store import Store
    from tests.filemaker import form01_file, registry_file

    folder = tmp_path_factory.mktemp("city-browser")
    shutil.copy(seeded_file, folder / "xanh.sqlite")
    store = Store(folder / "xanh.sqlite")
    add(store, "2008")
    other = store.scoped("2008")
    with using(catalog_of(other)):
        assert ingest_file(other, registry_file(folder / "00.xlsx"), user="t").ok
        figures = {"An Lạc": {"households_total": 400, "waste_generated": 2.0, "waste_collected": 1.0, "waste_treated": 0.5}}
        assert ingest_file(other, form01_file(folder / "01.xlsx", "6 THÁNG ĐẦU NĂM 2026", figures), user="t").ok
    refresh_stale(store)
    store.engine.dispose()
    with running_server(folder, account=False) as base:
        yield base


PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.mark.parametrize(("size", "lang"), [("desktop", "vi"), ("phone", "vi"), ("desktop", "en")])
def test_the_city_map_is_drawn_named_and_opens_a_commune(city_server, browser, tmp_path, size, lang):
    """Each commune an area of the map as drawn (an SVG path that names
    itself: commune, value, status), a tap on it opening that commune's
    dashboard; the maps named; no accessibility violation at either size."""
    options = PHONE if size == "phone" else {"viewport": {"width": 1400, "height": 2400}}
    context = browser.new_context(locale="vi-VN", **options)
    page = context.new_page()
    shots = Path(os.environ.get("XANH_SCREENSHOTS") or tmp_path)
    try:
        page.goto(
            f"{city_server}/toan-thanh-pho?city_period=2026-H1&city_indicator=CT4&lang={lang}", wait_until="domcontentloaded"
        )
        wait_until_idle(page)
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"toan-thanh-pho-{size}-{lang}.png"))
        said = "Xã Cẩm Giàng, 49,2%, Chậm" if lang == "vi" else "Xã Cẩm Giàng, 49.2%, Slow"
        area = page.locator(f'[data-testid=stVegaLiteChart] g.mark-shape path[aria-label="{said}"]')  # a map's area, not a bar
        area.first.wait_for(timeout=PAGE_TIMEOUT)  # Vega draws after the script has finished
        assert area.count() == 1
        names = page.evaluate(CHART_NAMES)
        assert any(n and n.startswith("Bản đồ: CT4" if lang == "vi" else "Map: CT4") for n in names), names
        assert not accessibility(page)
        area.first.scroll_into_view_if_needed()
        area.first.click()
        page.wait_for_url("**/?xa=10903*", timeout=PAGE_TIMEOUT)
    finally:
        context.close()


def test_the_villages_map_draws_the_located_villages(server, browser, tmp_path):
    """The Thôn page: 12 located villages as points named for screen
    readers on the commune's outline, the 3 others named in a sentence; no
    accessibility violation on a phone."""
    context = browser.new_context(locale="vi-VN", **PHONE)
    page = context.new_page()
    try:
        page.goto(f"{server}/thon", wait_until="domcontentloaded")
        wait_until_idle(page)
        page.get_by_text("3 thôn chưa có vị trí").first.wait_for(timeout=PAGE_TIMEOUT)
        dots = page.locator("[data-testid=stVegaLiteChart] svg path[aria-roledescription=circle]")
        dots.nth(11).wait_for(timeout=PAGE_TIMEOUT)  # Vega draws after the script has finished
        assert dots.count() == 12
        assert not accessibility(page)
        page.screenshot(path=str(Path(os.environ.get("XANH_SCREENSHOTS") or tmp_path) / "thon-phone.png"))
    finally:
        context.close()


def cli_json(db: Path, *argv: str) -> object:
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "cli.py", "--db", str(db), *argv], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(done.stdout) if "--json" in argv else done.stdout


def test_a_village_reports_from_a_phone_and_the_desk_accepts_it(served, browser, tmp_path):
    """The whole phone path in Chromium at 390x844 with touch: a link opened,
    figures typed, the page closed and opened again (the draft kept), a rule
    broken and said, one entry whatever the retries, accepted on the desk,
    the figures changed, the link revoked and refused; axe-core finds
    nothing on the phone page."""
    from services.links import open_period

    base, db = served
    visit(browser, base, None, "seed")[0].context.close()  # the first page seeds the store
    period = open_period()  # the period villages report on today, so the link works
    (link,) = cli_json(db, "link", "issue", "--period", period, "--village", "PD03", "--base-url", base, "--json")
    context = browser.new_context(locale="vi-VN", **PHONE)
    page = context.new_page()
    shots = Path(os.environ.get("XANH_SCREENSHOTS") or tmp_path)
    try:
        page.goto(link["url"])
        page.get_by_label("Tổng số hộ (hộ)").fill("670")
        page.get_by_label("Số hộ ký cam kết phân loại rác tại nguồn (hộ)").fill("700")
        page.get_by_text("(700) lớn hơn Tổng số hộ (670)").wait_for()
        assert not axe_violations(page), "the phone page"
        page.set_viewport_size({"width": 320, "height": 640})  # the smallest phones: nothing scrolls sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.set_viewport_size(PHONE["viewport"])
        page.screenshot(path=str(shots / "dien-thoai-loi.png"), full_page=True)
        page.close()
        page = context.new_page()  # the tab closed and opened again: what was typed is there
        page.goto(link["url"])
        assert page.get_by_label("Tổng số hộ (hộ)").input_value() == "670"
        page.get_by_label("Số hộ ký cam kết phân loại rác tại nguồn (hộ)").fill("360")
        send_twice = "() => { const f = document.getElementById('f'); const b = new URLSearchParams(new FormData(f));"
        send_twice += " return Promise.all([fetch(f.action, {method: 'POST', body: b}), fetch(f.action, {method: 'POST', body: b})]).then(r => r.map(x => x.url)); }"
        first, second = page.evaluate(send_twice)  # a double tap, or a retry after a lost answer
        assert first == second and "?gui=" in first
        page.goto(first)
        page.get_by_text("Đã gửi.").wait_for()
        page.screenshot(path=str(shots / "dien-thoai-da-gui.png"), full_page=True)
        pending = cli_json(db, "pending", "list", "--json")
        assert [(p["village"], p["period"], p["state"]) for p in pending] == [("PD03", period, "pending")]
    finally:
        context.close()
    accept_on_the_desk(browser, base, pending[0]["id"], tmp_path)
    (figure,) = [r for r in cli_json(db, "metrics", "--period", period, "--village", "PD03", "--json") if r["indicator"] == "LS1"]
    assert (figure["numerator"], figure["denominator"]) == (360, 670)
    cli_json(db, "link", "revoke", "--period", period, "--village", "PD03")
    context = browser.new_context(locale="vi-VN", **PHONE)
    try:
        refused = context.new_page().goto(link["url"])
        assert refused.status == 410 and "Liên kết đã hết dùng" in refused.text()
    finally:
        context.close()
    log = (db.parent / "streamlit.log").read_text(errors="replace")
    assert "URL:" in log and link["url"].rsplit("/", 1)[1] not in log  # the server's own log, and no path in it


def accept_on_the_desk(browser, base: str, entry_id: int, tmp_path: Path) -> None:
    page, errors = visit(browser, f"{base}/du-lieu", None, "desk")
    try:
        assert not errors, errors
        page.get_by_label(t("user_name")).fill(EDITOR[0])
        page.get_by_label(t("password"), exact=True).fill(EDITOR[1])
        page.get_by_role("button", name=t("sign_in"), exact=True).click()
        page.get_by_role("tab", name=t("tab_phone")).click()
        page.get_by_role("button", name=t("phone_accept")).click()
        page.get_by_text(f"Đã nhận phiếu P{entry_id:05d}").wait_for(timeout=PAGE_TIMEOUT)
    except Exception:
        page.screenshot(path=str(tmp_path / "desk-failed.png"), full_page=True)
        raise
    finally:
        page.context.close()


def axe_violations(page) -> list[str]:
    """Every axe-core violation of WCAG 2.2 AA and best practice, whatever its impact."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}
    found = Axe().run(page, options=options).response["violations"]
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in found]


def test_the_summary_page_on_a_phone(served, browser, tmp_path):
    """The page a Zalo link opens: drawn in Chromium at phone size, nothing
    sideways, axe-core finds nothing; its link card's picture is a PNG."""
    base, _ = served
    visit(browser, base, None, "seed")[0].context.close()  # the first page seeds the store
    context = browser.new_context(locale="vi-VN", **PHONE)
    page = context.new_page()
    shots = Path(os.environ.get("XANH_SCREENSHOTS") or tmp_path)
    try:
        answer = page.goto(f"{base}/tom-tat")
        assert answer.status == 200 and len(answer.body()) < 50 * 1024
        page.get_by_role("heading", name="Xã Cẩm Giàng").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert not axe_violations(page), "the summary page"
        page.screenshot(path=str(shots / "tom-tat-phone.png"), full_page=True)
        picture = page.locator('meta[property="og:image"]').get_attribute("content")
        card = context.request.get(picture)
        assert card.ok and card.body()[:8] == b"\x89PNG\r\n\x1a\n"
        (shots / "the-lien-ket.png").write_bytes(card.body())
    finally:
        context.close()


# When the page was first painted, which files held that paint back, and when
# the first of Streamlit's scripts was requested (ms from the navigation).
PAINT_ORDER = """() => {
    const files = performance.getEntriesByType('resource');
    return {
        painted: performance.getEntriesByName('first-contentful-paint')[0].startTime,
        blocking: files.filter(f => f.renderBlockingStatus === 'blocking').map(f => f.name),
        firstScript: Math.min(...files.filter(f => f.name.includes('/static/js/')).map(f => f.startTime)),
    };
}"""


def test_the_overview_shows_its_statuses_before_its_scripts_arrive(served, browser, tmp_path):
    """On a slow link the dashboard's scripts take seconds: the four
    statuses drawn in the page's HTML are on a phone's first screen at
    once, read by axe-core as they are, painted before any of Streamlit's
    files is applied or fetched; once the dashboard has drawn its own
    status row they are gone, and they said what it says."""
    base, _ = served
    visit(browser, base, None, "seed")[0].context.close()  # the first page seeds the store
    shots = Path(os.environ.get("XANH_SCREENSHOTS") or tmp_path)
    context = browser.new_context(locale="vi-VN", **PHONE)
    try:
        early = context.new_page()
        early.route("**/static/js/**", lambda route: route.abort())  # the scripts not arrived yet
        early.goto(base)
        tiles = early.locator("#xanh-first .tiles li")
        tiles.nth(3).wait_for()
        assert all(box["y"] + box["height"] <= 844 for box in (tile.bounding_box() for tile in tiles.all()))
        assert early.evaluate("document.documentElement.lang") == "vi" and early.title().startswith("Xã Cẩm Giàng:")
        assert not axe_violations(early), "the statuses drawn in the HTML"
        early.screenshot(path=str(shots / "tong-quan-truoc-khi-tai.png"))
        drawn = [(tile.locator("strong").inner_text(), tile.locator(".tw").inner_text()) for tile in tiles.all()]
        page = context.new_page()
        page.goto(base)
        page.locator(".xanh-status-row .xanh-badge").last.wait_for()
        wait_until_idle(page)
        assert page.locator("#xanh-first").count() == 0
        order = page.evaluate(PAINT_ORDER)
        assert order["blocking"] == [] and order["firstScript"] >= order["painted"], order  # nothing held the statuses back
        chips = page.locator(".xanh-status-row .xanh-chip").all()
        assert [(chip.locator("strong").inner_text(), chip.locator(".xanh-badge").inner_text()) for chip in chips] == drawn
    finally:
        context.close()


@pytest.mark.parametrize(
    "missing",
    [
        "delete window.PerformanceObserver;",  # no Performance Observer at all
        "Object.defineProperty(PerformanceObserver, 'supportedEntryTypes', {get: () => ['resource']});",  # no Paint Timing
        # a paint never reported (a tab opened in the background): the app starts at the latest after a second
        "window.PerformanceObserver = class { static get supportedEntryTypes() { return ['paint']; } observe() {} disconnect() {} };",
    ],
)
def test_the_dashboard_starts_where_the_browser_cannot_report_its_paint(served, browser, missing):
    """The app's script waits for the statuses' paint only where the browser
    can report it, and never for ever: without Paint Timing, or with a
    paint never reported, it starts anyway."""
    base, _ = served
    visit(browser, base, None, "seed")[0].context.close()  # the first page seeds the store; the statuses are drawn after
    context = browser.new_context(locale="vi-VN", **PHONE)
    try:
        context.add_init_script(missing)
        page = context.new_page()
        page.goto(base)
        page.locator(".xanh-status-row .xanh-badge").last.wait_for(timeout=PAGE_TIMEOUT)
        assert page.locator("#xanh-first").count() == 0
    finally:
        context.close()
