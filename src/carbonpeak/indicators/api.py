"""REST API of the indicators room: indicators with their targets (/api/v1/indicators)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from carbonpeak.indicators.models import Direction, Indicator, TargetKind
from carbonpeak.people.permissions import Permission, can
from carbonpeak.plan.queries import current_plan

router = Router(tags=["indicators"])


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
    if not can(request.user, Permission.VIEW_INDICATORS):
        raise HttpError(403, "无权访问 / forbidden")
    items = _indicators()
    if action is not None:
        items = [i for i in items if (i.action.number if i.action else 0) == action]
    return [indicator_out(i) for i in items]


@router.get("/indicators/{code}", response=IndicatorOut, summary="One indicator / 指标详情")
def get_indicator(request: HttpRequest, code: str) -> IndicatorOut:
    if not can(request.user, Permission.VIEW_INDICATORS):
        raise HttpError(403, "无权访问 / forbidden")
    plan = current_plan()
    return indicator_out(get_object_or_404(
        plan.indicators.select_related("action").prefetch_related("targets", "tasks"), code=code))
