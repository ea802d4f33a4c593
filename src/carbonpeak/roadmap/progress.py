"""The progress scenario (进展情景): the plan, anchored on what has happened so far.

Pure module (no Django): it takes plain data — compiled inventory totals by year and observed
indicator values with their periods and origins — and returns the anchored scenario and the
record of every input it used. tracking.py gathers that data from the database.

* Levers: the observed indicators of six plan levers (PV, offshore wind, biomass power, the
  existing and new data-centre PUE, new-energy buses; `TRACKED`) replace the lever's path up to
  its latest observed year, and the plan's remaining changes continue from there
  (anchor.replace_path). The lever is then split into the part achieved (history, delivery fixed
  at 1) and the part still to do (delivery as the scenario says, uncertain in the Monte Carlo).
* Emissions: the gross CO2 path is anchored on the compiled inventories (anchor.anchor_series);
  the latest inventory year is the projection's base year, the model's changes continue from it.
* Energy intensity: the change versus the base year is anchored on the observed indicator
  `energy_intensity_change` the same way (on the index 1 + change/100, held at 1 in the base year).

docs/methodology/roadmap.md ("Progress scenario") gives the formulas and a worked example.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np

from carbonpeak.roadmap.analysis import ScenarioResult, change_pct, run_scenario, target_checks
from carbonpeak.roadmap.anchor import ObservedPath, ratio_path, split_effect
from carbonpeak.roadmap.basedata import BaseData
from carbonpeak.roadmap.build import DEFAULT_HORIZON, Built, as_arrays, context, years_for
from carbonpeak.roadmap.measures import compile_measure
from carbonpeak.roadmap.model import CompiledMeasure, compile_model
from carbonpeak.roadmap.peak import PEAK_BY, find_peak
from carbonpeak.roadmap.scenario import ResolvedScenario

INTENSITY_INDICATOR = "energy_intensity_change"  # 单位生产总值能源消耗 (change versus 2020, %)
PEAK_INDICATOR = "carbon_peak_year"  # 碳达峰年份
ACHIEVED = "__achieved"  # suffix of the achieved part of an observed lever


@dataclass(frozen=True)
class Tracked:
    """A plan indicator that measures a quantity of a plan lever (levers.py, `ctx.path`)."""

    indicator: str
    lever: str  # the plan lever's id (= its kind)
    quantity: str
    scale: float = 1.0  # indicator unit → quantity unit (percent → fraction: 0.01)
    less_existing: str | None = None  # a generation source whose base-year MW the indicator includes


TRACKED: tuple[Tracked, ...] = (
    Tracked("new_pv_capacity", "pv_new", "capacity_mw"),  # MW added since 2020 (task 9–12)
    Tracked("offshore_wind_capacity_addition", "offshore_wind", "capacity_mw"),  # task 13
    Tracked("biomass_power_capacity", "biomass_power", "capacity_mw", less_existing="biomass"),  # a level, task 16
    Tracked("existing_data_centre_pue", "data_centre_pue", "existing_pue"),  # task 30
    Tracked("new_data_centre_pue", "data_centre_pue", "new_pue"),  # task 31
    Tracked("nev_clean_energy_bus_share", "bus_nev", "share", scale=0.01),  # percent, task 44
)
TRACKED_INDICATORS = (*(t.indicator for t in TRACKED), INTENSITY_INDICATOR)


@dataclass(frozen=True)
class InventoryPoint:
    """A compiled inventory's gross CO2 (LULUCF excluded, as the model's gross CO2)."""

    year: int
    gross_co2_t: float
    ref: Mapping[str, Any] = field(default_factory=dict)  # inventory id, compiled_at, factor set


@dataclass(frozen=True)
class ObservedPoint:
    """An observation of a plan indicator, in the indicator's unit."""

    indicator: str
    period: str
    period_start: date
    period_end: date
    value: float
    origin: str
    ref: Mapping[str, Any] = field(default_factory=dict)  # observation id, source, illustrative

    @property
    def year(self) -> int:
        return self.period_end.year


@dataclass(frozen=True)
class IntensityTarget:
    """The plan's energy-intensity target: change versus `base_year` (%) by `year`."""

    year: int
    change_pct: float
    base_year: int
    indicator: str = INTENSITY_INDICATOR


@dataclass(frozen=True)
class ProgressInputs:
    inventories: tuple[InventoryPoint, ...] = ()
    observations: tuple[ObservedPoint, ...] = ()
    intensity_targets: tuple[IntensityTarget, ...] = ()
    peak_by: int = PEAK_BY  # the plan's carbon_peak_year target
    as_of: date | None = None


def yearly(observations: Sequence[ObservedPoint]) -> dict[str, dict[int, ObservedPoint]]:
    """One observation per indicator and year: the period ending latest in the year (the longer
    period when two end together), since a capacity or a share is read at the end of its period."""
    out: dict[str, dict[int, ObservedPoint]] = {}
    for o in sorted(observations, key=lambda o: (o.period_end, -o.period_start.toordinal())):
        out.setdefault(o.indicator, {})[o.year] = o
    return out


@dataclass(frozen=True)
class Used:
    """An input the run used, and for what."""

    point: ObservedPoint
    used_for: str

    def as_dict(self) -> dict[str, Any]:
        o = self.point
        return {"indicator": o.indicator, "period": o.period, "year": o.year, "value": o.value, "origin": o.origin,
                "used_for": self.used_for, **o.ref}


@dataclass
class ProgressBuild:
    built: Built
    base_year: int  # of the projection: the latest inventory used, else the model's own
    co2_known: dict[int, float]
    intensity_known: dict[int, float]  # year → index 1 + change/100 (1 in the model's base year)
    used: list[Used]
    ignored: list[dict[str, Any]]
    levers: list[dict[str, Any]]
    inventories: list[InventoryPoint]


def _lever_paths(resolved: ResolvedScenario, by_year: Mapping[str, Mapping[int, ObservedPoint]], years: range,
                 base: BaseData, build: ProgressBuild) -> dict[str, dict[str, ObservedPath]]:
    """measure id → quantity → observed path (in the quantity's unit), recording what is used."""
    present = {m.id for m in resolved.measures if m.id == m.kind}
    out: dict[str, dict[str, ObservedPath]] = {}
    for t in TRACKED:
        points = by_year.get(t.indicator, {})
        if not points:
            continue
        if t.lever not in present:
            build.ignored += [{"indicator": t.indicator, "period": o.period,
                               "reason": f"lever {t.lever} not in this scenario"} for o in points.values()]
            continue
        less = base.generation_existing_mw.get(t.less_existing, 0.0) if t.less_existing else 0.0
        kept = sorted(y for y in points if y in years)
        build.ignored += [{"indicator": t.indicator, "period": points[y].period,
                           "reason": f"outside the model's years {years[0]}–{years[-1]}"}
                          for y in sorted(points) if y not in years]
        if not kept:
            continue
        values = tuple(points[y].value * t.scale - less for y in kept)
        out.setdefault(t.lever, {})[t.quantity] = ObservedPath(tuple(kept), values)
        build.used += [Used(points[y], f"{t.lever}.{t.quantity}") for y in kept]
        build.levers.append({"measure": t.lever, "quantity": t.quantity, "indicator": t.indicator,
                             "latest_observed_year": kept[-1], "scale": t.scale, "less_existing_mw": less,
                             "observed": {str(y): v for y, v in zip(kept, values, strict=True)}})
    return out


def _split(measure: CompiledMeasure, k: int) -> tuple[CompiledMeasure, CompiledMeasure]:
    parts = [split_effect(e, k) for e in measure.effects]
    return (CompiledMeasure(measure.id + ACHIEVED, tuple(a for a, _ in parts)),
            CompiledMeasure(measure.id, tuple(r for _, r in parts)))


def build_progress(resolved: ResolvedScenario, inputs: ProgressInputs, horizon: int = DEFAULT_HORIZON
                   ) -> ProgressBuild:
    """The scenario's model with observed levers, and the known values its outputs are anchored on."""
    base = resolved.base_data
    years_arr = years_for(base, horizon)
    years = range(int(years_arr[0]), int(years_arr[-1]) + 1)
    by_year = yearly(inputs.observations)
    inventories = sorted((i for i in inputs.inventories if i.year in years), key=lambda i: i.year)
    pb = ProgressBuild(Built(compile_model(base, years_arr, ()), {}, np.zeros(0), ()),
                       inventories[-1].year if inventories else base.base_year,
                       {i.year: i.gross_co2_t for i in inventories}, {base.base_year: 1.0}, [], [], [], inventories)
    pb.ignored += [{"inventory_year": i.year, "reason": f"outside the model's years {years[0]}–{years[-1]}"}
                   for i in inputs.inventories if i.year not in years]
    for y, o in sorted(by_year.get(INTENSITY_INDICATOR, {}).items()):
        if y in years and y > base.base_year:
            pb.intensity_known[y] = 1.0 + o.value / 100.0
            pb.used.append(Used(o, "energy_intensity_change_pct"))
        else:
            pb.ignored.append({"indicator": INTENSITY_INDICATOR, "period": o.period,
                               "reason": "the base year's change is 0 by definition" if y == base.base_year
                               else f"outside the model's years {years[0]}–{years[-1]}"})
    observed = _lever_paths(resolved, by_year, years, base, pb)
    ctx = context(resolved, years_arr)
    measures: list[CompiledMeasure] = []
    delivery: list[float] = []
    fixed: set[str] = set()
    for m in resolved.measures:
        paths = observed.get(m.id)
        if not paths:
            measures.append(compile_measure(m, ctx))
            delivery.append(resolved.delivery(m.id))
            continue
        whole = compile_measure(m, replace(ctx, observed=paths))
        last = max(p.last_year for p in paths.values())
        achieved, remaining = _split(whole, last - years[0])
        measures += [achieved, remaining]
        delivery += [1.0, resolved.delivery(m.id)]  # history is delivered whatever the scenario says
        fixed.add(achieved.id)
    pb.built = Built(compile_model(base, years_arr, measures), as_arrays(resolved.model_parameters()),
                     np.array(delivery, dtype=np.float64), tuple(m.id for m in measures), frozenset(fixed))
    return pb


@dataclass(frozen=True)
class ProgressRun:
    result: ScenarioResult  # anchored
    model: ScenarioResult  # the model with observed levers, before anchoring on inventories
    build: ProgressBuild
    inputs: ProgressInputs

    @property
    def base_year(self) -> int:
        return self.build.base_year


def anchor_result(raw: ScenarioResult, co2_known: Mapping[int, float], intensity_known: Mapping[int, float]
                  ) -> ScenarioResult:
    """The result with gross CO2 (and its split, net CO2, carbon intensity) anchored on the inventories and
    energy intensity on its observations; energy totals stay the model's."""
    years = np.array(raw.years, dtype=np.int64)
    k = ratio_path(years, raw.co2_t, co2_known)
    co2 = raw.co2_t * k
    ke = ratio_path(years, raw.energy_intensity / raw.energy_intensity[0], intensity_known)
    ei = raw.energy_intensity * ke
    ci = co2 / raw.gdp_10k_cny
    peak = find_peak(raw.years, co2, raw.peak.band)
    return replace(
        raw, co2_t=co2, net_co2_t=co2 - raw.sinks_t,
        co2_t_by_sector={s: v * k for s, v in raw.co2_t_by_sector.items()},
        co2_t_direct_by_sector={s: v * k for s, v in raw.co2_t_direct_by_sector.items()},
        co2_t_purchased={s: v * k for s, v in raw.co2_t_purchased.items()},
        energy_intensity=ei, carbon_intensity=ci, energy_intensity_change_pct=change_pct(ei),
        carbon_intensity_change_pct=change_pct(ci), peak=peak,
        targets=target_checks(raw.years, change_pct(ei), change_pct(ci), peak),
    )


def run_progress(resolved: ResolvedScenario, inputs: ProgressInputs, horizon: int = DEFAULT_HORIZON) -> ProgressRun:
    """The progress scenario's central path, anchored, with the record of its inputs."""
    pb = build_progress(resolved, inputs, horizon)
    raw = run_scenario(resolved, horizon, built=pb.built)
    return ProgressRun(anchor_result(raw, pb.co2_known, pb.intensity_known), raw, pb, inputs)


def provenance_json(run: ProgressRun) -> dict[str, Any]:
    """Every input of the run: inventories (with the model's CO2 of their year), observations with period and
    origin, the levers they replace, and what was left out and why."""
    pb = run.build
    model_co2 = dict(zip(run.model.years, run.model.co2_t, strict=True))
    return {
        "as_of": None if run.inputs.as_of is None else run.inputs.as_of.isoformat(),
        "base_year": pb.base_year,
        "model_base_year": run.model.years[0],
        "inventories": [{"year": i.year, "gross_co2_t": i.gross_co2_t, "model_co2_t": float(model_co2[i.year]),
                         **i.ref} for i in pb.inventories],
        "observations": [u.as_dict() for u in pb.used],
        "levers": pb.levers,
        "intensity_observed": {str(y): round((v - 1.0) * 100.0, 6) for y, v in sorted(pb.intensity_known.items())
                               if y != run.model.years[0]},
        "ignored": pb.ignored,
    }
