"""Places as known on a day (read side): each split indicator's place targets, values and progress, the
district value beside the places' sum or weighted mean, and the grid of places × split indicators.

The rules are pure (`split`: targets and how places add up; `progress`: status and 晴雨表 level, the same as
the district's); this module reads the models around them. Writes are in `place_services`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from carbonpeak.indicators import progress as pg
from carbonpeak.indicators import split
from carbonpeak.indicators.evaluation import IndicatorStatus, spec_of, thresholds_of
from carbonpeak.indicators.models import BarometerLevel, Indicator, PlaceObservation, PlaceTarget, ProgressStatus
from carbonpeak.indicators.vocabulary import Aggregation, Agreement
from carbonpeak.indicators.vocabulary import BarometerLevel as Level
from carbonpeak.plan.models import Department, Plan
from carbonpeak.plan.queries import plan_places

# The order of the 晴雨表 levels from the most severe; a place's own level is its most severe indicator's.
SEVERITY = (Level.RED, Level.ORANGE, Level.GREEN, Level.NONE)


def split_of(rows: list[PlaceTarget]) -> list[split.PlaceTarget]:
    return [split.PlaceTarget(r.place.code, r.year, r.value, r.share) for r in rows]


@dataclass(frozen=True)
class PlaceStatus:
    indicator: Indicator
    place: Department
    targets: list[PlaceTarget]
    resolved: dict[int, float]  # target year → the place's target value
    progress: pg.Progress
    observations: list[PlaceObservation]

    @property
    def status_label(self) -> str:
        return str(ProgressStatus(self.progress.status).label)

    @property
    def barometer_label(self) -> str:
        return str(BarometerLevel(self.progress.barometer).label)

    @property
    def latest(self) -> PlaceObservation | None:
        return self.observations[-1] if self.observations else None


def _point(o: PlaceObservation) -> pg.Point:
    return pg.Point(o.period_start, o.period_end, o.period, o.value, o.reference_value)


def evaluate_place(indicator: Indicator, place: Department, rows: list[PlaceTarget],
                   observations: list[PlaceObservation], as_of: dt.date) -> PlaceStatus | None:
    district = spec_of(indicator)
    spec = split.place_spec(district, split_of(rows))
    if spec is None:  # its years are no longer the district's target years
        return None
    ordered = sorted(observations, key=lambda o: (o.period_end, o.period_start))
    progress = pg.evaluate(spec, [_point(o) for o in ordered], as_of, thresholds_of(indicator))
    resolved = {t.year: t.value for t in spec.targets}
    return PlaceStatus(indicator, place, rows, resolved, progress, ordered)


def evaluate_places(indicator: Indicator, as_of: dt.date, only: Department | None = None) -> list[PlaceStatus]:
    """Each place with a target of the indicator (or `only` that place), in the district's order of places."""
    targets: dict[int, list[PlaceTarget]] = defaultdict(list)
    for t in indicator.place_targets.all():
        targets[t.place_id].append(t)
    values: dict[int, list[PlaceObservation]] = defaultdict(list)
    for o in indicator.place_observations.all():
        values[o.place_id].append(o)
    out = []
    for place in plan_places():
        if place.pk not in targets or (only is not None and place.pk != only.pk):
            continue
        found = evaluate_place(indicator, place, targets[place.pk], values[place.pk], as_of)
        if found is not None:
            out.append(found)
    return out


@dataclass(frozen=True)
class Comparison:
    """The district value of a period beside its places' sum or weighted mean, and the targets likewise."""

    period: str | None
    district: float | None
    combined: split.Combined
    agreement: Agreement
    target_year: int | None
    district_target: float | None
    places_target: float | None  # the places' targets of that year added up (sum indicators only)


def compare(district: IndicatorStatus, places: list[PlaceStatus]) -> Comparison:
    aggregation = split.aggregation_for(district.indicator.unit)
    latest = district.progress.latest
    newest = max((o for p in places for o in p.observations), key=lambda o: o.period_end, default=None)
    label = latest.label if latest else newest.period if newest else None
    values = [(o.value, o.weight) for p in places for o in p.observations if o.period == label]
    combined = split.combine(values, aggregation, len(places))
    value = latest.value if latest else None
    target = district.progress.target
    year = target.year if target else None
    total = None
    if aggregation is Aggregation.SUM and year is not None:
        year_targets = [p.resolved[year] for p in places if year in p.resolved]
        total = sum(year_targets) if year_targets else None
    return Comparison(label, value, combined, split.agreement(value, combined), year,
                      target.value if target else None, total)


def split_indicators(plan: Plan) -> list[Indicator]:
    """The plan's indicators with a target split to at least one place, in plan order."""
    return list(
        plan.indicators.filter(place_targets__isnull=False).distinct().select_related("action")
        .prefetch_related("targets", "place_targets__place", "place_observations").order_by("action__number", "id")
    )


@dataclass(frozen=True)
class GridRow:
    place: Department
    cells: dict[str, PlaceStatus]  # indicator code → the place's status (absent: no target there)

    @property
    def level(self) -> Level:
        levels = {c.progress.barometer for c in self.cells.values()}
        return next((lv for lv in SEVERITY if lv in levels), Level.NONE)


@dataclass(frozen=True)
class Grid:
    columns: list[Indicator]
    rows: list[GridRow]


def grid(plan: Plan, as_of: dt.date, only: Department | None = None) -> Grid:
    """The 晴雨表 of places: a row per place with any split target, a column per split indicator."""
    columns = split_indicators(plan)
    cells: dict[int, dict[str, PlaceStatus]] = defaultdict(dict)
    places: dict[int, Department] = {}
    for indicator in columns:
        for ps in evaluate_places(indicator, as_of, only):
            cells[ps.place.pk][indicator.code] = ps
            places[ps.place.pk] = ps.place
    rows = [GridRow(p, cells[p.pk]) for p in plan_places() if p.pk in places]
    return Grid(columns, rows)


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def place_status_as_dict(ps: PlaceStatus) -> dict[str, Any]:
    """What the CLI and the API show for a place's status of one indicator."""
    p = ps.progress
    return {
        "indicator": ps.indicator.code, "place": ps.place.code, "place_name": ps.place.name,
        "place_name_en": ps.place.name_en, "unit": ps.indicator.unit, "status": str(p.status),
        "barometer": str(p.barometer), "latest_period": p.latest.label if p.latest else None,
        "latest_value": _number(p.latest.value if p.latest else None), "expected_value": _number(p.expected_value),
        "target_year": p.target.year if p.target else None, "target_kind": str(p.target.kind) if p.target else None,
        "target_value": _number(p.target.value if p.target else None),
        "targets": [{"year": t.year, "value": t.value, "share": t.share, "resolved": _number(ps.resolved.get(t.year)),
                     "note": t.note} for t in ps.targets],
        "shortfall": _number(p.shortfall), "notes": [str(n) for n in p.notes],
    }


def place_row_as_dict(row: GridRow) -> dict[str, Any]:
    return {"place": row.place.code, "name": row.place.name, "name_en": row.place.name_en, "kind": row.place.kind,
            "barometer": str(row.level),
            "indicators": [place_status_as_dict(c) for c in row.cells.values()]}


def comparison_as_dict(c: Comparison) -> dict[str, Any]:
    return {"period": c.period, "district_value": _number(c.district), "places_value": _number(c.combined.value),
            "aggregation": str(c.combined.aggregation), "places_reported": c.combined.reported,
            "places_with_target": c.combined.expected, "equal_weights": c.combined.equal_weights,
            "agreement": str(c.agreement), "target_year": c.target_year,
            "district_target": _number(c.district_target), "places_target": _number(c.places_target)}


__all__ = ["Comparison", "Grid", "GridRow", "PlaceStatus", "compare", "evaluate_place", "evaluate_places", "grid",
           "place_row_as_dict", "place_status_as_dict", "split_indicators"]
