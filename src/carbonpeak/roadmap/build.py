"""Turn a resolved scenario into the model's arrays: years, parameters, compiled measures, deliveries.

Pure module (no Django). Measures are compiled against the scenario's central parameters (the
driver paths they read, such as IT load or floor area, are the central ones); a Monte Carlo
draw varies the model parameters and each measure's delivery, not the measure's own shape.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from carbonpeak.roadmap.basedata import BaseData
from carbonpeak.roadmap.issues import InputIssue, ScenarioError
from carbonpeak.roadmap.levers import MeasureContext
from carbonpeak.roadmap.measures import compile_measure
from carbonpeak.roadmap.model import CompiledMeasure, CompiledModel, FloatArray, IntArray, _drivers, compile_model
from carbonpeak.roadmap.scenario import ResolvedScenario

MAX_HORIZON = 2060
DEFAULT_HORIZON = 2035


def years_for(base: BaseData, horizon: int) -> IntArray:
    if not isinstance(horizon, int) or not base.base_year < horizon <= MAX_HORIZON:
        raise ScenarioError(
            [InputIssue("horizon", "horizon", f"须在 {base.base_year + 1}–{MAX_HORIZON} 之间 / must be in "
                                              f"{base.base_year + 1}–{MAX_HORIZON}: {horizon!r}")]
        )
    return np.arange(base.base_year, horizon + 1, dtype=np.int64)


def as_arrays(parameters: dict[str, float]) -> dict[str, FloatArray]:
    return {k: np.array([v], dtype=np.float64) for k, v in parameters.items()}


def context(resolved: ResolvedScenario, years: IntArray) -> MeasureContext:
    base = resolved.base_data
    probe = compile_model(base, years, ())
    params = resolved.model_parameters()
    index, _ = _drivers(probe, as_arrays(params))
    return MeasureContext(base, years, {k: v[0] for k, v in index.items()}, params)


def compile_measures(resolved: ResolvedScenario, years: IntArray) -> list[CompiledMeasure]:
    ctx = context(resolved, years)
    return [compile_measure(m, ctx) for m in resolved.measures]


@dataclass(frozen=True)
class Built:
    """A scenario ready to simulate: the compiled model, its parameters and central deliveries."""

    model: CompiledModel
    params: dict[str, FloatArray]
    delivery: FloatArray  # (M,)
    measure_ids: tuple[str, ...]
    # Measures whose delivery is history (the achieved part of an observed lever): never drawn.
    fixed: frozenset[str] = frozenset()


def build(resolved: ResolvedScenario, horizon: int = DEFAULT_HORIZON) -> Built:
    years = years_for(resolved.base_data, horizon)
    measures = compile_measures(resolved, years)
    model = compile_model(resolved.base_data, years, measures)
    delivery = np.array([resolved.delivery(m.id) for m in resolved.measures], dtype=np.float64)
    return Built(model, as_arrays(resolved.model_parameters()), delivery, tuple(m.id for m in resolved.measures))
