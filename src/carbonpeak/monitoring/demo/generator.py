"""A deterministic demo fleet of key energy-using units, their meters, readings and known anomalies.

Pure module (no Django). `demo_registry` gives ~50 units of a fictional Jinshan fleet (one large
petrochemical complex, chemical plants, data centres, factories, public buildings; `demo_units.yaml`);
`demo_readings` the values a meter would send over any window (registers for cumulative meters);
`demo_anomalies` the problems injected into them, so a test can check that VEE finds each.

Determinism: every random draw comes from `demo_profiles.stable_rng(seed, …, meter code, year)`.
A meter's readings are built one local year at a time; each year's energy is scaled to exactly
that year's nominal quantity, so the register at the start of a year is known without the years
before it, and any window of readings is the same slice of the same series.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from carbonpeak.accounting.catalogue import unit_spec
from carbonpeak.accounting.factor_sets import DualControlBasis, Parameter, bundled_factor_sets, resolve
from carbonpeak.common.localtime import UTC_OFFSET_S
from carbonpeak.common.measures import registry
from carbonpeak.monitoring.demo import profiles as shapes
from carbonpeak.monitoring.demo.anomalies import Anomaly, inject
from carbonpeak.monitoring.demo.profiles import calendar, demo_spec, stable_rng
from carbonpeak.monitoring.readings.series import Floats, Ints
from carbonpeak.monitoring.vocabulary import DataCentreStage, Flag, KeyUnitLevel, MeterKind, MeterRole
from carbonpeak.people.uscc import check_character

__all__ = ["Anomaly", "DemoMeter", "DemoUnit", "demo_anomalies", "demo_readings", "demo_registry"]

FACTOR_SET = "shanghai"
ORIGIN_YEAR = 2015  # registers count from here; any later year can be generated on its own
DISTRICT = "310116"  # 金山区 administrative division code (GB/T 2260)
# Thresholds of 重点用能单位节能管理办法: ≥10,000 tce national; 5,000–10,000 tce designated (here: city).
NATIONAL_TCE, CITY_TCE = 10_000.0, 5_000.0


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    uscc: str
    industry_code: str
    town: str
    level: KeyUnitLevel
    data_center: bool
    stage: DataCentreStage | None
    design_pue: float | None
    annual_budget_tce: float
    profile: str


@dataclass(frozen=True)
class DemoMeter:
    code: str
    unit_code: str
    energy_type: str
    unit: str
    kind: MeterKind
    multiplier: float
    role: MeterRole
    interval_s: int
    register_max: float | None = None  # in register units (before the multiplier)
    minimum: float | None = None  # of the energy per interval, after the multiplier
    maximum: float | None = None
    annual: float = 0.0  # nominal quantity in the reference year, in `unit`
    replaced: bool = False  # replaced once a year: its register starts again from zero


@cache
def _factor_set() -> Any:
    return resolve(FACTOR_SET, bundled_factor_sets())


def tce_per_unit_of_measure(energy_type: str, unit: str, year: int) -> float:
    """tce of one `unit` of the energy, by the bundled factor set's dual-control basis."""
    fs = _factor_set()
    on = date(year, 7, 1)
    equal = fs.dual_control_basis == DualControlBasis.EQUAL_VALUE and energy_type == "electricity"
    factor = fs.lookup(energy_type, Parameter.EQUAL_VALUE_COEFFICIENT if equal else Parameter.COAL_COEFFICIENT, on)
    spec = unit_spec(unit)
    if factor is None or spec is None:
        raise ValueError(f"{energy_type} [{unit}]: 无折标系数 / no coal coefficient")
    ureg = registry()
    amount = ureg.Quantity(1.0, ureg.parse_expression(spec.pint_expr).units)
    return float((factor.quantity * amount).to("tce").magnitude)


def _uscc(rng: np.random.Generator, kind: str) -> str:
    body = f"{kind}{DISTRICT}" + "".join(str(d) for d in rng.integers(0, 10, 8))
    weights = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 organisation code check digit
    check = 11 - sum(int(c) * w for c, w in zip(body[-8:], weights, strict=True)) % 11
    first17 = body + {10: "X", 11: "0"}.get(check, str(check))
    return first17 + check_character(first17)


def _meters_of(template: dict[str, Any], code: str, rng: np.random.Generator) -> list[DemoMeter]:
    interval = int(template.get("interval_s", 900))
    if template["profile"] == "data_centre":
        it_mw = float(rng.uniform(*template["it_mw"]))
        it_kwh = it_mw * 1000 * 8760
        total = it_kwh * (template["pue_base"] + template["pue_season"] / 2)
        it_kind = MeterKind(template.get("it_kind", "cumulative"))
        return [
            DemoMeter(f"{code}-E1", code, "electricity", "kWh", MeterKind.CUMULATIVE, 200.0, MeterRole.TOTAL,
                      interval, annual=round(total)),
            DemoMeter(f"{code}-IT1", code, "electricity", "kWh", it_kind,
                      100.0 if it_kind == MeterKind.CUMULATIVE else 1.0, MeterRole.IT_LOAD, interval,
                      minimum=0.0, annual=round(it_kwh)),
        ]
    meters: list[DemoMeter] = []
    letters = {"electricity": "E", "natural_gas": "G", "steam": "S"}
    for item in template["meters"]:
        kind = MeterKind(item.get("kind", "cumulative"))
        low, high = (float(x) for x in item["annual"])
        annual = float(rng.uniform(low, high))
        per_interval = annual * interval / (8760 * 3600)
        meters.append(DemoMeter(
            f"{code}-{letters[item['type']]}{sum(m.energy_type == item['type'] for m in meters) + 1}", code,
            item["type"], item["unit"], kind, float(item.get("mult", 1)), MeterRole.TOTAL, interval,
            register_max=item.get("register_max"), minimum=0.0,
            maximum=round(per_interval * 5, 1) if kind == MeterKind.INTERVAL else None,
            annual=round(annual), replaced=bool(item.get("replaced", False)),
        ))
    return meters


@cache
def _fleet(n_units: int, seed: int) -> tuple[tuple[DemoUnit, ...], tuple[DemoMeter, ...], dict[str, Any]]:
    spec = demo_spec()
    templates = spec["units"]
    units: list[DemoUnit] = []
    meters: list[DemoMeter] = []
    by_code: dict[str, Any] = {}
    for i in range(n_units):
        template = templates[i % len(templates)]
        code = f"U{i + 1:03d}"
        rng = stable_rng(seed, "unit", code)
        name = template["name"] if i < len(templates) else template["name"].replace(
            "（演示）", f"{i // len(templates) + 1}号（演示）")
        own = _meters_of(template, code, rng)
        nominal = sum(m.annual * tce_per_unit_of_measure(m.energy_type, m.unit, spec["reference_year"])
                      for m in own if m.role == MeterRole.TOTAL)
        headroom = spec["over_budget_headroom"] if template.get("over_budget") else rng.uniform(*spec["headroom"])
        level = (KeyUnitLevel.NATIONAL if nominal >= NATIONAL_TCE
                 else KeyUnitLevel.CITY if nominal >= CITY_TCE else KeyUnitLevel.DISTRICT)
        dc = template["profile"] == "data_centre"
        units.append(DemoUnit(
            code=code, name=name, uscc=_uscc(rng, template["uscc_type"]), industry_code=template["industry"],
            town=template["town"], level=level, data_center=dc,
            stage=DataCentreStage(template["stage"]) if dc else None,
            design_pue=round(template["pue_base"] + 0.03, 2) if dc else None,
            annual_budget_tce=float(round(nominal * headroom, -1)), profile=template["profile"],
        ))
        meters += own
        by_code[code] = template
    return tuple(units), tuple(meters), by_code


def demo_registry(n_units: int = 50, seed: int = 2023) -> tuple[list[DemoUnit], list[DemoMeter]]:
    """The demo fleet: units (with USCCs, GB/T 4754 codes, towns, budgets) and their meters."""
    units, meters, _ = _fleet(n_units, seed)
    return list(units), list(meters)


def _template(unit: DemoUnit, seed: int) -> dict[str, Any]:
    templates = demo_spec()["units"]
    return dict(templates[(int(unit.code[1:]) - 1) % len(templates)])


def _nominal(meter: DemoMeter, unit: DemoUnit, year: int, seed: int) -> float:
    """The meter's quantity in a year: data centres grow; others vary a little from year to year."""
    spec = demo_spec()
    n = calendar(year, meter.interval_s, seed).size
    hours = n * meter.interval_s / 3600
    if unit.data_center:
        growth = (1 + float(spec["profiles"]["data_centre"]["it_growth"])) ** (year - int(spec["reference_year"]))
        return meter.annual * hours / 8760 * growth
    wobble = 1 + 0.03 * stable_rng(seed, "year", meter.code, year).standard_normal()
    return meter.annual * hours / 8760 * wobble


def _shape(meter: DemoMeter, unit: DemoUnit, cal: shapes.Calendar, seed: int) -> Floats:
    template = _template(unit, seed)
    p = demo_spec()["profiles"][unit.profile]
    rng = stable_rng(seed, "shape", meter.code, cal.year)
    if unit.profile in ("petrochemical", "chemical"):
        return shapes.process_shape(cal, p, rng, meter.energy_type)
    if unit.profile == "factory":
        return shapes.factory_shape(cal, p, rng, int(template["shifts"]), int(template["days"]))
    if unit.profile == "data_centre":
        return shapes.it_shape(cal, p, stable_rng(seed, "shape", f"{unit.code}-IT", cal.year))
    return shapes.building_shape(cal, p, rng, meter.energy_type)


@cache
def _year_energy(meter: DemoMeter, unit: DemoUnit, year: int, seed: int) -> Floats:
    """Energy (in the meter's unit, after the multiplier) of each interval of a local year."""
    cal = calendar(year, meter.interval_s, seed)
    shape = _shape(meter, unit, cal, seed)
    if unit.data_center:
        template = _template(unit, seed)
        it_meter = next(m for m in _fleet_meters(unit, seed) if m.role == MeterRole.IT_LOAD)
        it = shape * (_nominal(it_meter, unit, year, seed) / shape.sum())
        if meter.role == MeterRole.IT_LOAD:
            return np.asarray(it, dtype=np.float64)
        pue = shapes.pue_series(cal, it, float(template["pue_base"]), float(template["pue_season"]))
        return np.asarray(it * pue, dtype=np.float64)
    return np.asarray(shape * (_nominal(meter, unit, year, seed) / shape.sum()))


def _fleet_meters(unit: DemoUnit, seed: int) -> list[DemoMeter]:
    template = _template(unit, seed)
    return _meters_of(template, unit.code, stable_rng(seed, "unit", unit.code))


def _register_start(meter: DemoMeter, unit: DemoUnit, year: int, seed: int) -> float:
    """Register (after the multiplier) at the start of a year: an offset plus every earlier year's nominal."""
    if meter.replaced:
        previous = _year_energy(meter, unit, year - 1, seed)
        swap = _replacement_index(meter, previous.size, year - 1, seed)
        return float(previous[swap:].sum())
    offset = float(stable_rng(seed, "register", meter.code).uniform(0.05, 0.4)) * meter.annual
    years = range(ORIGIN_YEAR, year)
    if unit.data_center and meter.role == MeterRole.TOTAL:
        template = _template(unit, seed)
        pue = float(template["pue_base"]) + float(template["pue_season"]) / 2
        it_meter = next(m for m in _fleet_meters(unit, seed) if m.role == MeterRole.IT_LOAD)
        return offset + sum(_nominal(it_meter, unit, y, seed) * pue for y in years)
    return offset + sum(_nominal(meter, unit, y, seed) for y in years)


def _replacement_index(meter: DemoMeter, n: int, year: int, seed: int) -> int:
    return int(stable_rng(seed, "replaced", meter.code, year).integers(n // 4, 3 * n // 4))


@dataclass(frozen=True)
class _Year:
    ts: Ints
    values: Floats
    keep: NDArray[np.bool_]
    anomalies: tuple[Anomaly, ...]


@cache
def _year(meter: DemoMeter, unit: DemoUnit, year: int, seed: int) -> _Year:
    cal = calendar(year, meter.interval_s, seed)
    energy = _year_energy(meter, unit, year, seed)
    anomalies: list[Anomaly] = []
    if meter.kind == MeterKind.INTERVAL:
        sent = np.round(energy / meter.multiplier, 3)
    else:
        register = _register_start(meter, unit, year, seed) + np.cumsum(energy)
        if meter.replaced:
            swap = _replacement_index(meter, energy.size, year, seed)
            register[swap:] = np.cumsum(energy[swap:])
            anomalies.append(Anomaly(meter.code, int(cal.ts[swap]), Flag.METER_REPLACED))
        sent = register / meter.multiplier
        if meter.register_max is not None:
            sent = np.mod(sent, meter.register_max)
            wraps = np.flatnonzero(np.diff(sent) < 0) + 1
            anomalies += [Anomaly(meter.code, int(cal.ts[i]), Flag.ROLLOVER) for i in wraps]
        sent = np.round(sent, 2)
    poor_link = bool(_template(unit, seed).get("poor_link"))
    rng = stable_rng(seed, "anomaly", meter.code, year)
    values, keep, injected = inject(meter, cal.ts, sent, rng, poor_link, [a.ts for a in anomalies])
    return _Year(cal.ts, values, keep, (*anomalies, *injected))


def _years(start: int, end: int) -> range:
    first = int(np.datetime64(start + UTC_OFFSET_S, "s").astype("datetime64[Y]").astype(int)) + 1970
    last = int(np.datetime64(end + UTC_OFFSET_S - 1, "s").astype("datetime64[Y]").astype(int)) + 1970
    if first < ORIGIN_YEAR + 1:
        raise ValueError(f"start: 演示数据从 {ORIGIN_YEAR + 1} 年起 / demo data start in {ORIGIN_YEAR + 1}")
    return range(first, last + 1)


def demo_readings(meter: DemoMeter, unit: DemoUnit, start: int, end: int,
                  seed: int = 2023) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Timestamps in (start, end] and the values the meter sends (registers for cumulative meters)."""
    if end <= start:
        return np.empty(0, np.int64), np.empty(0)
    parts = [_year(meter, unit, y, seed) for y in _years(start, end)]
    ts = np.concatenate([p.ts[p.keep] for p in parts])
    values = np.concatenate([p.values[p.keep] for p in parts])
    inside = (ts > start) & (ts <= end)
    return ts[inside], values[inside]


def demo_anomalies(meter: DemoMeter, unit: DemoUnit, start: int, end: int, seed: int = 2023) -> list[Anomaly]:
    """The anomalies injected into the meter's readings in (start, end], in time order."""
    if end <= start:
        return []
    found = [a for y in _years(start, end) for a in _year(meter, unit, y, seed).anomalies if start < a.ts <= end]
    return sorted(found, key=lambda a: (a.ts, int(a.kind)))
