"""Commands over the store as a whole: its communes and their programs,
and editor accounts."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store import Store


def commune(store: Store, args) -> int:
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


def adduser(store: Store, args) -> int:
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
