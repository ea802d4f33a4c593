"""The `carbonpeak` console command: set-up, serving, plan import and export.

Later capabilities add their subcommands here (one `add_parser` block each). Database
and settings come from the environment (DATABASE_URL …), like the web server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from carbonpeak.audit.actors import of_command
from carbonpeak.common.cli_output import write_output, xlsx_to_terminal

BUNDLED_PLAN = "jinshan-2023.yaml"


def bundled_plan_path() -> Path:
    return Path(str(resources.files("carbonpeak") / "data" / "plans" / BUNDLED_PLAN))


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carbonpeak.settings")
    import django

    django.setup()


def cmd_setup(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from tqdm import tqdm

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    steps = ["migrate", "static", "plan", "factors", "roadmap", "demo"]
    with tqdm(total=len(steps), desc="carbonpeak setup", unit="step") as bar:
        call_command("migrate", interactive=False, verbosity=0)
        bar.update()
        call_command("collectstatic", interactive=False, verbosity=0)
        bar.update()
        from carbonpeak.plan.services import load_plan_from_path

        result = load_plan_from_path(bundled_plan_path(), actor_label=of_command("setup"))
        bar.update()
        from carbonpeak.accounting.services import sync_bundled_factor_sets

        sync_bundled_factor_sets(actor_label=of_command("setup"))
        bar.update()
        from carbonpeak.roadmap.loading import load_defaults
        from carbonpeak.roadmap.running import dashboard_peak

        load_defaults(actor_label=of_command("setup"))  # idempotent; users' scenarios are never touched
        dashboard_peak()  # computed once here, so the dashboard's first visit finds it stored
        bar.update()
        demo = settings.CARBONPEAK_DEMO_USERS
        if demo:
            from carbonpeak.accounting.demo import load_demo_accounting
            from carbonpeak.people.demo import ensure_demo_users

            ensure_demo_users()
            load_demo_accounting(actor_label=of_command("setup"))
            from carbonpeak.indicators.demo import load_demo_observations
            from carbonpeak.indicators.derive import derive_all
            from carbonpeak.indicators.warnings import raise_warnings
            from carbonpeak.monitoring.alerts.services import evaluate as evaluate_alerts
            from carbonpeak.monitoring.demo.load import SETUP_DAYS, load_demo
            from carbonpeak.roadmap.tracking import refresh_progress

            load_demo_observations(result.plan, actor_label=of_command("setup"))
            # The last weeks of the demo fleet: a few seconds.
            load_demo(days=SETUP_DAYS, actor_label=of_command("setup"))
            from carbonpeak.indicators.place_demo import split_demo_targets

            # Two meter-derived indicators split to the places that have demo figures (the 分地区晴雨表).
            split_demo_targets(result.plan, dt.date.today(), actor_label=of_command("setup"))
            # The figures that flow from the demo data, as the jobs loop would make them.
            derive_all(result.plan, actor_label=of_command("setup"))
            raise_warnings(result.plan, actor_label=of_command("setup"))
            evaluate_alerts(actor_label=of_command("setup"))
            refresh_progress(dt.date.today(), actor_label=of_command("setup"))  # the dashboard's on-track cards
            from carbonpeak.enterprise.demo import load_demo_enterprise

            # The previous year's filings, accepted, graded and partly published (illustrative).
            load_demo_enterprise(actor_label=of_command("setup"))
            from carbonpeak.supervision.demo import load_demo_supervision

            # The last half-year's dispatch round, reported and reviewed (illustrative): the tasks' progress.
            load_demo_supervision(result.plan, actor_label=of_command("setup"))
        bar.update()
    plan = result.plan
    print(f"方案 / plan: {plan.title}（{plan.document_number}）"
          f" — {plan.actions.count()} 项行动 actions, {plan.tasks.count()} 项任务 tasks,"
          f" {plan.indicators.count()} 个指标 indicators")
    if demo:
        from carbonpeak.people.demo import DEMO_PASSWORD, DEMO_USERS

        print(f"演示账号 / demo users (密码 password: {DEMO_PASSWORD}):")
        for u in DEMO_USERS:
            print(f"  {u.username:<11} {u.role.label}: {u.description}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from django.conf import settings

    from carbonpeak import server

    kind = args.server or (server.GUNICORN if server.can_fork() else server.WAITRESS)
    if kind == server.GUNICORN and not server.can_fork():
        print("此系统不能派生进程，请用 --server waitress / this system cannot fork processes: use --server waitress",
              file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print("--workers 至少为 1 / must be at least 1", file=sys.stderr)
        return 2
    if args.threads < 1:
        print("--threads 至少为 1 / must be at least 1", file=sys.stderr)
        return 2
    opts = server.ServeOptions(host=args.host, port=args.port, workers=args.workers, threads=args.threads,
                               worker_class=args.worker_class, behind_proxy=settings.CARBONPEAK_BEHIND_PROXY)
    if kind == server.WAITRESS:
        how = f"waitress, 1 个进程 process × {opts.threads} 线程 threads"
    else:
        workers = opts.workers or server.default_workers(opts.worker_class)
        how = f"gunicorn {opts.worker_class}, {workers} 个进程 processes"
        if opts.worker_class == "gthread":
            how += f" × {opts.threads} 线程 threads"
    # Behind a reverse proxy (CARBONPEAK_BEHIND_PROXY) the client's address is the last X-Forwarded-For entry
    # and the scheme comes from X-Forwarded-Proto; otherwise neither header is believed (carbonpeak/server.py).
    print(f"CarbonPeak 碳达峰实施管理平台: http://{args.host}:{args.port}/  ({how}; Ctrl+C 停止 / to stop)",
          flush=True)
    if kind == server.WAITRESS:
        server.serve_waitress(opts)
    else:
        server.serve_gunicorn(opts)
    return 0


def cmd_plan_load(args: argparse.Namespace) -> int:
    from carbonpeak.plan.plan_file import PlanFileError
    from carbonpeak.plan.services import load_plan_from_path

    try:
        result = load_plan_from_path(Path(args.file), actor_label=of_command("plan load"))
    except PlanFileError as exc:
        print(f"方案文件有误，未作任何修改 / plan file rejected, nothing changed ({len(exc.issues)}):",
              file=sys.stderr)
        for issue in exc.issues:
            print(f"  - {issue}", file=sys.stderr)
        return 2
    if not result.changed:
        print(f"无变化 / unchanged: {result.plan.code}")
    else:
        summary = ", ".join(f"{k}={v}" for k, v in sorted(result.counts.items()))
        print(f"已载入 / loaded {result.plan.code}: {summary}")
    return 0


def cmd_plan_export(args: argparse.Namespace) -> int:
    from carbonpeak.plan.export import breakdown_table_xlsx, plan_as_dict
    from carbonpeak.plan.models import Plan

    plan = Plan.objects.filter(code=args.plan).first() if args.plan else Plan.objects.order_by("id").first()
    if plan is None:
        print(f"找不到方案 / no such plan: {args.plan or '(none loaded; run carbonpeak setup)'}",
              file=sys.stderr)
        return 2
    if args.format == "json":
        data = json.dumps(plan_as_dict(plan), ensure_ascii=False, indent=2).encode()
    else:
        data = breakdown_table_xlsx(plan, with_places=True)
        if xlsx_to_terminal(args.output):
            return 2
    write_output(data, args.output)
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["carbonpeak manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="carbonpeak", description="CarbonPeak 碳达峰实施管理平台")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("setup", help="迁移数据库、载入方案与演示数据 / migrate, load plan and demo data")
    p.set_defaults(func=cmd_setup)

    p = sub.add_parser("serve", help="启动网页服务 / serve the web application")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=None,
                   help="进程数，默认按处理器核数 / worker processes (default: from the core count)")
    p.add_argument("--threads", type=int, default=4, help="每个进程的线程数 / threads per process")
    p.add_argument("--worker-class", choices=["gthread", "sync"], default="gthread",
                   help="gunicorn 工作进程类型 / gunicorn worker class")
    p.add_argument("--server", choices=["gunicorn", "waitress"], default=None,
                   help="默认 gunicorn，不能派生进程的系统用 waitress / gunicorn, or waitress where fork is missing")
    p.set_defaults(func=cmd_serve)

    plan = sub.add_parser("plan", help="方案数据 / plan data").add_subparsers(dest="plan_command", required=True)
    p = plan.add_parser("load", help="校验并载入方案文件 / validate and load a plan file")
    p.add_argument("file")
    p.set_defaults(func=cmd_plan_load)
    p = plan.add_parser("export", help="导出方案 / export the plan")
    p.add_argument("--format", choices=["json", "xlsx"], default="json")
    p.add_argument("-o", "--output", help="输出文件，默认标准输出 / output file (default stdout)")
    p.add_argument("--plan", help="方案代码 / plan code (default: the first loaded)")
    p.set_defaults(func=cmd_plan_export)

    from carbonpeak.accounting.cli import register as register_accounting

    register_accounting(sub)
    from carbonpeak.supervision.cli import register as register_supervision

    register_supervision(sub)
    from carbonpeak.indicators.cli import register as register_indicators

    register_indicators(sub)
    from carbonpeak.review.cli import register as register_review

    register_review(sub)
    from carbonpeak.monitoring.cli import register as register_monitoring

    register_monitoring(sub)
    from carbonpeak.enterprise.cli import register as register_enterprise

    register_enterprise(sub)
    from carbonpeak.roadmap.cli import register as register_roadmap

    register_roadmap(sub)
    from carbonpeak.jobs.cli import register as register_jobs

    register_jobs(sub)
    from carbonpeak.audit.cli import register as register_audit

    register_audit(sub)
    from carbonpeak.backup.cli import register as register_backup

    register_backup(sub)
    from carbonpeak.people.cli import register as register_people

    register_people(sub)

    p = sub.add_parser("manage", help="Django 管理命令 / Django management commands")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _django()
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
