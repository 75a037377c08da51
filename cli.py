"""Command line of the green-transformation dashboard (PRODUCT.md "Command
line": a stable contract that tests and automation rely on).

    python cli.py [--db DB] [--commune CODE] COMMAND ...

Exit codes: 0 success; 1 a file was rejected or an action refused; 2 bad
usage (unknown command or option, malformed period code, or no --commune
while the store holds several communes).

A store holds one or more communes (`commune add`, `commune list`); every
other command acts on one: --commune CODE (or XANH_COMMUNE), which may be
left out while only one is registered, and reads that commune's program.
"""

from __future__ import annotations

import argparse
import getpass
import json
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # each command imports what it uses, so that `--help` and `validate` start fast
    from services.ingest import FileReport
    from store import Store

PROGRESS_FROM = 10  # files in a batch from which a progress bar is shown
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
    return parser


def _clean(value):
    """JSON-safe: NaN/NA -> null, numpy scalars -> Python."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if value != value:  # pandas NA compares unequal to itself
            return None
    except TypeError:
        return None
    return value


def _records(frame, columns: list[str] | None = None) -> list[dict]:
    frame = frame[columns] if columns else frame
    return [{k: _clean(v) for k, v in row.items()} for row in frame.astype(object).to_dict("records")]


def _print_reports(reports: list[FileReport], as_json: bool) -> None:
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


def cmd_files(store: Store, args) -> int:
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
    _print_reports(reports, args.json)
    return 0 if all(r.ok for r in reports) else 1


def cmd_metrics(store: Store, args) -> int:
    from i18n import fmt_number
    from services.queries import METRIC_COLUMNS, indicator_table

    table = indicator_table(store, args.period, args.village)
    if args.json:
        print(json.dumps(_records(table, METRIC_COLUMNS), ensure_ascii=False, indent=2))
        return 0
    for row in _records(table, METRIC_COLUMNS):
        who = row["village"] or "toàn xã"
        print(
            f"{row['indicator']:5} {row['period']:8} {who:10} giá trị {fmt_number(row['value'])} {row['unit']} "
            f"({row['villages_reporting'] or 0} thôn) — {row['status'] or 'không có mục tiêu'}"
        )
    return 0


def cmd_tasks(store: Store, args) -> int:
    from i18n import fmt_number
    from services.queries import task_table

    table = task_table(store, args.period)
    if args.json:
        print(json.dumps(_records(table), ensure_ascii=False, indent=2, default=str))
        return 0
    for row in _records(table):
        print(f"{row['task_id']:6} {fmt_number(row.get('completion'))}% {'TRỄ HẠN ' if row.get('late') else ''}{row['name']}")
    return 0


def cmd_history(store: Store, args) -> int:
    table = store.submissions()
    if args.json:
        print(json.dumps(_records(table), ensure_ascii=False, indent=2, default=str))
        return 0
    for row in _records(table):
        print(
            f"#{row['id']} {row['created_at']:%d/%m/%Y %H:%M} {row['user']}: {row['filename']} (biểu {row['forms']}, "
            f"kỳ {row['periods'] or '—'}) {row['state']}; thêm {row['inserted']}, cập nhật {row['updated']}, không đổi {row['unchanged']}"
        )
    return 0


def cmd_revert(store: Store, args) -> int:
    from services.results import refresh

    result = store.revert(args.submission_id, args.user)
    refresh(store)
    print(
        f"Đã hoàn tác lần nộp số {result.submission_id}: gỡ {result.retired} giá trị, khôi phục {result.restored} giá trị trước đó."
    )
    return 0


def cmd_lock(store: Store, args) -> int:
    done = (store.lock if args.command == "lock" else store.unlock)(args.period, args.user)
    verb = "khóa" if args.command == "lock" else "mở khóa"
    print(f"Đã {verb} kỳ {args.period}." if done else f"Kỳ {args.period} không cần {verb}.")
    return 0


def cmd_seed(store: Store, args) -> int:
    """Load every sample file, the village registry (Biểu 00) first."""
    from services.seed import seed

    reports = seed(store)
    _print_reports(reports, as_json=False)
    return 0 if all(r.ok for r in reports) else 1


def cmd_template(store: Store, args) -> int:
    """Write the form's template for the period (and village), pre-filled
    from the store: the same bytes the Dữ liệu page hands out."""
    from services.templates import TemplateError, template_for

    try:
        content = template_for(store, args.form, args.period, args.village)
    except TemplateError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    with open(args.out, "wb") as out:
        out.write(content)
    print(f"Đã ghi mẫu biểu vào {args.out}.")
    return 0


def cmd_adduser(store: Store, args) -> int:
    """Create an editor account. The password is asked twice without echo,
    or read from the first line of standard input for automation."""
    from services.accounts import CITY, AccountError, add_user

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Mật khẩu: ")
        if getpass.getpass("Nhập lại mật khẩu: ") != password:
            raise AccountError("Hai lần nhập mật khẩu không khớp; chưa tạo tài khoản.")
    communes = CITY if args.city else args.communes
    print(f"Đã tạo tài khoản biên tập {add_user(store, args.name, password, communes)}.")
    return 0


def cmd_commune(store: Store, args) -> int:
    """Register a commune, list them, or show or set one's program."""
    from catalog.programs import ProgramError
    from catalog.units import UnitError
    from services.communes import add as add_commune
    from services.communes import program_text, set_program
    from store.communes import listed as listed_communes

    if args.action == "add":
        try:
            unit, new = add_commune(store, args.unit)
        except UnitError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        print(f"{'Đã đăng ký' if new else 'Đã có trong kho'}: {unit.code} {unit.name}, {unit.province}.")
        return 0
    if args.action == "list":
        units = listed_communes(store)
        if args.json:
            print(json.dumps([u.as_json() for u in units], ensure_ascii=False, indent=2))
        for unit in [] if args.json else units:
            print(f"{unit.code:>6} {unit.name}, {unit.province} ({unit.type})")
        return 0
    if args.file is None:
        print(program_text(store), end="")
        return 0
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        print(f"Không đọc được tệp {args.file}: hãy kiểm tra đường dẫn, quyền đọc và lưu tệp dạng UTF-8.", file=sys.stderr)
        return 1
    try:
        version = set_program(store, text, args.user)
    except ProgramError as exc:
        print(f"Chương trình không hợp lệ: {exc}", file=sys.stderr)
        return 1
    print(f"Đã đặt chương trình của xã {store.commune}, phiên bản {version}.")
    return 0


def cmd_report(store: Store, args) -> int:
    """Write the periodic report as of the period: the same content the
    Báo cáo page hands out."""
    from services.report import ReportError
    from services.report import write as write_report

    try:
        out = write_report(store, args.period, args.out)
    except ReportError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Không ghi được tệp {args.out}: {exc.strerror or exc}.", file=sys.stderr)
        return 1
    print(f"Đã ghi báo cáo kỳ {args.period} vào {out}.")
    return 0


COMMANDS = {
    "commune": cmd_commune,
    "validate": cmd_files,
    "ingest": cmd_files,
    "metrics": cmd_metrics,
    "tasks": cmd_tasks,
    "history": cmd_history,
    "revert": cmd_revert,
    "lock": cmd_lock,
    "unlock": cmd_lock,
    "seed": cmd_seed,
    "template": cmd_template,
    "report": cmd_report,
    "adduser": cmd_adduser,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in ("validate", "ingest"):
        from loaders import sandbox

        sandbox.shared().warm(len(args.files))  # the parsing workers start while this process imports the rest
    from catalog import using
    from services.accounts import AccountError
    from services.communes import catalog_of
    from store import CommuneChoice, Store, StoreError

    try:
        store = Store(args.db, commune=args.commune)
        if (args.command == "commune" and args.action != "program") or (
            args.command == "adduser" and (args.city or args.communes)
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
