"""`carbonpeak supervision …`: the reminder job, the yearly assessment, round exports."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from carbonpeak.common.cli_output import write_file
from carbonpeak.common.limits import InputTooLarge, check_year, parse_date


def _plan() -> Any:
    from carbonpeak.plan.queries import current_plan

    return current_plan()


def cmd_remind(args: argparse.Namespace) -> int:
    from carbonpeak.supervision.notify import run

    try:
        today = parse_date(args.today, "--today") if args.today else None
    except InputTooLarge as exc:
        print(exc, file=sys.stderr)
        return 2
    summary = run(_plan(), today)
    print(f"提醒 reminders {summary.reminders} · 逾期 overdue {summary.overdue} · "
          f"2025节点 deadline {summary.deadline} · 邮件 e-mailed {summary.emailed}")
    return 0


def cmd_assess(args: argparse.Namespace) -> int:
    from carbonpeak.supervision.queries import assess

    try:
        check_year(args.year, "YEAR")
    except InputTooLarge as exc:
        print(exc, file=sys.stderr)
        return 2
    result = assess(_plan(), args.year)
    if args.json:
        print(json.dumps({
            "year": result.year,
            "ranking": [{"rank": r.rank, "department": r.score.department, "total": r.score.total,
                         "components": dict(r.score.components)} for r in result.ranking],
            # 各镇、街道、园区 ranked among themselves, their split indicators counted.
            "place_ranking": [{"rank": r.rank, "place": r.score.department, "total": r.score.total,
                               "components": dict(r.score.components)} for r in result.place_ranking],
            "notices": [{"department": n.department, "place": result.records[n.department].place,
                         "reasons": list(n.reasons)} for n in result.notices],
        }, ensure_ascii=False, indent=2))
        return 0
    for r in result.ranking:
        total = "—" if r.score.total is None else f"{r.score.total:.1f}"
        print(f"{r.rank or '':>3} {result.names.get(r.score.department, r.score.department):<16} {total:>6}")
    if result.place_ranking:
        print("各镇、街道、园区 / places:")
    for r in result.place_ranking:
        total = "—" if r.score.total is None else f"{r.score.total:.1f}"
        print(f"{r.rank or '':>3} {result.names.get(r.score.department, r.score.department):<16} {total:>6}")
    for n in result.notices:
        print(f"通报 notice: {result.names.get(n.department, n.department)}: {'；'.join(n.reasons)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from carbonpeak.supervision.export import round_docx, round_xlsx
    from carbonpeak.supervision.models import Round

    found = Round.objects.filter(plan=_plan(), code=args.code).first()
    if found is None:
        print(f"没有调度轮次 / no round '{args.code}'", file=sys.stderr)
        return 2
    write_file(round_docx(found) if args.format == "docx" else round_xlsx(found), args.output)
    return 0


def register(sub: Any) -> None:
    group = sub.add_parser("supervision", help="调度督办 / supervision").add_subparsers(
        dest="supervision_command", required=True)
    p = group.add_parser("remind", help="发送到期提醒与逾期通知（每条只发一次）/ send reminders and overdue notices")
    p.add_argument("--today", help="按此日期计算 / as of this date (YYYY-MM-DD)")
    p.set_defaults(func=cmd_remind)
    p = group.add_parser("assess", help="年度考核 / yearly assessment")
    p.add_argument("year", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_assess)
    p = group.add_parser("export", help="导出本轮分解表或报告 / export a round")
    p.add_argument("code")
    p.add_argument("--format", choices=["xlsx", "docx"], default="docx")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_export)
