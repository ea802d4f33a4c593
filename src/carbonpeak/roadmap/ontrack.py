"""Is the district on track? (是否按计划推进) The progress scenario's Monte Carlo against the plan's goals.

Pure module (no Django). Each draw of uncertainty.draw runs the progress scenario's model (its
observed levers' achieved part is history and is not drawn); each draw's gross CO2 is anchored on
the inventories and its energy-intensity index on the observed changes (anchor.anchor_series), so
the years already known are the same in every draw. Then, over the draws:

    P(peak ≤ Y)        share of draws whose anchored CO2 peaks within the horizon, no later than Y
                       (Y: the plan indicator carbon_peak_year's target, 2030)
    P(intensity, y)    share of draws with change_y = I_y / I_b − 1 at or below the plan's target
                       (energy_intensity_change: −14 % by 2025 versus 2020)
    P(further decline) share of draws with I_2030 < I_2025 (the plan: 到2030年…进一步下降, no number)

A year already observed has the same value in every draw, so its probability is 0 or 1. Each goal's
`status` reads its probability in the IPCC's calibrated language (AR5 guidance note, Mastrandrea et
al. 2010): likely (≥ 66 %) → on_track, about as likely as not (33–66 %) → at_risk, unlikely → off_track.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from carbonpeak.indicators.vocabulary import ProgressStatus
from carbonpeak.roadmap.anchor import anchor_series
from carbonpeak.roadmap.build import DEFAULT_HORIZON
from carbonpeak.roadmap.model import FloatArray, energy_intensity, gross
from carbonpeak.roadmap.progress import (
    INTENSITY_INDICATOR,
    PEAK_INDICATOR,
    ProgressInputs,
    ProgressRun,
    build_progress,
)
from carbonpeak.roadmap.scenario import ResolvedScenario
from carbonpeak.roadmap.uncertainty import Distributions, MonteCarloResult, draw, run_draws, summarise

FURTHER_DECLINE = (2025, 2030)  # the plan's 2030 goal: energy intensity lower in 2030 than in 2025
LIKELY, AS_LIKELY_AS_NOT = 0.66, 0.33


def likelihood(probability: float | None) -> ProgressStatus:
    """on_track / at_risk / off_track (no_data without a probability), indicators' status vocabulary."""
    if probability is None:
        return ProgressStatus.NO_DATA
    if probability >= LIKELY:
        return ProgressStatus.ON_TRACK
    return ProgressStatus.AT_RISK if probability >= AS_LIKELY_AS_NOT else ProgressStatus.OFF_TRACK


@dataclass(frozen=True)
class ProgressMonteCarlo:
    monte_carlo: MonteCarloResult  # of the anchored CO2 paths
    years: tuple[int, ...]
    intensity_change_pct: FloatArray  # (runs, T), change versus the model's base year


def progress_monte_carlo(resolved: ResolvedScenario, inputs: ProgressInputs, runs: int, seed: int,
                         horizon: int = DEFAULT_HORIZON, distributions: Distributions | None = None
                         ) -> ProgressMonteCarlo:
    """`runs` draws of the progress scenario, each anchored like the central path; same seed, same answer."""
    pb = build_progress(resolved, inputs, horizon)
    values = draw(resolved, pb.built, runs, seed, distributions)
    out = run_draws(pb.built, values, runs, {"co2": gross, "ei": energy_intensity})
    years = pb.built.model.years
    co2 = anchor_series(years, out["co2"], pb.co2_known)
    index = anchor_series(years, out["ei"] / out["ei"][:, :1], pb.intensity_known)
    mc = summarise(resolved.spec.id, runs, seed, years, co2, by=inputs.peak_by)
    return ProgressMonteCarlo(mc, tuple(int(y) for y in years), (index - 1.0) * 100.0)


def _observed_through(run: ProgressRun) -> int | None:
    known = [y for y in run.build.intensity_known if y != run.model.years[0]]
    return max(known) if known else None


def on_track_json(run: ProgressRun, pmc: ProgressMonteCarlo) -> dict[str, Any]:
    """The on-track figures by goal: `peak_by_<year>`, `intensity_<year>` and `intensity_further_decline`."""
    result, mc, years = run.result, pmc.monte_carlo, pmc.years
    observed_to = _observed_through(run)
    peak_by = run.inputs.peak_by
    out: dict[str, Any] = {f"peak_by_{peak_by}": {
        "kind": "peak", "indicator": PEAK_INDICATOR, "target_year": peak_by, "probability": mc.p_peak_by_2030,
        "central_peak_year": result.peak.year, "central_peak_co2_t": round(result.peak.level_t, 6),
        "central_on_track": result.peak.year is not None and result.peak.year <= peak_by,
        "runs": mc.runs, "seed": mc.seed, "base_year": run.base_year,
    }}
    change = pmc.intensity_change_pct
    for target in run.inputs.intensity_targets:
        if target.year not in years or target.base_year not in years:
            out[f"intensity_{target.year}"] = {"kind": "intensity", "indicator": target.indicator,
                                               "target_year": target.year, "probability": None,
                                               "reason": f"outside the model's years {years[0]}–{years[-1]}"}
            continue
        j, b = years.index(target.year), years.index(target.base_year)
        draws = ((1 + change[:, j] / 100) / (1 + change[:, b] / 100) - 1) * 100
        central = float(((1 + result.energy_intensity_change_pct[j] / 100)
                         / (1 + result.energy_intensity_change_pct[b] / 100) - 1) * 100)
        out[f"intensity_{target.year}"] = {
            "kind": "intensity", "indicator": target.indicator, "target_year": target.year,
            "base_year": target.base_year, "target_change_pct": target.change_pct,
            "probability": float(np.mean(draws <= target.change_pct + 1e-9)),
            "central_change_pct": round(central, 6), "central_on_track": central <= target.change_pct + 1e-9,
            "observed": observed_to is not None and observed_to >= target.year, "runs": mc.runs,
        }
    before, after = FURTHER_DECLINE
    if before in years and after in years:
        i, j = years.index(before), years.index(after)
        central = float(result.energy_intensity_change_pct[j])
        out["intensity_further_decline"] = {
            "kind": "further_decline", "indicator": INTENSITY_INDICATOR, "target_year": after,
            "reference_year": before, "probability": float(np.mean(change[:, j] < change[:, i])),
            "central_change_pct": round(central, 6),
            "central_on_track": central < float(result.energy_intensity_change_pct[i]),
            "observed": observed_to is not None and observed_to >= after, "runs": mc.runs,
        }
    for goal in out.values():
        goal["status"] = likelihood(goal["probability"])
    return out
