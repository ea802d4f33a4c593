"""Benchmark: one full pass of the periodic jobs (`carbonpeak jobs run --once --as-of DAY`), per job and in total.

Run: .venv/bin/python bench/bench_jobs.py [--units N] [--skip-demo] [--as-of YYYY-MM-DD] [--seed S]
     scripts/with-postgres.sh .venv/bin/python bench/bench_jobs.py   # the same on PostgreSQL

Without DATABASE_URL a fresh SQLite (WAL) file in a temporary directory is used. Steps:

0. `carbonpeak setup` on it (migrations, the bundled plan, factor sets, roadmap scenarios and, unless
   --skip-demo, the demo: users, accounting, observations and 35 days of the 50-unit monitoring fleet).
1. (a) The demo district: every job once as of the day (`runner.run_all(check_names(None), as_of=…)`,
   trigger "once", as `carbonpeak jobs run --once --as-of` does), then the same pass again with
   nothing changed.
2. (b) A synthetic district of N key units (default 2,000) added to the same database, written
   directly (the store would take hours for two years of 15-min readings): units, meters, budgets,
   month rollups at meter and unit scope for the year before the day's year and the day's year up to
   the day, the running month's unit day rollups, and four readings per meter (the first two of the
   two years, the last two before the run) so completeness and silence have real first and last
   readings. Then:
   - ceiling: the raw queries the yearly derivations need, through the cursor (no ORM): one SELECT of
     every unit and meter month rollup of the two years, and each meter's first reading; beside it the
     same rollups read once through the ORM, as model objects and as tuples;
   - the first pass and a second pass with nothing changed.
Per job: wall time (the runner's own lock and JobRun writes included), SQL statements issued, outcome
and counts. A job that fails (not yet written: ImportError, AttributeError …) is recorded as failed by
the runner, which goes on; its time is shown as not available. Prints figures; never asserts on time.
"""

from __future__ import annotations

import argparse
import atexit
import calendar
import datetime as dt
import io
import logging
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ACTOR = "bench_jobs"
FACTOR_SET = "bench-synthetic"
INTERVAL_S = 900
# GB/T 2589-2020 equivalent-value coefficients (当量值): the synthetic rollups' tce, fixed here instead
# of going through the accounting engine (the jobs only add tce up).
TCE_PER = {"electricity": 1.229e-4, "natural_gas": 1.2143e-3}  # t per kWh, per m3
TCE_EQUAL_PER = {"electricity": 3.0e-4, "natural_gas": 1.2143e-3}
CO2_PER = {"electricity": 4.2e-4, "natural_gas": 2.16e-3}
UOM = {"electricity": "kWh", "natural_gas": "m3"}
TOWNS = ("金山卫镇", "亭林镇", "漕泾镇", "朱泾镇", "枫泾镇", "张堰镇", "吕巷镇", "廊下镇", "山阳镇", "石化街道")
# GB/T 4754-2017 classes in divisions 06–46 (mining, manufacturing, power, gas and water).
INDUSTRIAL = ("0610", "1311", "1391", "1713", "2211", "2511", "2614", "2651", "2710", "3011", "3110", "3120",
              "3311", "3484", "3670", "3825", "3982", "4411", "4430", "4610")
DATA_CENTRE_CLASS = "6450"  # 互联网数据服务
DATA_CENTRE_EVERY = 20  # one unit in 20 is a data centre (5 %); a third of them new, the rest existing
INCOMPLETE_EVERY = 23  # one unit in 23 has one month at 80 % of its readings (left out of the yearly figures)
REGISTER_EVERY = 10  # one unit in 10 is linked from a register entry (an existing plant), when the model allows


# --- set-up ---------------------------------------------------------------------------------------


def setup_database(demo: bool, keep: bool) -> tuple[str, float]:
    """A fresh SQLite file unless DATABASE_URL is set, then `carbonpeak setup` on it; (url, seconds).
    The temporary directory is removed at exit unless `keep`."""
    if not os.environ.get("DATABASE_URL"):
        work = tempfile.mkdtemp(prefix="cp-bench-jobs-")
        if not keep:
            atexit.register(shutil.rmtree, work, ignore_errors=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(work) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carbonpeak.settings")
    os.environ["CARBONPEAK_DEMO_USERS"] = "1" if demo else "0"
    import django

    django.setup()
    from carbonpeak.cli import main as carbonpeak

    out = io.StringIO()
    start = time.perf_counter()
    with redirect_stdout(out), redirect_stderr(out):  # setup's progress bar and messages
        code = carbonpeak(["setup"])
    seconds = time.perf_counter() - start
    if code != 0:
        sys.exit(f"carbonpeak setup failed ({code}):\n{out.getvalue()}")
    return os.environ["DATABASE_URL"], seconds


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"


# --- one pass of the jobs ---------------------------------------------------------------------------


class QueryCounter:
    """A connection execute wrapper: counts statements (executemany counts once)."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.n += 1
        return execute(sql, params, many, context)


@dataclass(frozen=True)
class JobTime:
    job: str
    outcome: str
    seconds: float
    cpu: float  # this process's CPU time: less moved than the wall time by others sharing the machine
    queries: int
    counts: dict[str, object]
    error: str


@dataclass
class Pass:
    jobs: list[JobTime] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok_seconds(self) -> float:
        return sum(j.seconds for j in self.jobs if j.outcome == "ok")

    @property
    def ok_cpu(self) -> float:
        return sum(j.cpu for j in self.jobs if j.outcome == "ok")

    @property
    def queries(self) -> int:
        return sum(j.queries for j in self.jobs)


def run_pass(as_of: dt.date) -> Pass:
    """Every job once as of `as_of`, through the runner as `jobs run --once --as-of` runs them."""
    from django.db import connection

    from carbonpeak.jobs.runner import check_names, run_all

    counter = QueryCounter()
    marks: list[tuple[float, float, int]] = []

    def progress(_name: str) -> None:  # the runner calls this just before each job
        marks.append((time.perf_counter(), time.process_time(), counter.n))

    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        results = run_all(check_names(None), as_of=as_of, actor_label=ACTOR, progress=progress)
        end = time.perf_counter()
    marks.append((end, time.process_time(), counter.n))
    out = Pass(seconds=end - start)
    for r, (t0, c0, q0), (t1, c1, q1) in zip(results, marks[:-1], marks[1:], strict=True):
        out.jobs.append(JobTime(r.job, r.outcome, t1 - t0, c1 - c0, q1 - q0, dict(r.counts), r.error))
    return out


def print_passes(title: str, first: Pass, second: Pass) -> None:
    print(f"{title}: wall time (CPU time of this process), SQL statements")
    print(f"   {'job':<24} {'1st pass':>18} {'SQL':>6} {'2nd pass':>18} {'SQL':>6}  counts (1st pass → 2nd)")
    for a, b in zip(first.jobs, second.jobs, strict=True):
        if a.outcome != "ok" or b.outcome != "ok":
            why = a.error if a.outcome != "ok" else b.error
            print(f"   {a.job:<24} {'n/a':>18} {'':>6} {'n/a':>18} {'':>6}  not available: {a.outcome} — {why[:110]}")
            continue
        counts = " ".join(f"{k}={v}" for k, v in a.counts.items())
        again = " ".join(f"{k}={v}" for k, v in b.counts.items() if v != a.counts.get(k))
        print(f"   {a.job:<24} {_ms(a.seconds, a.cpu):>18} {a.queries:>6,} {_ms(b.seconds, b.cpu):>18} "
              f"{b.queries:>6,}  {counts}" + (f" → {again}" if again else " → same"))
    failed = [j.job for j in first.jobs if j.outcome != "ok"]
    ratio = second.ok_seconds / first.ok_seconds if first.ok_seconds else float("nan")
    print(f"   {'total (jobs that ran)':<24} {_s(first.ok_seconds, first.ok_cpu):>18} {first.queries:>6,} "
          f"{_s(second.ok_seconds, second.ok_cpu):>18} {second.queries:>6,}  second/first = {ratio:.2f} (wall)")
    if failed:
        print(f"   {'whole pass (run_all)':<24} {first.seconds:>16.2f} s {'':>6} {second.seconds:>16.2f} s"
              f"   (with the failed {', '.join(failed)}: milliseconds each)")


def _ms(wall: float, cpu: float) -> str:
    return f"{wall * 1000:,.0f} ({cpu * 1000:,.0f}) ms"


def _s(wall: float, cpu: float) -> str:
    return f"{wall:.2f} ({cpu:.2f}) s"


# --- the synthetic district -----------------------------------------------------------------------


@dataclass(frozen=True)
class Synthesis:
    units: int
    data_centres: int
    meters: int
    month_rollups: int
    day_rollups: int
    readings: int
    budgets: int
    register_entries: int
    register_note: str
    first_year: int
    seconds: float


def _months(first_year: int, as_of: dt.date) -> list[tuple[int, int]]:
    """(year, month) from January of `first_year` to the month of `as_of`, the running month included."""
    last = (as_of.year, as_of.month)
    return [(y, m) for y in range(first_year, as_of.year + 1) for m in range(1, 13) if (y, m) <= last]


def synthesise(units: int, as_of: dt.date, now: dt.datetime, seed: int) -> Synthesis:
    """Write the synthetic district (see the module docstring) in one transaction."""
    from django.db import connection, transaction

    from carbonpeak.monitoring.models import KeyUnit, Meter, Reading, Rollup, UnitBudget
    from carbonpeak.monitoring.readings.rollup_math import expected_readings, month_bounds
    from carbonpeak.monitoring.readings.sql import moment
    from carbonpeak.people.uscc import check_character

    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    first_year = as_of.year - 1
    months = _months(first_year, as_of)
    window_lo = month_bounds(first_year, 1)[0]
    last_ts = int(now.timestamp()) // INTERVAL_S * INTERVAL_S  # the newest reading: on time, not silent
    first_ts = window_lo + INTERVAL_S  # the first reading ends the first quarter hour of the two years

    with transaction.atomic():
        unit_rows = []
        for u in range(units):
            body = f"91310116MA1T{u:05d}"  # USCC letters exclude I, O, S, V and Z
            dc = u % DATA_CENTRE_EVERY == DATA_CENTRE_EVERY - 1
            stage = ("new" if (u // DATA_CENTRE_EVERY) % 3 == 0 else "existing") if dc else ""
            unit_rows.append(KeyUnit(
                code=f"S{u:05d}", name=f"合成单位 S{u:05d}", uscc=body + check_character(body),
                industry_code=DATA_CENTRE_CLASS if dc else INDUSTRIAL[u % len(INDUSTRIAL)],
                town=TOWNS[u % len(TOWNS)], is_data_centre=dc, data_centre_stage=stage,
                design_pue=(1.25 if stage == "new" else 1.35) if dc else None))
        KeyUnit.objects.bulk_create(unit_rows, batch_size=500)
        by_code = {k.code: k for k in KeyUnit.objects.filter(code__startswith="S", name__startswith="合成单位")}

        # Meters: a data centre has a total and an IT-load meter; an industrial unit an electricity
        # meter and, one in two, a natural-gas meter.
        meter_rows = []
        for code, unit in by_code.items():
            specs = [("E", "electricity", "total")]
            if unit.is_data_centre:
                specs.append(("IT", "electricity", "it_load"))
            elif int(code[1:]) % 2 == 0:
                specs.append(("G", "natural_gas", "total"))
            for suffix, energy, role in specs:
                meter_rows.append(Meter(code=f"{code}-{suffix}", unit=unit, energy_type=energy,
                                        unit_of_measure=UOM[energy], kind="interval", role=role, interval_s=INTERVAL_S))
        Meter.objects.bulk_create(meter_rows, batch_size=500)
        meters = list(Meter.objects.filter(unit__in=list(by_code.values())).select_related("unit"))

        # Monthly energy: a base drawn per meter, a summer peak for electricity, ±3 % noise, and a
        # year-on-year change per unit around −1.5 % (the 百一 target is −1 %); a data centre's total
        # meter is its IT load × a PUE drawn per unit (some above the limit).
        base = {m.code: float(rng.lognormal(np.log(1.2e6 if m.energy_type == "electricity" else 8e4), 0.8))
                for m in meters}
        change = {code: float(rng.normal(-0.015, 0.03)) for code in by_code}
        pue = {code: float(rng.uniform(1.12, 1.36) if u.data_centre_stage == "new" else rng.uniform(1.20, 1.50))
               for code, u in by_code.items() if u.is_data_centre}
        short_month = {code: months[int(rng.integers(0, len(months) - 1))] for code in by_code
                       if int(code[1:]) % INCOMPLETE_EVERY == 5}

        # Rollups as plain rows through the cursor: bulk_create spent 70 s of Python on 170,000 model objects.
        rollups: list[tuple[Any, ...]] = []
        stamps: dict[int, Any] = {}  # epoch → the start as Django stores it

        def add(scope: str, key: str, grain: str, start: int, energy: str, quantity: float, readings: int) -> None:
            if start not in stamps:
                stamps[start] = connection.ops.adapt_datetimefield_value(moment(start))
            rollups.append((scope, key, grain, stamps[start], energy, quantity, UOM[energy], quantity * TCE_PER[energy],
                            quantity * TCE_EQUAL_PER[energy], quantity * CO2_PER[energy], readings, 0, 0, FACTOR_SET))

        unit_totals: dict[tuple[str, int, str], float] = {}
        unit_readings: dict[tuple[str, int, str], int] = {}
        last_year_tce: dict[str, float] = {}
        day_rows = 0
        for year, month in months:
            lo, hi = month_bounds(year, month)
            end = min(hi, last_ts)
            share = (end - lo) / (hi - lo)  # the running month: the part up to the newest reading
            expected = expected_readings(max(lo, first_ts - INTERVAL_S), end, INTERVAL_S)
            season = 1 + 0.15 * np.cos(2 * np.pi * (month - 7) / 12)
            for m in meters:
                code = m.unit.code
                yearly = (1 + change[code]) ** (year - first_year)
                if m.unit.is_data_centre:  # the total meter = the IT load × the unit's PUE
                    kwh = base[f"{code}-IT"] * yearly * season * (1.0 if m.role == "it_load" else pue[code])
                else:
                    kwh = base[m.code] * yearly * (season if m.energy_type == "electricity" else 2 - season)
                quantity = kwh * float(rng.lognormal(0, 0.03)) * share
                got = int(expected * 0.8) if short_month.get(code) == (year, month) else expected
                add("meter", m.code, "month", lo, m.energy_type, quantity, got)
                if m.role == "total":  # the store sums only total meters into the unit
                    k = (code, lo, m.energy_type)
                    unit_totals[k] = unit_totals.get(k, 0.0) + quantity
                    unit_readings[k] = unit_readings.get(k, 0) + got
                    if year == as_of.year - 1:
                        last_year_tce[code] = last_year_tce.get(code, 0.0) + quantity * TCE_PER[m.energy_type]
            if (year, month) == (as_of.year, as_of.month):  # the running month's days, for the register
                days = min(calendar.monthrange(year, month)[1], (end - lo + 86399) // 86400)
                for (code, start, energy), quantity in list(unit_totals.items()):
                    if start != lo:
                        continue
                    for d in range(days):
                        add("unit", code, "day", lo + d * 86400, energy, quantity / days,
                            unit_readings[code, start, energy] // days)
                        day_rows += 1
        for (code, start, energy), quantity in unit_totals.items():
            add("unit", code, "month", start, energy, quantity, unit_readings[code, start, energy])
        columns = ("scope", "key", "grain", "start", "energy_type", "quantity", "unit_of_measure", "tce",
                   "tce_equal_value", "co2_t", "readings", "estimated", "invalid", "factor_set")
        names = ", ".join(connection.ops.quote_name(c) for c in columns)  # each field's column is its name
        insert = (f"INSERT INTO {connection.ops.quote_name(Rollup._meta.db_table)} ({names}) "
                  f"VALUES ({', '.join(['%s'] * len(columns))})")
        with connection.cursor() as cur:
            for i in range(0, len(rollups), 5000):
                cur.executemany(insert, rollups[i:i + 5000])

        readings = [Reading(meter_id=m.pk, ts=moment(ts), value=1.0, energy=1.0)
                    for m in meters for ts in (first_ts, first_ts + INTERVAL_S, last_ts - INTERVAL_S, last_ts)]
        Reading.objects.bulk_create(readings, batch_size=2000)
        # This year's budget: last year's use with 3–15 % headroom; one unit in 12 gets 12 % less than it uses.
        budgets = [UnitBudget(unit=by_code[code], year=as_of.year, source="bench (synthetic)",
                              budget_tce=tce * (0.88 if int(code[1:]) % 12 == 3 else float(rng.uniform(1.03, 1.15))))
                   for code, tce in last_year_tce.items() if tce > 0]
        UnitBudget.objects.bulk_create(budgets, batch_size=1000)
    entries, note = _register_entries(by_code, last_year_tce)
    return Synthesis(units, len(pue), len(meters), len(rollups) - day_rows, day_rows, len(readings), len(budgets),
                     entries, note, first_year, time.perf_counter() - started)


def _register_entries(units: dict[str, Any], tce: dict[str, float]) -> tuple[int, str]:
    """Existing-plant register entries linked to one unit in REGISTER_EVERY, so the register job has work.

    The review room's register is being changed by others: when its model refuses, the bench goes on."""
    from django.db import DatabaseError, transaction

    try:
        from carbonpeak.review.models import RegisterEntry

        rows = [RegisterEntry(subject="plant", name=f"合成存量项目 {code}", owner_uscc=unit.uscc,
                              industry_code=unit.industry_code, town=unit.town, status="operating", disposal="keep",
                              approved_energy_tce=round(tce.get(code, 0.0) * 1.05, 3), monitored_unit=unit)
                for code, unit in units.items() if int(code[1:]) % REGISTER_EVERY == 0]
        with transaction.atomic():
            RegisterEntry.objects.bulk_create(rows, batch_size=500)
    except (ImportError, AttributeError, TypeError, ValueError, DatabaseError) as exc:
        return 0, f"none ({type(exc).__name__}: {exc})"[:200]
    return len(rows), "existing plants, operating, kept, approved energy = last year's use + 5 %"


@dataclass(frozen=True)
class Ceiling:
    rollups_s: float  # the raw SELECT of every unit and meter month rollup of the years
    rollups: int
    firsts_s: float  # each meter's first reading
    meters: int
    as_models_s: float  # the same rollups through the ORM as Rollup objects, as the derivations read them
    as_tuples_s: float  # …and as values_list tuples of the fields they use


def ceiling(first_year: int, last_year: int) -> Ceiling:
    """The reads the yearly derivations need, best of 3 through the cursor (no ORM); then, once each,
    the same rollups through the ORM, to show what turning rows into objects costs."""
    from django.db import connection

    from carbonpeak.monitoring.models import Reading, Rollup
    from carbonpeak.monitoring.readings.rollup_math import month_bounds
    from carbonpeak.monitoring.readings.sql import moment

    lo, hi = (moment(t) for t in (month_bounds(first_year, 1)[0], month_bounds(last_year, 12)[1]))
    rollups = (f"SELECT scope, key, start, energy_type, quantity, tce, readings, factor_set "
               f"FROM {Rollup._meta.db_table} WHERE grain = %s AND (scope = %s OR scope = %s) "
               f"AND start >= %s AND start < %s")
    firsts = f"SELECT meter_id, MIN(ts) FROM {Reading._meta.db_table} GROUP BY meter_id"
    # Bounds as Django writes them (on SQLite a text without the zone), so they compare as stored.
    bounds = [connection.ops.adapt_datetimefield_value(t) for t in (lo, hi)]
    out: list[tuple[float, int]] = []
    for sql, params in ((rollups, ["month", "unit", "meter", *bounds]), (firsts, [])):
        best, rows = float("inf"), 0
        for _ in range(3):
            start = time.perf_counter()
            with connection.cursor() as cur:
                cur.execute(sql, params)
                rows = len(cur.fetchall())
            best = min(best, time.perf_counter() - start)
        out.append((best, rows))
    orm = Rollup.objects.filter(grain="month", scope__in=["unit", "meter"], start__gte=lo, start__lt=hi)
    start = time.perf_counter()
    models = len(list(orm))
    as_models = time.perf_counter() - start
    start = time.perf_counter()
    tuples = len(list(orm.values_list("key", "start", "energy_type", "quantity", "tce", "readings", "factor_set")))
    as_tuples = time.perf_counter() - start
    assert models == tuples == out[0][1], (models, tuples, out[0][1])  # the same rows every way
    return Ceiling(out[0][0], out[0][1], out[1][0], out[1][1], as_models, as_tuples)


# --- main -----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--units", type=int, default=2000, help="units of the synthetic district (default 2,000)")
    parser.add_argument("--skip-demo", action="store_true",
                        help="no demo data in setup, and no pass on the demo district")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None,
                        help="the day the jobs run for (default: today, local)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite database and print its path")
    args = parser.parse_args()
    if args.units < 1:
        parser.error("--units: 至少为 1 / must be at least 1")

    url, setup_s = setup_database(demo=not args.skip_demo, keep=args.keep)
    from django.db import connection
    from django.utils import timezone

    from carbonpeak.jobs.runner import _context
    from carbonpeak.monitoring.models import KeyUnit, Reading

    logging.getLogger("carbonpeak.jobs.runner").setLevel(logging.CRITICAL)  # failures are shown in the table
    as_of = args.as_of or timezone.localdate()
    where = ("file " + url.split("///")[-1] if connection.vendor == "sqlite"
             else f"server {getattr(connection, 'pg_version', '')}".rstrip())
    print(f"CarbonPeak jobs bench — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC — {machine()} — "
          f"{connection.vendor} ({where}) — load average {os.getloadavg()[0]:.1f} at the start")
    print(f"jobs run as of {as_of} (trigger once, actor {ACTOR!r}); `carbonpeak setup`"
          f"{'' if args.skip_demo else ' with the demo'} took {setup_s:.1f} s")

    if not args.skip_demo:
        fleet = KeyUnit.objects.count()
        print(f"(a) demo district: {fleet} units, {Reading.objects.count():,} readings (35 days through the store)")
        print_passes("(a) demo district", run_pass(as_of), run_pass(as_of))

    before = KeyUnit.objects.count()
    made = synthesise(args.units, as_of, _context(as_of, ACTOR).now, args.seed)
    print(f"(b) synthetic district: {made.units:,} units added" + (f" to the demo's {before}" if before else "")
          + f" in {made.seconds:.1f} s, written directly (not through the store): units, meters, budgets and "
          "readings by bulk_create, rollups by executemany")
    for line in (
        f"{made.data_centres} data centres (GB/T 4754 class {DATA_CENTRE_CLASS}; a third new, PUE drawn "
        f"1.12–1.36, the rest existing, 1.20–1.50), each with a total and an IT-load meter;",
        f"{made.units - made.data_centres:,} industrial units (classes in divisions 06–46), each with an "
        "electricity meter, one in two also a natural-gas one;",
        f"{made.meters:,} meters; {made.month_rollups:,} month rollups at meter and unit scope (total meters "
        f"only), {made.first_year}-01 to {as_of:%Y-%m} (the running month up to now);",
        f"tce at fixed GB/T 2589 coefficients; a year-on-year change drawn around −1.5 % per unit; readings = the "
        f"expected count (one unit in {INCOMPLETE_EVERY} has one month at 80 %, left out of its yearly figures);",
        f"{made.day_rollups:,} unit day rollups of the running month; {made.readings:,} readings (each meter's "
        f"first two and last two); {made.budgets:,} unit budgets for {as_of.year} (one unit in 12 below its use);",
        f"{made.register_entries} register entries linked to units: {made.register_note}.",
    ):
        print(f"    {line}")
    c = ceiling(made.first_year, as_of.year)
    print(f"(b) ceiling, the raw reads through the cursor, no ORM (best of 3): every unit and meter month rollup "
          f"of {made.first_year}–{as_of.year} {c.rollups_s * 1000:.0f} ms ({c.rollups:,} rows) + each meter's first "
          f"reading {c.firsts_s * 1000:.0f} ms ({c.meters:,} meters) = {(c.rollups_s + c.firsts_s) * 1000:.0f} ms")
    print(f"    the same rollups through the ORM (once each): as Rollup objects {c.as_models_s * 1000:.0f} ms, "
          f"as values_list tuples {c.as_tuples_s * 1000:.0f} ms")
    print_passes(f"(b) synthetic district ({KeyUnit.objects.count():,} units in all)", run_pass(as_of),
                 run_pass(as_of))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
