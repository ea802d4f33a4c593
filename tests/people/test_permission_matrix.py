"""Who may do what: can() over role × permission × own/other object, and visible_tasks()."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from carbonpeak.people.permissions import Permission, can, visible_tasks
from carbonpeak.plan.models import Department, Plan, Task
from tests.conftest import UserGetter
from tests.people.plan_facts import all_task_numbers, collectives_covering, tasks_of

P = Permission
T, F = True, False

# Objects: "own" belongs to 区经委 (eco), "other" to 区绿化市容局 (greening) and not to eco.
OWN_TASK, OTHER_TASK = 1, 16  # task 1: ☆区经委; task 16: greening's, eco not on it
OWN_DEPT, OTHER_DEPT = "eco", "greening"

# Subjects: the department rows are the eco user looking at its own / another's objects.
USERNAME = {
    "office": "office",
    "department_own": "eco",
    "department_other": "eco",
    "enterprise": "enterprise",
    "viewer": "leader",
    "anonymous": None,
}

COLUMNS = (P.VIEW_PLAN, P.VIEW_INDICATORS, P.VIEW_TASK, P.VIEW_DEPARTMENT,
           P.EXPORT_PLAN, P.LOAD_PLAN, P.VIEW_AUDIT)

# The expected matrix, written out by hand. VIEW_TASK / VIEW_DEPARTMENT are asked about a
# task / department of the given scope; the other permissions are asked without an object.
EXPECTED: dict[tuple[str, str], tuple[bool, ...]] = {
    #                                PLAN IND  TASK DEPT EXP  LOAD AUDIT
    ("office", "own"):              (T,   T,   T,   T,   T,   T,   T),
    ("office", "other"):            (T,   T,   T,   T,   T,   T,   T),
    ("department_own", "own"):      (T,   T,   T,   T,   F,   F,   F),
    ("department_other", "other"):  (T,   T,   F,   F,   F,   F,   F),
    ("enterprise", "own"):          (T,   T,   F,   F,   F,   F,   F),
    ("enterprise", "other"):        (T,   T,   F,   F,   F,   F,   F),
    ("viewer", "own"):              (T,   T,   T,   T,   T,   F,   F),
    ("viewer", "other"):            (T,   T,   T,   T,   T,   F,   F),
    ("anonymous", "own"):           (F,   F,   F,   F,   F,   F,   F),
    ("anonymous", "other"):         (F,   F,   F,   F,   F,   F,   F),
}

# Asked with no object at all (what a view decorator checks before it knows the object).
EXPECTED_WITHOUT_OBJECT: dict[str, tuple[bool, ...]] = {
    #                  PLAN IND  TASK DEPT EXP  LOAD AUDIT
    "office":         (T,   T,   T,   T,   T,   T,   T),
    "department_own": (T,   T,   T,   T,   F,   F,   F),
    "enterprise":     (T,   T,   F,   F,   F,   F,   F),
    "viewer":         (T,   T,   T,   T,   T,   F,   F),
    "anonymous":      (F,   F,   F,   F,   F,   F,   F),
}


def _subject(user: UserGetter, role: str) -> Any:
    name = USERNAME[role]
    return AnonymousUser() if name is None else user(name)


def _object(plan: Plan, permission: Permission, scope: str) -> Any:
    if permission is P.VIEW_TASK:
        return Task.objects.get(plan=plan, number=OWN_TASK if scope == "own" else OTHER_TASK)
    if permission is P.VIEW_DEPARTMENT:
        return Department.objects.get(code=OWN_DEPT if scope == "own" else OTHER_DEPT)
    return None


@pytest.mark.parametrize(
    ("role", "scope", "permission", "expected"),
    [
        pytest.param(role, scope, perm, row[i], id=f"{role}-{scope}-{perm.value}")
        for (role, scope), row in EXPECTED.items()
        for i, perm in enumerate(COLUMNS)
    ],
)
def test_role_may_or_may_not_act_on_own_or_other_object(
    plan: Plan, user: UserGetter, role: str, scope: str, permission: Permission, expected: bool
) -> None:
    subject = _subject(user, role)
    assert can(subject, permission, _object(plan, permission, scope)) is expected


@pytest.mark.parametrize(
    ("role", "permission", "expected"),
    [
        pytest.param(role, perm, row[i], id=f"{role}-{perm.value}")
        for role, row in EXPECTED_WITHOUT_OBJECT.items()
        for i, perm in enumerate(COLUMNS)
    ],
)
def test_role_may_or_may_not_hold_permission_without_object(
    db: None, user: UserGetter, role: str, permission: Permission, expected: bool
) -> None:
    assert can(_subject(user, role), permission) is expected


def test_matrix_fixtures_are_what_they_claim(plan: Plan) -> None:
    """Guard the table: task 1 is eco's and task 16 is not (according to the plan file)."""
    assert OWN_TASK in tasks_of("eco")
    assert OTHER_TASK not in tasks_of("eco")
    assert OTHER_TASK in tasks_of("greening")


def test_other_department_user_sees_its_own_objects_not_eco_ones(plan: Plan, user: UserGetter) -> None:
    greening = user("greening")
    assert can(greening, P.VIEW_TASK, Task.objects.get(plan=plan, number=OTHER_TASK))
    assert not can(greening, P.VIEW_TASK, Task.objects.get(plan=plan, number=OWN_TASK))
    assert can(greening, P.VIEW_DEPARTMENT, Department.objects.get(code="greening"))
    assert not can(greening, P.VIEW_DEPARTMENT, Department.objects.get(code="eco"))


def test_town_user_may_view_task_given_to_all_towns(plan: Plan, user: UserGetter) -> None:
    fengjing = user("fengjing")
    all_towns_task = min(tasks_of("towns") - tasks_of("fengjing"))
    assert can(fengjing, P.VIEW_TASK, Task.objects.get(plan=plan, number=all_towns_task))
    assert can(fengjing, P.VIEW_TASK, Task.objects.get(plan=plan, number=72))  # its own
    assert not can(fengjing, P.VIEW_TASK, Task.objects.get(plan=plan, number=OWN_TASK))
    # The collective 各镇 is not the town's department page.
    assert not can(fengjing, P.VIEW_DEPARTMENT, Department.objects.get(code="towns"))


def _visible_numbers(plan: Plan, subject: Any) -> set[int]:
    return set(visible_tasks(subject, Task.objects.filter(plan=plan)).values_list("number", flat=True))


@pytest.mark.parametrize("username", ["eco", "greening"])
def test_department_user_sees_exactly_tasks_it_leads_or_supports(
    plan: Plan, user: UserGetter, username: str
) -> None:
    expected = tasks_of(username)
    assert expected  # the plan gives both bureaus tasks
    qs = visible_tasks(user(username), Task.objects.filter(plan=plan))
    assert qs.count() == len(expected)  # no duplicates from the responsibilities join
    assert _visible_numbers(plan, user(username)) == expected


def test_town_user_sees_its_tasks_plus_those_of_collectives_of_towns(
    plan: Plan, user: UserGetter
) -> None:
    expected = tasks_of("fengjing")
    for collective in collectives_covering("town"):  # 各镇, 相关镇
        expected |= tasks_of(collective)
    assert tasks_of("towns") <= expected
    visible = _visible_numbers(plan, user("fengjing"))
    assert visible == expected
    assert tasks_of("towns") <= visible
    assert visible_tasks(user("fengjing"), Task.objects.filter(plan=plan)).count() == len(expected)


@pytest.mark.parametrize("username", ["enterprise", None])
def test_enterprise_and_anonymous_see_no_tasks(plan: Plan, user: UserGetter, username: str | None) -> None:
    subject = AnonymousUser() if username is None else user(username)
    assert _visible_numbers(plan, subject) == set()


@pytest.mark.parametrize("username", ["office", "leader"])
def test_office_and_leader_see_all_80_tasks(plan: Plan, user: UserGetter, username: str) -> None:
    assert len(all_task_numbers()) == 80
    assert _visible_numbers(plan, user(username)) == all_task_numbers()
