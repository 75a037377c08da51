"""Commands for reporting from a phone: start the server that serves the
phone pages beside the dashboard, issue, list and revoke links (and print
them as a sheet of QR codes), and decide on what the links sent."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

from commands.output import listing

if TYPE_CHECKING:
    from store import Store


def serve(store: Store, args) -> int:
    """The dashboard and the phone pages on one port, until stopped; first,
    the laptop store's backup of changes made since its newest one."""
    from store.autobackup import catch_up
    from web.server import serve as run

    catch_up(store.url)

    os.environ["XANH_DB"] = store.url  # app.py's pages open the same store
    if args.commune:
        os.environ["XANH_COMMUNE"] = args.commune
    run(args.port, args.address, store.url)
    return 0


def link(store: Store, args) -> int:
    from services import links

    if args.action == "issue":
        issued = links.issue(store, args.period, args.village, args.unit, args.user, args.base_url)
        if args.json:
            print(json.dumps([i.as_json() for i in issued], ensure_ascii=False, indent=2))
        for item in [] if args.json else issued:
            print(f"{item.name}: {item.url} (dùng đến hết ngày {item.expires:%d/%m/%Y})")
        return 0
    if args.action == "list":
        listing(links.listed(store, args.period), args.json, _link_line)
        return 0
    if args.action == "revoke":
        links.revoke(store, args.period, args.village, args.unit, args.user)
        print(f"Đã thu hồi liên kết của {args.village or args.unit}, kỳ {args.period}.")
        return 0
    return _sheet(store, args)


def _sheet(store: Store, args) -> int:
    """Issue the links and print them on an A4 sheet of QR codes, with the
    text to paste into Zalo."""
    from catalog import load_catalog
    from catalog.periods import period_label, today
    from reports.link_sheet import SheetLink, link_sheet_pdf, zalo_text
    from services import links

    issued = links.issue(store, args.period, args.village, args.unit, args.user, args.base_url)
    sheet = [SheetLink(i.name if i.unit else f"Thôn {i.name}", i.url, i.expires) for i in issued]
    commune = load_catalog().commune.name_vi
    label = period_label(args.period)
    args.out.write_bytes(link_sheet_pdf(sheet, commune=commune, period_label=label, issued=today()))
    print(zalo_text(sheet, commune=commune, period_label=label))
    print(f"Đã ghi {len(sheet)} mã QR vào {args.out}.")
    return 0


def pending(store: Store, args) -> int:
    from services import entries

    if args.action == "list":
        listing(entries.pending(store), args.json, _entry_line)
        return 0
    if args.action == "accept":
        report = entries.accept(store, args.id, args.user)
        print(f"Đã nhận phiếu nhập số {args.id} thành lần nộp số {report.submission_id}.")
        return 0
    entries.give_back(store, args.id, args.note, args.user)
    print(f"Đã trả lại phiếu nhập số {args.id}.")
    return 0


def _link_line(row: dict) -> str:
    return f"{row['name']}: {row['state']}, cấp lúc {row['issued_at']}, gửi lần cuối {row['last_submission_at'] or '—'}"


def _entry_line(row: dict) -> str:
    return f"#{row['id']} {row['village'] or row['unit']} biểu {row['form']} kỳ {row['period']}: {row['state']}"
