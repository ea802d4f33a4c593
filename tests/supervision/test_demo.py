"""The supervision demo that `carbonpeak setup` loads: the last half-year's round, reported through the workflow,
so the task list and the assessment show progress instead of zero."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.people.demo import ensure_demo_users
from carbonpeak.plan.models import Plan
from carbonpeak.plan.task_progress import latest_approved
from carbonpeak.supervision.demo import (
    NEVER_SUBMITTED,
    RETURNED,
    RETURNED_THEN_APPROVED,
    demo_round_period,
    load_demo_supervision,
)
from carbonpeak.supervision.models import Report, ReportEvent, Round
from carbonpeak.supervision.queries import department_records
from carbonpeak.supervision.workflow import ReportKind, ReportStatus, TaskProgress

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def loaded(plan: Plan) -> int:
    ensure_demo_users()
    return load_demo_supervision(plan, "cli:setup (tests)", today=TODAY)


def test_the_round_is_the_last_half_year_closed_and_past(plan: Plan, loaded: int) -> None:
    assert loaded == Report.objects.count() > plan.tasks.count()
    round_ = Round.objects.get()
    assert (round_.code, round_.name, round_.due_on) == ("2026-h1", "2026年上半年", dt.date(2026, 7, 15))
    assert round_.closed_at is not None and timezone.localtime(round_.closed_at).date() < TODAY
    assert round_.tasks.count() == plan.tasks.count()
    moved = ChangeRecord.objects.get(entity="round", entity_key="2026-h1", action="updated")
    assert moved.after["due_on"] == "2026-07-15"


def test_most_tasks_have_an_approved_report_and_a_few_do_not(plan: Plan, loaded: int) -> None:
    latest = latest_approved(plan.tasks.all())
    numbers = {t.number for t in plan.tasks.all() if t.pk in latest}
    assert numbers == set(range(1, plan.tasks.count() + 1)) - RETURNED - NEVER_SUBMITTED
    progress = {p.progress for p in latest.values()}
    assert {TaskProgress.COMPLETED, TaskProgress.ON_SCHEDULE, TaskProgress.BEHIND} <= progress
    drafts = Report.objects.filter(kind=ReportKind.CONSOLIDATED, status=ReportStatus.DRAFT)
    assert {r.task.number for r in drafts} == NEVER_SUBMITTED
    returned = Report.objects.filter(kind=ReportKind.CONSOLIDATED, times_returned=1)
    assert {r.task.number for r in returned} == RETURNED | RETURNED_THEN_APPROVED


def test_every_step_went_through_the_workflow_at_the_rounds_dates(loaded: int) -> None:
    approved = Report.objects.filter(kind=ReportKind.CONSOLIDATED, status=ReportStatus.APPROVED)
    for r in approved:
        steps = list(r.events.values_list("step", flat=True))
        assert steps[0] == "save" and steps[-1] == "approve", steps
        assert r.first_submitted_at <= r.approved_at
        assert "演示" in r.narrative and not r.narrative.isascii()
    days = {timezone.localtime(e.at).date() for e in ReportEvent.objects.all()}
    assert min(days) >= dt.date(2026, 6, 15) and max(days) < dt.date(2026, 8, 31)
    # A few were submitted after the due date, most before.
    late = [r for r in Report.objects.exclude(first_submitted_at=None)
            if timezone.localtime(r.first_submitted_at).date() > dt.date(2026, 7, 15)]
    assert 0 < len(late) < Report.objects.exclude(first_submitted_at=None).count() / 2


def test_the_assessment_counts_the_round(plan: Plan, loaded: int) -> None:
    records = department_records(plan, 2026, today=TODAY)
    assert sum(r.reports_due for r in records.values()) == loaded
    assert sum(r.tasks_done for r in records.values()) > 40
    assert sum(r.tasks_behind for r in records.values()) >= 4


def test_loading_again_changes_nothing(plan: Plan, loaded: int) -> None:
    events = ReportEvent.objects.count()
    assert load_demo_supervision(plan, "cli:setup (tests)", today=TODAY) == 0
    assert ReportEvent.objects.count() == events


@pytest.mark.parametrize(("today", "expected"), [
    (dt.date(2026, 7, 1), ("2026-h1", "2026年上半年", dt.date(2026, 7, 15))),
    (dt.date(2026, 3, 1), ("2025-h2", "2025年下半年", dt.date(2026, 1, 15))),
])
def test_the_period_is_the_last_ended_half_year(today: dt.date, expected: tuple[str, str, dt.date]) -> None:
    assert demo_round_period(today) == expected
