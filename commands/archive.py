"""Commands that keep the store as plain files and rebuild it from them:
export-all and rebuild (services/archive.py)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store import Store


def export_all(store: Store, args) -> int:
    """Every commune's submissions (or --commune's) with their manifest."""
    from services.archive import export_all as export

    try:
        manifest = export(store, Path(args.dir), args.commune)
    except OSError as exc:
        print(f"Không ghi được bản xuất vào {args.dir}: {exc.strerror or exc}.", file=sys.stderr)
        return 1
    print(
        f"Đã xuất {len(manifest.submissions)} lần nộp của {len(manifest.communes)} xã, phường "
        f"vào {args.dir} (tệp gốc trong files/, danh mục trong manifest.json)."
    )
    return 0


def rebuild(args) -> int:
    """Replay an export into the empty store --db names; the whole export,
    so --commune has no place here."""
    from services.archive import rebuild as replay

    if args.commune:
        print("cli.py: rebuild dựng lại mọi xã, phường của bản xuất; bỏ --commune.", file=sys.stderr)
        return 2
    try:
        manifest = replay(args.db, Path(args.dir))
    except OSError as exc:
        print(f"Không dựng lại được từ {args.dir}: {exc.strerror or exc} ({exc.filename}).", file=sys.stderr)
        return 1
    acts = Counter(step.action for step in manifest.steps)
    print(
        f"Đã dựng lại kho từ {args.dir}: {len(manifest.communes)} xã, phường; {acts['ingest']} lần nộp, "
        f"{acts['revert']} lần hoàn tác, {acts['lock']} lần khóa và {acts['unlock']} lần mở khóa kỳ, "
        f"{acts['program']} phiên bản chương trình."
    )
    return 0
