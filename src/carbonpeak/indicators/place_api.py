"""REST API of the places (/api/v1/indicators/…/places…): targets split to towns, sub-districts and parks, each
place's status and 晴雨表 level, a place's own values; the same permission rules as the pages (a place's users
see and enter their own place only; the office sets targets) and the one error contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from carbonpeak.audit import actors
from carbonpeak.http.api_checks import Year, forbidden, longest, need
from carbonpeak.indicators import place_services
from carbonpeak.indicators.evaluation import evaluate_indicator
from carbonpeak.indicators.models import Indicator, PlaceObservation
from carbonpeak.indicators.place_evaluation import (
    compare,
    comparison_as_dict,
    grid,
    place_row_as_dict,
    place_status_as_dict,
)
from carbonpeak.indicators.place_pages import own_place, visible_place_statuses
from carbonpeak.indicators.split import aggregation_for
from carbonpeak.people.permissions import Permission
from carbonpeak.plan.queries import current_plan, place_named

router = Router(tags=["indicators"])


class PlaceTargetOut(Schema):
    year: int
    value: float | None = Field(None, description="the place's own target, of the district target's kind")
    share: float | None = Field(None, description="percent of the district target of that year")
    resolved: float | None = Field(None, description="the place's target value (its own, or its share)")
    note: str


class PlaceStatusOut(Schema):
    indicator: str
    place: str
    place_name: str
    place_name_en: str
    unit: str
    status: str
    barometer: str
    latest_period: str | None
    latest_value: float | None
    expected_value: float | None
    target_year: int | None
    target_kind: str | None
    target_value: float | None
    targets: list[PlaceTargetOut]
    shortfall: float | None
    notes: list[str]


class PlaceRowOut(Schema):
    place: str
    name: str
    name_en: str
    kind: str
    barometer: str = Field(..., description="the most severe 晴雨表 level of its split indicators")
    indicators: list[PlaceStatusOut]


class PlacesOut(Schema):
    as_of: dt.date
    places: list[PlaceRowOut]


class ComparisonOut(Schema):
    period: str | None
    district_value: float | None
    places_value: float | None
    aggregation: str
    places_reported: int
    places_with_target: int
    equal_weights: bool
    agreement: str = Field(..., description="match, mismatch, partial (not every place reported) or nothing")
    target_year: int | None
    district_target: float | None
    places_target: float | None


class IndicatorPlacesOut(Schema):
    as_of: dt.date
    indicator: str
    aggregation: str
    comparison: ComparisonOut | None = Field(None, description="absent for a place's own users")
    places: list[PlaceStatusOut]


@router.get("/indicators/places/status", response=PlacesOut,
            summary="Status and 晴雨表 level of every place / 各镇、街道、园区的指标状态")
def places_status(request: HttpRequest, as_of: dt.date | None = None) -> dict[str, Any]:
    need(request, Permission.VIEW_PLACE_VALUES)
    day = as_of or dt.date.today()
    rows = grid(current_plan(), day, own_place(request.user)).rows
    return {"as_of": day, "places": [place_row_as_dict(r) for r in rows]}


def _indicator(code: str) -> Indicator:
    return get_object_or_404(current_plan().indicators.prefetch_related(
        "targets", "place_targets__place", "place_observations"), code=code)


@router.get("/indicators/{code}/places", response=IndicatorPlacesOut,
            summary="An indicator's targets and status by place / 指标的分地区目标与状态")
def indicator_places(request: HttpRequest, code: str, as_of: dt.date | None = None) -> dict[str, Any]:
    need(request, Permission.VIEW_PLACE_VALUES)
    indicator = _indicator(code)
    day = as_of or dt.date.today()
    statuses = visible_place_statuses(request.user, indicator, day)
    comparison = None
    if own_place(request.user) is None and statuses:
        comparison = comparison_as_dict(compare(evaluate_indicator(indicator, day), statuses))
    return {"as_of": day, "indicator": indicator.code, "aggregation": str(aggregation_for(indicator.unit)),
            "comparison": comparison, "places": [place_status_as_dict(s) for s in statuses]}


class PlaceTargetIn(Schema):
    value: float | str | None = Field(None, description="the place's own target (give this or share)")
    share: float | str | None = Field(None, description="percent of the district target, above 0 and ≤ 100")
    note: str = Field("", max_length=2000)


@router.put("/indicators/{code}/places/{place}/targets/{year}", response={200: PlaceTargetOut},
            summary="Set a place's target / 设置分解目标")
def set_place_target(request: HttpRequest, code: str, place: str, year: Year, payload: PlaceTargetIn) -> Status[Any]:
    need(request, Permission.MANAGE_INDICATORS)
    indicator = _indicator(code)
    saved = place_services.set_place_target(indicator, place, year, value=payload.value, share=payload.share,
                                            note=payload.note, user=request.user,
                                            actor_label=actors.of_api_request(request))
    resolved = (saved.share * next(t.value for t in indicator.targets.all() if t.year == saved.year) / 100
                if saved.share is not None else saved.value)
    return Status(200, {"year": saved.year, "value": saved.value, "share": saved.share, "resolved": resolved,
                        "note": saved.note})


@router.delete("/indicators/{code}/places/{place}/targets/{year}", response={204: None},
               summary="Remove a place's target / 删除分解目标")
def remove_place_target(request: HttpRequest, code: str, place: str, year: Year) -> Status[None]:
    need(request, Permission.MANAGE_INDICATORS)
    place_services.remove_place_target(_indicator(code), place, year, user=request.user,
                                       actor_label=actors.of_api_request(request))
    return Status(204, None)


class PlaceValueIn(Schema):
    period: str = Field(..., max_length=longest(PlaceObservation, "period"))
    value: float | str
    unit: str = Field("", max_length=longest(PlaceObservation, "entered_unit"))
    reference_value: float | str | None = None
    source: str = Field("", max_length=longest(PlaceObservation, "source"))
    note: str = Field("", max_length=4000)


class PlaceValueOut(Schema):
    place: str
    period: str
    value: float
    entered_value: float
    entered_unit: str
    source: str
    origin: str
    note: str
    entered_by: str
    updated_at: dt.datetime


@router.post("/indicators/{code}/places/{place}/observations", response={201: PlaceValueOut},
             summary="Enter a place's value (its own users) / 填报本地区数据")
def enter_place_value(request: HttpRequest, code: str, place: str, payload: PlaceValueIn) -> Status[Any]:
    need(request, Permission.ENTER_PLACE_VALUES)
    found = place_named(place)
    if found is None:  # no place of the plan, so no caller's own
        raise forbidden("只能填报本地区的数据 / only your own place's values", "place")
    need(request, Permission.ENTER_PLACE_VALUES, found)
    saved = place_services.enter_place_value(_indicator(code), found, payload.dict(), user=request.user,
                                             actor_label=actors.of_api_request(request))
    return Status(201, {"place": found.code, "period": saved.period, "value": saved.value,
                        "entered_value": saved.entered_value, "entered_unit": saved.entered_unit,
                        "source": saved.source, "origin": saved.origin, "note": saved.note,
                        "entered_by": saved.entered_by_label, "updated_at": saved.updated_at})
