"""Registered communes under the NSO's official codes and names.

Stores registered their communes from an older list (vietnam-provinces
2025.10), where 114 codes differ from the official list and nine name
another unit. Each registered commune is matched again: its code, where the
official list gives that code to a unit of the same name and province;
else the one unit of its province with its name (tone-mark placement and
spacing aside). Every submission, value, lock, event, result, program
version and editor's right moves with it. A commune that matches no unit,
or two that match one, stop the upgrade with a message naming them and what
to do, and nothing changes (one transaction). XANH_UNIT_CODES="OLD=NEW,..."
settles by hand what cannot be matched.

Revision ID: 0006
Revises: 0005
"""

import os

import sqlalchemy as sa
from alembic import op

from store import StoreError

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OWNED = ("programs", "results", "submissions", "values", "events", "locks")


def upgrade() -> None:
    from catalog.units import units

    conn = op.get_bind()
    rows = conn.execute(sa.text("select code, name, province_code from communes")).mappings().all()
    moves = plan(rows, units(), _by_hand())
    for phase in ({old: f"~{old}" for old in moves}, {f"~{old}": new for old, new in moves.items()}):
        for old, new in phase.items():
            _move(conn, old, new)
    for row in conn.execute(sa.text("select code from communes")).mappings().all():
        unit = units()[row["code"]]
        conn.execute(
            sa.text(
                "update communes set name = :name, province = :province, province_code = :pc, type = :type where code = :code"
            ),
            {"name": unit.name, "province": unit.province, "pc": unit.province_code, "type": unit.type, "code": unit.code},
        )
    _rights(conn, moves)


def plan(rows, listed: dict, by_hand: dict[str, str]) -> dict[str, str]:
    """Old code -> official code for every registered commune whose code
    changes; UpgradeRefused when one cannot be matched or two meet."""
    from catalog.text import spelling

    moves, lost = {}, []
    for row in rows:
        code, name, province = row["code"], row["name"], row["province_code"]
        same = listed.get(code)
        if code not in by_hand and same and same.province_code == province and spelling(same.name) == spelling(name):
            continue
        fits = [u.code for u in listed.values() if u.province_code == province and spelling(u.name) == spelling(name)]
        target = by_hand.get(code) or (fits[0] if len(fits) == 1 else None)
        if target not in listed:
            lost.append(row)
        elif target != code:
            moves[code] = target
    finals = [moves.get(r["code"], r["code"]) for r in rows if r not in lost]
    taken = sorted({c for c in finals if finals.count(c) > 1})
    if lost or taken:
        raise UpgradeRefused(_refusal(lost, taken, listed))
    return moves


class UpgradeRefused(StoreError):
    """The store's communes cannot all be matched to the official list."""


def _refusal(lost, taken: list[str], listed: dict) -> str:
    from rapidfuzz import fuzz, process

    lines = [
        "Chưa nâng cấp kho dữ liệu (không có gì thay đổi): danh mục đơn vị hành chính nay theo danh mục chính thức của Cục Thống kê."
    ]
    for row in lost:
        same_province = {u.code: u.name for u in listed.values() if u.province_code == row["province_code"]}
        near = process.extract(row["name"], same_province, scorer=fuzz.WRatio, limit=3)
        hint = "; ".join(f"{code} {name}" for name, _, code in near)
        lines.append(f'- "{row["name"]}" (mã cũ {row["code"]}) không khớp đơn vị nào của tỉnh; gần nhất: {hint}.')
    lines += [f"- Hai xã trong kho cùng ứng với mã {code} ({listed[code].name})." for code in taken]
    lines.append('Hãy ghi mã chính thức cho từng xã bằng biến môi trường XANH_UNIT_CODES="MÃ_CŨ=MÃ_MỚI,..." rồi chạy lại.')
    return "\n".join(lines)


def _by_hand() -> dict[str, str]:
    """XANH_UNIT_CODES: OLD=NEW pairs, comma-separated."""
    pairs = [p.split("=", 1) for p in os.environ.get("XANH_UNIT_CODES", "").split(",") if "=" in p]
    return {old.strip(): new.strip() for old, new in pairs}


def _move(conn: sa.Connection, old: str, new: str) -> None:
    """Give a commune and all it holds a new code: the new row first, then
    what points to it, then the old row (foreign keys hold throughout)."""
    columns = "name, province, province_code, type, added_at, results_change"
    conn.execute(
        sa.text(f"insert into communes (code, {columns}) select :new, {columns} from communes where code = :old"),
        {"new": new, "old": old},
    )
    for table in OWNED:
        conn.execute(sa.text(f'update "{table}" set commune = :new where commune = :old'), {"new": new, "old": old})
    conn.execute(sa.text("delete from communes where code = :old"), {"old": old})


def _rights(conn: sa.Connection, moves: dict[str, str]) -> None:
    """Editors' rights (comma-separated codes) follow their communes."""
    for user in conn.execute(sa.text("select id, communes from users")).mappings().all():
        codes = [moves.get(c, c) for c in user["communes"].split(",")] if user["communes"] else []
        if codes and ",".join(codes) != user["communes"]:
            conn.execute(sa.text("update users set communes = :c where id = :id"), {"c": ",".join(codes), "id": user["id"]})


def downgrade() -> None:
    raise NotImplementedError("the official codes are not given back")
