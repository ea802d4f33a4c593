"""What the indicator page shows of the places (its section 分地区目标与数值): each visible place's target,
latest value, status and 晴雨表 level; the district value beside the places' sum or weighted mean; the
office's target form and a place user's value form. Read-only: the forms post to `place_views`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from carbonpeak.indicators.evaluation import IndicatorStatus
from carbonpeak.indicators.models import Indicator
from carbonpeak.indicators.place_evaluation import PlaceStatus, compare, evaluate_places
from carbonpeak.indicators.split import ADDITIVE_UNITS, SHARE_KINDS
from carbonpeak.people.permissions import PLACE_KINDS, Permission, can, department_of
from carbonpeak.plan.models import Department
from carbonpeak.plan.queries import plan_places


def own_place(user: Any) -> Department | None:
    """The place a user belongs to (a town's, sub-district's or park's user), else None."""
    own = department_of(user)
    return own if own is not None and own.kind in PLACE_KINDS else None


def visible_place_statuses(user: Any, indicator: Indicator, as_of: dt.date) -> list[PlaceStatus]:
    """The places of the indicator the user may see: a place's user its own only."""
    if not can(user, Permission.VIEW_PLACE_VALUES):
        return []
    return [ps for ps in evaluate_places(indicator, as_of, own_place(user))
            if can(user, Permission.VIEW_PLACE_VALUES, ps.place)]


def blank_target_form() -> dict[str, str]:
    return {"place": "", "year": "", "kind": "level", "amount": "", "note": ""}


def blank_value_form(indicator: Indicator) -> dict[str, str]:
    return {"period": "", "value": "", "unit": indicator.unit_display, "reference_value": "", "source": "", "note": ""}


def place_context(request: HttpRequest, indicator: Indicator, status: IndicatorStatus) -> dict[str, Any]:
    user = request.user
    statuses = visible_place_statuses(user, indicator, dt.date.today())
    place = own_place(user)
    may_set = can(user, Permission.MANAGE_INDICATORS)
    # The comparison adds up every place: shown to those who see every place, not to a place's own users.
    comparison = compare(status, statuses) if statuses and place is None else None
    entering = (place is not None and not indicator.derived and any(ps.place.pk == place.pk for ps in statuses)
                and can(user, Permission.ENTER_PLACE_VALUES, place))
    district_kinds = {t.kind for t in indicator.targets.all()}
    return {
        "place_statuses": statuses, "place_comparison": comparison, "may_set_place_targets": may_set,
        "place_choices": plan_places() if may_set else [],
        "target_years": sorted(t.year for t in indicator.targets.all()),
        "share_allowed": indicator.unit in ADDITIVE_UNITS and bool(district_kinds & set(SHARE_KINDS)),
        "place_target_form": blank_target_form(), "place_target_errors": {},
        "own_place": place if entering else None,
        "place_values": blank_value_form(indicator), "place_errors": {},
        "place_evidence_visible": {o.pk for ps in statuses for o in ps.observations
                                   if o.evidence and can(user, Permission.VIEW_EVIDENCE, o)},
    }
