"""Shared set-up for the supervision page, API, export, notice and assessment tests.

Task 53 of the Jinshan plan: ☆区绿化市容局 (greening) consolidates; 区生态环境局 (env),
区经委 (eco), 区农业农村委 (agri) and 区市场监管局 (market) contribute. 枫泾镇 (fengjing) is not
on it. Task 26: ☆区经委 (eco); co 区生态环境局 (env), 区发改委 (drc). Both have the time node
"2025年" (by_2025).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Report, Round
from carbonpeak.supervision.services import open_round, save_report, take_step
from carbonpeak.supervision.workflow import Step
from tests.conftest import UserGetter

TASK = 53
ECO_LED_TASK = 26
TASK_53_DEPARTMENTS = {"greening", "env", "eco", "agri", "market"}
PDF = b"%PDF-1.4\n" + b"x" * 200


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def open_test_round(plan: Plan, user: UserGetter, numbers: list[int] | None = None, *, code: str = "t-q4",
                    name: str = "测试第四季度", due_on: dt.date | None = None) -> Round:
    return open_round(plan, code=code, name=name, due_on=due_on or in_days(14), user=user("office"),
                      task_numbers=[TASK] if numbers is None else numbers)


def report_of(round_: Round, department: str, task: int = TASK) -> Report:
    return Report.objects.get(round=round_, task__number=task, department__code=department)


def submit(report: Report, author: AbstractBaseUser, progress: str = "in_progress",
           narrative: str = "已完成阶段工作") -> Report:
    save_report(report, author, progress=progress, narrative=narrative)
    return take_step(report, Step.SUBMIT, author)


def fresh(report: Report) -> Report:
    return Report.objects.get(pk=report.pk)
