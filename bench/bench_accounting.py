"""Benchmark: the accounting engine on a synthetic million-record activity table.

Run: .venv/bin/python bench/bench_accounting.py [--records N] [--csv-rows N] [--repeat N]

Builds an ActivityTable column-wise with numpy (seed 42): ~5,000 entities, the 12 months
of 2023, all 15 energy types in units each accepts, ~5% feedstock on combustible fuels,
some green power and renewable electricity, 6 sectors. Accounts it with the bundled
Shanghai factor set and prints figures; never asserts on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from carbonpeak.accounting.activity import ActivityTable, read_activity_csv
from carbonpeak.accounting.catalogue import energy_types, unit_spec
from carbonpeak.accounting.engine import account
from carbonpeak.accounting.factor_sets import bundled_factor_sets, resolve
from carbonpeak.common.periods import parse_period

SEED = 42
N_ENTITIES = 5_000
SECTORS = ("industry", "buildings", "transport", "agriculture", "services", "households")
PERIOD_LABELS = tuple(f"2023-{month:02d}" for month in range(1, 13))

# (energy type, unit code, weight, typical quantity in that unit): units each type accepts.
MIX: tuple[tuple[str, str, float, float], ...] = (
    ("electricity", "kWh", 22.0, 50_000.0),
    ("electricity", "万kWh", 8.0, 5.0),
    ("electricity", "MWh", 3.0, 50.0),
    ("heat", "GJ", 4.0, 800.0),
    ("heat", "MJ", 1.0, 800_000.0),
    ("steam", "t", 4.0, 300.0),
    ("steam", "GJ", 2.0, 1_100.0),
    ("raw_coal", "t", 4.0, 200.0),
    ("coke", "t", 2.0, 100.0),
    ("crude_oil", "t", 2.0, 500.0),
    ("fuel_oil", "t", 2.0, 50.0),
    ("gasoline", "t", 6.0, 10.0),
    ("kerosene", "t", 1.0, 5.0),
    ("diesel", "t", 8.0, 20.0),
    ("diesel", "kg", 2.0, 20_000.0),
    ("lpg", "t", 3.0, 5.0),
    ("lng", "t", 2.0, 30.0),
    ("refinery_gas", "t", 2.0, 100.0),
    ("natural_gas", "m3", 8.0, 20_000.0),
    ("natural_gas", "万m3", 4.0, 2.0),
    ("coke_oven_gas", "m3", 1.0, 50_000.0),
    ("coke_oven_gas", "万m3", 1.0, 5.0),
)
FEEDSTOCK_SHARE = 0.05  # of records of combustible fuels
GREEN_POWER_SHARE = 0.08  # of electricity records
RENEWABLE_SHARE = 0.05  # of electricity records


def synthetic_table(n: int, seed: int = SEED) -> ActivityTable:
    """N activity records built column-wise; nothing goes through the row validator."""
    rng = np.random.default_rng(seed)
    types = energy_types()
    type_codes = list(dict.fromkeys(code for code, _, _, _ in MIX))
    unit_codes = list(dict.fromkeys(unit for _, unit, _, _ in MIX))
    for code, unit, _, _ in MIX:  # the mix must stay within what each type accepts
        spec = unit_spec(unit)
        assert spec is not None and spec.kind in types[code].accepts, (code, unit)
    weights = np.array([w for _, _, w, _ in MIX])
    combo = rng.choice(len(MIX), size=n, p=weights / weights.sum())
    combo_type = np.array([type_codes.index(code) for code, _, _, _ in MIX], dtype=np.int64)
    combo_unit = np.array([unit_codes.index(unit) for _, unit, _, _ in MIX], dtype=np.int64)
    combo_scale = np.array([scale for _, _, _, scale in MIX])
    energy_type = combo_type[combo]
    quantity = np.round(combo_scale[combo] * rng.lognormal(mean=0.0, sigma=1.0, size=n), 3)

    combustible = np.array([types[code].combustion for code in type_codes])[energy_type]
    is_electricity = energy_type == type_codes.index("electricity")
    feedstock = combustible & (rng.random(n) < FEEDSTOCK_SHARE)
    draw = rng.random(n)
    green_power = is_electricity & (draw < GREEN_POWER_SHARE)
    renewable = is_electricity & (draw >= GREEN_POWER_SHARE) & (draw < GREEN_POWER_SHARE + RENEWABLE_SHARE)

    return ActivityTable(
        entities=[f"E{i:05d}" for i in range(N_ENTITIES)],
        periods=[parse_period(label) for label in PERIOD_LABELS],
        energy_types=type_codes,
        units=unit_codes,
        sectors=list(SECTORS),
        entity=rng.integers(0, N_ENTITIES, size=n, dtype=np.int64),
        period=rng.integers(0, len(PERIOD_LABELS), size=n, dtype=np.int64),
        energy_type=energy_type,
        unit=combo_unit[combo],
        sector=rng.integers(0, len(SECTORS), size=n, dtype=np.int64),
        quantity=quantity,
        feedstock=feedstock,
        green_power=green_power,
        renewable=renewable,
        rows=np.arange(2, n + 2, dtype=np.int64),
    )


def as_csv(table: ActivityTable, n: int) -> str:
    """The first n records as activity CSV text (all optional columns filled)."""
    labels = [p.label for p in table.periods]
    lines = ["entity,period,energy_type,quantity,unit,use,sector,green_power,renewable"]
    for i in range(min(n, len(table))):
        lines.append(",".join((
            table.entities[table.entity[i]], labels[table.period[i]], table.energy_types[table.energy_type[i]],
            f"{table.quantity[i]:.3f}", table.units[table.unit[i]], "feedstock" if table.feedstock[i] else "fuel",
            table.sectors[table.sector[i]], "true" if table.green_power[i] else "false",
            "true" if table.renewable[i] else "false",
        )))
    return "\n".join(lines) + "\n"


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--csv-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(f"date      {dt.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(f"machine   {platform.platform()} · {platform.machine()} · {os.cpu_count()} CPUs")
    print(f"python    {platform.python_version()} · numpy {np.__version__}")

    start = time.perf_counter()
    table = synthetic_table(args.records)
    build = time.perf_counter() - start
    factor_set = resolve("shanghai", bundled_factor_sets())
    account(table, factor_set)  # warm caches: energy types, pint registry and parsed units

    engine_s, result = best_of(lambda: account(table, factor_set), args.repeat)

    def aggregate() -> int:
        result.totals()
        parts = (result.by_entity(), result.by_energy_type(), result.by_sector(), result.by_entity_period())
        return sum(len(p) for p in parts)

    aggregate_s, _ = best_of(aggregate, args.repeat)

    tracemalloc.start()
    account(table, factor_set)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    text = as_csv(table, args.csv_rows)
    n_csv = text.count("\n") - 1
    read_activity_csv(text[: text.index("\n", 2000) + 1])  # warm up
    csv_s, parsed = best_of(lambda: read_activity_csv(text), 1)
    assert len(parsed) == n_csv

    totals = result.totals()
    n = len(table)
    n_pairs = len(np.unique(table.entity * len(table.periods) + table.period))
    print(f"factors   {result.factor_set}")
    print(f"records   {n:,} ({len(table.entities):,} entities × {len(table.periods)} periods, "
          f"{len(table.energy_types)} energy types, {len(table.units)} units, {len(table.sectors)} sectors; "
          f"{int(table.feedstock.sum()):,} feedstock, {int(table.green_power.sum()):,} green power, "
          f"{int(table.renewable.sum()):,} renewable)")
    print()
    rows = (
        ("build synthetic table (numpy)", f"{build:8.3f} s", ""),
        (f"account() best of {args.repeat}", f"{engine_s:8.3f} s", f"{n / engine_s:>12,.0f} records/s"),
        (f"aggregations best of {args.repeat}", f"{aggregate_s:8.3f} s",
         f"totals + by entity/type/sector + {n_pairs:,} entity×period"),
        ("account() peak memory (tracemalloc)", f"{peak / 2**20:6.1f} MiB", f"{peak / n:>12,.0f} bytes/record"),
        (f"read_activity_csv {n_csv:,} rows", f"{csv_s:8.3f} s", f"{n_csv / csv_s:>12,.0f} rows/s"),
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'step':<{width}}  {'figure':>10}  rate / note")
    for name, figure, note in rows:
        print(f"{name:<{width}}  {figure:>10}  {note}".rstrip())
    print()
    print(f"totals    energy {totals['energy_tce']:,.0f} tce (当量值) · {totals['energy_tce_equal_value']:,.0f} tce "
          f"(等价值) · dual control {totals['energy_tce_dual_control']:,.0f} tce · CO2 {totals['co2_t']:,.0f} t "
          f"(direct {totals['co2_direct_t']:,.0f}, indirect {totals['co2_indirect_t']:,.0f})")


if __name__ == "__main__":
    main()
