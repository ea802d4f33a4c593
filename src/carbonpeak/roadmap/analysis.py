"""Scenario results, target checks and the JSON the CLI and API return (情景结果与目标校核).

Pure module (no Django). `run_scenario` runs one resolved scenario and reports, for every year:
energy (total, and on the dual-control basis), CO2 by sector, sinks, net CO2, energy and carbon
intensity, the peak and the plan's targets. `attribute`, `monte_carlo` and `tornado` are
re-exported from attribution.py and uncertainty.py. Every result says which factor set and
base data produced it, and carries the base data's `illustrative` flag.

    energy intensity  = dual-control energy ÷ GDP at 2020 prices        (tce/10^4 CNY)
    carbon intensity  = gross CO2 ÷ GDP at 2020 prices                   (tCO2/10^4 CNY)
    change (%)        = (I_t / I_2020 − 1) × 100                          (reference §5)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pint

from carbonpeak.common.measures import registry
from carbonpeak.roadmap.attribution import Attribution, attribute
from carbonpeak.roadmap.basedata import BaseData, load_base_data
from carbonpeak.roadmap.build import DEFAULT_HORIZON, Built, build
from carbonpeak.roadmap.factors import FuelKind
from carbonpeak.roadmap.model import FloatArray, simulate
from carbonpeak.roadmap.peak import DEFAULT_BAND, PeakInfo, find_peak
from carbonpeak.roadmap.scenario import ResolvedScenario
from carbonpeak.roadmap.uncertainty import MonteCarloResult, Sensitivity, monte_carlo, tornado

__all__ = [
    "Attribution", "MonteCarloResult", "ScenarioResult", "Sensitivity", "TargetCheck", "attribute", "monte_carlo",
    "result_json", "run_scenario", "tornado",
]

UNITS: dict[str, str] = {
    "energy_tce": "tce", "energy_tce_dual_control": "tce", "feedstock_tce": "tce", "co2_t": "t_CO2",
    "sinks_t": "t_CO2", "net_co2_t": "t_CO2", "gdp_10k_cny": "1e4*CNY", "electricity_kwh": "kWh",
    "purchased_kwh": "kWh", "energy_intensity": "tce/(1e4*CNY)", "carbon_intensity": "t_CO2/(1e4*CNY)",
}
# The national 14th-FYP CO2-intensity figure, shown beside the district's unpublished target.
NATIONAL_CO2_INTENSITY_2025 = -18.0


@dataclass(frozen=True)
class TargetCheck:
    code: str
    label: str  # Chinese
    year: int
    value: float | None
    target: float | None  # None where the plan states no number
    met: bool | None  # None where there is no number to meet
    label_en: str = ""
    unit: str = "%"
    note: str = ""
    reference: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ScenarioResult:
    scenario_id: str
    name_zh: str
    name_en: str
    lineage: tuple[str, ...]
    years: tuple[int, ...]
    energy_tce: FloatArray
    energy_tce_dual_control: FloatArray
    feedstock_tce: FloatArray
    energy_tce_by_sector: dict[str, FloatArray]
    energy_tce_by_fuel: dict[str, FloatArray]
    energy_tce_by_sector_fuel: dict[str, dict[str, FloatArray]]
    co2_t_by_sector: dict[str, FloatArray]  # energy sectors (incl. purchased power and heat) + process + waste
    co2_t_direct_by_sector: dict[str, FloatArray]  # fuels burnt in each energy sector
    co2_t_purchased: dict[str, FloatArray]  # "electricity", "heat": indirect, all sectors
    co2_t: FloatArray
    sinks_t: FloatArray
    sinks_by_source: dict[str, FloatArray]
    net_co2_t: FloatArray
    generation_kwh: dict[str, FloatArray]
    electricity_kwh: FloatArray
    purchased_kwh: FloatArray
    grid_t_per_kwh: FloatArray
    gdp_10k_cny: FloatArray
    population: FloatArray
    energy_intensity: FloatArray
    carbon_intensity: FloatArray
    energy_intensity_change_pct: FloatArray
    carbon_intensity_change_pct: FloatArray
    peak: PeakInfo
    targets: list[TargetCheck]
    factor_set: str
    sources: tuple[str, ...]
    illustrative: bool
    notice_zh: str
    notice_en: str
    measures: tuple[str, ...]  # ids of the measures that run (delivery > 0)
    parameters: Mapping[str, float] = field(default_factory=dict)
    base: BaseData | None = field(default=None, repr=False, compare=False)

    @property
    def base_data(self) -> BaseData:
        return self.base if self.base is not None else load_base_data()

    def quantity(self, name: str) -> pint.Quantity[Any]:
        """A series with its unit (pint), e.g. `result.quantity("co2_t").to("kg_CO2")`."""
        values = getattr(self, name)
        q: pint.Quantity[Any] = registry().parse_expression(UNITS[name]) * np.asarray(values)
        return q

    def at(self, series: FloatArray, year: int) -> float:
        return float(series[self.years.index(year)])


def change_pct(series: FloatArray) -> FloatArray:
    """(I_t / I_base − 1) × 100, the base being the first year."""
    return np.asarray((series / series[0] - 1.0) * 100.0, dtype=np.float64)


def target_checks(years: tuple[int, ...], ei: FloatArray, ci: FloatArray, peak: PeakInfo) -> list[TargetCheck]:
    out: list[TargetCheck] = []
    idx = {y: i for i, y in enumerate(years)}
    if 2025 in idx:
        v = float(ei[idx[2025]])
        out.append(TargetCheck(
            "energy_intensity_change", "单位生产总值能源消耗比2020年下降14%", 2025, v, -14.0, v <= -14.0,
            "Energy use per unit of GDP 14 % below 2020", note="plan 二、主要目标; dual-control basis, 2020 prices"))
        c = float(ci[idx[2025]])
        out.append(TargetCheck(
            "carbon_intensity_change", "单位生产总值二氧化碳排放确保完成本市下达指标", 2025, c, None, None,
            "CO2 per unit of GDP: meet the city's allocation", reference=NATIONAL_CO2_INTENSITY_2025,
            note="The plan gives no number (本市下达指标). Reference: national 14th-FYP outline −18 % (not the "
                 "district's own target)."))
    if 2030 in idx and 2025 in idx:
        for code, label, label_en, series in (
            ("energy_intensity_further_decline", "2030年单位生产总值能源消耗进一步下降",
             "Energy intensity lower in 2030 than in 2025", ei),
            ("carbon_intensity_further_decline", "2030年单位生产总值二氧化碳排放进一步下降",
             "Carbon intensity lower in 2030 than in 2025", ci),
        ):
            v30, v25 = float(series[idx[2030]]), float(series[idx[2025]])
            out.append(TargetCheck(code, label, 2030, v30, v25, v30 < v25, label_en,
                                   note="plan 二、主要目标: 进一步下降 (change vs 2020; target = the 2025 value)"))
    out.append(TargetCheck(
        "carbon_peak_year", "确保2030年前实现碳达峰", 2030, None if peak.year is None else float(peak.year), 2030.0,
        peak.before_2030, "Peak CO2 emissions no later than 2030", unit="year",
        note="plan 二、主要目标; gross CO2 (sinks not deducted)"))
    return out


def run_scenario(resolved: ResolvedScenario, horizon: int = DEFAULT_HORIZON, band: float = DEFAULT_BAND,
                 built: Built | None = None) -> ScenarioResult:
    """Run one scenario (batch of one) with everything by sector, fuel and source; `built` when the
    model was laid out already (the progress scenario's, with observed levers)."""
    built = built or build(resolved, horizon)
    model = built.model
    out = simulate(model, built.params, built.delivery[None, :], detail=True)
    d = out.detail
    assert d is not None
    base = model.base
    years = tuple(int(y) for y in model.years)
    by_sector = {s.code: d.energy_cells[0, model.sector_slices[i], :].sum(axis=0)
                 for i, s in enumerate(base.sectors)}
    by_fuel = {f: sum((d.energy_cells[0, c, :] for c, (_, cf) in enumerate(model.cells) if cf == f),
                      np.zeros(len(years))) for f in base.fuel_codes}
    by_sector_fuel = {s.code: {f: d.energy_cells[0, c, :] for c, (cs, f) in enumerate(model.cells) if cs == s.code}
                      for s in base.sectors}
    kinds = {f.code: f.kind for f in base.fuels}
    ef = base.factors.ef_t_per_tce
    direct = {s: sum((v * ef[f] for f, v in fuels.items() if kinds[f] == FuelKind.COMBUSTION),
                     np.zeros(len(years))) for s, fuels in by_sector_fuel.items()}
    heat = sum((by_fuel[f] * ef[f] for f in base.fuel_codes if kinds[f] == FuelKind.HEAT), np.zeros(len(years)))
    purchased = {"electricity": d.purchased_kwh[0] * d.grid_t_per_kwh[0], "heat": np.asarray(heat, dtype=np.float64)}
    gdp = out.gdp_10k_cny[0]
    ei = out.energy_tce_dual_control[0] / gdp
    ci = out.co2_t[0] / gdp
    peak = find_peak(years, out.co2_t[0], band)
    spec = resolved.spec
    return ScenarioResult(
        scenario_id=spec.id, name_zh=spec.name_zh, name_en=spec.name_en, lineage=resolved.lineage, years=years,
        energy_tce=out.energy_tce[0], energy_tce_dual_control=out.energy_tce_dual_control[0],
        feedstock_tce=d.feedstock_tce[0], energy_tce_by_sector=by_sector,
        energy_tce_by_fuel={k: np.asarray(v, dtype=np.float64) for k, v in by_fuel.items()},
        energy_tce_by_sector_fuel=by_sector_fuel,
        co2_t_by_sector={k: v[0] for k, v in d.co2_by_sector.items()},
        co2_t_direct_by_sector={k: np.asarray(v, dtype=np.float64) for k, v in direct.items()},
        co2_t_purchased=purchased, co2_t=out.co2_t[0], sinks_t=out.sinks_t[0],
        sinks_by_source={k: v[0] for k, v in d.sinks_by_source.items()}, net_co2_t=out.net_co2_t[0],
        generation_kwh={k: v[0] for k, v in d.generation_kwh.items()}, electricity_kwh=d.electricity_kwh[0],
        purchased_kwh=d.purchased_kwh[0], grid_t_per_kwh=d.grid_t_per_kwh[0], gdp_10k_cny=gdp,
        population=d.population[0], energy_intensity=ei, carbon_intensity=ci,
        energy_intensity_change_pct=change_pct(ei), carbon_intensity_change_pct=change_pct(ci),
        peak=peak, targets=target_checks(years, change_pct(ei), change_pct(ci), peak),
        factor_set=base.factors.set_label,
        sources=(f"base data: {base.region_zh} {'(示意 / illustrative)' if base.illustrative else ''}".strip(),
                 f"factor set: {base.factors.set_label}", *base.factors.cited),
        illustrative=base.illustrative, notice_zh=base.notice_zh, notice_en=base.notice_en,
        measures=tuple(m for m, w in zip(built.measure_ids, built.delivery, strict=True)
                       if w > 0 and m not in built.fixed),
        parameters=dict(resolved.parameters),
        base=base,
    )


# --- JSON ---------------------------------------------------------------------------------------


def _r(x: float) -> float:
    return float(round(float(x), 6))


def _series(result: ScenarioResult) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i, year in enumerate(result.years):
        out[str(year)] = {
            "energy_tce": _r(result.energy_tce[i]),
            "energy_tce_dual_control": _r(result.energy_tce_dual_control[i]),
            "co2_t": _r(result.co2_t[i]),
            "sinks_t": _r(result.sinks_t[i]),
            "net_co2_t": _r(result.net_co2_t[i]),
            "co2_t_by_sector": {k: _r(v[i]) for k, v in result.co2_t_by_sector.items()},
            "energy_tce_by_sector": {k: _r(v[i]) for k, v in result.energy_tce_by_sector.items()},
            "gdp_10k_cny": _r(result.gdp_10k_cny[i]),
            "energy_intensity_tce_per_10k_cny": _r(result.energy_intensity[i]),
            "carbon_intensity_t_per_10k_cny": _r(result.carbon_intensity[i]),
            "energy_intensity_change_pct": _r(result.energy_intensity_change_pct[i]),
            "carbon_intensity_change_pct": _r(result.carbon_intensity_change_pct[i]),
        }
    return out


def scenario_json(result: ScenarioResult) -> dict[str, Any]:
    return {
        "name_zh": result.name_zh,
        "name_en": result.name_en,
        "lineage": list(result.lineage),
        "peak_year": result.peak.year,
        "peak_co2_t": _r(result.peak.level_t),
        "before_2030": result.peak.before_2030,
        "within_horizon": result.peak.within_horizon,
        "plateau_years": list(result.peak.plateau_years),
        "series": _series(result),
        "targets": [t.as_dict() for t in result.targets],
        "measures": list(result.measures),
        "factor_set": result.factor_set,
        "illustrative": result.illustrative,
    }


def attribution_json(a: Attribution) -> dict[str, Any]:
    return {
        "scenario": a.scenario_id,
        "baseline": a.baseline_id,
        "metric": a.metric,
        "method": a.method,
        "samples": a.samples,
        "standard_error": None if a.standard_error is None else {
            mid: {str(y): _r(a.standard_error[i, j]) for j, y in enumerate(a.years)}
            for i, mid in enumerate(a.measure_ids)
        },
        "residual": a.residual,
        "labels": {mid: {"zh": zh, "en": en} for mid, zh, en in zip(a.measure_ids, a.labels_zh, a.labels_en,
                                                                      strict=True)},
        "measures": {mid: {str(y): _r(a.contributions[i, j]) for j, y in enumerate(a.years)}
                     for i, mid in enumerate(a.measure_ids)},
    }


def monte_carlo_json(mc: MonteCarloResult) -> dict[str, Any]:
    return {
        "scenario": mc.scenario_id,
        "runs": mc.runs,
        "seed": mc.seed,
        "p_peak_by_2030": mc.p_peak_by_2030,
        "p_peak_within_horizon": mc.p_peak_within_horizon,
        "peak_year_quantiles": {k: v for k, v in mc.peak_year_quantiles.items()},
        "peak_level_quantiles": {k: _r(v) for k, v in mc.peak_level_quantiles.items()},
        "fan": {str(y): {str(p): _r(mc.fan[j, i]) for i, p in enumerate(mc.percentiles)}
                for j, y in enumerate(mc.years)},
    }


def result_json(results: Mapping[str, ScenarioResult], attribution: Attribution | None,
                monte_carlo: MonteCarloResult | None) -> dict[str, Any]:
    """The CLI `--json` shape: scenarios by id, attribution by measure and year, Monte Carlo summary."""
    any_result = next(iter(results.values()), None)
    return {
        "illustrative": bool(any_result and any_result.illustrative),
        "notice": None if any_result is None else {"zh": any_result.notice_zh, "en": any_result.notice_en},
        "factor_set": None if any_result is None else any_result.factor_set,
        "scenarios": {sid: scenario_json(r) for sid, r in results.items()},
        "attribution": None if attribution is None else attribution_json(attribution),
        "monte_carlo": None if monte_carlo is None else monte_carlo_json(monte_carlo),
    }
