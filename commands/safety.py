"""Commands that keep the store safe: back it up (a checked copy of an
SQLite store, taken while the dashboard runs, or pg_dump of a PostgreSQL
database) and restore it from a backup. Both act on the store's file or
database as a whole and do not open it first: a restore replaces it."""

from __future__ import annotations

from pathlib import Path


def backup(url: str, args) -> int:
    """A backup into --out, or into the backups folder; where it is, what it
    holds, and how the automatic backups stand."""
    from i18n import fmt_time
    from store.backups import back_up

    made = back_up(url, args.out)
    if isinstance(made, Path):
        print(f"Đã sao lưu cơ sở dữ liệu PostgreSQL vào {made} ({_mb(made)}; pg_dump định dạng custom, pg_restore đọc lại được).")
        return 0
    print(
        f"Đã sao lưu kho dữ liệu vào {made.path} ({_mb(made.path)}; kiểm tra toàn vẹn: đạt; lược đồ phiên bản {made.revision}; "
        f"{made.submissions} lần nộp; thay đổi mới nhất: {fmt_time(made.newest) or 'chưa có'})."
    )
    _automatic(url)
    return 0


def _automatic(url: str) -> None:
    """The automatic backups' newest and any warning, as the Dữ liệu page shows them."""
    from i18n import fmt_time
    from store.autobackup import status

    now = status(url)
    if now is None:
        print("Sao lưu tự động đang tắt (XANH_BACKUP_EVERY_MINUTES=off).")
        return
    newest = f"bản gần nhất lúc {fmt_time(now.newest)}" if now.newest else "chưa có bản nào"
    print(f"Sao lưu tự động vào thư mục {now.folder}: {newest}.")
    if now.shortage:
        print(f"CẢNH BÁO: {now.shortage.sentence()}")


def restore(url: str, args) -> int:
    from i18n import fmt_time
    from store.restore import restore as put_back
    from store.schema import HEAD

    done = put_back(url, args.file, args.force)
    upgraded = f", lược đồ nâng từ phiên bản {done.revision} lên {HEAD}" if done.revision != HEAD else ""
    print(
        f"Đã khôi phục {done.store} từ {args.file}{upgraded}: {done.submissions} lần nộp, "
        f"thay đổi mới nhất: {fmt_time(done.newest) or 'chưa có'}."
    )
    if done.kept:
        print(f"Kho cũ được giữ lại: {', '.join(map(str, done.kept))}.")
    return 0


def _mb(path: Path) -> str:
    from i18n import fmt_number
    from store.rotation import MB

    return f"{fmt_number(path.stat().st_size / MB, decimals=1)} MB"
