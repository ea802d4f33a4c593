"""Anchoring model paths on what was observed (路径校准): the rules the progress scenario uses.

Pure module (no Django). Two rules, both in docs/methodology/roadmap.md ("Progress scenario"):

* A lever quantity (MW installed, a PUE, a bus share) observed in years o_1 < … < o_k replaces
  the model's path up to the latest observation o_k = t_L, and the plan's remaining changes are
  added from there:

      q(t) = linear interpolation of the observations            t ≤ t_L  (before o_1: from q_plan(t0))
      q(t) = q(t_L) + (q_plan(t) − q_plan(t_L))                   t > t_L

  so a lever behind plan stays behind by the same amount unless the plan still adds to it.
* A model series (gross CO2, the energy-intensity index) anchored on known values v_i in years
  y_i is multiplied by k(t), the ratio v_i / model(y_i) interpolated linearly between those years
  and held flat before the first and after the last:  anchored(t) = model(t) × k(t). Anchored
  values equal the known ones in their years; after the last, the model's year-on-year changes
  continue from the known level (the "base year" of the projection).

`split_effect` cuts a lever's effect at t_L into what is achieved (held from t_L on, not scaled by
delivery) and what remains to do (scaled by delivery, so a Monte Carlo draw varies only that);
the two recombine exactly in the model (additive for generation and sinks, multiplicative for
intensity factors and for the share of a fuel left after a shift).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from carbonpeak.roadmap.model import (
    Effect,
    FloatArray,
    FuelShiftEffect,
    GenerationEffect,
    IntArray,
    IntensityEffect,
    SinkEffect,
)


@dataclass(frozen=True)
class ObservedPath:
    """Observed values of one lever quantity by year, in the quantity's unit, years ascending."""

    years: tuple[int, ...]
    values: tuple[float, ...]

    @property
    def last_year(self) -> int:
        return self.years[-1]


def replace_path(years: IntArray, planned: FloatArray, observed: ObservedPath, low: float = -np.inf,
                 high: float = np.inf) -> FloatArray:
    """The planned path with the observations in place up to the latest, the plan's changes after it."""
    ys = np.asarray(years, dtype=np.float64)
    plan = np.asarray(planned, dtype=np.float64)
    inside = [(y, v) for y, v in zip(observed.years, observed.values, strict=True) if ys[0] <= y <= ys[-1]]
    if not inside:
        return plan
    xs = [float(y) for y, _ in inside]
    vs = [float(v) for _, v in inside]
    if xs[0] > ys[0]:  # the base year is the model's own (nothing observed there)
        xs, vs = [float(ys[0]), *xs], [float(plan[0]), *vs]
    last = int(np.searchsorted(ys, xs[-1]))
    out = np.interp(ys, xs, vs)
    out[last + 1:] = vs[-1] + (plan[last + 1:] - plan[last])
    return np.asarray(np.clip(out, low, high), dtype=np.float64)


def ratio_path(years: IntArray, model: FloatArray, known: Mapping[int, float]) -> FloatArray:
    """k(t) for a (T,) or (B, T) model series: known/model in the known years, linear between, flat outside."""
    ys = np.asarray(years, dtype=np.int64)
    series = np.atleast_2d(np.asarray(model, dtype=np.float64))
    points = sorted((y, v) for y, v in known.items() if ys[0] <= y <= ys[-1])
    if not points:
        return np.ones_like(series) if np.ndim(model) == 2 else np.ones(ys.size)
    idx = [int(np.searchsorted(ys, y)) for y, _ in points]
    at = series[:, idx]
    ratios = np.divide(np.array([v for _, v in points])[None, :], at, out=np.ones_like(at), where=at != 0)
    k = np.stack([np.interp(ys, ys[idx], r) for r in ratios])
    return k if np.ndim(model) == 2 else k[0]


def anchor_series(years: IntArray, model: FloatArray, known: Mapping[int, float]) -> FloatArray:
    """The model series times k(t): equal to the known values in their years, the model's shape elsewhere."""
    return np.asarray(np.asarray(model, dtype=np.float64) * ratio_path(years, model, known), dtype=np.float64)


def _held(path: FloatArray, k: int) -> FloatArray:
    """The path up to index k, then its value at k for every later year."""
    out = np.array(path, dtype=np.float64, copy=True)
    out[k + 1:] = out[k]
    return out


def _rest(total: FloatArray, done: FloatArray) -> FloatArray:
    """r with (1 − done)(1 − r) = 1 − total (the share still to go after `done`)."""
    left = 1.0 - done
    return np.asarray(np.divide(total - done, left, out=np.zeros_like(total), where=left != 0), dtype=np.float64)


def split_effect(effect: Effect, k: int) -> tuple[Effect, Effect]:
    """(achieved, remaining) of an effect at year index k; together they make the whole effect."""
    if isinstance(effect, GenerationEffect):
        done = _held(effect.kwh, k)
        return replace(effect, kwh=done), replace(effect, kwh=effect.kwh - done)
    if isinstance(effect, SinkEffect):
        done = _held(effect.t_co2, k)
        return replace(effect, t_co2=done), replace(effect, t_co2=effect.t_co2 - done)
    if isinstance(effect, IntensityEffect):
        done = _held(effect.reduction, k)
        return replace(effect, reduction=done), replace(effect, reduction=_rest(effect.reduction, done))
    assert isinstance(effect, FuelShiftEffect)
    done = _held(effect.fraction, k)
    return replace(effect, fraction=done), replace(effect, fraction=_rest(effect.fraction, done))
