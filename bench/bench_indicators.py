"""Benchmark: indicator progress (pure) and the status of a whole plan (with the database).

Run: .venv/bin/python bench/bench_indicators.py [--indicators N] [--years N] [--repeat N]

1. Pure: `progress.evaluate` on N synthetic indicators (seed 7) of every target kind, each
   with a monthly series over the given years — what a district with many indicators and
   monthly reporting asks of it.
2. Observation rows: `observations.check_rows` on 10,000 CSV-like rows with unit conversion.
3. Database: `services.evaluate_plan` for the bundled plan with the demo series, in an
   in-memory SQLite database set up like `carbonpeak setup`.
Prints figures; never asserts on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import time
from collections.abc import Callable
from typing import Any

from carbonpeak.indicators import progress as pg
from carbonpeak.indicators.observations import IndicatorInfo, check_rows
from carbonpeak.plan.vocabulary import Cycle, Direction, TargetKind

KINDS = (TargetKind.LEVEL, TargetKind.CHANGE_VS_BASE, TargetKind.CUMULATIVE_ADDITION, TargetKind.HOLD_EVERY_YEAR,
         TargetKind.RELATIVE_TO_REFERENCE)


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def synthetic(n: int, years: int, rng: random.Random) -> list[tuple[pg.IndicatorSpec, list[pg.Point]]]:
    out = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        direction = Direction.INCREASE if rng.random() < 0.7 else Direction.DECREASE
        target = pg.Target(2030, kind, rng.uniform(10, 90), 2023 if kind == TargetKind.HOLD_EVERY_YEAR else None,
                           "city" if kind == TargetKind.RELATIVE_TO_REFERENCE else "")
        spec = pg.IndicatorSpec(f"i{i}", direction, (target,), base_year=2020, cycle=Cycle.MONTH)
        points = []
        for y in range(2021, 2021 + years):
            for m in range(1, 13):
                start = dt.date(y, m, 1)
                label = f"{y}-{m:02d}"
                points.append(pg.Point(start, pg.period_end(start, label), label, rng.uniform(0, 100),
                                       rng.uniform(0, 100)))
        out.append((spec, points))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--indicators", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {dt.date.today()}")

    data = synthetic(args.indicators, args.years, random.Random(7))
    as_of = dt.date(2021 + args.years, 6, 30)
    seconds = best(lambda: [pg.evaluate(s, p, as_of) for s, p in data], args.repeat)
    points = sum(len(p) for _, p in data)
    print(f"progress.evaluate: {args.indicators:,} indicators × {points // args.indicators} monthly values: "
          f"{seconds * 1e3:.0f} ms ({seconds / args.indicators * 1e6:.1f} µs per indicator)")

    catalogue = {"pv": IndicatorInfo("pv", "MW", frozenset({TargetKind.CUMULATIVE_ADDITION}), 0.0, None),
                 "rate": IndicatorInfo("rate", "percent", frozenset({TargetKind.LEVEL}), 0.0, 100.0)}
    rows = [{"indicator": "pv" if i % 2 else "rate", "period": f"{2000 + i // 12 % 150}-{i % 12 + 1:02d}",
             "value": str(i % 97), "unit": "万千瓦" if i % 2 else "%"} for i in range(10_000)]
    seconds = best(lambda: check_rows(rows, catalogue), args.repeat)
    print(f"observations.check_rows: 10,000 rows with unit conversion: {seconds * 1e3:.0f} ms "
          f"({10_000 / seconds:,.0f} rows/s)")

    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carbonpeak.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from carbonpeak.accounting.demo import load_demo_accounting
    from carbonpeak.accounting.services import sync_bundled_factor_sets
    from carbonpeak.cli import bundled_plan_path
    from carbonpeak.indicators.demo import load_demo_observations
    from carbonpeak.indicators.derive import derive_all
    from carbonpeak.indicators.evaluation import evaluate_plan
    from carbonpeak.plan.services import load_plan_from_path

    plan = load_plan_from_path(bundled_plan_path(), actor_label="bench").plan
    sync_bundled_factor_sets(actor_label="bench")
    load_demo_accounting("bench")
    load_demo_observations(plan, "bench")
    seconds = best(lambda: derive_all(plan, actor_label="bench"), args.repeat)
    print(f"derive_all (energy intensity from 6 years of accounting data): {seconds * 1e3:.0f} ms")
    seconds = best(lambda: evaluate_plan(plan, dt.date(2026, 11, 24)), args.repeat)
    print(f"evaluate_plan: {plan.indicators.count()} indicators with the demo series: {seconds * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
