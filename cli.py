"""Command line of the green-transformation dashboard (PRODUCT.md "Command
line": a stable contract that tests and automation rely on).

    python cli.py [--db DB] [--commune CODE] COMMAND ...

Exit codes: 0 success; 1 a file was rejected or an action refused; 2 bad
usage (unknown command or option, malformed period code, or no --commune
while the store holds several communes).

A store holds one or more communes (`commune add`, `commune list`); every
other command acts on one: --commune CODE (or XANH_COMMUNE), which may be
left out while only one is registered, and reads that commune's program.
`export-all` writes the whole store (or --commune's) as files and
`rebuild` replays such an export into an empty store.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from commands import archive, communes, data, figures, phones, safety

REPORT_SUFFIXES = ("docx", "xlsx")  # services/report.py WRITERS (tests check they agree)


def period_code(text: str) -> str:
    from catalog.periods import is_code

    if not is_code(text):
        raise argparse.ArgumentTypeError(f"kỳ báo cáo không hợp lệ: {text!r} (dùng 2026 hoặc 2026-H1)")
    return text.strip()


def report_path(text: str) -> Path:
    if Path(text).suffix.lower().lstrip(".") not in REPORT_SUFFIXES:
        raise argparse.ArgumentTypeError(f"tệp báo cáo phải có đuôi .docx hoặc .xlsx: {text!r}")
    return Path(text)


def pdf_path(text: str) -> Path:
    if Path(text).suffix.lower() != ".pdf":
        raise argparse.ArgumentTypeError(f"tệp in mã QR phải có đuôi .pdf: {text!r}")
    return Path(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cli.py", description="Bảng theo dõi chuyển đổi xanh: dòng lệnh.")
    parser.add_argument("--db", help="đường dẫn tệp SQLite hoặc URL SQLAlchemy (mặc định: XANH_DB hoặc data/xanh.sqlite)")
    parser.add_argument(
        "--commune", help="mã xã, phường theo danh mục chính thức (mặc định: XANH_COMMUNE, hoặc xã duy nhất trong kho)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub = commands.add_parser("commune", help="các xã, phường trong kho")
    actions = sub.add_subparsers(dest="action", required=True, metavar="ACTION")
    added = actions.add_parser("add", help="đăng ký một xã, phường theo mã hoặc 'tên, tỉnh/thành phố'")
    added.add_argument("unit", metavar="CODE|NAME")
    listed = actions.add_parser("list", help="các xã, phường đã đăng ký")
    listed.add_argument("--json", action="store_true")
    program = actions.add_parser("program", help="chương trình của xã (--commune): in ra, hoặc đặt từ một tệp YAML")
    program.add_argument("file", nargs="?", metavar="FILE")
    program.add_argument("--user", default=getpass.getuser())
    for name, helptext in (("validate", "kiểm tra tệp, không ghi gì"), ("ingest", "nhận tệp vào kho dữ liệu")):
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("files", nargs="+", metavar="FILE")
        sub.add_argument("--period", type=period_code)
        sub.add_argument("--json", action="store_true")
        if name == "ingest":
            sub.add_argument("--user", default=getpass.getuser())
    sub = commands.add_parser("metrics", help="giá trị các chỉ tiêu")
    sub.add_argument("--period", type=period_code)
    sub.add_argument("--village")
    sub.add_argument("--json", action="store_true")
    sub = commands.add_parser("tasks", help="tiến độ các nhiệm vụ")
    sub.add_argument("--period", type=period_code)
    sub.add_argument("--json", action="store_true")
    sub = commands.add_parser("history", help="các lần nộp tệp")
    sub.add_argument("--json", action="store_true")
    sub = commands.add_parser("revert", help="hoàn tác một lần nộp")
    sub.add_argument("submission_id", type=int, metavar="SUBMISSION_ID")
    sub.add_argument("--user", default=getpass.getuser())
    for name in ("lock", "unlock"):
        sub = commands.add_parser(name, help="khóa kỳ báo cáo" if name == "lock" else "mở khóa kỳ báo cáo")
        sub.add_argument("period", type=period_code, metavar="PERIOD")
        sub.add_argument("--user", default=getpass.getuser())
    sub = commands.add_parser("template", help="tải mẫu biểu")
    sub.add_argument("--form", required=True)
    sub.add_argument("--period", type=period_code, required=True)
    sub.add_argument("--village")
    sub.add_argument("--out", required=True)
    sub = commands.add_parser("report", help="báo cáo định kỳ")
    sub.add_argument("--period", type=period_code, required=True)
    sub.add_argument("--out", type=report_path, required=True)
    commands.add_parser("seed", help="nạp dữ liệu mẫu (sample_data)")
    sub = commands.add_parser("adduser", help="thêm tài khoản biên tập")
    sub.add_argument("name", metavar="NAME")
    rights = sub.add_mutually_exclusive_group()
    rights.add_argument("--communes", help="các mã xã được ghi, cách nhau bởi dấu phẩy (mặc định: xã của lệnh)")
    rights.add_argument("--city", action="store_true", help="tài khoản cấp thành phố: ghi được mọi xã")
    sub.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của đầu vào chuẩn (cho tự động hóa)")
    _phone_parsers(commands)
    _safety_parsers(commands)
    _archive_parsers(commands)
    return parser


def _archive_parsers(commands) -> None:
    """export-all and rebuild: the store as plain files, and back (commands/archive.py)."""
    sub = commands.add_parser(
        "export-all", help="xuất mọi tệp gốc đã nhận của mọi xã (hoặc của --commune) kèm danh mục manifest.json"
    )
    sub.add_argument("dir", metavar="DIR", help="thư mục mới hoặc còn trống")
    sub = commands.add_parser("rebuild", help="dựng lại một kho trống từ bản xuất: nhận lại, hoàn tác, khóa theo đúng thứ tự")
    sub.add_argument("dir", metavar="DIR", help="thư mục do export-all ghi")
    sub.add_argument("--db", default=argparse.SUPPRESS, help="kho đích, còn trống (như --db đặt trước lệnh)")


def _phone_parsers(commands) -> None:
    """serve, link and pending: reporting from a phone (commands/phones.py)."""
    sub = commands.add_parser("serve", help="mở bảng theo dõi và trang nhập số liệu trên điện thoại, cùng một cổng")
    sub.add_argument("--port", type=int, default=8501)
    sub.add_argument("--address", default="127.0.0.1")
    sub = commands.add_parser("link", help="liên kết nhập số liệu trên điện thoại, mỗi thôn hoặc đơn vị một liên kết mỗi kỳ")
    actions = sub.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action, helptext in (
        ("issue", "cấp liên kết mới (thu hồi liên kết cũ)"),
        ("sheet", "cấp liên kết và in mã QR ra tệp PDF khổ A4"),
    ):
        one = actions.add_parser(action, help=helptext)
        one.add_argument("--period", type=period_code, required=True)
        one.add_argument("--village", nargs="+", metavar="CODE", help="mã thôn (mặc định: mọi thôn của danh mục)")
        one.add_argument("--unit", nargs="+", metavar="NAME", help="đơn vị chủ trì nhiệm vụ (Biểu 04)")
        one.add_argument("--base-url", help="địa chỉ của máy chủ (mặc định: XANH_BASE_URL hoặc http://localhost:8501)")
        one.add_argument("--user", default=getpass.getuser())
        if action == "issue":
            one.add_argument("--json", action="store_true")
        else:
            one.add_argument("--out", type=pdf_path, required=True)
    one = actions.add_parser("list", help="các liên kết của một kỳ và trạng thái (không in liên kết)")
    one.add_argument("--period", type=period_code, required=True)
    one.add_argument("--json", action="store_true")
    one = actions.add_parser("revoke", help="thu hồi liên kết của một thôn hoặc đơn vị")
    one.add_argument("--period", type=period_code, required=True)
    whom = one.add_mutually_exclusive_group(required=True)
    whom.add_argument("--village", metavar="CODE")
    whom.add_argument("--unit", metavar="NAME")
    one.add_argument("--user", default=getpass.getuser())
    sub = commands.add_parser("pending", help="phiếu nhập từ điện thoại chờ duyệt")
    actions = sub.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("list", help="các phiếu nhập").add_argument("--json", action="store_true")
    for action, helptext in (("accept", "nhận một phiếu thành lần nộp"), ("return", "trả lại một phiếu kèm ghi chú")):
        one = actions.add_parser(action, help=helptext)
        one.add_argument("id", type=int, metavar="ID")
        one.add_argument("--user", default=getpass.getuser())
        if action == "return":
            one.add_argument("--note", required=True)


def _safety_parsers(commands) -> None:
    """backup and restore (commands/safety.py)."""
    sub = commands.add_parser("backup", help="sao lưu kho dữ liệu (mặc định vào thư mục sao lưu, cạnh kho)")
    sub.add_argument(
        "--out", type=Path, metavar="FILE", help="tệp sao lưu (mặc định: một tệp mới trong thư mục sao lưu, data/backups)"
    )
    sub = commands.add_parser("restore", help="khôi phục kho dữ liệu từ một bản sao lưu")
    sub.add_argument("file", type=Path, metavar="FILE")
    sub.add_argument("--force", action="store_true", help="khôi phục đè lên kho đang có số liệu (kho cũ được giữ lại bên cạnh)")


STORE_AS_A_WHOLE = ("backup", "restore")  # given the store's URL, not an opened Store: a restore replaces it
COMMANDS = {
    "commune": communes.commune,
    "validate": data.files,
    "ingest": data.files,
    "metrics": figures.metrics,
    "tasks": figures.tasks,
    "history": data.history,
    "revert": data.revert,
    "lock": data.lock,
    "unlock": data.lock,
    "seed": data.seed_store,
    "template": figures.template,
    "report": figures.report,
    "adduser": communes.adduser,
    "serve": phones.serve,
    "link": phones.link,
    "pending": phones.pending,
    "backup": safety.backup,
    "restore": safety.restore,
    "export-all": archive.export_all,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in ("validate", "ingest"):
        from loaders import sandbox

        sandbox.shared().warm(len(args.files))  # the parsing workers start while this process imports the rest
    from catalog import using
    from services.accounts import AccountError
    from services.communes import catalog_of
    from store import CommuneChoice, Store, StoreError, resolve_url

    try:
        if args.command == "rebuild":
            return archive.rebuild(args)  # opens its target only once the export is checked
        if args.command in STORE_AS_A_WHOLE:
            return COMMANDS[args.command](resolve_url(args.db), args)
        store = Store(args.db, commune=args.commune)
        if (
            (args.command == "commune" and args.action != "program")
            or (args.command == "adduser" and (args.city or args.communes))
            or args.command in ("serve", "export-all")
        ):
            return COMMANDS[args.command](store, args)  # the store as a whole: no commune to resolve
        with using(catalog_of(store)):
            return COMMANDS[args.command](store, args)
    except CommuneChoice as exc:
        print(f"cli.py: {exc}", file=sys.stderr)
        return 2
    except (StoreError, AccountError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader stopped reading (| head): a normal end, said nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nor when Python flushes at exit
        return 0
    except Exception as exc:  # the promise: no traceback reaches a user
        if os.environ.get("XANH_DEBUG"):
            raise
        print(f"Lỗi không mong đợi ({type(exc).__name__}): {exc}. Số liệu đã lưu không bị thay đổi.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
