"""Uncertainty of the peak (达峰不确定性): Monte Carlo over declared distributions, and a tornado.

Pure module (no Django). `monte_carlo` draws every input of `data/distributions.yaml` (model
parameters around the scenario's value, each measure's delivery as a factor on the scenario's)
with numpy's PCG64 generator seeded by `seed`, runs the draws as one chunked batch and reports
the distribution of the peak year and level, P(peak no later than 2030) and percentile fans of
CO2. Runs still rising at the horizon have no peak year: they count as "after the horizon" in
the quantiles (None) and as not peaking by 2030.

`tornado` moves one input at a time to its 5th and 95th percentile, the others at the scenario's
values, and ranks inputs by how far the peak year moves, then by how far the peak level moves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np
import numpy.typing as npt

from carbonpeak.common.yaml_files import parse_yaml
from carbonpeak.roadmap.basedata import DATA_DIR
from carbonpeak.roadmap.build import DEFAULT_HORIZON, Built, build
from carbonpeak.roadmap.issues import Issues
from carbonpeak.roadmap.measures import MAX_DELIVERY
from carbonpeak.roadmap.model import FloatArray, IntArray, Outputs, gross, simulate_metric, simulate_metrics
from carbonpeak.roadmap.peak import PEAK_BY, peaks
from carbonpeak.roadmap.scenario import ResolvedScenario

DISTRIBUTIONS_FILE = DATA_DIR / "distributions.yaml"
DEFAULT_RUNS = 1000  # Monte Carlo runs of the CLI, the API, the pages and the dashboard unless told otherwise
PERCENTILES = (5, 25, 50, 75, 95)
KINDS = ("normal", "triangular", "uniform")


@dataclass(frozen=True)
class Distribution:
    """normal(sd) / triangular(low, mode, high) / uniform(low, high); offsets for parameters."""

    kind: str
    sd: float = 0.0
    low: float = 0.0
    mode: float = 0.0
    high: float = 0.0
    source: str = ""

    def sample(self, rng: np.random.Generator, center: float, n: int, offset: bool) -> FloatArray:
        shift = center if offset else 0.0
        if self.kind == "normal":
            return np.asarray(center + rng.normal(0.0, self.sd, n), dtype=np.float64)
        if self.kind == "uniform":
            return np.asarray(shift + rng.uniform(self.low, self.high, n), dtype=np.float64)
        if self.high <= self.low:
            return np.full(n, shift + self.low)
        mode = self.mode if not offset else 0.0
        out = rng.triangular(self.low, min(max(mode, self.low), self.high), self.high, n)
        return np.asarray(shift + out, dtype=np.float64)

    def quantile(self, center: float, q: float, offset: bool) -> float:
        shift = center if offset else 0.0
        if self.kind == "normal":
            return center + (NormalDist(0.0, self.sd).inv_cdf(q) if self.sd > 0 else 0.0)
        if self.kind == "uniform":
            return shift + self.low + q * (self.high - self.low)
        lo, hi = self.low, self.high
        if hi <= lo:
            return shift + lo
        mode = min(max(0.0 if offset else self.mode, lo), hi)
        cut = (mode - lo) / (hi - lo)
        if q < cut:
            return shift + lo + float(np.sqrt(q * (hi - lo) * (mode - lo)))
        return shift + hi - float(np.sqrt((1 - q) * (hi - lo) * (hi - mode)))


@dataclass(frozen=True)
class Distributions:
    inputs: Mapping[str, Distribution]  # parameter path -> spread around the scenario's value
    delivery_default: Distribution
    delivery: Mapping[str, Distribution] = field(default_factory=dict)  # measure id -> factor

    def for_measure(self, measure_id: str) -> Distribution:
        return self.delivery.get(measure_id, self.delivery_default)


def _distribution(raw: Any, issues: Issues, here: str) -> Distribution | None:
    if not isinstance(raw, Mapping) or raw.get("distribution") not in KINDS:
        issues.add(f"{here}.distribution", f"应为 {', '.join(KINDS)} 之一 / must be one of {', '.join(KINDS)}")
        return None
    try:
        d = Distribution(str(raw["distribution"]), float(raw.get("sd", 0)), float(raw.get("low", 0)),
                         float(raw.get("mode", 0)), float(raw.get("high", 0)), str(raw.get("source", "")))
    except (TypeError, ValueError):
        issues.add(here, "参数须为数值 / sd, low, mode and high must be numbers")
        return None
    if d.sd < 0 or d.low > d.high:
        issues.add(here, "须 sd ≥ 0 且 low ≤ high / need sd ≥ 0 and low ≤ high")
        return None
    return d


def distributions_from_mapping(raw: Mapping[str, Any], known_paths: set[str] | None = None) -> Distributions:
    issues = Issues("distributions")
    inputs: dict[str, Distribution] = {}
    for i, item in enumerate(raw.get("inputs") or []):
        path = str(item.get("path", ""))
        if known_paths is not None and path not in known_paths:
            issues.add(f"inputs[{i}].path", f"未知参数 / unknown parameter '{path}'")
            continue
        if (d := _distribution(item, issues, f"inputs[{i}]")) is not None:
            inputs[path] = d
    delivery = raw.get("delivery") or {}
    default = _distribution(delivery.get("default"), issues, "delivery.default")
    by_measure = {str(k): d for k, v in (delivery.get("measures") or {}).items()
                  if (d := _distribution(v, issues, f"delivery.measures.{k}")) is not None}
    issues.raise_if_any()
    assert default is not None
    return Distributions(inputs, default, by_measure)


@cache
def load_distributions(path: Path = DISTRIBUTIONS_FILE) -> Distributions:
    return distributions_from_mapping(parse_yaml(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class MonteCarloResult:
    scenario_id: str
    runs: int
    seed: int
    years: tuple[int, ...]
    peak_years: IntArray  # year of the highest value (the final year when still rising)
    peaked: npt.NDArray[np.bool_]  # peak within the horizon
    peak_levels: FloatArray
    p_peak_by_2030: float
    p_peak_within_horizon: float
    peak_year_quantiles: dict[str, int | None]  # "p5".."p95"; None = after the horizon
    peak_level_quantiles: dict[str, float]
    percentiles: tuple[int, ...]
    fan: FloatArray  # (T, len(percentiles)) gross CO2, tCO2


@dataclass(frozen=True)
class Sensitivity:
    path: str
    label_zh: str
    label_en: str
    low_value: float
    high_value: float
    peak_year_low: int | None
    peak_year_high: int | None
    peak_level_low: float
    peak_level_high: float
    swing_years: int  # |Δ peak year|, "after the horizon" counted as horizon + 1
    swing_t: float  # |Δ peak level|

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _inputs(resolved: ResolvedScenario, built: Built, dists: Distributions
            ) -> list[tuple[str, Distribution, float, bool, tuple[float, float]]]:
    """(path, distribution, centre, is-offset, (min, max)) for every uncertain input of the scenario."""
    catalogue = {p.path: p for p in resolved.base_data.parameters}
    out = [(path, d, resolved.parameters[path], True, (catalogue[path].minimum, catalogue[path].maximum))
           for path, d in dists.inputs.items() if path in catalogue]
    for mid, centre in zip(built.measure_ids, built.delivery, strict=True):
        if centre > 0 and mid not in built.fixed:
            out.append((f"measure.{mid}.delivery", dists.for_measure(mid), float(centre), False, (0.0, MAX_DELIVERY)))
    return out


def _label(resolved: ResolvedScenario, path: str) -> tuple[str, str]:
    for p in resolved.base_data.parameters:
        if p.path == path:
            return p.label_zh, p.label_en
    mid = path.split(".")[1]
    m = next(m for m in resolved.measures if m.id == mid)
    return f"{m.label_zh}：落实程度", f"{m.label_en}: delivery"


def _batch(built: Built, values: Mapping[str, FloatArray], n: int) -> tuple[dict[str, FloatArray], FloatArray]:
    params = dict(built.params)
    delivery = np.repeat(built.delivery[None, :], n, axis=0)
    for path, v in values.items():
        if path.startswith("measure."):
            delivery[:, built.measure_ids.index(path.split(".")[1])] = v
        else:
            params[path] = v
    return params, delivery


def _run(built: Built, values: Mapping[str, FloatArray], n: int) -> FloatArray:
    return simulate_metric(built.model, *_batch(built, values, n), gross)


def run_draws(built: Built, values: Mapping[str, FloatArray], n: int,
              metrics: Mapping[str, Callable[[Outputs], FloatArray]]) -> dict[str, FloatArray]:
    """Several metrics of the same `n` draws (from `draw`), each (n, T)."""
    return simulate_metrics(built.model, *_batch(built, values, n), metrics)


def draw(resolved: ResolvedScenario, built: Built, runs: int, seed: int,
         distributions: Distributions | None = None) -> dict[str, FloatArray]:
    """`runs` draws of every uncertain input (PCG64 seeded by `seed`), by parameter path."""
    if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
        check = Issues("monte_carlo")
        check.add("runs", f"须为正整数 / must be a positive integer: {runs!r}")
        check.raise_if_any()
    dists = distributions or load_distributions()
    rng = np.random.default_rng(seed)
    values: dict[str, FloatArray] = {}
    for path, d, centre, offset, (lo, hi) in _inputs(resolved, built, dists):
        sample = d.sample(rng, centre, runs, offset)
        values[path] = np.clip(sample if offset else centre * sample, lo, hi)
    return values


def monte_carlo(resolved: ResolvedScenario, runs: int, seed: int, horizon: int = DEFAULT_HORIZON,
                distributions: Distributions | None = None) -> MonteCarloResult:
    """Distribution of the peak over `runs` draws; the same seed gives the same result."""
    built = build(resolved, horizon)
    values = draw(resolved, built, runs, seed, distributions)
    return summarise(resolved.spec.id, runs, seed, built.model.years, _run(built, values, runs))


def summarise(scenario_id: str, runs: int, seed: int, years: IntArray, co2: FloatArray, by: int = PEAK_BY
              ) -> MonteCarloResult:
    """Peak-year and peak-level distribution, P(peak no later than `by`) and fans of (runs, T) CO2 paths."""
    peak_year, level, within = peaks(years, co2)
    censored = np.where(within, peak_year, np.inf)
    year_q: dict[str, int | None] = {}
    for p in PERCENTILES:
        q = float(np.quantile(censored, p / 100, method="inverted_cdf"))
        year_q[f"p{p}"] = None if not np.isfinite(q) else int(q)
    return MonteCarloResult(
        scenario_id=scenario_id,
        runs=runs,
        seed=seed,
        years=tuple(int(y) for y in years),
        peak_years=peak_year,
        peaked=within,
        peak_levels=level,
        p_peak_by_2030=float(np.mean(within & (peak_year <= by))),
        p_peak_within_horizon=float(np.mean(within)),
        peak_year_quantiles=year_q,
        peak_level_quantiles={f"p{p}": float(np.percentile(level, p)) for p in PERCENTILES},
        percentiles=PERCENTILES,
        fan=np.percentile(co2, PERCENTILES, axis=0).T,
    )


def tornado(resolved: ResolvedScenario, horizon: int = DEFAULT_HORIZON,
            distributions: Distributions | None = None, low_q: float = 0.05, high_q: float = 0.95
            ) -> list[Sensitivity]:
    """Each input at its low and high percentile, others central; ranked by swing of the peak."""
    dists = distributions or load_distributions()
    built = build(resolved, horizon)
    inputs = _inputs(resolved, built, dists)
    n = 2 * len(inputs)
    if n == 0:
        return []
    values: dict[str, FloatArray] = {}
    lows_highs: list[tuple[float, float]] = []
    for k, (path, d, centre, offset, (lo, hi)) in enumerate(inputs):
        pair = [d.quantile(centre, q, offset) for q in (low_q, high_q)]
        if not offset:
            pair = [centre * v for v in pair]
        pair = [float(np.clip(v, lo, hi)) for v in pair]
        lows_highs.append((pair[0], pair[1]))
        column = np.full(n, centre)
        column[2 * k], column[2 * k + 1] = pair
        values[path] = column
    co2 = _run(built, values, n)
    years, level, within = peaks(built.model.years, co2)
    after = horizon + 1
    out: list[Sensitivity] = []
    for k, (path, *_rest) in enumerate(inputs):
        ylo = int(years[2 * k]) if within[2 * k] else None
        yhi = int(years[2 * k + 1]) if within[2 * k + 1] else None
        zh, en = _label(resolved, path)
        out.append(Sensitivity(
            path, zh, en, lows_highs[k][0], lows_highs[k][1], ylo, yhi, float(level[2 * k]), float(level[2 * k + 1]),
            abs((ylo or after) - (yhi or after)), abs(float(level[2 * k + 1] - level[2 * k])),
        ))
    out.sort(key=lambda s: (-s.swing_years, -s.swing_t))
    return out
