"""Commands that give figures and documents out: indicators, tasks, the
periodic report and the forms' templates."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from commands.output import records

if TYPE_CHECKING:
    from store import Store


def metrics(store: Store, args) -> int:
    from i18n import fmt_number
    from services.queries import METRIC_COLUMNS, indicator_table

    table = indicator_table(store, args.period, args.village)
    if args.json:
        print(json.dumps(records(table, METRIC_COLUMNS), ensure_ascii=False, indent=2))
        return 0
    for row in records(table, METRIC_COLUMNS):
        who = row["village"] or "toàn xã"
        print(
            f"{row['indicator']:5} {row['period']:8} {who:10} giá trị {fmt_number(row['value'])} {row['unit']} "
            f"({row['villages_reporting'] or 0} thôn) — {row['status'] or 'không có mục tiêu'}"
        )
    return 0


def tasks(store: Store, args) -> int:
    from i18n import fmt_number
    from services.queries import task_table

    table = task_table(store, args.period)
    if args.json:
        print(json.dumps(records(table), ensure_ascii=False, indent=2, default=str))
        return 0
    for row in records(table):
        print(f"{row['task_id']:6} {fmt_number(row.get('completion'))}% {'TRỄ HẠN ' if row.get('late') else ''}{row['name']}")
    return 0


def report(store: Store, args) -> int:
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


def template(store: Store, args) -> int:
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
