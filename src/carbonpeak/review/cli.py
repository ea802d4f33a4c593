"""`carbonpeak review …`: assess a project file (nothing stored), import and export the "两高一低" register."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from carbonpeak.common.limits import capped, more_line

BAD_INPUT = 1  # the file was read but its content is refused: every issue is printed
UNREADABLE = 2  # the file could not be read at all


def _read(path: str) -> str | None:
    """A file's text (UTF-8 or GBK), its size checked first; None, said on stderr, if it cannot be read."""
    from carbonpeak.common.limits import MAX_FILE_BYTES, InputTooLarge, check_size, decode_text, read_file

    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
            check_size(len(data), MAX_FILE_BYTES, "-")
        else:
            data = read_file(Path(path))
        return decode_text(data)
    except InputTooLarge as exc:
        print(f"无法读取 / cannot read: {exc}", file=sys.stderr)
        return None


def _refuse(exc: Any, what_zh: str, what_en: str, as_json: bool = False) -> int:
    print(f"{what_zh}有误，未作任何计算或修改 / {what_en} rejected, nothing computed or stored ({len(exc.issues)}):",
          file=sys.stderr)
    shown, rest = capped(exc.issues)
    for issue in shown:
        print(f"  - {issue}", file=sys.stderr)  # where · field: reason
    if rest:
        print(f"  {more_line(rest)}", file=sys.stderr)
    if as_json:
        print(json.dumps({"errors": [i.as_dict() for i in shown], **({"errors_not_shown": rest} if rest else {})},
                         ensure_ascii=False, indent=2))
    return BAD_INPUT


def _print_summary(data: dict[str, Any]) -> None:
    impact = data["impact"]
    year = impact["budget_year"]
    share = impact["share_of_remaining_energy_budget"]
    two_high = "是 yes" if data["two_high"] else "否 no"
    if data["two_high_one_low"]:
        two_high += "（两高一低 two-high-one-low）"
    rows = [
        ("项目 project", data["project"]["name"]),
        ("因子集 factor set", data["factor_set"]),
        ("计入 counted as", data["counted_as"]),
        ("综合能耗（当量值）energy_tce", f"{data['energy_tce']:,.2f}"),
        ("综合能耗（等价值）energy_tce_equal_value", f"{data['energy_tce_equal_value']:,.2f}"),
        ("电力 electricity_kwh", f"{data['electricity_kwh']:,.0f}"),
        ("二氧化碳 co2_t", f"{data['co2_t']:,.2f}"),
        ("审查层级 review_tier", f"{data['review_tier']}（{data['review_tier_zh']}）"),
        ("两高 two_high", two_high),
        ("单位增加值能耗 intensity_tce_per_10k_cny", f"{data['intensity_tce_per_10k_cny']:.4f}"),
        (f"{year} 区能耗强度 有项目 with project", f"{impact[f'intensity_{year}_with_project']:.6f}"),
        (f"{year} 区能耗强度 无项目 without project", f"{impact[f'intensity_{year}_without_project']:.6f}"),
        ("占剩余能耗空间 share of remaining energy budget",
         "—（已无空间 budget used up）" if share is None else f"{share:.4%}"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


def cmd_assess(args: argparse.Namespace) -> int:
    from carbonpeak.review.intake import ReviewInputError
    from carbonpeak.review.services import assess_checked, check_project_json

    text = _read(args.file)
    if text is None:
        return UNREADABLE
    try:
        data = assess_checked(check_project_json(text)).as_dict()
    except ReviewInputError as exc:
        return _refuse(exc, "项目", "project", args.json)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_summary(data)
    return 0


def cmd_register_import(args: argparse.Namespace) -> int:
    from carbonpeak.audit.actors import of_command
    from carbonpeak.review.intake import ReviewInputError
    from carbonpeak.review.register import import_csv

    text = _read(args.file)
    if text is None:
        return UNREADABLE
    try:
        summary = import_csv(text, actor_label=of_command("review register import"))
    except ReviewInputError as exc:
        return _refuse(exc, "清单文件", "register file")
    print(f"新增 created {summary.created} · 更新 updated {summary.updated}")
    return 0


def cmd_register_export(args: argparse.Namespace) -> int:
    """The register, one row per entry and year (review/register_export.py gives the shape)."""
    from carbonpeak.review.register import entries
    from carbonpeak.review.register_export import export_rows, export_xlsx

    rows = export_rows(entries())
    if args.format == "xlsx":
        if not args.output:
            print("xlsx 须以 -o 指定文件 / xlsx needs -o FILE", file=sys.stderr)
            return BAD_INPUT
        data = export_xlsx(rows)
    else:
        data = (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode()
    if not args.output:
        sys.stdout.write(data.decode())
        return 0
    try:
        Path(args.output).write_bytes(data)
    except OSError as exc:
        print(f"无法写入 / cannot write: {exc}", file=sys.stderr)
        return UNREADABLE
    print(f"已写入 written: {args.output} ({len(rows)} 行 rows)", file=sys.stderr)
    return 0


def register(sub: Any) -> None:
    group = sub.add_parser("review", help="节能审查与两高一低清单 / project energy review and register").add_subparsers(
        dest="review_command", required=True)
    p = group.add_parser("assess", help="评估项目（不保存）/ assess a project file, nothing stored")
    p.add_argument("file", help="项目 JSON 文件，- 为标准输入 / project JSON file, - for stdin")
    p.add_argument("--json", action="store_true", help="输出 JSON / answer as JSON")
    p.set_defaults(func=cmd_assess)
    reg = group.add_parser("register", help="两高一低清单 / the register").add_subparsers(
        dest="register_command", required=True)
    p = reg.add_parser("import", help="导入存量项目 CSV / import existing plants from CSV")
    p.add_argument("file")
    p.set_defaults(func=cmd_register_import)
    p = reg.add_parser("export", help="导出清单及实际能耗 / export the register with actual energy by year")
    p.add_argument("--format", choices=("json", "xlsx"), default="json")
    p.add_argument("-o", "--output", help="输出文件（xlsx 必填）/ output file (required for xlsx)")
    p.set_defaults(func=cmd_register_export)
