"""Commands that bring data in and take it back: validate and ingest
files, load the sample data, list the history, revert a submission, lock
and unlock a period."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from commands.output import records

if TYPE_CHECKING:
    from services.ingest import FileReport
    from store import Store

PROGRESS_FROM = 10  # files in a batch from which a progress bar is shown


def files(store: Store, args) -> int:
    """Validate or ingest the files in order, read in parallel (services/batch.py),
    with a progress bar on the terminal for a batch (none with --json)."""
    from tqdm import tqdm

    from services.batch import process_files

    user = args.user if args.command == "ingest" else None
    quiet = args.json or len(args.files) < PROGRESS_FROM or not sys.stderr.isatty()
    with tqdm(total=len(args.files), unit=" tệp", disable=quiet, file=sys.stderr, leave=False) as bar:

        def done(report) -> None:
            report.result = None  # printed as JSON or text only: a city's batch would hold every value
            bar.update()

        reports = process_files(store, args.files, args.period, user, done=done)
    if any(r.submission_id for r in reports):
        from services.results import refresh  # pandas and the metrics: only once something was written

        refresh(store)  # the commune's results, which the city page reads
    print_reports(reports, args.json)
    return 0 if all(r.ok for r in reports) else 1


def print_reports(reports: list[FileReport], as_json: bool) -> None:
    if as_json:
        print(json.dumps([r.as_json() for r in reports], ensure_ascii=False, indent=2))
        return
    for r in reports:
        verdict = "hợp lệ" if r.ok else "bị từ chối"
        print(
            f"{r.file}: {verdict} — biểu {', '.join(r.forms) or '?'}, kỳ {', '.join(r.periods) or '?'}, {r.rows} dòng; "
            f"thêm mới {r.summary['inserted']}, cập nhật {r.summary['updated']}, không đổi {r.summary['unchanged']}"
        )
        for p in r.problems:
            where = f"[{p.sheet}] " if p.sheet else ""
            print(f"  {'LỖI' if p.severity == 'error' else 'Lưu ý'} ({p.code}) {where}{p.message}")


def seed_store(store: Store, args) -> int:
    """Load every sample file, the village registry (Biểu 00) first."""
    from services.seed import seed

    reports = seed(store)
    print_reports(reports, as_json=False)
    return 0 if all(r.ok for r in reports) else 1


def history(store: Store, args) -> int:
    from i18n import fmt_time

    table = store.submissions()
    if args.json:
        print(json.dumps(records(table), ensure_ascii=False, indent=2, default=str))
        return 0
    for row in records(table):
        print(
            f"#{row['id']} {fmt_time(row['created_at'])} {row['user']}: {row['filename']} (biểu {row['forms']}, "
            f"kỳ {row['periods'] or '—'}) {row['state']}; thêm {row['inserted']}, cập nhật {row['updated']}, không đổi {row['unchanged']}"
        )
    return 0


def revert(store: Store, args) -> int:
    from services.results import refresh

    result = store.revert(args.submission_id, args.user)
    refresh(store)
    print(
        f"Đã hoàn tác lần nộp số {result.submission_id}: gỡ {result.retired} giá trị, khôi phục {result.restored} giá trị trước đó."
    )
    return 0


def lock(store: Store, args) -> int:
    done = (store.lock if args.command == "lock" else store.unlock)(args.period, args.user)
    verb = "khóa" if args.command == "lock" else "mở khóa"
    print(f"Đã {verb} kỳ {args.period}." if done else f"Kỳ {args.period} không cần {verb}.")
    return 0
