"""Shared steps of the place tests: the office splits 新增光伏装机 (300 MW added by 2025) to three towns."""

from __future__ import annotations

from carbonpeak.indicators import place_services
from carbonpeak.indicators.models import Indicator, PlaceObservation
from carbonpeak.plan.models import Department, Plan

PV = "new_pv_capacity"
THREE_TOWNS = {"fengjing": 30.0, "shanyang": 40.0, "langxia": 30.0}  # shares of the 300 MW, percent


def split_pv(plan: Plan, shares: dict[str, float] | None = None) -> Indicator:
    indicator = plan.indicators.get(code=PV)
    for place, share in (shares or THREE_TOWNS).items():
        place_services.set_place_target(indicator, place, 2025, share=share, user=None, actor_label="tests")
    return indicator


def place_value(indicator: Indicator, place: str, period: str, value: float) -> PlaceObservation:
    """A place's value as its user enters it (the permission check is the page's and the API's)."""
    return place_services.enter_place_value(indicator, Department.objects.get(code=place),
                                            {"period": period, "value": str(value)}, user=None, actor_label="tests")
