"""Indicators as known on a day: catalogue, thresholds, and each indicator's progress (read side).

The rules are in the pure module `progress` (status); this module reads the models around it. Writes
(observations stored with history) are in `services`, which re-evaluates warnings after a commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from carbonpeak.caching import versions
from carbonpeak.caching.readmodels import cached_read
from carbonpeak.common.figures import kind_of_unit
from carbonpeak.indicators import progress as pg
from carbonpeak.indicators.models import BarometerLevel, Indicator, Observation, ProgressNote, ProgressStatus
from carbonpeak.indicators.observations import IndicatorInfo, default_range
from carbonpeak.plan.models import Plan
from carbonpeak.plan.vocabulary import Cycle, Direction, PathShape, TargetKind

BUNDLED_THRESHOLDS = Path(__file__).with_name("thresholds.yaml")
DERIVED_NOT_ENTERED = "本指标由系统计算，不能手工填报 / this indicator is derived, not entered"


@cache
def _default_thresholds(path: str) -> pg.Thresholds:
    return pg.read_thresholds(Path(path).read_text(encoding="utf-8"))


def default_thresholds() -> pg.Thresholds:
    """The deployment's bands: CARBONPEAK_INDICATOR_THRESHOLDS, else the bundled file."""
    return _default_thresholds(str(getattr(settings, "CARBONPEAK_INDICATOR_THRESHOLDS", "") or BUNDLED_THRESHOLDS))


def thresholds_of(indicator: Indicator) -> pg.Thresholds:
    return pg.thresholds_from_mapping(indicator.thresholds or {}, default_thresholds())


def info_of(indicator: Indicator) -> IndicatorInfo:
    kinds = frozenset(TargetKind(t.kind) for t in indicator.targets.all())
    low, high = default_range(indicator.unit, kinds)
    return IndicatorInfo(
        code=indicator.code, unit=indicator.unit, kinds=kinds, derived=bool(indicator.derived),
        minimum=indicator.minimum if indicator.minimum is not None else low,
        maximum=indicator.maximum if indicator.maximum is not None else high,
    )


def catalogue(plan: Plan) -> dict[str, IndicatorInfo]:
    return {i.code: info_of(i) for i in plan.indicators.prefetch_related("targets")}


def spec_of(indicator: Indicator) -> pg.IndicatorSpec:
    return pg.IndicatorSpec(
        code=indicator.code,
        direction=Direction(indicator.direction),
        targets=tuple(
            pg.Target(t.year, TargetKind(t.kind), t.value, t.start_year, t.reference) for t in indicator.targets.all()
        ),
        base_year=indicator.base_year,
        base_value=indicator.base_value,
        path=PathShape(indicator.path_shape),
        cycle=Cycle(indicator.reporting_cycle),
    )


def point_of(o: Observation) -> pg.Point:
    return pg.Point(o.period_start, o.period_end, o.period, o.value, o.reference_value)


@dataclass(frozen=True)
class IndicatorStatus:
    indicator: Indicator
    progress: pg.Progress
    observations: list[Observation] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(ProgressStatus(self.progress.status).label)

    @property
    def note_texts(self) -> list[str]:
        return [str(ProgressNote(n).label) for n in self.progress.notes]

    @property
    def barometer_label(self) -> str:
        return str(BarometerLevel(self.progress.barometer).label)

    @property
    def latest(self) -> Observation | None:
        latest = self.progress.latest
        if latest is None:
            return None
        return next((o for o in self.observations if o.period == latest.label), None)


def indicators_of(plan: Plan) -> list[Indicator]:
    return list(
        plan.indicators.select_related("action")
        .prefetch_related("targets", "tasks", "observations", "place_targets__place", "place_observations")
        .order_by("action__number", "id")
    )


def evaluate_indicator(indicator: Indicator, as_of: dt.date) -> IndicatorStatus:
    observations = sorted(indicator.observations.all(), key=lambda o: (o.period_end, o.period_start))
    progress = pg.evaluate(spec_of(indicator), [point_of(o) for o in observations], as_of, thresholds_of(indicator))
    return IndicatorStatus(indicator, progress, observations)


@cached_read(versions.only("plan", "indicators"))  # kept per data version: the dashboard, lists and API read it
def evaluate_plan(plan: Plan, as_of: dt.date | None = None) -> list[IndicatorStatus]:
    """Every indicator of the plan as known on `as_of` (today by default), in plan order. The answer may be
    shared with other requests: read it, never change it."""
    day = as_of or timezone.localdate()
    return [evaluate_indicator(i, day) for i in indicators_of(plan)]


def _number(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(value, digits)


def status_as_dict(s: IndicatorStatus) -> dict[str, Any]:
    """What the CLI, the API and exports show for an indicator's status."""
    p, i = s.progress, s.indicator
    return {
        "code": i.code, "name": i.name, "name_en": i.name_en, "action": i.action.number if i.action else 0,
        "unit": i.unit, "direction": i.direction, "status": str(p.status), "barometer": str(p.barometer),
        "status_of_latest": str(p.status_of_latest) if p.status_of_latest else None,
        "latest_period": p.latest.label if p.latest else None,
        "latest_value": _number(p.latest.value if p.latest else None),
        "expected_value": _number(p.expected_value),
        # A relative target's value is an offset from its reference: show what it requires.
        "target_value": _number(p.expected_value if p.target and p.target.kind == TargetKind.RELATIVE_TO_REFERENCE
                                else p.target.value if p.target else None),
        "reference_value": _number(p.latest.reference_value if p.latest else None),
        "target_year": p.target.year if p.target else None,
        "target_kind": str(p.target.kind) if p.target else None,
        "gap_to_path": _number(p.gap_to_path), "gap_to_target": _number(p.gap_to_target),
        "shortfall": _number(p.shortfall), "trend_per_year": _number(p.trend_per_year),
        "projected_at_target_year": _number(p.projected_at_target_year),
        "notes": [str(n) for n in p.notes], "derived": i.derived or None,
        "provenance": provenance_as_dict(s.observations[-1]) if s.observations else None,
        "tasks": sorted(t.number for t in i.tasks.all()),
    }


def provenance_as_dict(o: Observation) -> dict[str, Any]:
    """Where the latest value comes from: its origin and source, the computed value beside an
    official one, and what made it (units, meters, months, factor set; or the report)."""
    return {"period": o.period, "origin": o.origin, "source": o.source, "derived_value": o.derived_value,
            "report": o.report_id, **o.provenance}


# --- observations ------------------------------------------------------------------------


# Kept in the history beside the public fields: what made a value and the computed one beside an official one.


def series_for_chart(s: IndicatorStatus, first_year: int = 2020) -> dict[str, Any]:
    """Actual values, the expected path and the target line, for an ECharts line chart."""
    ind, p = s.indicator, s.progress
    targets = sorted(ind.targets.all(), key=lambda t: t.year)
    last_year = max([t.year for t in targets] + [o.period_end.year for o in s.observations] + [first_year])
    spec = spec_of(ind)
    years = list(range(min([first_year] + [o.period_end.year for o in s.observations]), last_year + 1))
    path: list[float | None] = []
    if p.target is not None and p.target.kind in pg.PATH_KINDS and s.observations:
        # The path starts where the progress rules start it (the plan's base, else the first data point):
        # nothing is drawn before, and a path of one point is no path (a first value after the target year).
        start = int(pg.start_anchor(spec, p.target.kind, point_of(s.observations[0]))[0][0])
        path = [_number(expected_for_year(spec, s, y), 6) if y >= start else None for y in years]
        if sum(v is not None for v in path) < 2:
            path = []
    return {
        "years": [str(y) for y in years],
        "actual": [[o.period, o.value] for o in s.observations],
        "path": path,
        "targets": [{"year": t.year, "value": t.value, "kind": t.kind} for t in targets],
        "unit": ind.unit_display,
        "kind": kind_of_unit(ind.unit).value,  # how web/figures.js writes the values (common/figures.py)
    }


def expected_for_year(spec: pg.IndicatorSpec, s: IndicatorStatus, year: int) -> float | None:
    target = pg.active_target(spec.targets, float(year))
    if target is None or target.kind not in pg.PATH_KINDS or not s.observations:
        return None
    anchors = pg.path_anchors(spec, target.kind, point_of(s.observations[0]))
    return pg.expected_on_path(anchors, float(year), spec.path, target.kind)
