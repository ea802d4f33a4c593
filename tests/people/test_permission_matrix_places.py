"""Who may see and enter a place's figures: role × permission × own place / another place / a district body.

A place's users (fengjing, 枫泾镇) see and enter their own place only; district bodies (eco) and leaders see every
place and enter none; the office sees every place and sets targets but enters no place's figures; an enterprise
sees none. Evidence of a place's value: the place's users, the office and leaders.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from carbonpeak.indicators import place_services
from carbonpeak.indicators.models import PlaceObservation
from carbonpeak.people.permissions import Permission, can
from carbonpeak.plan.models import Department, Plan, Responsibility
from tests.conftest import UserGetter
from tests.indicators.places_support import place_value, split_pv

P = Permission
T, F = True, False
COLUMNS = (P.VIEW_PLACE_VALUES, P.ENTER_PLACE_VALUES, P.VIEW_EVIDENCE, P.MANAGE_INDICATORS)
USERNAME = {"office": "office", "town": "fengjing", "bureau": "eco", "enterprise": "enterprise", "viewer": "leader",
            "anonymous": None}

EXPECTED: dict[tuple[str, str], tuple[bool, ...]] = {
    #                        VIEW   ENTER  EVIDENCE MANAGE
    ("office", "own"):      (T,     F,     T,       T),
    ("office", "other"):    (T,     F,     T,       T),
    ("town", "own"):        (T,     T,     T,       F),
    ("town", "other"):      (F,     F,     F,       F),
    ("town", "bureau"):     (F,     F,     F,       F),
    ("bureau", "own"):      (T,     F,     F,       F),
    ("bureau", "other"):    (T,     F,     F,       F),
    ("enterprise", "own"):  (F,     F,     F,       F),
    ("viewer", "own"):      (T,     F,     T,       F),
    ("viewer", "other"):    (T,     F,     T,       F),
    ("anonymous", "own"):   (F,     F,     F,       F),
}
PLACE = {"own": "fengjing", "other": "shanyang", "bureau": "eco"}


def _object(plan: Plan, permission: Permission, scope: str) -> Any:
    if permission is P.MANAGE_INDICATORS:
        return None
    if permission is P.VIEW_EVIDENCE:
        if scope == "bureau":
            return Department.objects.get(code="eco")  # no evidence object: refused for a department user
        pv = split_pv(plan)
        return place_value(pv, PLACE[scope], "2025", 10)
    return Department.objects.get(code=PLACE[scope])


@pytest.mark.parametrize(
    ("role", "scope", "permission", "expected"),
    [pytest.param(role, scope, perm, row[i], id=f"{role}-{scope}-{perm.value}")
     for (role, scope), row in EXPECTED.items() for i, perm in enumerate(COLUMNS)],
)
def test_place_permissions(plan: Plan, user: UserGetter, role: str, scope: str, permission: Permission,
                           expected: bool) -> None:
    name = USERNAME[role]
    subject = AnonymousUser() if name is None else user(name)
    target = _object(plan, permission, scope)
    assert can(subject, permission, target) is expected
    if isinstance(target, PlaceObservation):
        assert target.place.code == PLACE[scope]


def test_once_split_a_town_enters_its_own_figure_not_the_districts(plan: Plan, user: UserGetter) -> None:
    """An indicator given with 各镇 is entered by a town for the district until the office splits it. (No bundled
    indicator's task names 各镇: forest cover's task 70 is given to them here.)"""
    forest = plan.indicators.get(code="forest_cover_rate")
    Responsibility.objects.create(task=forest.tasks.get(number=70), department=Department.objects.get(code="towns"),
                                  role="co", position=99)
    town = user("fengjing")
    assert can(town, P.ENTER_OBSERVATIONS, forest)
    place_services.set_place_target(forest, "fengjing", 2025, value=18, user=None, actor_label="tests")
    assert not can(town, P.ENTER_OBSERVATIONS, forest)
    assert can(town, P.ENTER_PLACE_VALUES, Department.objects.get(code="fengjing"))
    assert can(user("greening"), P.ENTER_OBSERVATIONS, forest)  # the lead bureau still enters the district's
