"""Benchmark: parse, first load, reload (no change) and export of the bundled plan.

Run: .venv/bin/python bench/bench_plan_load.py [--repeat N]
Uses a temporary SQLite database (or DATABASE_URL if set) and prints figures; never
asserts on time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), min(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carbonpeak.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from carbonpeak.cli import bundled_plan_path
    from carbonpeak.plan.export import breakdown_table_xlsx, plan_as_dict
    from carbonpeak.plan.models import Plan
    from carbonpeak.plan.plan_file import load_plan_file
    from carbonpeak.plan.services import load_plan_from_path

    call_command("migrate", verbosity=0)
    path = bundled_plan_path()

    median, best = timed(lambda: load_plan_file(path), args.repeat)
    tracemalloc.start()
    load_plan_file(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"parse+validate YAML   median {median * 1e3:7.1f} ms  best {best * 1e3:7.1f} ms"
          f"  peak {peak / 2**20:.1f} MiB")

    start = time.perf_counter()
    first = load_plan_from_path(path, actor_label="bench")
    print(f"first load (empty db) {(time.perf_counter() - start) * 1e3:7.1f} ms  "
          f"({sum(first.counts.values())} change records)")

    median, best = timed(lambda: load_plan_from_path(path, actor_label="bench"), args.repeat)
    print(f"reload, no change     median {median * 1e3:7.1f} ms  best {best * 1e3:7.1f} ms")

    plan = Plan.objects.get(code="jinshan-2023")
    median, best = timed(lambda: plan_as_dict(plan), args.repeat)
    print(f"export JSON dict      median {median * 1e3:7.1f} ms  best {best * 1e3:7.1f} ms")
    median, best = timed(lambda: breakdown_table_xlsx(plan), args.repeat)
    print(f"export xlsx           median {median * 1e3:7.1f} ms  best {best * 1e3:7.1f} ms")


if __name__ == "__main__":
    main()
