"""Benchmark: the accounting engine on a synthetic million-record activity table.

Run: .venv/bin/python bench/bench_accounting.py [--records N] [--csv-rows N] [--repeat N]

Builds an ActivityTable column-wise with numpy (seed 42): ~5,000 entities, the 12 months
of 2023, all 15 energy types in units each accepts, ~5% feedstock on combustible fuels,
some green power and renewable electricity, 6 sectors. Accounts it with the bundled
Shanghai factor set and prints figures; never asserts on time.

The ceiling (issue 21, item 5) is bare numpy computing the same per-record outputs as `account` on the
same arrays: the coefficient tables (what one basis unit of each energy type is worth in each period, and
each unit's factor to its type's basis) are built before the clock from the factor set in plain Python,
then per record: one key per (type, period) and (type, unit), fancy indexing into the tables, multiply,
`np.where` for feedstock, renewable and green power. It is timed in the same run, its totals and
per-entity sums must equal the engine's to 1e-9 (relative) or the bench stops, and the ratio is printed.
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
import pint

from carbonpeak.accounting.activity import ActivityTable, read_activity_csv
from carbonpeak.accounting.catalogue import UNIT_SPELLINGS, UnitKind, energy_types, unit_spec
from carbonpeak.accounting.engine import METRICS, AccountingResult, account
from carbonpeak.accounting.factor_sets import DualControlBasis, FactorSet, Parameter, bundled_factor_sets, resolve
from carbonpeak.common.measures import registry
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


Floats = np.ndarray[Any, np.dtype[np.float64]]


def _value(factor_set: FactorSet, subject: str, parameter: Parameter, on: dt.date, per: str, target: str) -> float:
    """A factor's value per one `per` unit, in `target` (0 where the set has none)."""
    found = factor_set.lookup(subject, parameter, on)
    if found is None:
        return 0.0
    return float((found.quantity * registry().parse_expression(per)).to(target).magnitude)


def ceiling_tables(table: ActivityTable, factor_set: FactorSet) -> dict[str, Floats]:
    """The coefficient tables of the ceiling, dense over (type, period) and (type, unit); plain Python + pint,
    written here apart from the engine so that agreement checks both."""
    types = energy_types()
    n_t, n_p, n_u = len(table.energy_types), len(table.periods), len(table.units)
    out = {name: np.zeros(n_t * n_p) for name in ("tce", "tce_ev", "direct", "indirect", "green", "heat")}
    out["mult"], out["via_heat"] = np.zeros(n_t * n_u), np.zeros(n_t * n_u)
    for t, code in enumerate(table.energy_types):
        etype = types[code]
        basis = UNIT_SPELLINGS[etype.basis.lower()].pint_expr
        for p, period in enumerate(table.periods):
            k, on = t * n_p + p, period.start
            out["tce"][k] = out["tce_ev"][k] = _value(factor_set, code, Parameter.COAL_COEFFICIENT, on, basis, "tce")
            if code == "electricity":
                out["tce_ev"][k] = _value(factor_set, code, Parameter.EQUAL_VALUE_COEFFICIENT, on, basis, "tce")
            if etype.combustion:
                ncv, cc, ox = (factor_set.lookup(code, x, on) for x in
                               (Parameter.NCV, Parameter.CARBON_CONTENT, Parameter.OXIDATION))
                assert ncv and cc and ox
                q = ncv.quantity * registry().parse_expression(basis) * cc.quantity * ox.quantity
                out["direct"][k] = float((q * registry().parse_expression("44/12 t_CO2/t_C")).to("t_CO2").magnitude)
            if code == "steam":
                out["heat"][k] = _value(factor_set, code, Parameter.HEAT_CONTENT, on, basis, "GJ")
            if etype.purchased:
                if code == "steam":
                    out["indirect"][k] = out["heat"][k] * _value(factor_set, "heat", Parameter.EMISSION_FACTOR, on,
                                                                 "GJ", "t_CO2")
                else:
                    out["indirect"][k] = _value(factor_set, code, Parameter.EMISSION_FACTOR, on, basis, "t_CO2")
                out["green"][k] = out["indirect"][k]
                if code == "electricity" and factor_set.lookup(code, Parameter.EMISSION_FACTOR_GREEN_POWER, on):
                    out["green"][k] = _value(factor_set, code, Parameter.EMISSION_FACTOR_GREEN_POWER, on, basis,
                                             "t_CO2")
        for u, unit in enumerate(table.units):
            spec, base = UNIT_SPELLINGS[unit.lower()], UNIT_SPELLINGS[etype.basis.lower()]
            heat = spec.kind == UnitKind.HEAT and base.kind != UnitKind.HEAT
            target = "GJ" if heat else base.pint_expr
            try:
                out["mult"][t * n_u + u] = float(registry().parse_expression(spec.pint_expr).to(target).magnitude)
            except pint.DimensionalityError:  # a unit this type does not accept: no record uses the pair
                continue
            out["via_heat"][t * n_u + u] = heat
    return out


def ceiling(table: ActivityTable, c: dict[str, Floats], equivalent_basis: bool) -> dict[str, Floats]:
    """Bare numpy: the per-record outputs of `account` from the dense coefficient tables."""
    tp = table.energy_type * len(table.periods) + table.period
    tu = table.energy_type * len(table.units) + table.unit
    q = table.quantity * c["mult"][tu]
    heat = c["heat"][tp]
    q = np.where(c["via_heat"][tu] > 0, q / np.where(heat > 0, heat, 1.0), q)
    energy = q * c["tce"][tp]
    equal = q * c["tce_ev"][tp]
    dual = energy if equivalent_basis else equal
    feed = np.where(table.feedstock, dual, 0.0)
    renew = np.where(table.renewable & ~table.feedstock, dual, 0.0)
    direct = np.where(table.feedstock, 0.0, q * c["direct"][tp])
    indirect = q * np.where(table.green_power, c["green"][tp], c["indirect"][tp])
    return {"basis": q, "energy_tce": energy, "energy_tce_equal_value": equal,
            "energy_tce_dual_control": dual - feed - renew, "feedstock_tce": feed, "renewable_tce": renew,
            "co2_t": direct + indirect, "co2_direct_t": direct, "co2_indirect_t": indirect}


def check_same(result: AccountingResult, bare: dict[str, Floats], table: ActivityTable) -> float:
    """The largest relative difference of the totals and per-entity sums; stops the bench above 1e-9."""
    worst = 0.0
    for metric in (*METRICS, "basis"):
        mine = result.basis_quantity if metric == "basis" else result.per_record[metric]
        a = np.bincount(table.entity, weights=mine, minlength=len(table.entities))
        b = np.bincount(table.entity, weights=bare[metric], minlength=len(table.entities))
        scale = max(float(np.abs(b).max()), 1e-300)
        worst = max(worst, abs(float(mine.sum()) - float(bare[metric].sum())) / max(abs(float(bare[metric].sum())),
                                                                                   1e-300),
                    float(np.abs(a - b).max()) / scale)
    if worst > 1e-9:
        raise SystemExit(f"ceiling and engine disagree: {worst:.3g} relative")
    return worst


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
    start = time.perf_counter()
    account(table, factor_set)  # warm caches: energy types, pint registry, unit conversions
    cold_s = time.perf_counter() - start

    engine_s, result = best_of(lambda: account(table, factor_set), args.repeat)
    tables = ceiling_tables(table, factor_set)
    equivalent = factor_set.dual_control_basis == DualControlBasis.EQUIVALENT
    ceiling_s, bare = best_of(lambda: ceiling(table, tables, equivalent), args.repeat)
    # Interleaved once more, so that a burst of load on the shared machine does not favour either side.
    engine_s = min(engine_s, best_of(lambda: account(table, factor_set), args.repeat)[0])
    ceiling_s = min(ceiling_s, best_of(lambda: ceiling(table, tables, equivalent), args.repeat)[0])
    worst = check_same(result, bare, table)

    def aggregate() -> int:
        result.totals()
        parts = (result.by_entity(), result.by_energy_type(), result.by_sector(), result.by_entity_period())
        return sum(len(p) for p in parts)

    aggregate_s, _ = best_of(aggregate, args.repeat)

    tracemalloc.start()
    account(table, factor_set)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    ceiling(table, tables, equivalent)
    _, ceiling_peak = tracemalloc.get_traced_memory()
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
        ("account() first call (cold caches)", f"{cold_s:8.3f} s", f"{n / cold_s:>12,.0f} records/s"),
        (f"account() best of {2 * args.repeat}", f"{engine_s:8.3f} s", f"{n / engine_s:>12,.0f} records/s"),
        (f"bare-numpy ceiling best of {2 * args.repeat}", f"{ceiling_s:8.3f} s",
         f"{n / ceiling_s:>12,.0f} records/s; same totals to {worst:.1e}"),
        ("account() / ceiling", f"{engine_s / ceiling_s:8.2f} ×", "target ≤ 3×"),
        (f"aggregations best of {args.repeat}", f"{aggregate_s:8.3f} s",
         f"totals + by entity/type/sector + {n_pairs:,} entity×period"),
        ("account() peak memory (tracemalloc)", f"{peak / 2**20:6.1f} MiB", f"{peak / n:>12,.0f} bytes/record"),
        ("ceiling peak memory (tracemalloc)", f"{ceiling_peak / 2**20:6.1f} MiB",
         f"{ceiling_peak / n:>12,.0f} bytes/record"),
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
