"""`carbonpeak indicators …`: import observations, derive, show status, raise warnings."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from carbonpeak.common.limits import InputTooLarge, capped, more_line, parse_date, read_file


def _plan() -> Any:
    from carbonpeak.plan.queries import current_plan

    return current_plan()


def _as_of(text: str | None) -> dt.date | None:
    """The --as-of date; a wrong one is said on stderr and ends the command with exit status 2."""
    if not text:
        return None
    try:
        return parse_date(text, "--as-of")
    except InputTooLarge as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(2) from None


def cmd_import(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from carbonpeak.audit.actors import of_command
    from carbonpeak.indicators import services
    from carbonpeak.indicators.observations import ObservationInputError, read_table

    path = Path(args.file)
    try:
        records = read_table(path.name, read_file(path))
    except InputTooLarge as exc:
        print(f"无法读取 / cannot read: {exc}", file=sys.stderr)
        return 2
    except ObservationInputError as exc:
        print(exc, file=sys.stderr)
        return 2
    rows = tqdm(records, desc="indicators import", unit=" rows", disable=None, file=sys.stderr)
    try:
        summary = services.import_records(_plan(), list(rows), user=None, actor_label=of_command("indicators import"),
                                          source=args.source or path.name, valid_only=args.valid_only)
    except ObservationInputError as exc:
        shown, rest = capped(exc.issues)
        if args.json:
            print(json.dumps({"imported": False, "errors": [i.as_dict() for i in shown],
                              **({"errors_not_shown": rest} if rest else {})}, ensure_ascii=False, indent=2))
        listed = "\n".join([*(str(i) for i in shown), *([more_line(rest)] if rest else [])])
        print(f"文件有错误，未导入任何数据（可用 --valid-only 只导入正确的行）/ nothing imported:\n{listed}",
              file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"imported": True, **summary.as_dict()}, ensure_ascii=False, indent=2))
    else:
        print(f"新增 created {summary.created} · 更新 updated {summary.updated} · 未变 unchanged {summary.unchanged}"
              f" · 跳过 skipped {len(summary.skipped)}")
        shown, rest = capped(summary.skipped)
        for issue in shown:
            print(f"  跳过 skipped: {issue}", file=sys.stderr)
        if rest:
            print(f"  {more_line(rest)}", file=sys.stderr)
    return 0


def _status_zh(status: str) -> str:
    """A status in Chinese, as the pages name it (the label of its Django choice)."""
    from django.utils import translation

    from carbonpeak.indicators.models import ProgressStatus

    with translation.override("zh-hans"):
        return str(ProgressStatus(status).label)


def cmd_status(args: argparse.Namespace) -> int:
    from carbonpeak.indicators.evaluation import evaluate_plan, status_as_dict

    as_of = _as_of(args.as_of) or dt.date.today()
    if args.place is not None or args.by_place:
        return _places_status(args, as_of)
    rows = [status_as_dict(s) for s in evaluate_plan(_plan(), as_of)]
    if args.json:
        print(json.dumps({"as_of": as_of.isoformat(), "indicators": rows}, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        latest = "—" if r["latest_value"] is None else f"{r['latest_value']:g} ({r['latest_period']})"
        expected = "—" if r["expected_value"] is None else f"{r['expected_value']:.4g}"
        target = "—" if r["target_value"] is None else f"{r['target_value']:g} @{r['target_year']}"
        status = f"{_status_zh(r['status']):<5} {r['status']:<10}"
        print(f"{r['code']:<45} {status} {latest:>20} {expected:>10} {target:>16}")
    return 0


def _places_status(args: argparse.Namespace, as_of: dt.date) -> int:
    """`--place CODE`: one place's split indicators; `--by-place`: every place with a split target."""
    from carbonpeak.indicators.place_evaluation import grid, place_row_as_dict
    from carbonpeak.plan.queries import place_named

    only = None
    if args.place is not None:
        only = place_named(args.place)
        if only is None:
            print(f"--place: 方案未列出此镇、街道或园区 / the plan names no such town, sub-district or park: "
                  f"{args.place!r:.70}", file=sys.stderr)
            return 2
    rows = [place_row_as_dict(r) for r in grid(_plan(), as_of, only).rows]
    if only is not None:
        row = rows[0] if rows else {"place": only.code, "name": only.name, "name_en": only.name_en,
                                    "kind": only.kind, "barometer": "none", "indicators": []}
        if args.json:
            print(json.dumps({"as_of": as_of.isoformat(), **row}, ensure_ascii=False, indent=2))
            return 0
        rows = [row]
    elif args.json:
        print(json.dumps({"as_of": as_of.isoformat(), "places": rows}, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(f"{r['name']} {r['place']} · 晴雨表 {r['barometer']}")
        for i in r["indicators"]:
            latest = "—" if i["latest_value"] is None else f"{i['latest_value']:g} ({i['latest_period']})"
            target = "—" if i["target_value"] is None else f"{i['target_value']:g} @{i['target_year']}"
            print(f"  {i['indicator']:<43} {_status_zh(i['status']):<5} {i['status']:<10} {i['barometer']:<7}"
                  f" {latest:>20} {target:>16}")
    return 0


def cmd_derive(args: argparse.Namespace) -> int:
    from carbonpeak.audit.actors import of_command
    from carbonpeak.indicators.derive import derive_all

    failed = 0
    for outcome in derive_all(_plan(), actor_label=of_command("indicators derive")):
        if outcome.summary is None:
            failed += 1
            print(f"{outcome.indicator}: 未能计算 / not derived: {outcome.problem}", file=sys.stderr)
        else:
            s = outcome.summary
            note = f" ({outcome.note})" if outcome.note else ""
            print(f"{outcome.indicator}: 新增 created {s.created} · 更新 updated {s.updated}"
                  f" · 未变 unchanged {s.unchanged}{note}")
    return 1 if failed else 0


def cmd_warn(args: argparse.Namespace) -> int:
    from carbonpeak.audit.actors import of_command
    from carbonpeak.indicators.warnings import raise_warnings

    s = raise_warnings(_plan(), _as_of(args.as_of), actor_label=of_command("indicators warn"))
    print(f"新预警 opened {s.opened} · 升级 escalated {s.escalated} · 更新 updated {s.updated} · 解除 closed {s.closed}"
          f" · 通知 notices {s.notices} · 邮件 e-mailed {s.emailed}")
    return 0


def register(sub: Any) -> None:
    group = sub.add_parser("indicators", help="指标与预警 / indicators and early warning").add_subparsers(
        dest="indicators_command", required=True)
    p = group.add_parser("import", help="导入指标数据（CSV/xlsx：indicator,period,value,unit）/ import observations")
    p.add_argument("file")
    p.add_argument("--source", help="数据来源 / source (default: the file name)")
    p.add_argument("--valid-only", action="store_true",
                   help="只导入正确的行，报告错误行 / import the valid rows and report the others")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)
    p = group.add_parser("status", help="各指标进展与状态 / every indicator's status")
    p.add_argument("--as-of", help="按此日期评估 / as known on this date (YYYY-MM-DD)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--place", metavar="CODE",
                       help="一个镇、街道或园区的分解指标 / one place's split indicators (its department code)")
    where.add_argument("--by-place", action="store_true",
                       help="各镇、街道、园区的状态与晴雨表 / every place with its status and level")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)
    p = group.add_parser("derive", help="由核算数据计算派生指标 / compute derived indicators")
    p.set_defaults(func=cmd_derive)
    p = group.add_parser("warn", help="生成或解除预警并通知牵头部门 / raise and close warnings, notify")
    p.add_argument("--as-of", help="按此日期评估 / as known on this date (YYYY-MM-DD)")
    p.set_defaults(func=cmd_warn)
