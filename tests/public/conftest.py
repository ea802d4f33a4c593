"""Seeded private data for the public site's tests: strings that must never reach a public page or answer.

Each seed sits where a careless view could pick it up: a user's name and e-mail address as the author of
values and decisions, an unpublished value, a draft and a returned report, internal notes, a citizen's
name and contact, and a message the office has not answered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from carbonpeak.indicators import place_services
from carbonpeak.indicators.models import Indicator, Observation, Origin, PlaceObservation
from carbonpeak.plan.models import Department, Plan
from carbonpeak.public import services
from carbonpeak.public.models import Feedback, SubjectKind
from carbonpeak.supervision.models import Report, Round

# Indicators with a value each: the first one's values are published, the second one's are not.
PUBLISHED_VALUES = "new_pv_capacity"
PRIVATE_VALUES = "industrial_energy_saving_annual"

PRIVATE = {
    "user name": "zhangwei_private",
    "user e-mail": "zhang.wei@office.example",
    "unpublished value": "98765.4321",
    "unpublished value as shown": "98,765.4321",
    "draft report": "草稿进展内容DRAFT-TEXT",
    "returned report": "退回报告内容RETURNED-TEXT",
    "unpublished approved report": "未公开的审核通过报告UNPUBLISHED-APPROVED",
    "milestones": "内部里程碑MILESTONE-SECRET",
    "task note": "内部备注INTERNAL-NOTE",
    "observation note": "数据备注OBS-NOTE-SECRET",
    "observation source": "内部台账SOURCE-SECRET",
    "target note": "目标备注TARGET-NOTE-SECRET",
    "citizen name": "留言人王五CITIZEN-NAME",
    "citizen contact": "citizen-secret@example.com",
    "e-mail in a published message": "reach-me@example.org",
    "unanswered message": "尚未答复的留言UNANSWERED",
    "unpublished answer": "尚未公开的答复UNPUBLISHED-ANSWER",
    "round note": "轮次说明ROUND-NOTE-SECRET",
    "place target note": "分地区目标备注PLACE-NOTE-SECRET",
    "place value source": "镇台账PLACE-SOURCE-SECRET",
    "unpublished place value": "3.14159",
}
PUBLIC_SUMMARY = "已完成年度光伏项目建设PUBLIC-SUMMARY"
PUBLISHED_ANSWER = "感谢来信，已转有关部门办理PUBLISHED-ANSWER"


@dataclass
class Seeded:
    author: object
    task_number: int


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    cache.clear()


@pytest.fixture
def seeded(plan: Plan) -> Seeded:
    author = get_user_model().objects.create_user(PRIVATE["user name"], email=PRIVATE["user e-mail"],
                                                  password="x-Private-123")
    from carbonpeak.people.models import Profile, Role

    Profile.objects.create(user=author, role=Role.OFFICE)
    label = PRIVATE["user name"]
    task = plan.tasks.order_by("number").first()
    assert task is not None
    plan.tasks.filter(pk=task.pk).update(notes=PRIVATE["task note"])
    for code, value in ((PUBLISHED_VALUES, 12.5), (PRIVATE_VALUES, float(PRIVATE["unpublished value"]))):
        indicator = Indicator.objects.get(plan=plan, code=code)
        indicator.targets.update(note=PRIVATE["target note"])
        Observation.objects.update_or_create(
            indicator=indicator, period="2024",
            defaults={"period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31), "value": value,
                      "entered_value": value, "origin": Origin.ENTERED, "source": PRIVATE["observation source"],
                      "note": PRIVATE["observation note"], "entered_by": author, "entered_by_label": label})
    lead = task.responsibilities.get(role="lead").department
    now = timezone.now()
    rounds = [Round.objects.create(plan=plan, code=f"r{i}", name=f"2025年第{i}季度", due_on=dt.date(2025, 3 * i, 28),
                                   opened_by=author, note=PRIVATE["round note"]) for i in (1, 2, 3, 4)]
    approved = Report.objects.create(round=rounds[0], task=task, department=lead, kind="consolidated",
                                     status="approved", progress="in_progress", narrative=PUBLIC_SUMMARY,
                                     milestones=PRIVATE["milestones"], approved_at=now - dt.timedelta(days=30))
    Report.objects.create(round=rounds[1], task=task, department=lead, kind="consolidated", status="approved",
                          progress="behind", narrative=PRIVATE["unpublished approved report"],
                          approved_at=now - dt.timedelta(days=1))
    Report.objects.create(round=rounds[2], task=task, department=lead, kind="consolidated", status="draft",
                          narrative=PRIVATE["draft report"])
    Report.objects.create(round=rounds[3], task=task, department=lead, kind="consolidated", status="returned",
                          progress="completed", narrative=PRIVATE["returned report"])
    publish = {"user": author, "actor_label": label}
    services.set_publication("report", str(approved.pk), True, **publish)
    services.set_publication("indicator_values", PUBLISHED_VALUES, True, **publish)
    services.set_publication("roadmap", "headline", True, **publish)
    answered = services.submit_feedback(SubjectKind.INDICATOR, PUBLISHED_VALUES, {
        "name": PRIVATE["citizen name"], "contact": PRIVATE["citizen contact"],
        "text": f"光伏装机进展如何？请回复 {PRIVATE['e-mail in a published message']}"})
    services.answer_feedback(answered, PUBLISHED_ANSWER, True, **publish)
    pending = services.submit_feedback(SubjectKind.TASK, str(task.number), {
        "name": PRIVATE["citizen name"], "contact": PRIVATE["citizen contact"], "text": PRIVATE["unanswered message"]})
    services.answer_feedback(pending, PRIVATE["unpublished answer"], False, **publish)
    assert Feedback.objects.count() == 2
    _split_to_places(plan)
    return Seeded(author=author, task_number=task.number)


# The places: 枫泾镇's value of the published indicator is public with it, that of the unpublished one is not.
PLACE = "fengjing"
PLACE_VALUE = 45.5


def _split_to_places(plan: Plan) -> None:
    town = Department.objects.get(code=PLACE)
    for code, year, target, value in ((PUBLISHED_VALUES, 2025, {"share": 30}, PLACE_VALUE),
                                      (PRIVATE_VALUES, 2025, {"value": 1}, float(PRIVATE["unpublished place value"]))):
        indicator = Indicator.objects.get(plan=plan, code=code)
        place_services.set_place_target(indicator, PLACE, year, note=PRIVATE["place target note"], user=None,
                                        actor_label="tests", **target)
        # Stored as such (the 百一 saving is derived, so no one enters it): the seed is the value itself.
        PlaceObservation.objects.create(
            indicator=indicator, place=town, period="2024", period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 12, 31), value=value, entered_value=value, origin=Origin.ENTERED,
            source=PRIVATE["place value source"], entered_by_label=PRIVATE["user name"])
