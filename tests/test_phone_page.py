"""The phone page (web/phone.py) over HTTP, with Starlette's test client:
light, Vietnamese, labelled as the Excel form; strict headers; a form token
bound to the link; bodies capped; rate limits; every text escaped; a plain
sentence (404, 410) for a link that does not open, never a traceback."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route
from starlette.testclient import TestClient

from services import entries, links
from store import Store
from store import links as stored
from web import phone
from web.guard import MAX_BODY, SecurityHeaders

IN_TIME = dt.datetime(2026, 7, 1, 3, 0, tzinfo=dt.UTC)
PAGE_BUDGET = 60 * 1024  # bytes of a first load, everything included (PRODUCT.md)


@pytest.fixture
def store(seeded_file, tmp_path, monkeypatch) -> Store:
    monkeypatch.setattr(links, "now", lambda: IN_TIME)
    shutil.copy(seeded_file, tmp_path / "phone.sqlite")
    return Store(tmp_path / "phone.sqlite")


@pytest.fixture
def client(store, monkeypatch) -> TestClient:
    monkeypatch.setattr(phone, "PER_LINK", phone.Limiter(phone.PER_LINK.limit, 60))  # each test's own counts
    monkeypatch.setattr(phone, "PER_ADDRESS", phone.Limiter(phone.PER_ADDRESS.limit, 60))
    app = Starlette(
        routes=[Route(links.PATH + "{token}", phone.handler(store), methods=["GET", "POST"])],
        middleware=[Middleware(SecurityHeaders)],
    )
    return TestClient(app, follow_redirects=False)


def path_of(store: Store, village: str | None = "PD03", unit: str | None = None) -> str:
    (link,) = links.issue(store, "2026-H1", [village] if village else None, [unit] if unit else None, "lan", "http://test")
    return link.url.removeprefix("http://test")


def form_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(csrf|key)" value="([^"]*)"', html))


def test_the_page_is_light_vietnamese_and_labelled_as_the_excel_form(client, store):
    page = client.get(path_of(store))
    assert page.status_code == 200
    html = page.text
    assert len(page.content) < PAGE_BUDGET and "<script src" not in html and "<link" not in html  # nothing else to fetch
    assert '<html lang="vi">' in html and "<h1>Thôn Nghĩa Phú</h1>" in html
    assert '<label for="i-households_total">Tổng số hộ <span class="u">(hộ)</span></label>' in html
    assert 'inputmode="numeric"' in html and 'inputmode="decimal"' in html
    assert "Kỳ trước: 667 (2025)" in html


def test_strict_headers_and_the_token_in_no_referrer(client, store):
    headers = client.get(path_of(store)).headers
    assert headers["content-security-policy"].startswith("default-src 'none'; script-src 'sha256-")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert (headers["x-frame-options"], headers["referrer-policy"], headers["cache-control"]) == (
        "DENY",
        "no-referrer",
        "no-store",
    )


def test_a_send_makes_one_pending_entry_whatever_the_retries(client, store):
    path = path_of(store)
    fields = form_fields(client.get(path).text)
    typed = {"households_total": "670", "households_committed": "360", "waste_generated": "1,5"}
    first = client.post(path, data={**fields, **typed})
    again = client.post(path, data={**fields, **typed})  # the same key: a retry after a lost answer
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    receipt = client.get(first.headers["location"]).text
    assert "Đã gửi." in receipt and "Mã phiếu: <strong>P" in receipt and "<dd>1,5</dd>" in receipt
    assert [e["state"] for e in entries.pending(store.scoped("10903"))] == ["pending"]


def test_a_broken_rule_is_said_beside_its_field_and_nothing_is_kept(client, store):
    path = path_of(store)
    fields = form_fields(client.get(path).text)
    answer = client.post(path, data={**fields, "households_total": "670", "households_committed": "700"})
    assert answer.status_code == 422
    assert re.search(
        r'<p class="e" id="e-households_committed">Số hộ ký cam kết .* \(700\) lớn hơn Tổng số hộ \(670\)', answer.text
    )
    assert 'value="700"' in answer.text  # what was typed stays on the page
    assert entries.pending(store.scoped("10903")) == []


def test_a_post_without_the_links_form_token_is_refused(client, store):
    path = path_of(store)
    answer = client.post(path, data={"households_total": "670", "csrf": "gia-mao"})
    assert answer.status_code == 400 and "Trang đã cũ" in answer.text
    assert entries.pending(store.scoped("10903")) == []


def test_a_link_writes_only_its_own_village_and_period(client, store):
    """Whatever the request names (another village, another period), the link decides."""
    path = path_of(store)
    fields = form_fields(client.get(path).text)
    client.post(path, data={**fields, "households_total": "670", "village_code": "LD01", "period": "2025", "commune": "2008"})
    (entry,) = stored.listed_entries(store.scoped("10903"))
    assert (entry[1].village, entry[0].period) == ("PD03", "2026-H1")
    assert '"village_code"' not in entry[0].typed and '"period"' not in entry[0].typed


def test_bodies_are_capped_and_senders_limited(client, store):
    path = path_of(store)
    assert (
        client.post(
            path, content=b"x" * (MAX_BODY + 1), headers={"content-type": "application/x-www-form-urlencoded"}
        ).status_code
        == 413
    )
    statuses = [client.post(path, data={"csrf": "x"}).status_code for _ in range(phone.PER_LINK.limit + 2)]
    assert statuses[-1] == 429 and "Gửi quá nhiều lần" in client.post(path, data={}).text


def test_links_that_do_not_open_say_so_plainly(client, store):
    unknown = client.get(links.PATH + "khong-co")
    assert unknown.status_code == 404 and "Không mở được liên kết" in unknown.text and "Traceback" not in unknown.text
    path = path_of(store)
    links.revoke(store.scoped("10903"), "2026-H1", "PD03", None, "lan")
    gone = client.get(path)
    assert gone.status_code == 410 and "đã được thay bằng liên kết mới" in gone.text


def test_text_from_outside_is_shown_as_text(client, store):
    """A unit's free text and a returned note with markup come back escaped."""
    path = path_of(store, village=None, unit="Hội Nông dân")
    fields = form_fields(client.get(path).text)
    hostile = '<script>alert("x")</script>'
    sent = client.post(path, data={**fields, "NN-03|result": hostile, "NN-03|status": "Đang triển khai"})
    receipt = client.get(sent.headers["location"]).text
    assert hostile not in receipt and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in receipt
    (entry,) = stored.listed_entries(store.scoped("10903"))
    entries.give_back(store.scoped("10903"), entry[0].id, "<b>Sửa</b> lại =1+1", "lan")
    page = client.get(path).text  # opened again: the state, the note, what was sent
    assert "Xã trả lại để sửa" in page and "Lý do: &lt;b&gt;Sửa&lt;/b&gt; lại =1+1" in page and "<b>Sửa</b>" not in page
    assert "<dt>NN-03 · Kết quả đạt được</dt><dd>&lt;script&gt;" in page
