"""The summary page (/tom-tat) a Zalo link shows: light (under 50 KB, one
request), the commune's headline targets and priority tasks with their
statuses in words, the villages missing, a link into the dashboard, and
Open Graph tags whose picture is drawn once per data change; the city's
communes by status without ?xa=."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from PIL import Image
from starlette.applications import Starlette
from starlette.testclient import TestClient

from services.communes import add
from services.queries import indicator_table
from store import Store
from web import summary

BUDGET = 50 * 1024


@pytest.fixture
def store(seeded_file, tmp_path) -> Store:
    shutil.copy(seeded_file, tmp_path / "summary.sqlite")
    return Store(tmp_path / "summary.sqlite")


def client_of(store: Store) -> TestClient:
    return TestClient(Starlette(routes=summary.routes(store)))


def og(html: str, name: str) -> str:
    return re.search(rf'<meta (?:property|name)="{name}" content="([^"]*)"', html).group(1)


def test_a_commune_in_one_light_page_with_its_link_card(store):
    page = client_of(store).get("/tom-tat?xa=10903")
    assert page.status_code == 200 and len(page.content) < BUDGET
    html = page.text
    assert "<script" not in html and "<link" not in html and '<html lang="vi">' in html
    table = indicator_table(store, "2026-H1")
    ct4 = table[(table["indicator"] == "CT4") & table["village"].isna()].iloc[0]
    shown = f"{ct4['value']:.1f}".replace(".", ",") + "%"
    assert f'<span class="tv">{shown}</span><span class="tw">Chậm</span>' in html
    assert "<strong>PL-01</strong>" in html and "14/15 thôn đã báo cáo. Chưa báo cáo: Nghĩa Phú." in html
    assert '<a class="more" href="./?xa=10903">' in html
    description = og(html, "og:description")
    assert description.startswith("Kỳ 6 tháng 2026: CT1 ") and f"CT4 {shown} (Chậm)" in description
    assert og(html, "og:title") == "Xã Cẩm Giàng: chuyển đổi xanh · 6 tháng đầu năm 2026"
    assert page.headers["content-security-policy"].startswith("default-src 'none'; script-src 'none'; style-src 'sha256-")


def test_the_card_picture_is_drawn_once_per_data_change(store, monkeypatch):
    client = client_of(store)
    picture = og(client.get("/tom-tat?xa=10903").text, "og:image")
    assert picture.startswith("http://testserver/tom-tat/the.png?xa=10903&amp;v=")
    drawn = []
    original = summary.card_png
    monkeypatch.setattr(summary, "card_png", lambda *a: drawn.append(a) or original(*a))
    first = client.get("/tom-tat/the.png?xa=10903")
    client.get("/tom-tat/the.png?xa=10903")
    assert len(drawn) == 1 and Image.open(io.BytesIO(first.content)).size == (1200, 630)
    store.lock("2026-H1", "lan")  # a change
    client.get("/tom-tat/the.png?xa=10903")
    assert len(drawn) == 2


def test_the_city_without_a_commune_named_and_an_unknown_one(store):
    add(store, "2008")
    client = client_of(store)
    city = client.get("/tom-tat")
    assert city.status_code == 200 and "Toàn thành phố: các xã, phường" in city.text and "2 xã, phường" in city.text
    assert re.search(r'<span class="chip s-slow">Chậm: 1</span>', city.text)
    unknown = client.get("/tom-tat?xa=99999")
    assert unknown.status_code == 404 and "Không có xã, phường mã 99999" in unknown.text


def test_a_target_without_a_figure_in_the_newest_period_says_so(store, tmp_path):
    """A year opened by one village's household figures: CT4 (its waste)
    and the others have no figure yet, which is not "no target"."""
    from services.ingest import ingest_file
    from tests.filemaker import form01_file

    report = ingest_file(store, form01_file(tmp_path / "2026.xlsx", "NĂM 2026", {"Nghĩa Phú": {"households_total": 670}}), "t")
    assert report.ok
    html = client_of(store).get("/tom-tat?xa=10903").text
    assert "Năm 2026" in html or "năm 2026" in html
    tiles = re.findall(r'<li class="s-(\w+)"><strong>(\w+)</strong>.*?<span class="tw">([^<]*)</span>', html)
    assert tiles == [("none", ind, "Chưa có số liệu") for ind in ("CT1", "CT2", "CT3", "CT4")]


def test_the_cards_address_from_the_requests_host_is_escaped(store):
    """Without XANH_BASE_URL the picture's address comes from the Host
    header, which the client writes: it never becomes markup."""
    from services.summary import of_commune

    tags = summary.open_graph(of_commune(store), 'http://evil"><script>x()</script>', 1)
    assert (
        "<script>" not in tags
        and 'content="http://evil&quot;&gt;&lt;script&gt;x()&lt;/script&gt;/tom-tat/the.png?xa=10903&amp;v=1"' in tags
    )


def test_a_target_whose_row_holds_no_figure_says_no_data_not_no_target():
    import pandas as pd

    from catalog import load_catalog
    from services.summary import _target

    ct1 = next(i for i in load_catalog().indicators if i.id == "CT1")
    made = _target(ct1, pd.DataFrame({"value": [float("nan")], "status": [None]}, index=["CT1"]))
    assert (made.value, made.words, made.status) == ("—", "Chưa có số liệu", None)
