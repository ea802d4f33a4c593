"""`carbonpeak output import FILE` and `carbonpeak filings list`: the enterprise room's commands."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from carbonpeak.audit.actors import of_command

EXIT_BAD_INPUT = 2


def cmd_output_import(args: argparse.Namespace) -> int:
    from carbonpeak.common.limits import read_file
    from carbonpeak.common.problems import Refused
    from carbonpeak.common.tables import read_table
    from carbonpeak.enterprise.services import import_output

    path = Path(args.file)
    try:
        table = read_table(path.name, read_file(path))
    except Refused as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OSError, ValueError) as exc:
        print(f"file: 无法读取 / cannot read: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    missing = [c for c in ("unit_code", "period") if c not in table.header]
    if missing or not ({"product", "quantity"} <= set(table.header) or "value_added_10k_cny" in table.header):
        print("file: 缺少列，至少需要 unit_code,period,product,quantity,unit 或 unit_code,period,value_added_10k_cny"
              " / missing columns: at least unit_code,period,product,quantity,unit or "
              "unit_code,period,value_added_10k_cny", file=sys.stderr)
        return EXIT_BAD_INPUT
    result = import_output(table.records, None, of_command("output import"), path.name)
    for issue in result.issues:
        print(str(issue), file=sys.stderr)
    print(f"保存 kept {result.kept} · 有误 refused {len(result.issues)}")
    return EXIT_BAD_INPUT if result.issues else 0


def cmd_filings_list(args: argparse.Namespace) -> int:
    from carbonpeak.enterprise.models import Filing

    filings = Filing.objects.select_related("unit", "ghg").order_by("-year", "unit__code")
    if args.year is not None:
        filings = filings.filter(year=args.year)
    rows = [{"id": f.pk, "unit": f.unit.code, "name": f.unit.name, "year": f.year, "status": f.status,
             "prefilled": f.prefilled, "times_returned": f.times_returned,
             "submitted_at": f.submitted_at.isoformat() if f.submitted_at else None,
             "accepted_at": f.accepted_at.isoformat() if f.accepted_at else None,
             "ghg_status": f.ghg.status if hasattr(f, "ghg") else None} for f in filings]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    from carbonpeak.enterprise.vocabulary import STATUS_LABELS, FilingStatus

    for r in rows:
        zh, en = STATUS_LABELS[FilingStatus(str(r["status"]))]
        print(f"{r['id']:>5} {r['year']} {r['unit']:<12} {r['name']:<20} {zh} / {en}")
    if not rows:
        print("没有年度报告 / no filings")
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    from carbonpeak.enterprise.queries import grades

    rows = grades(args.year)
    if args.json:
        print(json.dumps([{"unit": g.unit, "grade": g.grade, "intensity_t_per_10k_cny": g.intensity_t_per_10k_cny,
                           "benchmark_t_per_10k_cny": g.benchmark, "level": g.level, "ratio": g.ratio,
                           "carbon_level": g.carbon_level, "division": g.division, "town": g.town,
                           "reasons_zh": g.reasons_zh,
                           "reasons_en": g.reasons_en} for g in rows], ensure_ascii=False, indent=2))
        return 0
    for g in rows:
        intensity = "—" if g.intensity_t_per_10k_cny is None else f"{g.intensity_t_per_10k_cny:.3f}"
        reasons = f"{'；'.join(g.reasons_zh)} / {'; '.join(g.reasons_en)}"
        print(f"{g.unit:<12} {g.grade or '—':<12} {intensity:>8}  {reasons}")
    if not rows:
        print("没有已受理的年度报告 / no accepted filings of that year")
    return 0


def register(sub: Any) -> None:
    output = sub.add_parser("output", help="产品产量与增加值 / product output and value added").add_subparsers(
        dest="output_command", required=True)
    p = output.add_parser("import", help="导入产量或增加值（CSV/xlsx）/ import output or value added (CSV/xlsx)")
    p.add_argument("file")
    p.set_defaults(func=cmd_output_import)
    filings = sub.add_parser("filings", help="能源利用状况报告 / annual energy-use filings").add_subparsers(
        dest="filings_command", required=True)
    p = filings.add_parser("list", help="列出年度报告 / list filings")
    p.add_argument("--year", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_filings_list)
    grade = sub.add_parser("carbon-efficiency", help="碳效码 / carbon-efficiency code").add_subparsers(
        dest="carbon_efficiency_command", required=True)
    p = grade.add_parser("grade", help="按已受理的年度报告评定碳效码 / grade the units of a year")
    p.add_argument("year", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_grade)
