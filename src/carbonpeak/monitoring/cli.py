"""`carbonpeak units|meters|readings|monitoring …`: the monitoring room's commands.

Exit codes: 0 done; 1 the input was read but (some of) it refused, every issue printed (a registry
file is refused whole, a readings file row by row); 2 the file could not be read or an argument is
wrong. Messages are in Chinese and English; `--json` answers on stdout, messages go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from carbonpeak.common.limits import InputTooLarge, capped, check_readable, more_line, read_file

OK = 0
BAD_INPUT = 1  # read, but (some of) its content refused: every issue is printed
UNREADABLE = 2  # the file could not be read at all, or an argument is wrong


def _dump(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return UNREADABLE


# --- registry ---------------------------------------------------------------------------------------


def _registry_import(args: argparse.Namespace, what: str) -> int:
    from carbonpeak.audit.actors import of_command
    from carbonpeak.monitoring.problems import MonitoringInputError
    from carbonpeak.monitoring.registry import services as registry

    path = Path(args.file)
    try:
        data = read_file(path)
    except InputTooLarge as exc:
        return _fail(f"无法读取 / cannot read: {exc}")
    importer = registry.import_units if what == "units" else registry.import_meters
    try:
        summary = importer(path.name, data, actor_label=of_command(f"{what} import"))
    except MonitoringInputError as exc:
        shown, rest = capped(exc.issues)
        print(f"文件有误，未作任何修改 / file rejected, nothing stored ({len(exc.issues)}):", file=sys.stderr)
        for issue in shown:
            print(f"  - {issue}", file=sys.stderr)
        if rest:
            print(f"  {more_line(rest)}", file=sys.stderr)
        if args.json:
            _dump({"imported": False, "errors": [i.as_dict() for i in shown], **({"errors_not_shown": rest}
                                                                                  if rest else {})})
        # Row 0 is the file itself (not text, not an xlsx, beyond the limits): it could not be read.
        return BAD_INPUT if any(i.row for i in exc.issues) else UNREADABLE
    if args.json:
        _dump({"imported": True, **summary.as_dict()})
    else:
        print(f"新增 created {summary.created} · 更新 updated {summary.updated} · 未变 unchanged {summary.unchanged}")
    return OK


def cmd_units_import(args: argparse.Namespace) -> int:
    return _registry_import(args, "units")


def cmd_meters_import(args: argparse.Namespace) -> int:
    return _registry_import(args, "meters")


# --- readings -----------------------------------------------------------------------------------------


def cmd_readings_import(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from carbonpeak.audit.actors import of_command
    from carbonpeak.monitoring.readings.ingest import IngestReport, Submitter, count_rows, import_file
    from carbonpeak.monitoring.readings.parsing import ReadingsInputError

    path = Path(args.file)
    if args.chunk < 1:
        return _fail("--chunk: 须为正整数 / must be a positive number")
    try:
        check_readable(path)
    except InputTooLarge as exc:
        return _fail(f"无法读取 / cannot read: {exc}")
    ack = sys.stderr if args.json else sys.stdout
    bar = tqdm(total=count_rows(path), desc="readings import", unit=" rows", disable=None, file=sys.stderr)

    def acknowledged(chunk: IngestReport, total: IngestReport) -> None:
        done = chunk.accepted + chunk.rejected + chunk.duplicates
        bar.update(done)
        # Printed only after the chunk's transaction committed: what is acknowledged is stored.
        bar.write(f"已确认 acknowledged batch {chunk.batches[0]}: 接收 accepted {chunk.accepted} · "
                  f"重复 duplicates {chunk.duplicates} · 拒收 rejected {chunk.rejected} "
                  f"(累计 total accepted {total.accepted})", file=ack)
        ack.flush()

    try:
        report = import_file(path, chunk=args.chunk, on_chunk=acknowledged,
                             submitter=Submitter(source=of_command("readings import")))  # who ran it
    except (ReadingsInputError, UnicodeDecodeError) as exc:
        bar.close()
        # A file refused whole on its first bytes stores nothing; one refused later (an encoding error, a
        # giant field deep in the file) keeps the chunks already acknowledged above.
        return _fail(f"文件无法读取，未导入其余数据 / file cannot be read, the rest not imported:\n{exc}")
    bar.close()
    if args.json:
        _dump(report.as_dict())
    else:
        flags = ", ".join(f"{k} {v}" for k, v in sorted(report.flags.items())) or "—"
        print(f"接收 accepted {report.accepted} · 重复 duplicates {report.duplicates} · 拒收 rejected "
              f"{report.rejected} · 估算 estimated {report.estimated} · 标记 flags: {flags}")
        for e in report.errors:
            print(f"  第{e['row']}行 / row {e['row']} · {e['field']}: {e['reason']} / {e['reason_en']}",
                  file=sys.stderr)
        if report.errors_not_shown:
            print(f"  … 另有 {report.errors_not_shown} 条错误 / {report.errors_not_shown} more errors", file=sys.stderr)
    return BAD_INPUT if report.rejected else OK


def cmd_readings_export(args: argparse.Namespace) -> int:
    from carbonpeak.monitoring.api import instant, reading_rows
    from carbonpeak.monitoring.models import Meter
    from carbonpeak.monitoring.readings.store import ReadingStore

    meter = Meter.objects.filter(code=args.meter).first()
    if meter is None:
        return _fail(f"--meter: 未登记的计量器具 / unknown meter {args.meter!r}")
    try:
        start, end = instant(args.start), instant(args.end)
    except ValueError as exc:
        return _fail(f"--start/--end: {exc}")
    if end < start:
        return _fail("--end: 须不早于 --start / must not be before --start")
    rows = reading_rows(ReadingStore().range(meter.pk, start, end))
    if args.json:
        _dump({"meter": meter.code, "unit_of_measure": meter.unit_of_measure, "readings": rows})
        return OK
    print("timestamp,value,flags,estimated,energy,edited_value")
    for r in rows:
        energy = "" if r["energy"] is None else f"{r['energy']:g}"
        edited = "" if r["edited_value"] is None else f"{r['edited_value']:g}"
        print(f"{r['timestamp']},{r['value']:g},{'|'.join(r['flags'])},{int(r['estimated'])},{energy},{edited}")
    return OK


# --- archive and engines: Parquet, DuckDB, Spark -------------------------------------------------


def _archive_failed(exc: Exception) -> int:
    return _fail(f"归档不可用 / archive refused: {exc}")


def _default_before() -> int:
    """The local start of the month twelve months ago: a year of readings stays hot."""
    import datetime as dt

    from carbonpeak.common.localtime import LOCAL
    from carbonpeak.monitoring.readings.rollup_math import month_bounds

    now = dt.datetime.now(LOCAL)
    return month_bounds(now.year - 1, now.month)[0]


def cmd_readings_archive(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from carbonpeak.monitoring.api import instant
    from carbonpeak.monitoring.archive.layout import ArchiveError
    from carbonpeak.monitoring.archive.service import archive_readings, archive_root

    try:
        before = instant(args.before) if args.before else _default_before()
    except ValueError as exc:
        return _fail(f"--before: {exc}")
    root = Path(args.to) if args.to else archive_root()
    if root.exists() and not root.is_dir():
        return _fail(f"--to: 不是目录 / not a folder: {root}")
    bar = tqdm(desc="readings archive", unit=" rows", disable=None, file=sys.stderr)

    def month_done(month: str, rows: int) -> None:
        bar.update(rows)
        bar.set_postfix_str(month)

    try:
        summary = archive_readings(root, before, drop=args.drop, progress=month_done)
    except (ArchiveError, OSError) as exc:
        bar.close()
        return _archive_failed(exc)
    bar.close()
    if args.json:
        _dump({"archive": str(root), "months": summary.months, "rows": summary.rows, "dropped": summary.dropped})
    else:
        print(f"已归档 archived {summary.rows} 条读数 readings, {len(summary.months)} 个月 months → {root}"
              + (f"；已从在线表删除 dropped from the hot table: {summary.dropped}" if args.drop else ""))
    return OK


def _output_problem(out: Path) -> str | None:
    """None if `out` may receive rollups: absent, empty, or a folder of earlier rollup files only."""
    if not out.exists():
        return None
    if not out.is_dir():
        return f"--output: 不是目录 / not a folder: {out}"
    others = [p.name for p in out.iterdir() if not (p.suffix in (".parquet", ".crc") or p.name.startswith(
        ("_SUCCESS", "._SUCCESS", "part-")))]
    if others:
        return f"--output: 目录中有其他文件，拒绝覆盖 / the folder holds other files, not overwritten: {others[0]}"
    return None


def _parquet_rows(folder: Path) -> int:
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    return sum(int(pq.read_metadata(p).num_rows) for p in folder.glob("*.parquet"))


def cmd_rollups_compute(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from carbonpeak.monitoring.archive.layout import ArchiveError
    from carbonpeak.monitoring.archive.service import archive_coefficients, load_rollups
    from carbonpeak.monitoring.figures.energy import current_factors

    root = Path(args.input)
    out = Path(args.output) if args.output else None
    if out is not None and (problem := _output_problem(out)):
        return _fail(problem)
    if args.master and args.engine != "spark":
        return _fail("--master: 只用于 --engine spark / only with --engine spark")
    steps = tqdm(total=3, desc=f"rollups ({args.engine})", unit=" steps", disable=None, file=sys.stderr)
    try:
        factors = current_factors()
        coefficients = archive_coefficients(root, factors)
        steps.update(1)
        if args.engine == "duckdb":
            from carbonpeak.monitoring.archive import duck

            table = duck.compute(root, coefficients)
            steps.update(1)
            written = duck.write(table, out) if out is not None else None
            rows = table.num_rows
        else:
            from carbonpeak.monitoring.archive import spark as engine

            try:
                session = engine.session(args.master or "local[*]")
            except Exception as exc:  # the JVM did not start: no Java, a cluster not reachable
                steps.close()
                return _fail(f"--master: 无法启动 Spark（需要 Java 17：scripts/ensure-system-packages.sh）/ "
                             f"Spark did not start (Java 17 needed: scripts/ensure-system-packages.sh): {exc}")
            frame = engine.compute(session, root, coefficients)
            steps.update(1)
            if out is not None:
                written = engine.write(frame, out)
                rows = _parquet_rows(out)  # from the footers: no second Spark job
                table = None
            else:
                table, written = engine.to_arrow(frame), None
                rows = table.num_rows
        if args.load and table is not None:
            load_rollups(table)
        steps.update(1)
    except (ArchiveError, OSError, ValueError) as exc:
        steps.close()
        return _archive_failed(exc)
    steps.close()
    where = f"→ {written}" if written is not None else "已载入数据库 / loaded into the database"
    print(f"汇总 rollups ({args.engine}, {factors.label}): {rows} 行 rows {where}")
    return OK


def cmd_rollups_coefficients(args: argparse.Namespace) -> int:
    import pyarrow.parquet as pq

    from carbonpeak.monitoring.archive.duck import coefficient_table
    from carbonpeak.monitoring.archive.layout import ArchiveError
    from carbonpeak.monitoring.archive.service import archive_coefficients
    from carbonpeak.monitoring.figures.energy import current_factors

    try:
        coefficients = archive_coefficients(Path(args.input), current_factors())
    except (ArchiveError, ValueError) as exc:
        return _archive_failed(exc)
    pq.write_table(coefficient_table(coefficients), args.out)
    print(f"系数 coefficients: {len(coefficients)} 行 rows → {args.out}")
    return OK


def cmd_synth(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from carbonpeak.monitoring.api import instant
    from carbonpeak.monitoring.archive.synth import synthesize

    if args.channels < 1 or args.days < 1:
        return _fail("--channels/--days: 须为正整数 / must be positive numbers")
    out = Path(args.out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        return _fail(f"--out: 须为不存在的或空的目录 / must be a new or empty folder: {out}")
    try:
        start = instant(args.start) if args.start else None
    except ValueError as exc:
        return _fail(f"--start: {exc}")
    bar = tqdm(total=args.channels, desc="monitoring synth", unit=" channels", disable=None, file=sys.stderr)

    def advanced(channels: int) -> None:
        bar.update(channels)

    summary = synthesize(args.channels, args.days, out, start=start, progress=advanced)
    bar.close()
    rate = summary.readings / summary.seconds if summary.seconds else 0.0
    print(f"合成 synthesized {summary.readings} 条读数 readings, {summary.channels} 个计量点 channels, "
          f"{summary.partitions} 个分区 partitions ({summary.seconds:.1f} s, {rate:,.0f} /s) → {out}")
    return OK


# --- monitoring: demo, alerts, tokens -------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from carbonpeak.audit.actors import of_command
    from carbonpeak.monitoring.demo.load import load_demo

    if args.days < 1 or args.units < 1:
        return _fail("--days/--units: 须为正整数 / must be positive numbers")

    summary = load_demo(days=args.days, units=args.units, progress=True,
                        actor_label=of_command("monitoring demo"))
    print(f"演示数据 / demo: {summary.units} 家单位 units, {summary.meters} 个计量点 meters, "
          f"{summary.readings} 条读数 readings ({summary.seconds:.1f} s)")
    return OK


def cmd_alerts(args: argparse.Namespace) -> int:
    from carbonpeak.audit.actors import of_command
    from carbonpeak.monitoring.alerts.services import evaluate
    from carbonpeak.monitoring.readings.parsing import parse_timestamp
    from carbonpeak.monitoring.readings.sql import moment

    try:
        now = moment(parse_timestamp(args.now)) if args.now else None
    except ValueError as exc:
        return _fail(f"--now: {exc}")
    summary = evaluate(now, actor_label=of_command("monitoring alerts"))
    if args.json:
        _dump(summary.as_dict())
    else:
        print(f"新告警 opened {summary.opened} · 仍存在 kept {summary.kept} · 自动关闭 closed {summary.closed}")
    return OK


def cmd_rebuild(args: argparse.Namespace) -> int:
    from django.db import transaction

    from carbonpeak.monitoring.figures.energy import current_factors
    from carbonpeak.monitoring.models import KeyUnit
    from carbonpeak.monitoring.readings.rollups import rebuild, recompute_tce

    factors = current_factors()
    if args.tce_only:
        with transaction.atomic():
            rows = recompute_tce(factors)
        print(f"已按因子集 {factors.label} 重算 tce/CO2 / recomputed with {factors.label}: {rows} rows")
        return OK
    units = KeyUnit.objects.filter(code__in=args.unit) if args.unit else KeyUnit.objects.all()
    if args.unit and units.count() != len(set(args.unit)):
        return _fail("--unit: 未登记的单位 / unknown unit")
    with transaction.atomic():
        rebuild(units, factors)
    print(f"已由读数重建汇总 / rollups rebuilt from the readings: {units.count()} units ({factors.label})")
    return OK


def cmd_token_issue(args: argparse.Namespace) -> int:
    from carbonpeak.audit.actors import of_command
    from carbonpeak.monitoring.models import KeyUnit
    from carbonpeak.monitoring.registry import tokens

    unit = KeyUnit.objects.filter(code=args.unit).first()
    if unit is None:
        return _fail(f"UNIT: 未登记的单位 / unknown unit {args.unit!r}")
    try:
        token, clear = tokens.issue(unit, args.name, actor_label=of_command("monitoring token issue"))
    except tokens.TokenError as exc:
        return _fail(f"--name: {exc}")
    print(f"令牌 {token.pk}（{unit.code}：{token.name}）只显示这一次，请妥善保存 / "
          f"token {token.pk} ({unit.code}: {token.name}) is shown only this once:", file=sys.stderr)
    print(clear)
    return OK


def cmd_token_revoke(args: argparse.Namespace) -> int:
    from carbonpeak.audit.actors import of_command
    from carbonpeak.monitoring.models import UnitToken
    from carbonpeak.monitoring.registry import tokens

    token = UnitToken.objects.filter(pk=args.id).select_related("unit").first()
    if token is None:
        return _fail(f"ID: 没有该令牌 / no token {args.id}")
    try:
        tokens.revoke(token, actor_label=of_command("monitoring token revoke"))
    except tokens.TokenError as exc:
        print(f"{exc}", file=sys.stderr)
        return BAD_INPUT
    print(f"已吊销 / revoked: {token.pk} ({token.unit.code}: {token.name})")
    return OK


def register(sub: Any) -> None:
    """Add this room's subcommands to the top-level parser."""
    for what, columns in (("units", "code,name,uscc,industry_code,town,data_center…"),
                          ("meters", "code,unit_code,energy_type,unit,kind,multiplier,role…")):
        group = sub.add_parser(what, help=f"重点用能单位登记 / key-unit registry: {what}").add_subparsers(
            dest=f"{what}_command", required=True)
        p = group.add_parser("import", help=f"导入或更新（CSV/xlsx：{columns}）；任一行有误则整个文件不导入 / "
                                            "import or update; a file with any bad row is refused whole")
        p.add_argument("file")
        p.add_argument("--json", action="store_true", help="输出 JSON / answer as JSON")
        p.set_defaults(func=cmd_units_import if what == "units" else cmd_meters_import)

    group = sub.add_parser("readings", help="计量读数 / meter readings").add_subparsers(
        dest="readings_command", required=True)
    p = group.add_parser("import", help="导入读数（CSV 或 JSON：meter,timestamp,value），逐行接收或拒收 / "
                                        "import readings, each row accepted or rejected on its own")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="输出 JSON 报告 / answer the report as JSON")
    p.add_argument("--chunk", type=int, default=50_000,
                   help="每批行数，每批单独提交并确认 / rows per committed, acknowledged chunk (50000)")
    p.set_defaults(func=cmd_readings_import)
    p = group.add_parser("export", help="导出读数及校验标记 / export readings with their flags")
    p.add_argument("--meter", required=True)
    p.add_argument("--start", required=True, help="ISO 8601；无时区为北京时间 / naive = Beijing time")
    p.add_argument("--end", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_readings_export)

    p = group.add_parser("archive", help="将读数（含标记与电量）归档为按年月分区的 Parquet / archive readings with "
                                         "their flags and energy to Parquet partitioned by year and month")
    p.add_argument("--before", help="归档此日期前结束的整月（默认：12 个月前的月初）/ archive the whole months ending "
                                    "by this date (default: the start of the month 12 months ago)")
    p.add_argument("--to", help="归档目录（默认 $CARBONPEAK_READINGS_ARCHIVE 或 数据目录/readings-archive）/ the "
                                "archive folder")
    p.add_argument("--drop", action="store_true", help="归档后从在线表删除这些读数 / then drop them from the hot table")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_readings_archive)

    group = sub.add_parser("rollups", help="由归档计算汇总 / rollups from an archive").add_subparsers(
        dest="rollups_command", required=True)
    p = group.add_parser("compute", help="用 DuckDB 或 Spark 由 Parquet 归档计算汇总 / compute rollups from a Parquet "
                                         "archive with DuckDB or Spark")
    p.add_argument("--engine", choices=("duckdb", "spark"), required=True)
    p.add_argument("--input", required=True, help="归档目录 / the archive folder")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--output", help="写为 Parquet 的目录 / write Parquet into this folder")
    target.add_argument("--load", action="store_true",
                        help="载入数据库（替换相同时段的汇总行）/ load into the database")
    p.add_argument("--master", help="Spark master（默认 local[*]；集群如 spark://host:7077）/ Spark master URL")
    p.set_defaults(func=cmd_rollups_compute)
    p = group.add_parser("coefficients", help="写出归档所需的折标与排放系数（供集群 spark-submit）/ write the "
                                              "coefficients an archive needs (for spark-submit on a cluster)")
    p.add_argument("--input", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_rollups_coefficients)

    group = sub.add_parser("monitoring", help="能耗在线监测 / energy monitoring").add_subparsers(
        dest="monitoring_command", required=True)
    p = group.add_parser("demo", help="载入演示单位、计量点与读数 / load demo units, meters and readings")
    p.add_argument("--days", type=int, default=730, help="读数天数 / days of readings (730: two years)")
    p.add_argument("--units", type=int, default=50, help="单位数 / units (50)")
    p.set_defaults(func=cmd_demo)
    p = group.add_parser("synth", help="合成省级规模读数，直接写为 Parquet 归档 / write a synthetic fleet's readings "
                                       "straight to a Parquet archive")
    p.add_argument("--channels", type=int, required=True, help="计量点数 / meters")
    p.add_argument("--days", type=int, required=True, help="天数 / days")
    p.add_argument("--out", required=True, help="新的或空的目录 / a new or empty folder")
    p.add_argument("--start", help="起始日（本地时间，默认 2025-01-01）/ first day (local, default 2025-01-01)")
    p.set_defaults(func=cmd_synth)
    p = group.add_parser("alerts", help="评估告警（每日运行，可重复）/ evaluate alerts (daily, idempotent)")
    p.add_argument("--now", help="按此时刻评估 / evaluate as of this time (ISO 8601)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_alerts)
    p = group.add_parser("rebuild", help="由读数重建汇总，或按当前因子集重算 tce/CO2 / rebuild rollups from the "
                                         "readings, or recompute their tce and CO2 after a factor set changed")
    p.add_argument("--unit", action="append", help="只重建这些单位（可重复）/ only these units (repeatable)")
    p.add_argument("--tce-only", action="store_true", help="只重算 tce/CO2 / only recompute tce and CO2")
    p.set_defaults(func=cmd_rebuild)
    tok = group.add_parser("token", help="单位接入令牌 / unit tokens").add_subparsers(
        dest="token_command", required=True)
    p = tok.add_parser("issue", help="签发令牌（只显示一次）/ issue a token (shown once)")
    p.add_argument("unit", metavar="UNIT")
    p.add_argument("--name", required=True)
    p.set_defaults(func=cmd_token_issue)
    p = tok.add_parser("revoke", help="吊销令牌 / revoke a token")
    p.add_argument("id", metavar="ID", type=int)
    p.set_defaults(func=cmd_token_revoke)
