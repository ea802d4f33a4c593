"""`carbonpeak roadmap …`: run stored scenarios, export pathways in the IAMC format, list, show and load
scenarios. Errors (an unknown scenario, a bad file) are printed in Chinese and English, exit code 1."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from carbonpeak.common.cli_output import write_output, xlsx_to_terminal
from carbonpeak.common.limits import InputTooLarge, decode_text, load_yaml, parse_date, read_file

BAD_INPUT = 1  # refused: every issue is printed
UNREADABLE = 2  # the file could not be read


def _refuse(exc: Any) -> int:
    print(f"输入有误，未作任何计算或修改 / rejected, nothing computed or stored ({len(exc.issues)}):", file=sys.stderr)
    for issue in exc.issues:
        print(f"  - {issue}", file=sys.stderr)
    return BAD_INPUT


def _t(value: float | None) -> str:
    return "—" if value is None else f"{value / 10_000:,.1f}"


def _print_run(data: dict[str, Any]) -> None:
    rows = [("情景 scenario", "达峰年 peak year", "峰值 peak (10⁴ tCO2)", "2030年前 by 2030", "2025能耗强度 EI 2025")]
    for sid, s in data["scenarios"].items():
        ei = s["series"].get("2025", {}).get("energy_intensity_change_pct")
        rows.append((sid, str(s["peak_year"] or "—"), _t(s["peak_co2_t"]), "是 yes" if s["before_2030"] else "否 no",
                     "—" if ei is None else f"{ei:+.1f}%"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    a = data.get("attribution")
    if a:
        last = max((int(y) for m in a["measures"].values() for y in m), default=None)
        print(f"\n措施贡献 attribution ({a['scenario']} vs {a['baseline']}, {a['method']}), {last}, 10⁴ tCO2:")
        if last is not None:
            ranked = sorted(a["measures"].items(), key=lambda kv: -abs(kv[1][str(last)]))
            for mid, by_year in ranked:
                print(f"  {mid:<40} {_t(by_year[str(last)])}")
    mc = data.get("monte_carlo")
    if mc:
        after = f">{data['run']['horizon']}" if data.get("run") else "—"
        q = ", ".join(f"{k}: {after if v is None else v}" for k, v in mc["peak_year_quantiles"].items())
        print(f"\n蒙特卡洛 Monte Carlo ({mc['scenario']}, {mc['runs']} runs, seed {mc['seed']}): "
              f"P(2030年前达峰 peak by 2030) = {mc['p_peak_by_2030']:.1%}; 达峰年分位数 peak-year quantiles {q}")
    _print_on_track(data)
    if data.get("illustrative"):
        print("\n注意：基础数据为示意数据 / note: the base data is illustrative", file=sys.stderr)


def _p(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _print_on_track(data: dict[str, Any]) -> None:
    """The progress scenario's on-track figures (`on_track` of the JSON), one line a goal."""
    goals = data.get("on_track")
    if not goals:
        return
    print(f"\n进展情景 progress scenario: 基年 base year {data.get('base_year')} (最新清单 latest inventory)")
    for goal in goals.values():
        if goal["kind"] == "peak":
            print(f"  P(达峰不晚于 peak no later than {goal['target_year']}) = {_p(goal['probability'])}")
        elif goal["kind"] == "intensity":
            print(f"  P(能耗强度 energy intensity {goal.get('target_change_pct', '—')}% by {goal['target_year']} "
                  f"vs {goal.get('base_year', '—')}) = {_p(goal['probability'])}")
        else:
            print(f"  P(能耗强度 energy intensity {goal['target_year']} < {goal['reference_year']}) = "
                  f"{_p(goal['probability'])}")


def cmd_run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from carbonpeak.roadmap import running
    from carbonpeak.roadmap.models import Scenario
    from carbonpeak.roadmap.services import RoadmapInputError

    ids = args.scenario or None
    try:
        as_of = None if args.as_of is None else parse_date(args.as_of, "--as-of")
    except InputTooLarge as exc:
        print(f"输入有误 / rejected: {exc}", file=sys.stderr)
        return BAD_INPUT
    try:
        running.check_params(args.runs, args.seed, args.horizon)
        total = running.steps(ids or list(Scenario.objects.values_list("slug", flat=True)), args.runs)
        with tqdm(total=total, desc="carbonpeak roadmap run", unit="step", file=sys.stderr) as bar:

            def step(label: str) -> None:
                bar.set_postfix_str(label)
                bar.update()

            data = running.run(ids, runs=args.runs, seed=args.seed, horizon=args.horizon, progress=step,
                               as_of=as_of)
            bar.update(total - bar.n)  # a stored result reports no steps
    except RoadmapInputError as exc:
        return _refuse(exc)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_run(data)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from carbonpeak.roadmap import running
    from carbonpeak.roadmap.services import RoadmapInputError

    if args.format == "xlsx" and xlsx_to_terminal(args.output):
        return BAD_INPUT
    try:
        data = running.export_iamc(args.scenario or None, args.format, horizon=args.horizon)
    except RoadmapInputError as exc:
        return _refuse(exc)
    write_output(data, args.output)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from carbonpeak.roadmap.models import Scenario

    rows = [("id", "父情景 parent", "版本 version", "名称 name")]
    for s in Scenario.objects.select_related("parent"):
        rows.append((s.slug + (" *" if s.bundled else ""), s.parent.slug if s.parent else "—", str(s.version),
                     f"{s.name_zh} / {s.name_en}"))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r[:3], widths, strict=True)) + "  " + r[3])
    print("* 随软件提供，只读 / bundled, read-only", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from carbonpeak.roadmap import services
    from carbonpeak.roadmap.models import Scenario
    from carbonpeak.roadmap.scenario import ScenarioError

    scenario = Scenario.objects.filter(slug=args.id).first()
    if scenario is None:
        known = ", ".join(Scenario.objects.values_list("slug", flat=True)) or "—"
        print(f"没有此情景 / no such scenario: {args.id} (有 / known: {known})", file=sys.stderr)
        return BAD_INPUT
    try:
        resolved = services.resolved(scenario.slug)
    except ScenarioError as exc:
        return _refuse(exc)
    out = {**services.as_input(scenario), "bundled": scenario.bundled, "version": scenario.version,
           "lineage": list(resolved.lineage), "parameters": dict(resolved.parameters),
           "resolved_measures": [services.measure_dict(m) for m in resolved.measures]}
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from carbonpeak.audit.actors import of_command
    from carbonpeak.roadmap.loading import load_mapping
    from carbonpeak.roadmap.services import RoadmapInputError

    try:  # bounded: size, encoding (UTF-8 or GBK), YAML nesting (common/limits)
        raw = load_yaml(decode_text(read_file(Path(args.file))))
    except InputTooLarge as exc:
        print(f"无法读取 / cannot read: {exc}", file=sys.stderr)
        return UNREADABLE
    try:
        summary = load_mapping(raw, where=Path(args.file).name, actor_label=of_command("roadmap scenarios load"))
    except RoadmapInputError as exc:
        return _refuse(exc)
    print(f"新增 created {len(summary.created)} · 更新 updated {len(summary.updated)} · "
          f"无变化 unchanged {len(summary.unchanged)}")
    return 0


def _scenario_args(p: argparse.ArgumentParser) -> None:
    from carbonpeak.roadmap.build import DEFAULT_HORIZON

    p.add_argument("--scenario", action="append", metavar="ID", help="情景代码，可重复；默认全部 / scenario id, "
                                                                      "repeatable; default: all")
    p.add_argument("--horizon", type=int, default=DEFAULT_HORIZON, help="末年 / last year (default %(default)s)")


def register(sub: Any) -> None:
    """Add this room's subcommands to the top-level parser."""
    from carbonpeak.roadmap.uncertainty import DEFAULT_RUNS  # pure: the parser is built before Django is set up

    group = sub.add_parser("roadmap", help="碳达峰路线图 / carbon-peak roadmap scenarios").add_subparsers(
        dest="roadmap_command", required=True)
    p = group.add_parser("run", help="运行情景 / run scenarios")
    _scenario_args(p)
    p.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="蒙特卡洛次数 / Monte Carlo runs (0: none)")
    p.add_argument("--seed", type=int, default=0, help="随机种子 / random seed")
    p.add_argument("--json", action="store_true", help="输出 JSON / answer as JSON")
    p.add_argument("--as-of", dest="as_of", metavar="DATE", help="进展情景读取截至该日的数据 / the progress "
                   "scenario reads the data as of this date (YYYY-MM-DD; default today)")
    p.set_defaults(func=cmd_run)
    p = group.add_parser("export", help="IAMC 格式导出 / export pathways in the IAMC format")
    _scenario_args(p)
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    p.add_argument("-o", "--output", help="输出文件，默认标准输出 / output file (default stdout)")
    p.set_defaults(func=cmd_export)
    scen = group.add_parser("scenarios", help="情景 / scenarios").add_subparsers(dest="scenarios_command",
                                                                                required=True)
    scen.add_parser("list", help="列出情景 / list scenarios").set_defaults(func=cmd_list)
    p = scen.add_parser("show", help="显示情景（含继承结果）/ show a scenario, resolved")
    p.add_argument("id")
    p.set_defaults(func=cmd_show)
    p = scen.add_parser("load", help="从 YAML 文件载入情景 / load scenarios from a YAML file")
    p.add_argument("file")
    p.set_defaults(func=cmd_load)
