"""`carbonpeak jobs run`: the periodic jobs, once, when due, or as a loop beside the web server.

Exit codes: 0 every job ran (or was already running elsewhere); 1 a job failed (recorded, the
others ran); 2 an argument is wrong. `--json` answers on stdout, messages go to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import signal
import sys
from typing import Any

OK, FAILED, BAD_ARGUMENT = 0, 1, 2


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return BAD_ARGUMENT


def _as_of(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--as-of: 应为日期 YYYY-MM-DD / must be a date YYYY-MM-DD ({text!r})") from None
    if not 2000 <= day.year <= 2100:
        raise ValueError(f"--as-of: 年份应在 2000–2100 之间 / the year must be 2000–2100 ({text})")
    return day


def _print(results: list[Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps({"jobs": [r.as_dict() for r in results]}, ensure_ascii=False, indent=2))
        return
    for r in results:
        counts = " ".join(f"{k}={v}" for k, v in r.counts.items())
        outcome = {"ok": "完成 ok", "failed": "失败 failed", "locked": "运行中，跳过 already running"}[r.outcome]
        print(f"{r.job:<26} {outcome:<14} {counts} {r.error}".rstrip(), file=sys.stderr)


def cmd_run(args: argparse.Namespace) -> int:
    from carbonpeak.audit.actors import of_command
    from carbonpeak.jobs import runner
    from carbonpeak.jobs.models import Trigger

    if args.loop and (args.once or args.as_of):
        return _fail("--loop: 不能与 --once 或 --as-of 同用 / cannot be combined with --once or --as-of")
    try:
        as_of = _as_of(args.as_of)
        jobs = runner.check_names(args.job)
    except (ValueError, runner.UnknownJob) as exc:
        return _fail(str(exc))
    label = of_command("jobs run --loop" if args.loop else "jobs run")
    if args.loop:
        stopping = {"now": False}

        def stop(*_: Any) -> None:
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        print(f"定时任务循环已启动 / jobs loop started: {', '.join(j.name for j in jobs)}", file=sys.stderr)
        runner.loop(jobs, actor_label=label, report=lambda rs: _print(rs, args.json), stop=lambda: stopping["now"])
        return OK
    if args.once or as_of is not None:
        from tqdm import tqdm

        with tqdm(total=len(jobs), desc="carbonpeak jobs", unit="job", disable=args.json, file=sys.stderr) as bar:
            def step(name: str) -> None:
                bar.set_postfix_str(name)
                bar.update()

            results = runner.run_all(jobs, as_of=as_of, trigger=Trigger.ONCE, actor_label=label, progress=step)
    else:
        results = runner.run_due(jobs, actor_label=label)
    _print(results, args.json)
    return FAILED if any(r.outcome == "failed" for r in results) else OK


def register(sub: Any) -> None:
    group = sub.add_parser("jobs", help="定时任务 / periodic jobs").add_subparsers(dest="jobs_command", required=True)
    p = group.add_parser("run", help="运行到期的定时任务 / run the jobs that are due")
    p.add_argument("--loop", action="store_true", help="持续运行，按计划执行 / keep running, each job on its schedule")
    p.add_argument("--once", action="store_true", help="立即运行全部（或所选）任务 / run every (or the chosen) job now")
    p.add_argument("--job", action="append", metavar="NAME", help="只运行此任务（可重复）/ only this job (repeatable)")
    p.add_argument("--as-of", help="按此日期运行 / run as on this date (YYYY-MM-DD); implies --once")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_run)
