"""Indicators with the database: observations stored with history, progress evaluated.

The rules are in the pure modules `progress` (status) and `observations` (rows, units);
this module reads and writes the models around them. Every write is one transaction and
leaves an audit.ChangeRecord with the fields before and after.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from carbonpeak.accounting.issues import InputIssue
from carbonpeak.audit.models import ChangeAction, ChangeRecord, diff, stored_actor
from carbonpeak.indicators import progress as pg
from carbonpeak.indicators.models import (
    BarometerLevel,
    Indicator,
    Observation,
    Origin,
    ProgressNote,
    ProgressStatus,
)
from carbonpeak.indicators.observations import (
    CheckedRows,
    IndicatorInfo,
    ObservationInputError,
    ObservationRow,
    check_rows,
    default_range,
)
from carbonpeak.people.permissions import AnyUser
from carbonpeak.plan.models import Plan
from carbonpeak.plan.vocabulary import Cycle, Direction, PathShape, TargetKind
from carbonpeak.supervision.evidence import EvidenceRejected, check_upload

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
        plan.indicators.select_related("action").prefetch_related("targets", "tasks", "observations")
        .order_by("action__number", "id")
    )


def evaluate_indicator(indicator: Indicator, as_of: dt.date) -> IndicatorStatus:
    observations = sorted(indicator.observations.all(), key=lambda o: (o.period_end, o.period_start))
    progress = pg.evaluate(spec_of(indicator), [point_of(o) for o in observations], as_of, thresholds_of(indicator))
    return IndicatorStatus(indicator, progress, observations)


def evaluate_plan(plan: Plan, as_of: dt.date | None = None) -> list[IndicatorStatus]:
    """Every indicator of the plan as known on `as_of` (today by default), in plan order."""
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
_HISTORY_FIELDS = (*Observation.public_fields, "provenance", "derived_value", "report_id")


def _snapshot(o: Observation) -> dict[str, Any]:
    return {name: getattr(o, name) for name in _HISTORY_FIELDS}


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    skipped: list[InputIssue]

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": [i.as_dict() for i in self.skipped]}


def _fields(row: ObservationRow, origin: Origin, source: str, derivation: str, illustrative: bool) -> dict[str, Any]:
    return {
        "period_start": row.period_start, "period_end": row.period_end, "value": row.value,
        "reference_value": row.reference_value, "entered_value": row.entered_value,
        "entered_unit": row.entered_unit, "source": row.source or source, "origin": origin,
        "derivation": derivation, "illustrative": illustrative, "note": row.note,
        # A new value forgets what made the one it replaces (a derivation or a report sets its own).
        "provenance": {}, "report": None,
    }


def _upsert(indicator: Indicator, row: ObservationRow, values: dict[str, Any], user: AnyUser | None,
            actor_label: str, reason: str) -> str:
    # order_by(): the default ordering joins the indicator's nullable action, which
    # PostgreSQL will not lock FOR UPDATE.
    existing = (Observation.objects.select_for_update().filter(indicator=indicator, period=row.period)
                .order_by().first())
    if existing is not None:
        values = _precedence(existing, values)
    key = f"{indicator.plan.code}/{indicator.code}/{row.period}"
    actor = stored_actor(user)
    if existing is None:
        created = Observation.objects.create(indicator=indicator, period=row.period, entered_by=actor,
                                             entered_by_label=actor_label, **values)
        ChangeRecord.objects.create(actor=actor, actor_label=actor_label, entity="observation", entity_key=key,
                                    action=ChangeAction.CREATED, before={}, after=_json(_snapshot(created)),
                                    reason=reason)
        return "created"
    before = _json(_snapshot(existing))
    for name, value in values.items():
        setattr(existing, name, value)
    changed_before, changed_after = diff(before, _json(_snapshot(existing)))
    if not changed_before and not changed_after:
        return "unchanged"
    existing.entered_by, existing.entered_by_label = actor, actor_label
    existing.save()
    ChangeRecord.objects.create(actor=actor, actor_label=actor_label, entity="observation", entity_key=key,
                                action=ChangeAction.UPDATED, before=changed_before, after=changed_after,
                                reason=reason)
    return "updated"


def _precedence(existing: Observation, values: dict[str, Any]) -> dict[str, Any]:
    """An official value outranks a derived one: a new derivation only refreshes the computed value
    kept beside it; an official value over a derived one keeps the derived value beside it."""
    if existing.origin == Origin.OFFICIAL and values["origin"] == Origin.DERIVED:
        return {"derived_value": values["value"], "provenance": values.get("provenance", existing.provenance),
                "derivation": values["derivation"]}
    if values["origin"] == Origin.OFFICIAL and existing.origin in (Origin.DERIVED, Origin.OFFICIAL):
        computed = existing.value if existing.origin == Origin.DERIVED else existing.derived_value
        return {**values, "derived_value": computed, "provenance": existing.provenance,
                "derivation": existing.derivation}
    return values


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}


def store_rows(plan: Plan, checked: CheckedRows, *, origin: Origin, user: AnyUser | None, actor_label: str,
               source: str = "", valid_only: bool = False, derivation: str = "", illustrative: bool = False,
               reason: str = "", provenance: Mapping[str, Mapping[str, Any]] | None = None) -> ImportSummary:
    """Store checked rows: all of them in one transaction, or none when any row has a problem
    (unless `valid_only`, when the good rows are stored and the bad ones reported).

    `provenance` maps a period to what made its value. The warnings of the indicators that changed
    are re-evaluated once the transaction commits, without waiting for the jobs loop."""
    if checked.issues and not valid_only:
        raise ObservationInputError(checked.issues)
    indicators = {i.code: i for i in plan.indicators.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    changed: set[int] = set()
    with transaction.atomic():
        for row in checked.rows:
            values = _fields(row, origin, source, derivation, illustrative)
            if provenance is not None and row.period in provenance:
                values["provenance"] = dict(provenance[row.period])
            outcome = _upsert(indicators[row.indicator], row, values, user, actor_label, reason or str(origin))
            counts[outcome] += 1
            if outcome != "unchanged":
                changed.add(indicators[row.indicator].pk)
        if changed:
            transaction.on_commit(partial(_reevaluate_warnings, plan.pk, frozenset(changed), actor_label))
    return ImportSummary(counts["created"], counts["updated"], counts["unchanged"], list(checked.issues))


def _reevaluate_warnings(plan_id: int, indicator_ids: frozenset[int], actor_label: str) -> None:
    # Imported here: the warnings module evaluates through this one.
    from carbonpeak.indicators.warnings import raise_warnings

    raise_warnings(Plan.objects.get(pk=plan_id), only=indicator_ids, actor_label=actor_label)


def import_records(plan: Plan, records: Iterable[dict[str, Any]], *, user: AnyUser | None, actor_label: str,
                   source: str, valid_only: bool = False) -> ImportSummary:
    checked = check_rows(records, catalogue(plan), today=timezone.localdate())
    return store_rows(plan, checked, origin=Origin.IMPORTED, user=user, actor_label=actor_label, source=source,
                      valid_only=valid_only, reason=f"import {source}")


def enter_observation(indicator: Indicator, record: dict[str, Any], *, user: AnyUser, actor_label: str,
                      evidence: UploadedFile | None = None) -> Observation:
    """One value entered in the UI or the API, with an optional evidence file checked by its
    content; ObservationInputError names each bad field and nothing is stored."""
    if indicator.derived:
        raise ObservationInputError([InputIssue(indicator.code, "indicator", DERIVED_NOT_ENTERED)])
    checked = check_rows([{**record, "indicator": indicator.code}], {indicator.code: info_of(indicator)}, first_row=1,
                         today=timezone.localdate())
    data = evidence.read() if evidence is not None else None
    name = (evidence.name if evidence is not None else None) or "evidence"
    if data is not None:
        try:
            check_upload(name, data[:16], len(data))
        except EvidenceRejected as exc:
            checked = CheckedRows(checked.rows, [*checked.issues, InputIssue(indicator.code, "evidence", exc.reason)])
    with transaction.atomic():
        store_rows(indicator.plan, checked, origin=Origin.ENTERED, user=user, actor_label=actor_label,
                   reason="entered")
        saved = Observation.objects.get(indicator=indicator, period=checked.rows[0].period)
        if data is not None:
            saved.evidence.save(name, ContentFile(data), save=True)
    return saved


def record_official(indicator: Indicator, record: dict[str, Any], *, user: AnyUser | None,
                    actor_label: str) -> Observation:
    """The office records the official statistics value of a period (统计部门数据). It takes
    precedence over a value derived from the platform's data, which stays beside it; a period in the
    future, a missing source or a bad value is refused naming the field, and nothing is stored."""
    info = dataclasses.replace(info_of(indicator), derived=False)
    unit = str(record.get("unit") or indicator.unit)
    checked = check_rows([{**record, "indicator": indicator.code, "unit": unit}], {indicator.code: info},
                         first_row=1, today=timezone.localdate())
    if not str(record.get("source") or "").strip():
        checked = CheckedRows(checked.rows, [*checked.issues, InputIssue(
            indicator.code, "source", "请写明统计数据的出处（部门、公报或年鉴）/ name the statistics' source")])
    with transaction.atomic():
        store_rows(indicator.plan, checked, origin=Origin.OFFICIAL, user=user, actor_label=actor_label,
                   reason="official statistics")
        return Observation.objects.get(indicator=indicator, period=checked.rows[0].period)


def history(observation: Observation) -> list[ChangeRecord]:
    key = f"{observation.indicator.plan.code}/{observation.indicator.code}/{observation.period}"
    return list(ChangeRecord.objects.filter(entity="observation", entity_key=key).order_by("at", "id"))


def series_for_chart(s: IndicatorStatus, first_year: int = 2020) -> dict[str, Any]:
    """Actual values, the expected path and the target line, for an ECharts line chart."""
    ind, p = s.indicator, s.progress
    targets = sorted(ind.targets.all(), key=lambda t: t.year)
    last_year = max([t.year for t in targets] + [o.period_end.year for o in s.observations] + [first_year])
    spec = spec_of(ind)
    years = list(range(min([first_year] + [o.period_end.year for o in s.observations]), last_year + 1))
    path: list[float | None] = []
    if p.target is not None and p.target.kind in pg.PATH_KINDS and s.observations:
        path = [_number(expected_for_year(spec, s, y), 6) for y in years]
    return {
        "years": [str(y) for y in years],
        "actual": [[o.period, o.value] for o in s.observations],
        "path": path,
        "targets": [{"year": t.year, "value": t.value, "kind": t.kind} for t in targets],
        "unit": ind.unit_display,
    }


def expected_for_year(spec: pg.IndicatorSpec, s: IndicatorStatus, year: int) -> float | None:
    target = pg.active_target(spec.targets, float(year))
    if target is None or target.kind not in pg.PATH_KINDS or not s.observations:
        return None
    anchors = pg.path_anchors(spec, target.kind, point_of(s.observations[0]))
    return pg.expected_on_path(anchors, float(year), spec.path, target.kind)
