"""The dashboard's page as it arrives (web/first_paint.py): in the reader's
language, titled for the commune, with the summary's link card tags; on
the plain overview, the four headline statuses drawn in the HTML itself,
the overview's own figures; compressed; nothing from the query echoed."""

from __future__ import annotations

import gzip
import re
import shutil

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from services.queries import indicator_table
from store import Store
from web.first_paint import FirstPaint


@pytest.fixture
def store(seeded_file, tmp_path) -> Store:
    shutil.copy(seeded_file, tmp_path / "paint.sqlite")
    return Store(tmp_path / "paint.sqlite")


def client_of(store: Store) -> TestClient:
    inner = [Route("/static/{name}", lambda request: PlainTextResponse("inner"))]
    return TestClient(Starlette(routes=inner, middleware=[Middleware(FirstPaint, store=store)]))


def tiles(html: str) -> list[tuple[str, str, str]]:
    """(indicator, value, status word) of each drawn tile."""
    return re.findall(
        r'<li class="s-\w+"><strong>(\w+)</strong>.*?<span class="tv">([^<]*)</span><span class="tw">([^<]*)</span>', html
    )


def test_the_overview_arrives_with_its_statuses_title_and_card(store):
    page = client_of(store).get("/", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and page.headers["content-encoding"] == "gzip" and page.headers["cache-control"] == "no-cache"
    html = page.text
    assert '<html lang="vi">' in html and "<title>Xã Cẩm Giàng: chuyển đổi xanh · 6 tháng đầu năm 2026</title>" in html
    assert 'property="og:image" content="http://testserver/tom-tat/the.png?xa=10903&amp;v=' in html
    table = indicator_table(store, "2026-H1")
    commune = table[table["village"].isna()].set_index("indicator")
    expected = [(i, f"{commune.loc[i, 'value']:.1f}".replace(".", ",") + "%") for i in ("CT1", "CT2", "CT3", "CT4")]
    assert [(i, v) for i, v, _ in tiles(html)] == expected
    assert ("CT4", expected[3][1], "Chậm") in tiles(html)
    assert html.index('<div id="xanh-first">') < html.index('<div id="root"></div><script>')  # covers the page, then goes
    assert '<a href="./tom-tat?xa=10903">Xem bản tóm tắt</a>' in html and "You need to enable JavaScript" not in html
    assert len(gzip.compress(html.encode())) < 16 * 1024


@pytest.mark.parametrize(
    "address",
    ["/?lang=en", "/?villages=T01", "/?sectors=waste", "/?period=2025", "/?meeting=1", "/thon", "/chi-tieu?xa=10903"],
)
def test_statuses_are_drawn_only_where_the_page_shows_the_newest_commune_figures(store, address):
    html = client_of(store).get(address).text
    assert "xanh-first" not in html and "<title>Xã Cẩm Giàng" in html
    assert f'<html lang="{"en" if "lang=en" in address else "vi"}">' in html


def test_the_newest_period_named_in_the_address_still_gets_them(store):
    assert len(tiles(client_of(store).get("/?period=2026-H1&xa=10903").text)) == 4


def test_nothing_from_the_address_is_written_into_the_page(store):
    html = client_of(store).get("/?xa=%3Cscript%3Ealert(1)%3C/script%3E&lang=%22%3E").text
    assert "alert(1)" not in html and '<html lang="vi">' in html
    assert len(tiles(html)) == 4  # an unknown commune: the one shown by default, as the dashboard does


def test_other_addresses_pass_through_and_an_empty_store_keeps_streamlits_page(store, tmp_path):
    assert client_of(store).get("/static/x.js").text == "inner"
    empty = client_of(Store(tmp_path / "empty.sqlite")).get("/").text
    assert '<html lang="vi">' in empty and "<title>Streamlit</title>" in empty and "xanh-first" not in empty


def test_nothing_in_the_head_holds_the_drawn_statuses_back(store):
    """Streamlit's stylesheet is fetched first but not render-blocking, and
    its app script and module preloads are added by the page once the
    statuses are painted: every one of them, the app's entry last."""
    from web.static import static_dir

    index = (static_dir() / "index.html").read_text(encoding="utf-8")
    html = client_of(store).get("/").text
    head = html[: html.index("</head>")]
    assert '<link rel="stylesheet"' not in head and '<script type="module"' not in head and "modulepreload" not in head
    (css,) = re.findall(r'<link rel="stylesheet" crossorigin href="([^"]+)">', index)
    assert re.search(rf'<meta charset="UTF-8" />\s*<link rel="preload" as="style" crossorigin href="{re.escape(css)}">', head)
    start = html[html.index('<div id="root"></div>') :]
    modules = re.findall(r'<link rel="modulepreload" crossorigin href="([^"]+)">', index)
    (app,) = re.findall(r'<script type="module" crossorigin src="([^"]+)"></script>', index)
    assert len(modules) > 10 and all(f'"{m}"' in start for m in modules) and f'"{app}"' in start and f'"{css}"' in start
    other = client_of(store).get("/thon").text  # nothing drawn there: Streamlit's head as it is
    assert f'<script type="module" crossorigin src="{app}"></script>' in other and "modulepreload" in other
