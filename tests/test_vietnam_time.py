"""Every date and time a person sees is Vietnam's (UTC+7), whatever the
server's zone: an import at 02:17 on 07/12/2026 in Hà Nội (19:17 on 06/12
in UTC, as the store keeps it) is of 07/12 on every page and line."""

from __future__ import annotations

import datetime as dt
import shutil

from i18n import fmt_date, fmt_time
from store import Store
from store.schema import submissions
from tests.page_helpers import frame_with, runner, texts

HANOI_0217 = dt.datetime(2026, 12, 6, 19, 17)  # UTC, naive as SQLite keeps it


def test_dates_and_times_are_vietnams():
    assert fmt_date(HANOI_0217) == "07/12/2026"
    assert fmt_date(HANOI_0217.replace(tzinfo=dt.UTC), "en") == "2026-12-07"
    assert fmt_time(HANOI_0217) == "07/12/2026 02:17"
    assert fmt_date(dt.date(2026, 12, 6)) == "06/12/2026"  # a day is a day


def test_the_pages_say_the_newest_file_came_on_the_day_it_did_in_hanoi(seeded_file, tmp_path, monkeypatch):
    db = tmp_path / "time.sqlite"
    shutil.copy(seeded_file, db)
    store = Store(db)
    with store.transaction(write=True) as conn:
        conn.execute(submissions.update().values(created_at=HANOI_0217))
    store.engine.dispose()
    run = runner(db, monkeypatch)
    overview = run(None)
    assert "Số liệu mới nhất nhận ngày 07/12/2026" in texts(overview.markdown)
    indicator = run("views/indicators.py")
    sources = frame_with(indicator, "Tệp", "Ngày nhận")
    assert set(sources["Ngày nhận"]) == {"07/12/2026"}
