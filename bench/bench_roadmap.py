"""Benchmark: the roadmap scenario engine (pure numpy).

Run: .venv/bin/python bench/bench_roadmap.py [--runs N] [--horizon YEAR] [--repeat N]

1. Monte Carlo: N runs (default 10,000) of the bundled plan scenario over 2020–horizon (default
   2060), every input of data/distributions.yaml drawn, one chunked batch.
2. Exact Shapley attribution of 16 measures (the plan's 15 levers and one generic measure)
   against the baseline over the same years: all 2^16 = 65,536 subsets evaluated as one
   chunked batch, then combined with Shapley weights.
3. One scenario run with everything by sector and fuel, for scale.
Target: under 2 s each on the project machine (2 cores). Prints figures; never asserts on time.
Peak memory is the process's maximum resident set size after each step.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from carbonpeak.roadmap.analysis import attribute, monte_carlo, run_scenario
from carbonpeak.roadmap.measures import MeasureSpec
from carbonpeak.roadmap.scenario import ScenarioSpec, default_scenarios, resolve


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--horizon", type=int, default=2060)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} cpu(s)")
    specs = default_scenarios()
    plan, baseline = resolve(specs, "plan"), resolve(specs, "baseline")
    years = args.horizon - 2020 + 1

    # Warm up imports, file reads and caches so that the timings are of the computation.
    monte_carlo(plan, 10, seed=0, horizon=args.horizon)
    print(f"memory after start-up: {max_rss_mb():.0f} MB max RSS")

    seconds, mc = best(lambda: monte_carlo(plan, args.runs, seed=42, horizon=args.horizon), args.repeat)
    print(f"Monte Carlo: {args.runs:,} runs × {years} years of the plan scenario: {seconds:.3f} s "
          f"(best of {args.repeat}); P(peak by 2030) = {mc.p_peak_by_2030:.3f}, peak-year median "
          f"{mc.peak_year_quantiles['p50']}; max RSS {max_rss_mb():.0f} MB")

    extra = MeasureSpec("bench_ccus", "intensity_change", "工业过程减排（示例）", "Process CO2 cut (example)",
                        {"sector": "industrial_process", "reduction": 0.2, "start_year": 2027, "full_year": 2035})
    p = specs["plan"]
    sixteen = dict(specs)
    sixteen["plan"] = ScenarioSpec(p.id, p.name_zh, p.name_en, p.parent, p.overrides, (*p.measures, extra))
    plan16 = resolve(sixteen, "plan")
    seconds, a = best(lambda: attribute(plan16, baseline, horizon=args.horizon), args.repeat)
    rel = a.residual / float(np.max(np.abs(a.baseline - a.scenario)))
    print(f"Exact Shapley: {len(a.measure_ids)} measures, {2 ** len(a.measure_ids):,} subsets × {years} years: "
          f"{seconds:.3f} s (best of {args.repeat}); additivity residual {a.residual:.2e} t "
          f"({rel:.1e} relative); max RSS {max_rss_mb():.0f} MB")

    seconds, r = best(lambda: run_scenario(plan, horizon=args.horizon), args.repeat)
    print(f"One scenario run with detail ({years} years): {seconds * 1000:.1f} ms; plan peak {r.peak.year}")


if __name__ == "__main__":
    main()
