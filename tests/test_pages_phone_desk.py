"""The Dữ liệu page's phone tab (AppTest): issuing links shows each once with
its QR code, the sheet and the Zalo text; the standing of each village; an
entry a link sent, previewed, accepted into the figures or returned with a
note; an editor of another commune offered none of it."""

from __future__ import annotations

import datetime as dt

import pytest

from services import entries, links
from store import Store
from store import links as stored
from tests.page_helpers import texts
from tests.test_pages_data import db, open_desk, open_tab  # noqa: F401 (db: the desk's store)

IN_TIME = dt.datetime(2026, 7, 1, 3, 0, tzinfo=dt.UTC)  # 2026-H1's links still work
TAB = "Điện thoại"


@pytest.fixture(autouse=True)
def in_time(monkeypatch):
    monkeypatch.setattr(links, "now", lambda: IN_TIME)


def test_issuing_shows_each_link_once_with_its_qr_code(db):  # noqa: F811
    at = open_tab(open_desk(), TAB)
    assert not at.exception
    assert at.selectbox(key="phone_period").value == "2026-H1"  # the period villages are reporting on 1 July
    at.multiselect(key="phone_villages").set_value(["PD03", "LD01"]).run()
    at.button(key="phone_issue_button").click().run()
    assert "Đã cấp 2 liên kết" in texts(at.success)
    assert [e.label for e in at.expander] == ["Thôn Lương Xá", "Thôn Nghĩa Phú"] or [e.label for e in at.expander] == [
        "Thôn Nghĩa Phú",
        "Thôn Lương Xá",
    ]
    urls = [c.value for c in at.code]
    assert len(urls) == 2 and all(u.startswith("http://localhost:8501/n/") for u in urls)
    assert all(u in at.text_area(key="phone_zalo").value for u in urls)
    assert [b.proto.label for b in at.get("download_button") if "QR" in b.proto.label] == ["Tải tờ mã QR (PDF, khổ A4)"]
    standing = at.dataframe[0].value.set_index("Thôn, đơn vị")
    assert standing.loc["Nghĩa Phú", "Liên kết"] == "Đang dùng" and standing.loc["Nghĩa Phú", "Trạng thái"] == "Chưa mở"
    assert standing.loc["Cao Xá", "Trạng thái"] == "Chưa có liên kết"
    again = open_tab(open_desk(), TAB)  # the URLs were shown once: a new session never sees them
    assert not [c for c in again.code if "/n/" in c.value]


def sent_entry(db) -> int:  # noqa: F811
    """Nghĩa Phú's link sends its households."""
    store = Store(db)
    (link,) = links.issue(store, "2026-H1", ["PD03"], None, "lan")
    mine, opened = links.opened(store, link.url.rsplit("/", 1)[1])
    typed = {"households_total": "670", "households_committed": "360", "households_sorting": "250"}
    return entries.receive(mine, opened, typed, "k").entry.id


def test_an_entry_is_previewed_then_accepted_into_the_figures(db):  # noqa: F811
    entry_id = sent_entry(db)
    at = open_tab(open_desk(), TAB)
    assert at.selectbox(key="phone_entry").value[0].id == entry_id
    assert [m.label for m in at.metric] == ["Thêm mới", "Cập nhật", "Không đổi"] and at.metric[0].value == "1"
    typed = [d.value for d in at.dataframe if "Chỉ tiêu đã nhập" in d.value.columns][0]
    assert set(typed["Giá trị"]) == {"670", "360", "250"}
    at.button(key="phone_accept").click().run()
    assert f"Đã nhận phiếu P{entry_id:05d} thành lần nộp số" in texts(at.success)
    assert stored.entry(Store(db), entry_id).state == "accepted"
    overview = open_desk().switch_page("views/overview.py").run()
    assert "15/15 thôn đã báo cáo kỳ 6 tháng 2026" in texts(overview.markdown)


def test_an_entry_is_returned_with_a_note(db):  # noqa: F811
    entry_id = sent_entry(db)
    at = open_tab(open_desk(), TAB)
    at.text_area(key="phone_note").set_value("Số hộ chưa khớp sổ theo dõi.")
    at.button(key="phone_return").click().run()
    assert f"Đã trả lại phiếu P{entry_id:05d}." in texts(at.success)
    assert stored.entry(Store(db), entry_id).note == "Số hộ chưa khớp sổ theo dõi."
    assert "Không có phiếu nhập nào chờ duyệt." in texts(at.info)


def test_an_editor_of_another_commune_is_offered_no_phone_tab(db):  # noqa: F811
    from services import accounts

    accounts.add_user(Store(db), "tan", "mat-khau-dung", "2008")
    at = open_desk(editor="tan")
    assert TAB not in [t.label for t in at.tabs]
