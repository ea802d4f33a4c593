"""Who may open evidence: one rule for a report's attachment and an indicator value's file (issue 17,
item 9). The office and leaders see every file; a department sees the files it uploaded and those of
the tasks it is on (☆ lead or co-responsible); an enterprise and an anonymous user see none.

Objects (Jinshan plan):
- report: a file on 区绿化市容局's (greening) consolidated report for task 53 (☆greening; co 区经委
  eco, 区生态环境局 env, agri, market);
- by_eco / by_office: a file on a value of the 百一 saving (task 26: ☆eco; co env, drc) entered by eco
  / by the office;
- by_fengjing: a file on a value of the 百一 saving entered by a 枫泾镇 (fengjing) user, a department
  not on task 26 (as after a change of the plan's responsibilities): the uploader still sees it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from carbonpeak.indicators.models import Observation, Origin
from carbonpeak.people.models import Profile, Role
from carbonpeak.people.permissions import Permission, can
from carbonpeak.plan.models import Department, Plan, Responsibility
from carbonpeak.supervision.models import Evidence
from tests.conftest import UserGetter
from tests.supervision.round_support import TASK, open_test_round, report_of

T, F = True, False
SAVING = "industrial_energy_saving_annual"
OBJECTS = ("report", "by_eco", "by_office", "by_fengjing")

EXPECTED: dict[str, tuple[bool, ...]] = {
    #              report by_eco by_office by_fengjing
    "office":     (T,     T,     T,        T),
    "leader":     (T,     T,     T,        T),
    "eco":        (T,     T,     T,        T),  # co on task 53, ☆ on task 26
    "env":        (T,     T,     T,        T),  # co on both tasks
    "greening":   (T,     F,     F,        F),  # ☆ and uploader on task 53, not on task 26
    "fengjing":   (F,     F,     F,        T),  # on neither task; uploaded one value's file
    "enterprise": (F,     F,     F,        F),
    "anonymous":  (F,     F,     F,        F),
}


def _env_user() -> AbstractBaseUser:
    user = get_user_model().objects.create_user(username="env-evidence", password="unused-Passw0rd")
    Profile.objects.create(user=user, role=Role.DEPARTMENT, department=Department.objects.get(code="env"))
    return user


def _subject(user: UserGetter, name: str) -> Any:
    if name == "anonymous":
        return AnonymousUser()
    return _env_user() if name == "env" else user(name)


def _value_file(plan: Plan, year: int, entered_by: AbstractBaseUser) -> Observation:
    return Observation.objects.create(
        indicator=plan.indicators.get(code=SAVING), period=str(year), period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31), value=1.1, entered_value=1.1, origin=Origin.ENTERED,
        entered_by=entered_by, entered_by_label=entered_by.get_username(),
        evidence=f"indicators/{SAVING}/{year}/统计.pdf")


def _objects(plan: Plan, user: UserGetter) -> dict[str, Any]:
    report = report_of(open_test_round(plan, user), "greening")
    return {
        "report": Evidence.objects.create(report=report, file="evidence/ab/ab", original_name="验收.pdf",
                                          content_type="application/pdf", size=9, sha256="ab" * 32,
                                          uploaded_by=user("greening")),
        "by_eco": _value_file(plan, 2025, user("eco")),
        "by_office": _value_file(plan, 2024, user("office")),
        "by_fengjing": _value_file(plan, 2023, user("fengjing")),
    }


@pytest.mark.parametrize(("subject", "kind", "expected"), [
    pytest.param(subject, kind, row[i], id=f"{subject}-{kind}")
    for subject, row in EXPECTED.items() for i, kind in enumerate(OBJECTS)
])
def test_who_may_open_evidence(plan: Plan, user: UserGetter, subject: str, kind: str, expected: bool) -> None:
    obj = _objects(plan, user)[kind]
    assert can(_subject(user, subject), Permission.VIEW_EVIDENCE, obj) is expected


def test_the_fixtures_are_what_they_claim(plan: Plan) -> None:
    def on(task: int) -> set[str]:
        return set(Responsibility.objects.filter(task__plan=plan, task__number=task)
                   .values_list("department__code", flat=True))
    assert {"greening", "eco", "env"} <= on(TASK) and "fengjing" not in on(TASK)
    assert {"eco", "env"} <= on(26) and not {"greening", "fengjing"} & on(26)
    assert set(plan.indicators.get(code=SAVING).tasks.values_list("number", flat=True)) == {26}


def test_the_reporting_department_keeps_its_file_after_leaving_the_task(plan: Plan, user: UserGetter) -> None:
    evidence = _objects(plan, user)["report"]
    Responsibility.objects.filter(task__plan=plan, task__number=TASK, department__code="greening").delete()
    assert can(user("greening"), Permission.VIEW_EVIDENCE, evidence)
    assert not can(user("fengjing"), Permission.VIEW_EVIDENCE, evidence)


def test_something_that_is_not_evidence_is_refused_to_a_department(plan: Plan, user: UserGetter) -> None:
    assert not can(user("eco"), Permission.VIEW_EVIDENCE, plan.tasks.get(number=26))
