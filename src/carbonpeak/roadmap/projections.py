"""The projected peak year, the one figure the dashboard's peak card, its 碳达峰年份 tile and the indicator's
page all state: the progress scenario's where one is stored, else the plan scenario's."""

from __future__ import annotations

from typing import Any

from carbonpeak.indicators.elsewhere import PROJECTION
from carbonpeak.indicators.models import Indicator
from carbonpeak.people.permissions import AnyUser, Permission, can
from carbonpeak.roadmap.pages import pick
from carbonpeak.roadmap.progress import PEAK_INDICATOR
from carbonpeak.roadmap.running import dashboard_peak
from carbonpeak.roadmap.tracking import dashboard_progress


def headline_peak() -> dict[str, Any] | None:
    """The peak card's figure (web.views.dashboard reads the same two, in the same order)."""
    return dashboard_progress() or dashboard_peak()


@PROJECTION.provide
def projected_peak(indicator: Indicator, user: AnyUser) -> dict[str, Any] | None:
    if indicator.code != PEAK_INDICATOR or indicator.observations.exists() or not can(user, Permission.VIEW_ROADMAP):
        return None
    peak = headline_peak()
    if peak is None:
        return None
    return {"year": peak.get("peak_year"), "scenario": peak["scenario"],
            "scenario_name": pick(peak.get("name_zh", ""), peak.get("name_en", ""))}
