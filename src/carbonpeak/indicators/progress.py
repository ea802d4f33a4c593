"""Progress of an indicator towards its targets: expected path, gap, status, 晴雨表 level.

Pure module (no Django). The rules are explained with examples in
docs/methodology/indicators.md; the thresholds are data (`thresholds.yaml`); the statuses, notes and
晴雨表 levels are named once in `vocabulary`.

Time is measured in *positions*: a fractional year at the end of an observation's period,
so the annual value of 2023 sits at 2023.0 and the value of 2024-Q2 at about 2023.5. The
plan's base and target years are positions of the same kind ("by 2025" = the 2025 value).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from carbonpeak.indicators.vocabulary import (
    BAROMETER_LEVEL,
    WARNING_STATUSES,
    BarometerLevel,
    ProgressNote,
    ProgressStatus,
)
from carbonpeak.plan.thresholds import Thresholds, read_thresholds, thresholds_from_mapping
from carbonpeak.plan.vocabulary import Cycle, Direction, PathShape, TargetKind

__all__ = [
    "CYCLE_DAYS", "PATH_KINDS", "Cycle", "Direction", "IndicatorSpec", "PathShape", "Point", "Progress", "Target",
    "TargetKind", "Thresholds", "active_target", "evaluate", "expected_on_path", "is_stale", "meets",
    "path_anchors", "period_end", "read_thresholds", "start_anchor", "thresholds_from_mapping", "trend",
]


CYCLE_DAYS = {Cycle.YEAR: 366, Cycle.QUARTER: 92, Cycle.MONTH: 31}


PATH_KINDS = frozenset({TargetKind.LEVEL, TargetKind.CHANGE_VS_BASE, TargetKind.CUMULATIVE_ADDITION})


@dataclass(frozen=True)
class Target:
    year: int
    kind: TargetKind
    value: float
    start_year: int | None = None
    reference: str = ""


@dataclass(frozen=True)
class Point:
    """One observation: the value of a period, and for relative targets the reference's value."""

    start: date
    end: date
    label: str
    value: float
    reference_value: float | None = None

    @property
    def position(self) -> float:
        days = 366 if calendar.isleap(self.end.year) else 365
        return self.end.year - 1 + self.end.timetuple().tm_yday / days


def period_end(start: date, label: str) -> date:
    """The last day of a period written as 2023, 2023-Q2, 2023-05 or 2023-05-01."""
    if len(label) == 4:
        return date(start.year, 12, 31)
    if "Q" in label:
        last_month = start.month + 2
        return date(start.year, last_month, calendar.monthrange(start.year, last_month)[1])
    if len(label) == 7:
        return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    direction: Direction
    targets: tuple[Target, ...]
    base_year: int | None = None
    base_value: float | None = None
    path: PathShape = PathShape.LINEAR
    cycle: Cycle = Cycle.YEAR


@dataclass(frozen=True)
class Progress:
    code: str
    status: ProgressStatus
    target: Target | None
    latest: Point | None
    expected_value: float | None
    # latest − expected: negative means behind for a floor, ahead for a ceiling.
    gap_to_path: float | None
    # What is still to do: target − latest (0 once met).
    gap_to_target: float | None
    # Behind the path as a share of the change required (or of the threshold); ≤ 0 is ahead.
    shortfall: float | None
    trend_per_year: float | None
    projected_at_target_year: float | None
    notes: tuple[ProgressNote, ...] = field(default=())
    # The status the latest value earns on its own; differs from `status` only when stale.
    status_of_latest: ProgressStatus | None = None

    @property
    def barometer(self) -> BarometerLevel:
        return BAROMETER_LEVEL[self.status]

    @property
    def warns(self) -> bool:
        return self.status in WARNING_STATUSES


def meets(value: float, required: float, direction: Direction) -> bool:
    return value >= required if direction == Direction.INCREASE else value <= required


def _behind(expected: float, value: float, direction: Direction) -> float:
    """How far the value is behind the expected one, in the indicator's unit (≤ 0: ahead)."""
    return expected - value if direction == Direction.INCREASE else value - expected


def _scale(threshold: float) -> float:
    """What a slip from a threshold is measured in: the threshold itself, or one unit for a zero
    threshold (a 0 % landfill rate missed by 2 points is a slip of 2, not of infinity)."""
    return abs(threshold) if threshold != 0 else 1.0


def _band(shortfall: float, on_track: float, at_risk: float) -> ProgressStatus:
    if shortfall <= on_track + 1e-12:
        return ProgressStatus.ON_TRACK
    if shortfall <= at_risk + 1e-12:
        return ProgressStatus.AT_RISK
    return ProgressStatus.OFF_TRACK


def trend(points: Sequence[Point], last: int = 3) -> float | None:
    """Least-squares slope of the last few values, in units per year (None below two points)."""
    tail = points[-last:]
    if len(tail) < 2:
        return None
    xs = [p.position for p in tail]
    ys = [p.value for p in tail]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def active_target(targets: Sequence[Target], position: float) -> Target | None:
    """The first target not yet due at a position; the last one once all are past."""
    ordered = sorted(targets, key=lambda t: t.year)
    for target in ordered:
        # A value of (part of) year Y is judged against the first target due in Y or later:
        # the 2025 value against the 2025 target, a 2026-Q1 value against the next one.
        if target.year >= math.ceil(position - 1e-9):
            return target
    return ordered[-1] if ordered else None


def _interpolate(a: tuple[float, float], b: tuple[float, float], x: float, shape: PathShape,
                 kind: TargetKind) -> float:
    (xa, ya), (xb, yb) = a, b
    if xb <= xa:
        return yb
    frac = min(max((x - xa) / (xb - xa), 0.0), 1.0)
    if shape == PathShape.STEP:
        return yb if frac >= 1.0 else ya
    if shape == PathShape.GEOMETRIC:
        if kind == TargetKind.CHANGE_VS_BASE and ya > -100 and yb > -100:
            # A change in % compounds as a ratio: −14% over five years is 0.86^(1/5) a year.
            return float(((1 + ya / 100) * ((1 + yb / 100) / (1 + ya / 100)) ** frac - 1) * 100)
        if kind == TargetKind.LEVEL and ya > 0 and yb > 0:
            return float(ya * (yb / ya) ** frac)
    return ya + (yb - ya) * frac


def expected_on_path(anchors: Sequence[tuple[float, float]], x: float, shape: PathShape,
                     kind: TargetKind) -> float:
    """The value the path expects at a position: piecewise between the anchors, flat outside."""
    if x <= anchors[0][0]:
        return anchors[0][1]
    for a, b in pairwise(anchors):
        if x <= b[0]:
            return _interpolate(a, b, x, shape, kind)
    return anchors[-1][1]


def start_anchor(spec: IndicatorSpec, kind: TargetKind, first: Point) -> tuple[tuple[float, float], bool]:
    """Where the path starts, and whether that start came from the plan (not the data)."""
    if kind in (TargetKind.CHANGE_VS_BASE, TargetKind.CUMULATIVE_ADDITION):
        # Observations of these kinds are the change or addition since the base year.
        if spec.base_year is not None:
            return (float(spec.base_year), 0.0), True
        return (first.position, first.value), False
    if spec.base_year is not None and spec.base_value is not None:
        return (float(spec.base_year), spec.base_value), True
    return (first.position, first.value), False


def path_anchors(spec: IndicatorSpec, kind: TargetKind, first: Point,
                 until: int | None = None) -> list[tuple[float, float]]:
    """The points the expected path runs through: its start, then each target of the kind."""
    start = start_anchor(spec, kind, first)[0]
    later = sorted(
        (t for t in spec.targets if t.kind == kind and t.year > start[0] and (until is None or t.year <= until)),
        key=lambda t: t.year,
    )
    return [start] + [(float(t.year), t.value) for t in later]


def _path_progress(spec: IndicatorSpec, target: Target, points: Sequence[Point],
                   limits: Thresholds) -> tuple[ProgressStatus, float, float, tuple[ProgressNote, ...]]:
    latest = points[-1]
    start, from_plan = start_anchor(spec, target.kind, points[0])
    notes: list[ProgressNote] = [] if from_plan else [ProgressNote.NO_BASE]
    anchors = path_anchors(spec, target.kind, points[0], until=target.year)
    direction = spec.direction
    met_before = any(meets(p.value, target.value, direction) for p in points[:-1])

    if meets(latest.value, target.value, direction):
        if latest.position < target.year - 1e-9:
            notes.append(ProgressNote.MET_EARLY)
        return ProgressStatus.ACHIEVED, target.value, 0.0, tuple(notes)
    if met_before:
        notes.append(ProgressNote.MET_THEN_LOST)
    if meets(start[1], target.value, direction):
        # The start was already within the target (a ceiling kept, a floor held): the path is
        # the target itself, and a slip is measured against the target like a rate.
        notes.append(ProgressNote.ALREADY_WITHIN)
        slip = _behind(target.value, latest.value, direction) / _scale(target.value)
        if latest.position >= target.year - 1e-9:
            notes.append(ProgressNote.TARGET_MISSED)
            return ProgressStatus.OFF_TRACK, target.value, slip, tuple(notes)
        return _band(slip, 0.0, limits.rate_at_risk_margin), target.value, slip, tuple(notes)
    expected = expected_on_path(anchors, latest.position, spec.path, target.kind)
    required = abs(target.value - anchors[-2][1]) if len(anchors) > 1 else abs(target.value - start[1])
    shortfall = _behind(expected, latest.value, direction) / max(required, 1e-12)
    if latest.position >= target.year - 1e-9:
        notes.append(ProgressNote.TARGET_MISSED)
        return ProgressStatus.OFF_TRACK, expected, shortfall, tuple(notes)
    return _band(shortfall, limits.on_track_margin, limits.at_risk_margin), expected, shortfall, tuple(notes)


def _hold_progress(spec: IndicatorSpec, target: Target, points: Sequence[Point],
                   limits: Thresholds) -> tuple[ProgressStatus, float, float, tuple[ProgressNote, ...]]:
    latest = points[-1]
    first_year = target.start_year if target.start_year is not None else target.year
    direction = spec.direction
    slip = _behind(target.value, latest.value, direction) / _scale(target.value)
    if latest.position < first_year - 1e-9:
        # Not binding yet: a value short of the rate is a risk, not yet a failure.
        status = ProgressStatus.ON_TRACK if meets(latest.value, target.value, direction) else ProgressStatus.AT_RISK
        return status, target.value, slip, (ProgressNote.BEFORE_START,)
    window = [p for p in points if first_year - 1e-9 <= p.position]
    missed = [p for p in window[:-1] if not meets(p.value, target.value, direction)]
    if meets(latest.value, target.value, direction):
        if missed:
            return ProgressStatus.AT_RISK, target.value, slip, (ProgressNote.MISSED_A_YEAR,)
        done = latest.position >= target.year - 1e-9
        return (ProgressStatus.ACHIEVED if done else ProgressStatus.ON_TRACK), target.value, slip, ()
    notes = (ProgressNote.MET_THEN_LOST,) if any(meets(p.value, target.value, direction) for p in window) else ()
    return _band(slip, 0.0, limits.rate_at_risk_margin), target.value, slip, notes


def _relative_progress(
    spec: IndicatorSpec, target: Target, points: Sequence[Point], limits: Thresholds
) -> tuple[ProgressStatus, float | None, float | None, tuple[ProgressNote, ...]]:
    latest = points[-1]
    if latest.reference_value is None:
        return ProgressStatus.NO_DATA, None, None, (ProgressNote.NO_REFERENCE,)
    required = latest.reference_value + target.value
    slip = _behind(required, latest.value, spec.direction) / _scale(required)
    if meets(latest.value, required, spec.direction):
        done = latest.position >= target.year - 1e-9
        return (ProgressStatus.ACHIEVED if done else ProgressStatus.ON_TRACK), required, slip, ()
    if latest.position >= target.year - 1e-9:
        return ProgressStatus.OFF_TRACK, required, slip, (ProgressNote.TARGET_MISSED,)
    return _band(slip, 0.0, limits.rate_at_risk_margin), required, slip, ()


def is_stale(latest: Point, cycle: Cycle, as_of: date, limits: Thresholds) -> bool:
    """No newer value although the next one was due: a cycle and the grace have passed."""
    return as_of > latest.end + timedelta(days=CYCLE_DAYS[cycle] + limits.stale_grace_days)


def evaluate(spec: IndicatorSpec, points: Sequence[Point], as_of: date,
             limits: Thresholds | None = None) -> Progress:
    """The indicator's progress as known on `as_of` (values of periods starting later are ignored)."""
    limits = limits or Thresholds()
    known = sorted((p for p in points if p.start <= as_of), key=lambda p: (p.end, p.start))
    as_of_position = Point(as_of, as_of, "", 0.0).position
    if not known:
        target = active_target(spec.targets, as_of_position)
        return Progress(spec.code, ProgressStatus.NO_DATA, target, None, None, None, None, None, None, None)
    latest = known[-1]
    target = active_target(spec.targets, latest.position)
    slope = trend(known)
    if target is None:
        return Progress(spec.code, ProgressStatus.NO_DATA, None, latest, None, None, None, None, slope, None)
    outcome: tuple[ProgressStatus, float | None, float | None, tuple[ProgressNote, ...]]
    if target.kind == TargetKind.HOLD_EVERY_YEAR:
        outcome = _hold_progress(spec, target, known, limits)
    elif target.kind == TargetKind.RELATIVE_TO_REFERENCE:
        outcome = _relative_progress(spec, target, known, limits)
    else:
        outcome = _path_progress(spec, target, known, limits)
    own_status, expected, shortfall, notes = outcome
    status = own_status
    if status != ProgressStatus.NO_DATA and is_stale(latest, spec.cycle, as_of, limits):
        status = ProgressStatus.STALE
    required = expected if target.kind == TargetKind.RELATIVE_TO_REFERENCE else target.value
    gap_to_target = None
    if required is not None:
        gap_to_target = 0.0 if meets(latest.value, required, spec.direction) else required - latest.value
    projected = None
    if slope is not None and target.year > latest.position:
        projected = latest.value + slope * (target.year - latest.position)
    return Progress(
        code=spec.code, status=status, target=target, latest=latest, expected_value=expected,
        gap_to_path=None if expected is None else latest.value - expected,
        gap_to_target=gap_to_target, shortfall=shortfall, trend_per_year=slope,
        projected_at_target_year=projected, notes=notes, status_of_latest=own_status,
    )
