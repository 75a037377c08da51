"""Links for reporting from a phone (services/links.py, services/entries.py):
tokens kept only as hashes, expiry at the due date plus the grace and on a
lock, reissuing revoking, the commune's rules checked as for a file, one
entry per idempotency key, acceptance making an ordinary submission whose
figures are those of the same numbers in an Excel form. On SQLite and
PostgreSQL where the store is involved."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pandas as pd
import pytest
import sqlalchemy as sa

from catalog.periods import VIETNAM_TIME
from services import entries, links
from services.ingest import ingest_file
from services.queries import indicator_table
from store import Store
from store.schema import links as links_table
from tests.filemaker import form01_file

H1 = "2026-H1"
LATE = "PD03"  # Nghĩa Phú: sent no 2026-H1 report in the sample data
TYPED = {"households_total": "670", "households_committed": "360", "households_sorting": "250", "waste_generated": "1,5"}


IN_TIME = dt.datetime(2026, 7, 1, 3, 0, tzinfo=dt.UTC)  # within 2026-H1's window (due 20/06, 30 days' grace)


@pytest.fixture
def store(seeded_file, tmp_path, monkeypatch) -> Store:
    """A copy of the seeded store, judged on 1 July 2026."""
    monkeypatch.setattr(links, "now", lambda: IN_TIME)
    db = tmp_path / "store.sqlite"
    shutil.copy(seeded_file, db)
    return Store(db)


def issued(store: Store, **kwargs) -> links.Issued:
    (link,) = links.issue(store, H1, kwargs.get("villages", [LATE]), kwargs.get("units"), "lan", "https://xa.example.vn")
    return link


def token_of(link: links.Issued) -> str:
    return link.url.rsplit("/", 1)[1]


def test_a_link_is_a_random_token_kept_only_as_its_hash(store):
    first, second = links.issue(store, H1, ["LD01", "LD02"], None, "lan", "https://xa.example.vn/")
    assert first.url.startswith("https://xa.example.vn/n/") and len(token_of(first)) >= 32  # 192 bits, url-safe
    assert token_of(first) != token_of(second)
    with store.reading() as conn:
        hashes = [r[0] for r in conn.execute(sa.select(links_table.c.token_hash))]
    assert links.hashed(token_of(first)) in hashes
    assert not any(token_of(first) in h for h in hashes)  # the token itself is nowhere
    assert (first.village, first.name, first.period) == ("LD01", "Lương Xá", H1)


def test_every_village_of_the_register_by_default_and_unknown_ones_refused(store):
    assert [link.village for link in links.issue(store, H1, None, None, "lan")] == list(
        store.current_values(["00"]).query("field == 'village_name'")["entity"]
    )
    with pytest.raises(links.LinkError, match="Không có thôn mã XX99"):
        links.issue(store, H1, ["XX99"], None, "lan")
    with pytest.raises(links.LinkError, match="Không có đơn vị chủ trì «Hội Cựu chiến binh»"):
        links.issue(store, H1, None, ["Hội Cựu chiến binh"], "lan")


def test_a_link_expires_at_the_due_date_plus_the_grace_and_when_its_period_locks(store, monkeypatch):
    link = issued(store)
    assert link.expires == dt.date(2026, 7, 20)  # due 20/06 (commune.yaml) + 30 days
    assert links.expiry(H1) == dt.datetime(2026, 7, 20, 23, 59, 59, tzinfo=VIETNAM_TIME)
    assert [r["state"] for r in links.listed(store, H1)] == ["active"]
    stored_link = links.stored.of_period(store, H1)[0]
    monkeypatch.setattr(links, "now", lambda: dt.datetime(2026, 7, 20, 16, 59, tzinfo=dt.UTC))
    assert links.state(stored_link, set()) == "active"
    assert links.state(stored_link, {H1}) == "expired"  # a locked period takes nothing more
    monkeypatch.setattr(links, "now", lambda: dt.datetime(2026, 7, 20, 17, 0, tzinfo=dt.UTC))  # midnight in Hà Nội
    assert links.state(stored_link, set()) == "expired"
    with pytest.raises(links.LinkError, match="đã hết hạn nhận báo cáo từ điện thoại"):
        links.issue(store, H1, ["LD01"], None, "lan")


def test_issuing_again_revokes_the_earlier_link(store):
    old, new = issued(store), issued(store)
    with pytest.raises(links.LinkError) as refused:
        links.opened(store, token_of(old))
    assert refused.value.status == 410
    assert links.opened(store, token_of(new))[1].village == LATE
    assert [r["state"] for r in links.listed(store, H1)] == ["revoked", "active"]
    assert not any("url" in r or "token" in json.dumps(r) for r in links.listed(store, H1))


def test_an_unknown_link_is_404_and_a_revoked_one_410(store):
    with pytest.raises(links.LinkError) as unknown:
        links.opened(store, "khong-co-lien-ket-nay")
    assert unknown.value.status == 404
    link = issued(store)
    links.revoke(store, H1, LATE, None, "lan")
    with pytest.raises(links.LinkError) as revoked:
        links.opened(store, token_of(link))
    assert revoked.value.status == 410


@pytest.fixture
def open_link(store):
    """An active link of Nghĩa Phú for 2026-H1."""
    return links.opened(store, token_of(issued(store)))


def test_the_village_form_labels_fields_as_the_excel_form_with_previous_values(open_link):
    mine, link = open_link
    form = entries.form_of(mine, link)
    inputs = {i.name: i for g in form.groups for i in g.inputs}
    assert len(inputs) == 26 and inputs["households_total"].field.header_vi == "Tổng số hộ"
    assert inputs["households_total"].previous == "667 (2025)"  # Nghĩa Phú's 2025 figure: it sent nothing for 2026-H1
    assert [g.title for g in form.groups][0] == "Giao thông"  # by sector, in the catalog's order


def test_what_is_typed_is_checked_by_the_commune_rules_before_anything_is_kept(open_link):
    mine, link = open_link
    got = entries.receive(mine, link, {"households_total": "670", "households_committed": "700"}, "k1")
    assert got.entry is None
    assert [(name, p.code) for name, p in got.problems] == [("households_committed", "exceeds")]
    assert got.problems[0][1].sentence().startswith("Số hộ ký cam kết phân loại rác tại nguồn (700) lớn hơn Tổng số hộ (670)")
    assert entries.pending(mine) == []
    bad = entries.receive(mine, link, {"households_total": "nhiều"}, "k2")
    assert [(name, p.code) for name, p in bad.problems] == [("households_total", "not_a_number")]


def test_the_same_key_twice_makes_one_pending_entry_that_changes_no_figure(open_link):
    mine, link = open_link
    before = indicator_table(mine)
    first = entries.receive(mine, link, TYPED, "chi-mot-lan")
    again = entries.receive(mine, link, TYPED, "chi-mot-lan")
    assert first.entry.id == again.entry.id and first.entry.state == "pending"
    assert [e["id"] for e in entries.pending(mine)] == [first.entry.id]
    pd.testing.assert_frame_equal(indicator_table(mine), before)
    (listed,) = entries.pending(mine)
    assert {k: listed[k] for k in ("village", "unit", "form", "period", "state")} == {
        "village": LATE,
        "unit": None,
        "form": "01",
        "period": H1,
        "state": "pending",
    }


def test_an_accepted_entry_gives_the_figures_of_the_same_numbers_in_an_excel_form(open_link, seeded_file, tmp_path):
    mine, link = open_link
    entry = entries.receive(mine, link, TYPED, "k").entry
    report = entries.accept(mine, entry.id, "lan")
    assert report.ok and report.submission_id
    by_file = Store(tmp_path / "by-file.sqlite")
    shutil.copy(seeded_file, tmp_path / "by-file.sqlite")
    figures = {
        "Nghĩa Phú": {"households_total": 670, "households_committed": 360, "households_sorting": 250, "waste_generated": 1.5}
    }
    assert ingest_file(by_file, form01_file(tmp_path / "np.xlsx", "6 THÁNG ĐẦU NĂM 2026", figures), user="lan").ok
    pd.testing.assert_frame_equal(indicator_table(mine), indicator_table(by_file))
    submission = mine.submission(report.submission_id)
    assert submission["user"] == f"điện thoại: thôn Nghĩa Phú, liên kết #{link.id}; duyệt: lan"
    assert submission["sha256"] == entry.sha256 and submission["content"] == entry.content
    assert entries.pending(mine)[0]["state"] == "accepted"
    mine.revert(report.submission_id, "lan")  # an ordinary submission: it can be undone
    with pytest.raises(entries.EntryError, match="đã được xử lý"):
        entries.accept(mine, entry.id, "lan")


def test_accepting_in_a_period_locked_since_is_refused_with_the_lock_sentence(open_link):
    mine, link = open_link
    entry = entries.receive(mine, link, TYPED, "k").entry
    mine.lock(H1, "lan")
    with pytest.raises(entries.EntryError, match="đã được khóa"):
        entries.accept(mine, entry.id, "lan")
    assert entries.pending(mine)[0]["state"] == "pending"


def test_a_returned_entry_keeps_its_note(open_link):
    mine, link = open_link
    entry = entries.receive(mine, link, TYPED, "k").entry
    with pytest.raises(entries.EntryError, match="lý do"):
        entries.give_back(mine, entry.id, "  ", "lan")
    entries.give_back(mine, entry.id, "Số hộ chăn nuôi chưa khớp với sổ theo dõi.", "lan")
    assert links.stored.entry(mine, entry.id).note == "Số hộ chăn nuôi chưa khớp với sổ theo dõi."
    assert entries.pending(mine)[0]["state"] == "returned"


def test_a_unit_reports_its_tasks_on_biểu_04(store):
    (link,) = links.issue(store, H1, None, ["Hội Nông dân"], "lan")
    mine, opened = links.opened(store, token_of(link))
    form = entries.form_of(mine, opened)
    assert [g.title.split(" · ")[0] for g in form.groups] == ["PL-02", "NN-02", "NN-03"]
    typed = {"NN-03|status": "Đang triển khai", "NN-03|percent_complete": "45", "NN-03|result": '=HYPERLINK("x")'}
    got = entries.receive(mine, opened, typed, "k")
    assert got.entry is not None and got.problems == ()
    entries.accept(mine, got.entry.id, "lan")
    tasks = mine.current_values(["04"], [H1])
    nn03 = tasks[tasks["entity"] == "NN-03"].set_index("field")
    assert nn03.loc["percent_complete", "num"] == 45 and nn03.loc["status", "text"] == "in_progress"
    assert nn03.loc["result", "text"] == '=HYPERLINK("x")' and nn03.loc["reporting_unit", "text"] == "Hội Nông dân"
    wrong = entries.receive(mine, opened, {"PL-02|percent_complete": "150"}, "k2")
    assert [(name, p.code) for name, p in wrong.problems] == [("PL-02|percent_complete", "percent_out_of_range")]


def test_auto_accept_takes_an_entry_without_warnings_at_once(open_link, monkeypatch):
    from catalog import load_catalog

    mine, link = open_link
    commune = load_catalog().commune.model_copy(update={"phone_auto_accept": True})
    monkeypatch.setattr("services.entries.load_catalog", lambda: load_catalog().model_copy(update={"commune": commune}))
    got = entries.receive(mine, link, TYPED, "k")
    assert got.entry.state == "accepted" and got.entry.submission_id


def test_text_typed_on_a_phone_is_never_a_formula_in_an_export(store):
    """Biểu 04's free text from a phone, accepted, goes out as text: a typed
    cell in the .xlsx, a neutralised cell in the CSV (the export path any
    stored value takes, tests/test_hostile_text.py)."""
    from catalog import load_catalog
    from services import explore
    from services.dashboard import snapshot
    from services.export import to_csv, to_xlsx
    from tests.test_hostile_text import FORMULA

    (link,) = links.issue(store, H1, None, ["Hội Nông dân"], "lan")
    mine, opened = links.opened(store, token_of(link))
    typed = {
        "NN-03|status": "Đang triển khai",
        "NN-03|result": '=HYPERLINK("http://x.invalid","bấm")',
        "NN-03|issues": "@SUM(A1)",
    }
    entries.accept(mine, entries.receive(mine, opened, typed, "k").entry.id, "lan")
    snap = snapshot(mine)
    frame = explore.labelled(snap.values, load_catalog(), snap.village_names(), "vi")
    mine_only = frame[frame["text"].isin([typed["NN-03|result"], typed["NN-03|issues"]])]
    assert len(mine_only) == 2
    import io
    import zipfile

    book = zipfile.ZipFile(io.BytesIO(to_xlsx({"x": mine_only})))
    assert not any(FORMULA.search(book.read(n)) for n in book.namelist() if n.startswith("xl/worksheets/"))
    assert "'=HYPERLINK" in to_csv(mine_only).decode("utf-8-sig") and "'@SUM(A1)" in to_csv(mine_only).decode("utf-8-sig")
