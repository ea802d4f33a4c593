"""Who may enter indicator data and answer warnings: role × permission × own/other object.

"Own" for the eco user (区经委) is industrial_energy_saving_annual (task 26, ☆区经委) and a
warning sent to 区经委; "other" is forest_cover_rate (task 70, ☆区绿化市容局) and a warning
sent to greening only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from carbonpeak.indicators.models import EarlyWarning, Indicator, ProgressStatus
from carbonpeak.indicators.vocabulary import BarometerLevel
from carbonpeak.people.permissions import Permission, can
from carbonpeak.plan.models import Department, Plan
from tests.conftest import UserGetter

P = Permission
T, F = True, False
OWN, OTHER = "industrial_energy_saving_annual", "forest_cover_rate"
COLUMNS = (P.ENTER_OBSERVATIONS, P.RESPOND_WARNING, P.VIEW_WARNINGS, P.MANAGE_INDICATORS)
USERNAME = {"office": "office", "department": "eco", "enterprise": "enterprise", "viewer": "leader",
            "anonymous": None}

EXPECTED: dict[tuple[str, str], tuple[bool, ...]] = {
    #                           ENTER RESPOND VIEW-W MANAGE
    ("office", "own"):         (T,    F,      T,     T),
    ("office", "other"):       (T,    F,      T,     T),
    ("department", "own"):     (T,    T,      T,     F),
    ("department", "other"):   (F,    F,      T,     F),
    ("enterprise", "own"):     (F,    F,      F,     F),
    ("viewer", "own"):         (F,    F,      T,     F),
    ("viewer", "other"):       (F,    F,      T,     F),
    ("anonymous", "own"):      (F,    F,      F,     F),
}


def _warning(indicator: Indicator, department: str) -> EarlyWarning:
    w = EarlyWarning.objects.create(
        indicator=indicator, level=BarometerLevel.ORANGE, status=ProgressStatus.AT_RISK, period="2025",
        latest_value=0.99, as_of=dt.date(2026, 6, 1))
    w.departments.set([Department.objects.get(code=department)])
    return w


def _object(plan: Plan, permission: Permission, scope: str) -> Any:
    code = OWN if scope == "own" else OTHER
    indicator = plan.indicators.get(code=code)
    if permission is P.ENTER_OBSERVATIONS:
        return indicator
    if permission is P.RESPOND_WARNING:
        EarlyWarning.objects.filter(indicator=indicator).delete()
        return _warning(indicator, "eco" if scope == "own" else "greening")
    return None


@pytest.mark.parametrize(
    ("role", "scope", "permission", "expected"),
    [pytest.param(role, scope, perm, row[i], id=f"{role}-{scope}-{perm.value}")
     for (role, scope), row in EXPECTED.items() for i, perm in enumerate(COLUMNS)],
)
def test_indicator_permissions(plan: Plan, user: UserGetter, role: str, scope: str, permission: Permission,
                               expected: bool) -> None:
    name = USERNAME[role]
    subject = AnonymousUser() if name is None else user(name)
    assert can(subject, permission, _object(plan, permission, scope)) is expected


def test_a_town_enters_data_of_an_indicator_given_to_all_towns(plan: Plan, user: UserGetter) -> None:
    """Task 70 (forest cover) is led by greening with the towns: fengjing may enter it, not eco."""
    forest = plan.indicators.get(code=OTHER)
    on_task = {r.department.code for t in forest.tasks.all() for r in t.responsibilities.all()}
    assert "greening" in on_task
    assert can(user("greening"), P.ENTER_OBSERVATIONS, forest)
    assert can(user("fengjing"), P.ENTER_OBSERVATIONS, forest) is bool(on_task & {"towns", "fengjing"})
