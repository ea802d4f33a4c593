"""REST API of the indicators room (/api/v1/indicators…): indicators and targets, status,
observations and warnings, with the same permission rules as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from carbonpeak.audit import actors
from carbonpeak.http.api_checks import longest, need
from carbonpeak.indicators import evaluation, services
from carbonpeak.indicators.models import Direction, EarlyWarning, Indicator, Observation, TargetKind
from carbonpeak.indicators.place_api import router as place_router
from carbonpeak.indicators.warnings import respond
from carbonpeak.people.permissions import Permission, department_of
from carbonpeak.plan.queries import current_plan

router = Router(tags=["indicators"])
# Targets split to places, each place's status, a place's own values (declared first: /indicators/places/… is
# no indicator's code).
router.add_router("", place_router)


class TargetOut(Schema):
    year: int
    kind: TargetKind
    value: float
    start_year: int | None
    reference: str
    note: str


class SourceOut(Schema):
    clause: str
    text: str


class IndicatorOut(Schema):
    code: str
    name: str
    name_en: str
    unit: str
    direction: Direction
    action: int | None
    base_year: int | None
    base_value: float | None
    targets: list[TargetOut]
    source: SourceOut
    tasks: list[int]


def indicator_out(i: Indicator) -> IndicatorOut:
    return IndicatorOut(
        code=i.code, name=i.name, name_en=i.name_en, unit=i.unit, direction=Direction(i.direction),
        action=i.action.number if i.action else None, base_year=i.base_year, base_value=i.base_value,
        targets=[TargetOut(year=t.year, kind=TargetKind(t.kind), value=t.value, start_year=t.start_year,
                           reference=t.reference, note=t.note) for t in i.targets.all()],
        source=SourceOut(clause=i.source_clause, text=i.source_text),
        tasks=sorted(t.number for t in i.tasks.all()),
    )


def _indicators() -> list[Indicator]:
    return list(current_plan().indicators.select_related("action").prefetch_related("targets", "tasks"))


@router.get("/indicators", response=list[IndicatorOut], summary="Indicators and targets / 指标与目标")
def list_indicators(request: HttpRequest, action: int | None = None) -> list[IndicatorOut]:
    need(request, Permission.VIEW_INDICATORS)
    items = _indicators()
    if action is not None:
        items = [i for i in items if (i.action.number if i.action else 0) == action]
    return [indicator_out(i) for i in items]


class StatusOut(Schema):
    code: str
    name: str
    name_en: str
    action: int
    unit: str
    direction: str
    status: str
    barometer: str
    status_of_latest: str | None
    latest_period: str | None
    latest_value: float | None
    expected_value: float | None
    target_value: float | None
    reference_value: float | None
    target_year: int | None
    target_kind: str | None
    gap_to_path: float | None
    gap_to_target: float | None
    shortfall: float | None
    trend_per_year: float | None
    projected_at_target_year: float | None
    notes: list[str]
    derived: str | None
    provenance: dict[str, Any] | None = None
    tasks: list[int]


class StatusListOut(Schema):
    as_of: dt.date
    indicators: list[StatusOut]


@router.get("/indicators/status", response=StatusListOut, summary="Status of every indicator / 指标进展状态")
def indicator_status(request: HttpRequest, as_of: dt.date | None = None) -> dict[str, Any]:
    need(request, Permission.VIEW_PROGRESS)
    day = as_of or dt.date.today()
    rows = [evaluation.status_as_dict(s) for s in evaluation.evaluate_plan(current_plan(), day)]
    return {"as_of": day, "indicators": rows}


class ObservationOut(Schema):
    period: str
    value: float
    reference_value: float | None
    entered_value: float
    entered_unit: str
    source: str
    origin: str
    derivation: str
    illustrative: bool
    note: str
    entered_by: str
    updated_at: dt.datetime
    derived_value: float | None = None  # the computed value beside an official one
    provenance: dict[str, Any] | None = None  # what made the value (units, meters, months; the report)


class ObservationIn(Schema):
    period: str = Field(..., max_length=longest(Observation, "period"))
    value: float | str
    unit: str = Field("", max_length=longest(Observation, "entered_unit"))
    reference_value: float | str | None = None
    source: str = Field("", max_length=longest(Observation, "source"))
    note: str = ""


def _observation_out(o: Observation) -> dict[str, Any]:
    return {**{f: getattr(o, f) for f in Observation.public_fields}, "entered_by": o.entered_by_label,
            "updated_at": o.updated_at, "derived_value": o.derived_value, "provenance": o.provenance or None}


@router.get("/indicators/warnings", response=list[dict[str, Any]], summary="Early warnings / 预警")
def list_warnings(request: HttpRequest, open_only: bool = True) -> list[dict[str, Any]]:
    need(request, Permission.VIEW_WARNINGS)
    items = EarlyWarning.objects.filter(indicator__plan=current_plan()).select_related("indicator")
    own = department_of(request.user)
    if own is not None:
        items = items.filter(departments=own)
    if open_only:
        items = items.filter(closed_at__isnull=True)
    return [warning_out(w) for w in items.prefetch_related("departments", "responses__department")]


def warning_out(w: EarlyWarning) -> dict[str, Any]:
    return {
        "id": w.pk, "indicator": w.indicator.code, "name": w.indicator.name, "level": w.level, "status": w.status,
        "period": w.period, "latest_value": w.latest_value, "expected_value": w.expected_value,
        "target_value": w.target_value, "target_year": w.target_year, "shortfall": w.shortfall,
        "trend_per_year": w.trend_per_year, "as_of": w.as_of.isoformat(), "opened_at": w.opened_at.isoformat(),
        "place": w.place.code if w.place is not None else None,
        "closed_at": w.closed_at.isoformat() if w.closed_at else None,
        "departments": [d.code for d in w.departments.all()],
        "responses": [{"department": r.department.code, "text": r.text, "by": r.by_label, "at": r.at.isoformat()}
                      for r in w.responses.all()],
    }


class ResponseIn(Schema):
    text: str


@router.post("/indicators/warnings/{pk}/response", response={200: dict[str, Any]},
             summary="Acknowledge a warning / 预警反馈")
def respond_to_warning(request: HttpRequest, pk: int, payload: ResponseIn) -> Status[Any]:
    need(request, Permission.VIEW_WARNINGS)
    warning = get_object_or_404(EarlyWarning, pk=pk, indicator__plan=current_plan())
    need(request, Permission.RESPOND_WARNING, warning)
    respond(warning, request.user, payload.text, actor_label=actors.of_api_request(request))
    return Status(200, warning_out(warning))


@router.get("/indicators/{code}/observations", response=list[ObservationOut],
            summary="Observations of an indicator / 指标数据")
def list_observations(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    need(request, Permission.VIEW_PROGRESS)
    indicator = get_object_or_404(current_plan().indicators, code=code)
    return [_observation_out(o) for o in indicator.observations.order_by("period_end", "period_start")]


@router.post("/indicators/{code}/observations", response={201: ObservationOut},
             summary="Enter a value / 填报指标数据")
def enter_observation(request: HttpRequest, code: str, payload: ObservationIn) -> Status[Any]:
    indicator = get_object_or_404(current_plan().indicators, code=code)
    need(request, Permission.ENTER_OBSERVATIONS, indicator)
    saved = services.enter_observation(indicator, payload.dict(), user=request.user,
                                       actor_label=actors.of_api_request(request))
    return Status(201, _observation_out(saved))


class OfficialIn(Schema):
    period: str = Field(..., max_length=longest(Observation, "period"))
    value: float | str
    unit: str = Field("", max_length=longest(Observation, "entered_unit"))
    source: str = Field("", max_length=longest(Observation, "source"))
    note: str = ""


@router.post("/indicators/{code}/official", response={201: ObservationOut},
             summary="Record the official statistics value / 录入官方统计值")
def record_official(request: HttpRequest, code: str, payload: OfficialIn) -> Status[Any]:
    """The office's official value of a period; it outranks a derived value, kept beside it."""
    need(request, Permission.MANAGE_INDICATORS)
    indicator = get_object_or_404(current_plan().indicators, code=code)
    saved = services.record_official(indicator, payload.dict(), user=request.user,
                                     actor_label=actors.of_api_request(request))
    return Status(201, _observation_out(saved))


@router.get("/indicators/{code}", response=IndicatorOut, summary="One indicator / 指标详情")
def get_indicator(request: HttpRequest, code: str) -> IndicatorOut:
    need(request, Permission.VIEW_INDICATORS)
    plan = current_plan()
    return indicator_out(get_object_or_404(
        plan.indicators.select_related("action").prefetch_related("targets", "tasks"), code=code))
