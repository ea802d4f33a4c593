"""Targets split to places (分解到各镇、街道、园区) and how the places' values add up to the district's.

Pure module (no Django). A place's target is written either as a value of its own (of the same kind as the
district target of that year: a level, a change versus the base year, an addition since it …) or as a share
of the district target. A place is then judged by the same rules as the district (`progress.evaluate` on
the place's own spec), so it gets the same statuses and 晴雨表 levels.

How places add up (docs/methodology/indicators.md, "Targets split to places"): capacities, counts,
lengths and areas are summed; rates, shares and ratios are a weighted mean, weighted by what the value
carries (a data centre group's IT electricity, last year's energy of the comparable units) or, where
nothing is carried, by equal weights, which the page then says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from carbonpeak.indicators import progress as pg
from carbonpeak.indicators.vocabulary import Aggregation, Agreement, PlaceTargetKind
from carbonpeak.plan.place_targets import ADDITIVE_UNITS, SHARE_KINDS, target_problems

__all__ = [
    "ADDITIVE_UNITS", "SHARE_KINDS", "Combined", "PlaceTarget", "aggregation_for", "agreement", "combine",
    "place_spec", "resolved_value", "target_problems",
]

# Relative difference under which the district value and the places' combination are said to agree
# (rounding of entered figures; a real gap is larger).
TOLERANCE = 0.005


def aggregation_for(unit: str) -> Aggregation:
    return Aggregation.SUM if unit in ADDITIVE_UNITS else Aggregation.WEIGHTED_MEAN


@dataclass(frozen=True)
class PlaceTarget:
    """A place's target of one year: `value` of its own, or `share` percent of the district's."""

    place: str
    year: int
    value: float | None = None
    share: float | None = None

    @property
    def kind(self) -> PlaceTargetKind:
        return PlaceTargetKind.SHARE if self.share is not None else PlaceTargetKind.LEVEL


def resolved_value(district: pg.Target, target: PlaceTarget) -> float:
    """The place's target value: its own, or its share of the district's."""
    if target.share is not None:
        return district.value * target.share / 100.0
    assert target.value is not None
    return target.value


def place_spec(spec: pg.IndicatorSpec, targets: Sequence[PlaceTarget]) -> pg.IndicatorSpec | None:
    """The district's spec with the place's targets in place of the district's (None without any).

    A place keeps the district's base year, path, cycle and target kinds; the district's base value is
    not the place's, so a level path starts at the place's first value (the NO_BASE note says so).
    """
    by_year = {t.year: t for t in targets}
    own = tuple(replace(d, value=resolved_value(d, by_year[d.year])) for d in spec.targets if d.year in by_year)
    if not own:
        return None
    return replace(spec, targets=own, base_value=None)


@dataclass(frozen=True)
class Combined:
    """The places' values of one period combined as the district's would be."""

    value: float | None
    aggregation: Aggregation
    reported: int  # places with a value for the period
    expected: int  # places with a target
    equal_weights: bool = False  # a weighted mean without weights: each place counts the same


def combine(values: Sequence[tuple[float, float | None]], aggregation: Aggregation, expected: int) -> Combined:
    """(value, weight) of each place that reported → their sum or weighted mean."""
    if not values:
        return Combined(None, aggregation, 0, expected)
    if aggregation is Aggregation.SUM:
        return Combined(sum(v for v, _ in values), aggregation, len(values), expected)
    weights = [w for _, w in values]
    if all(w is not None and w > 0 for w in weights):
        total = sum(w for w in weights if w is not None)
        mean = sum(v * (w or 0.0) for v, w in values) / total
        return Combined(mean, aggregation, len(values), expected)
    return Combined(sum(v for v, _ in values) / len(values), aggregation, len(values), expected, equal_weights=True)


def agreement(district: float | None, combined: Combined) -> Agreement:
    """Whether the district value and the places' combination say the same thing."""
    if district is None or combined.value is None:
        return Agreement.NOTHING_TO_COMPARE
    scale = max(abs(district), abs(combined.value), 1e-9)
    if abs(district - combined.value) / scale <= TOLERANCE:
        return Agreement.MATCH
    return Agreement.PARTIAL if combined.reported < combined.expected else Agreement.MISMATCH
