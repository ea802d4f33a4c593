"""`carbonpeak account`, `factors`, `activity` and `inventory` subcommands."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from carbonpeak.common.cli_output import write_file

T = TypeVar("T")


def _read_text(path: str) -> str:
    """A file's text (UTF-8 or GBK), its size checked first; InputTooLarge (exit 2) if it cannot be read."""
    from carbonpeak.common.limits import MAX_LARGE_FILE_BYTES, check_size, decode_text, read_file

    if path == "-":
        data = sys.stdin.buffer.read(MAX_LARGE_FILE_BYTES + 1)
        check_size(len(data), MAX_LARGE_FILE_BYTES, "-")
    else:
        data = read_file(Path(path), MAX_LARGE_FILE_BYTES)
    return decode_text(data)


def _unreadable(exc: Exception) -> int:
    print(f"无法读取，未作任何计算或修改 / cannot read, nothing computed or changed: {exc}", file=sys.stderr)
    return 2


def _progress(rows: Iterable[T], desc: str) -> Iterator[T]:
    from tqdm import tqdm

    # disable=None: a bar only when stderr is a terminal, so piped output stays clean.
    yield from tqdm(rows, desc=desc, unit=" rows", disable=None, file=sys.stderr, mininterval=0.5)


_WHAT = {
    "活动数据": "activity data",
    "因子集": "factor set",
    "因子集文件": "factor-set file",
    "清单数据": "inventory data",
}


def _fail(exc: Any, as_json: bool, what: str) -> int:
    issues = exc.issues
    print(
        f"{what}有误，未作任何计算或修改 / {_WHAT[what]} rejected, nothing computed or changed ({len(issues)}):",
        file=sys.stderr,
    )
    for issue in issues:
        print(f"  - {issue}", file=sys.stderr)
    if as_json:
        print(json.dumps({"errors": [i.as_dict() for i in issues]}, ensure_ascii=False, indent=2))
    return 2


def _csv_records(text: str) -> Iterator[dict[Any, Any]]:
    from carbonpeak.common.limits import MAX_LARGE_TABLE_ROWS
    from carbonpeak.common.tables import csv_dicts

    yield from csv_dicts(text, max_rows=MAX_LARGE_TABLE_ROWS)


def cmd_account(args: argparse.Namespace) -> int:
    from carbonpeak.accounting import services
    from carbonpeak.accounting.activity import REQUIRED_COLUMNS, activity_from_records
    from carbonpeak.accounting.issues import AccountingInputError
    from carbonpeak.accounting.report import read_value_added
    from carbonpeak.common.issues import InputIssue
    from carbonpeak.common.limits import InputTooLarge
    from carbonpeak.common.tables import csv_header

    try:
        text = _read_text(args.file)
        header = csv_header(text)
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise AccountingInputError(
                [InputIssue("第1行 / row 1 (header)", c, "缺少该列 / column missing") for c in missing]
            )
        table = activity_from_records(_progress(_csv_records(text), "读取 reading"), first_row=2)
        added = read_value_added(_csv_records(_read_text(args.value_added)), first_row=2) if args.value_added else []
        data = services.account_report(table, args.factors, added, args.base_period)
    except AccountingInputError as exc:
        return _fail(exc, args.json, "活动数据")
    except InputTooLarge as exc:
        return _unreadable(exc)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"因子集 / factor set: {data['factor_set']}  {data['factor_set_name']}")
    print(f"记录 / records: {data['records']}")
    header_row = ("", "能耗当量值 tce", "等价值 tce", "双控口径 tce", "CO2 t", "直接 direct", "间接 indirect")
    keys = (
        "energy_tce",
        "energy_tce_equal_value",
        "energy_tce_dual_control",
        "co2_t",
        "co2_direct_t",
        "co2_indirect_t",
    )
    print("  ".join(f"{h:>16}" for h in header_row))
    for name, values in [("合计 total", data["totals"]), *data["entities"].items()]:
        print("  ".join([f"{name[:16]:>16}", *(f"{values[k]:>16,.3f}" for k in keys)]))
    return 0


def cmd_factors_list(args: argparse.Namespace) -> int:
    from carbonpeak.accounting import services
    from carbonpeak.accounting.models import FactorSet

    default = services.default_factor_set_code()
    for s in FactorSet.objects.all():
        flag = "*" if s.code == default else " "
        extends = f" extends {s.extends}" if s.extends else ""
        print(f"{flag} {s.code:<20} {s.version:<10} {s.factors.count():>4} rows{extends}  {s.name}")
    print("* 方案默认因子集 / the plan's default factor set")
    return 0


def cmd_factors_show(args: argparse.Namespace) -> int:
    from carbonpeak.accounting import factor_sets as fs
    from carbonpeak.accounting import services
    from carbonpeak.accounting.issues import AccountingInputError

    try:
        resolved = services.resolve_factor_set(args.id)
    except AccountingInputError as exc:
        return _fail(exc, False, "因子集")
    rows = [f.row for f in resolved.rows()] if args.resolved else list(resolved.spec.rows)
    print(f"# {resolved.label()}  {resolved.spec.name}", file=sys.stderr)
    sys.stdout.write(fs.rows_as_csv(rows))
    return 0


def cmd_factors_load(args: argparse.Namespace) -> int:
    from carbonpeak.accounting import factor_sets as fs
    from carbonpeak.accounting import services
    from carbonpeak.accounting.issues import AccountingInputError
    from carbonpeak.audit.actors import of_command
    from carbonpeak.common.limits import InputTooLarge, check_readable

    try:
        check_readable(Path(args.file))
        spec = fs.read_factor_set(Path(args.file))
        changed = services.store_factor_set(spec, actor_label=of_command("factors load"))
    except AccountingInputError as exc:
        return _fail(exc, False, "因子集文件")
    except InputTooLarge as exc:
        return _unreadable(exc)
    print(
        f"{'已载入 / loaded' if changed else '无变化 / unchanged'}: {spec.id} ({len(spec.rows)} rows"
        f"{', extends ' + spec.extends if spec.extends else ''})"
    )
    return 0


def cmd_activity_import(args: argparse.Namespace) -> int:
    from carbonpeak.accounting import services
    from carbonpeak.accounting.activity import activity_csv_records, activity_from_records
    from carbonpeak.accounting.issues import AccountingInputError
    from carbonpeak.audit.actors import of_command
    from carbonpeak.common.limits import InputTooLarge

    try:
        text = _read_text(args.file)
        # The header may name its columns in Chinese (主体, 能源品种 …), as the import page's template does.
        table = activity_from_records(_progress(activity_csv_records(text), "读取 reading"), first_row=2)
        summary = services.import_activity(
            table, source=args.source or Path(args.file).name, actor_label=of_command("activity import")
        )
    except AccountingInputError as exc:
        return _fail(exc, False, "活动数据")
    except InputTooLarge as exc:
        return _unreadable(exc)
    years = ", ".join(f"{y}: {n}" for y, n in sorted(summary.years.items()))
    print(f"已导入 / imported ({years}); 替换 / replaced {summary.replaced}")
    return 0


def _year_inventory(year: int) -> Any:
    from carbonpeak.accounting.services import latest_inventories

    return latest_inventories().get(year)


def cmd_inventory_compile(args: argparse.Namespace) -> int:
    from carbonpeak.accounting import services
    from carbonpeak.accounting.issues import AccountingInputError
    from carbonpeak.audit.actors import of_command
    from carbonpeak.common.limits import InputTooLarge, check_year

    try:
        check_year(args.year, "YEAR")
    except InputTooLarge as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        saved = services.save_inventory(args.year, args.factors, actor_label=of_command("inventory compile"))
    except AccountingInputError as exc:
        return _fail(exc, False, "清单数据")
    print(
        f"{saved.year}: {saved.total_co2e_t:,.1f} t CO2e (净 net), {saved.gross_co2e_t:,.1f} (总 gross), "
        f"{saved.energy_tce:,.1f} tce — {saved.factor_set}"
    )
    return 0


def cmd_inventory_export(args: argparse.Namespace) -> int:
    from carbonpeak.accounting.export import inventory_xlsx
    from carbonpeak.accounting.services import latest_inventories

    inventories = latest_inventories()
    if args.year not in inventories:
        print(
            f"{args.year} 年尚无清单，请先 inventory compile / no inventory for {args.year}; compile it first",
            file=sys.stderr,
        )
        return 2
    write_file(inventory_xlsx(inventories[args.year], list(inventories.values())), args.output)
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("account", help="核算能耗与CO2 / account energy and CO2 of a CSV of activity records")
    p.add_argument(
        "file", help="CSV: entity,period,energy_type,quantity,unit[,use,sector,green_power,renewable]; - = stdin"
    )
    p.add_argument("--factors", help="因子集 / factor set id (default: the plan's)")
    p.add_argument("--json", action="store_true", help="JSON 输出 / JSON output")
    p.add_argument("--value-added", help="CSV: entity,period,value_added (10^4 CNY, comparable prices)")
    p.add_argument("--base-period", help="强度变化的基期 / base period for intensity change, e.g. 2020")
    p.set_defaults(func=cmd_account)

    factors = sub.add_parser("factors", help="因子集 / factor sets").add_subparsers(
        dest="factors_command", required=True
    )
    p = factors.add_parser("list", help="列出因子集 / list factor sets")
    p.set_defaults(func=cmd_factors_list)
    p = factors.add_parser("show", help="因子集为 CSV / a factor set as CSV")
    p.add_argument("id")
    p.add_argument("--resolved", action="store_true", help="含继承的因子 / include inherited factors")
    p.set_defaults(func=cmd_factors_show)
    p = factors.add_parser("load", help="载入或更新因子集 / load or update a factor set (YAML manifest)")
    p.add_argument("file")
    p.set_defaults(func=cmd_factors_load)

    activity = sub.add_parser("activity", help="清单活动数据 / inventory activity data").add_subparsers(
        dest="activity_command", required=True
    )
    p = activity.add_parser("import", help="导入（同来源同年份覆盖）/ import (replaces same source and years)")
    p.add_argument("file")
    p.add_argument("--source", help="来源名，默认文件名 / source name (default: file name)")
    p.set_defaults(func=cmd_activity_import)

    inventory = sub.add_parser("inventory", help="温室气体清单 / GHG inventory").add_subparsers(
        dest="inventory_command", required=True
    )
    p = inventory.add_parser("compile", help="编制某年清单 / compile a year's inventory")
    p.add_argument("year", type=int)
    p.add_argument("--factors", help="因子集 / factor set id (default: the plan's)")
    p.set_defaults(func=cmd_inventory_compile)
    p = inventory.add_parser("export", help="导出 xlsx / export as xlsx")
    p.add_argument("year", type=int)
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_inventory_export)
