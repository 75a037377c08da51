"""Dữ liệu through the router (AppTest): sign-in, the dry run of uploads,
import, history, revert and period locks, on a copy of the seeded store.

Nghĩa Phú (PD03) is the one village of the sample without a report for
2026-H1, so importing one for it moves the overview from 14/15 to 15/15."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from services import accounts
from store import Store
from tests.filemaker import form01_file
from tests.page_helpers import ROOT, texts
from tests.test_store import dump

PAGE = "views/data.py"
H1 = "6 THÁNG ĐẦU NĂM 2026"
GOOD = {"Nghĩa Phú": {"households_total": 670, "households_committed": 360, "households_sorting": 250}}
BAD = {"Nghĩa Phú": {"households_total": 670, "households_committed": 800, "households_sorting": 250}}
BOMB = ROOT / "tests" / "fixtures" / "loaders" / "bom-zip.xlsx"


@pytest.fixture
def db(seeded_file, tmp_path, monkeypatch) -> Path:
    """A copy of the seeded store, the one the app opens (fresh caches)."""
    path = tmp_path / "desk.sqlite"
    shutil.copy(seeded_file, path)
    accounts.add_user(Store(path), "lan", "mat-khau-dung")  # the editor open_desk signs in
    monkeypatch.setenv("XANH_DB", str(path))
    st.cache_resource.clear()
    return path


def open_desk(editor: str | None = "lan", **params: str) -> AppTest:
    """The data page, signed in as `editor` (None: a viewer). The router
    runs first: a page switched to before it would later run on its own,
    keeping the snapshot of its first run instead of the router's fresh one."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if editor:
        at.session_state["editor"] = editor
    for key, value in params.items():
        at.query_params[key] = value
    return at.run().switch_page(PAGE).run()


def open_tab(at: AppTest, label: str) -> AppTest:
    """Switch to a tab of the page (only the open one runs)."""
    at.session_state["data_tab"] = label
    return at.run()


def upload(at: AppTest, *files: Path) -> AppTest:
    return at.file_uploader[0].set_value([(f.name, f.read_bytes(), "application/octet-stream") for f in files]).run()


def all_text(at: AppTest) -> str:
    return "\n".join(texts(elements) for elements in (at.markdown, at.caption, at.error, at.warning, at.success, at.info))


def test_a_viewer_sees_only_the_sign_in_form(db):
    at = open_desk(editor=None)
    assert not at.exception
    assert len(at.file_uploader) == 0 and len(at.tabs) == 0 and len(at.dataframe) == 0
    assert [b.label for b in at.button] == ["Đăng nhập"]
    assert "Trang này dành cho cán bộ biên tập" in at.info[0].value


def test_wrong_password_is_refused_and_slowed_then_the_right_one_signs_in(db, monkeypatch):
    clock = SimpleNamespace(time=lambda: 1000.0)
    monkeypatch.setattr(accounts, "time", clock)
    at = open_desk(editor=None)

    def try_sign_in(password: str) -> AppTest:
        at.text_input(key="sign_in_name").input("Lan")
        at.text_input(key="sign_in_password").input(password)
        return at.button[0].click().run()

    assert "Sai tên đăng nhập hoặc mật khẩu." in texts(try_sign_in("sai").error)
    assert "hãy chờ 1 giây" in texts(try_sign_in("mat-khau-dung").error)  # too soon: not even checked
    assert len(at.file_uploader) == 0
    clock.time = lambda: 1002.0
    try_sign_in("mat-khau-dung")
    assert not at.error and at.session_state["editor"] == "lan"
    assert "Đang đăng nhập: lan" in texts(at.caption) and len(at.file_uploader) == 1


def test_a_bad_file_shows_its_problems_located_and_changes_nothing(db, tmp_path):
    before = dump(Store(db))
    at = upload(open_desk(), form01_file(tmp_path / "nghia-phu.xlsx", H1, BAD))
    assert not at.exception
    assert "Bị từ chối: có 1 lỗi" in texts(at.error)
    problems = at.dataframe[0].value
    assert problems[["Mức", "Trang tính", "Dòng", "Cột"]].values.tolist() == [["Lỗi", "Biểu", "4", "C"]]
    assert "lớn hơn Tổng số hộ" in problems["Nội dung"][0]
    sheet = at.dataframe[1].value  # the sheet as Excel shows it, the cell marked
    assert sheet.loc[4, "C"] == "800"
    assert at.button(key="data_commit").disabled
    assert dump(Store(db)) == before


def test_a_good_file_commits_and_shows_on_the_overview(db, tmp_path):
    at = upload(open_desk(), form01_file(tmp_path / "nghia-phu.xlsx", H1, GOOD))
    assert "Hợp lệ: sẵn sàng nhận vào kho." in texts(at.success)
    assert "Thôn (1): Nghĩa Phú" in texts(at.markdown)
    assert [m.value for m in at.metric] == ["1", "0", "0"]
    at.button(key="data_commit").click().run()
    assert not at.exception
    assert "Đã nhận 1/1 tệp: thêm mới 1, cập nhật 0, không đổi 0 dòng." in texts(at.success)
    assert len(at.file_uploader[0].value or []) == 0  # a fresh uploader for the next files
    at.switch_page("views/overview.py").run()
    assert "15/15 thôn đã báo cáo kỳ 6 tháng 2026" in texts(at.markdown)


def test_history_lists_the_submission_with_its_editor_and_revert_restores(db, tmp_path):
    store = Store(db)
    at = upload(open_desk(editor="lan"), form01_file(tmp_path / "nghia-phu.xlsx", H1, GOOD))
    at.button(key="data_commit").click().run()
    newest = store.submissions().iloc[0]
    assert (newest["user"], newest["filename"], newest["state"]) == ("lan", "nghia-phu.xlsx", "accepted")
    history = open_tab(at, "Lịch sử").dataframe[0].value
    assert history.iloc[0][["Số", "Người gửi", "Tệp", "Trạng thái"]].tolist() == [
        newest["id"],
        "lan",
        "nghia-phu.xlsx",
        "Đang dùng",
    ]
    assert history.iloc[0]["SHA-256"] == newest["sha256"]
    at.button(key="data_revert").click().run()
    assert f"Hoàn tác lần nộp số {newest['id']} (nghia-phu.xlsx)?" in texts(at.warning)
    at.button(key="data_revert_yes").click().run()
    assert not at.exception
    assert f"Đã hoàn tác lần nộp số {newest['id']}: gỡ 3 giá trị, khôi phục 0 giá trị" in texts(at.success)
    reverted = store.submission(int(newest["id"]))
    assert (reverted["state"], reverted["reverted_by"]) == ("reverted", "lan")
    at.switch_page("views/overview.py").run()
    assert "14/15 thôn đã báo cáo kỳ 6 tháng 2026" in texts(at.markdown)


def test_revert_waits_for_confirmation(db):
    at = open_tab(open_desk(), "Lịch sử")
    at.button(key="data_revert").click().run()
    at.button(key="data_revert_no").click().run()
    assert Store(db).submissions()["state"].eq("accepted").all()
    assert "data_revert_yes" not in [b.key for b in at.button] and "data_revert" in [b.key for b in at.button]


def test_a_locked_period_refuses_uploads(db, tmp_path):
    at = open_tab(open_desk(editor="lan"), "Khóa kỳ")
    at.selectbox(key="data_lock_period").set_value("2026-H1").run()
    at.button(key="data_lock").click().run()
    assert "Đã khóa kỳ 6 tháng 2026." in texts(at.success)
    assert Store(db).locked_periods()["2026-H1"]["locked_by"] == "lan"
    assert at.dataframe[0].value.values.tolist()[0][:2] == ["6 tháng 2026", "lan"]
    upload(open_tab(at, "Nhận tệp"), form01_file(tmp_path / "nghia-phu.xlsx", H1, GOOD))
    message = at.dataframe[0].value["Nội dung"][0]
    assert message.startswith("Kỳ 6 tháng 2026 đã được khóa") and "python cli.py unlock 2026-H1" in message
    assert (
        texts(at.error)
        == "Chưa nhận: kỳ 6 tháng 2026 đã được khóa. Tệp không cần sửa; cán bộ biên tập mở khóa kỳ ở thẻ “Khóa kỳ” rồi tải tệp lên lại."
    )
    assert at.button(key="data_commit").disabled
    open_tab(at, "Khóa kỳ").button(key="data_unlock").click().run()
    assert "2026-H1" not in Store(db).locked_periods()


def test_a_zip_bomb_is_refused_with_its_message(db):
    at = upload(open_desk(), BOMB)
    assert "có cấu trúc bất thường" in at.dataframe[0].value["Nội dung"][0]
    assert at.button(key="data_commit").disabled


def test_a_file_over_the_limit_is_refused(db, tmp_path, monkeypatch):
    monkeypatch.setenv("XANH_MAX_UPLOAD_MB", "1")
    big = tmp_path / "lon.csv"
    big.write_bytes(b"Ten thon,Tong so ho\n" + b"x,1\n" * 300_000)
    at = upload(open_desk(), big)
    assert "tối đa 1 MB mỗi tệp" in texts(at.caption)
    assert "quá lớn (1,1 MB); giới hạn là 1,0 MB" in at.dataframe[0].value["Nội dung"][0]


def test_problems_in_english(db, tmp_path):
    at = upload(open_desk(lang="en"), form01_file(tmp_path / "nghia-phu.xlsx", H1, BAD))
    problems = at.dataframe[0].value
    assert problems.columns.tolist() == ["Severity", "Sheet", "Row", "Column", "Message"]
    assert problems["Message"][0].startswith("Row 4, column C: ")


def test_completeness_flags_on_time_and_late(db):
    grid = open_tab(open_desk(), "Thôn đã báo cáo").dataframe[0].value
    row = grid[grid["Thôn"] == "Nghĩa Phú"].iloc[0]
    assert row["6 tháng 2026"] == "Chưa báo cáo"  # due 20/06/2026, before the sample was loaded
    assert row["2025"].startswith("Trễ hạn (")


def test_identity_provider_editors_only(db):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run().switch_page(PAGE)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}
    at.secrets["xanh"] = {"editors": ["Can.Bo@camgiang.gov.vn"]}
    at.user = {"is_logged_in": True, "email": "nguoi.khac@example.com"}
    at.run()
    assert "chưa được cấp quyền biên tập" in texts(at.warning) and len(at.file_uploader) == 0
    at.user = {"is_logged_in": True, "email": "can.bo@camgiang.gov.vn"}
    at.run()
    assert "Đang đăng nhập: can.bo@camgiang.gov.vn" in texts(at.caption) and len(at.file_uploader) == 1


def test_templates_tab_hands_out_a_form_for_a_period_and_village(db):
    at = open_tab(open_desk(), "Tải mẫu biểu")
    assert not at.exception and not at.warning
    chosen = [s.key for s in at.selectbox if s.key.startswith("data_template")]
    assert chosen == ["data_template_form"]  # Biểu 00, the registry, comes first: it has no period
    at.selectbox(key="data_template_form").set_value("01").run()
    at.selectbox(key="data_template_village").set_value("PD03").run()
    assert not at.exception and not at.warning
    assert len(at.get("download_button")) == 1


def test_an_editor_of_another_commune_sees_the_desk_without_its_write_tools(db):
    """An account kept to another commune is told so, and offered no upload
    or locks here (the service refuses its writes too: test_communes.py)."""
    accounts.add_user(Store(db), "hoa", "mat-khau-dung", communes="11560")
    at = open_desk(editor="hoa")
    assert not at.exception
    assert "Tài khoản hoa không có quyền ghi số liệu của xã Cẩm Giàng" in texts(at.warning)
    assert not at.file_uploader and [t.label for t in at.tabs] == ["Lịch sử", "Thôn đã báo cáo", "Tải mẫu biểu"]
    assert not [b for b in at.button if b.key == "data_revert"]  # offered only what it may do
    assert "Tài khoản này không được hoàn tác lần nộp của xã này." in texts(at.caption)
