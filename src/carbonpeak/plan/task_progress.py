"""How each task stands as the supervision rounds have said it (read side for the plan's pages).

A task's progress is what the office last *approved* of its consolidated report (☆ lead): a draft or
a submitted report is not yet a statement the district stands by. The plan room reads the supervision
room's models only (models are free across rooms, docs/architecture.md "Layers").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from carbonpeak.common.hooks import Hook
from carbonpeak.plan.models import Task
from carbonpeak.supervision.models import Report, ReportKind, ReportStatus, TaskProgress

# The order of the bar's segments, best first; tasks without an approved report come last.
BAR_ORDER = (TaskProgress.COMPLETED, TaskProgress.ON_SCHEDULE, TaskProgress.IN_PROGRESS, TaskProgress.NOT_STARTED,
             TaskProgress.BEHIND)
NONE = "none"
AnyUser = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class LatestProgress:
    """The latest approved consolidated report of a task."""

    progress: str  # a TaskProgress value
    label: str
    approved_on: dt.date
    round_name: str
    round_code: str
    report_id: int
    round_titles: tuple[str, str]  # the round's name for a Chinese and an English reader (Round.title)


def latest_approved(tasks: Iterable[Task]) -> dict[int, LatestProgress]:
    """Task id → its latest approved consolidated report (tasks without one are left out)."""
    ids = [t.pk for t in tasks]
    reports = (Report.objects.filter(task_id__in=ids, kind=ReportKind.CONSOLIDATED.value,
                                     status=ReportStatus.APPROVED.value, approved_at__isnull=False)
               .select_related("round").order_by("approved_at", "id"))
    found: dict[int, LatestProgress] = {}
    for r in reports:  # later ones replace earlier ones
        found[r.task_id] = LatestProgress(r.progress, str(r.get_progress_display()),
                                          timezone.localtime(r.approved_at).date(), r.round.name, r.round.code, r.pk,
                                          (r.round.title(english=False), r.round.title(english=True)))
    return found


@dataclass(frozen=True)
class Segment:
    status: str  # a TaskProgress value, or NONE
    label: str
    count: int
    percent: float  # of the action's tasks shown, for the bar's width


@dataclass(frozen=True)
class ActionBar:
    number: int
    name: str
    total: int
    segments: list[Segment]

    @property
    def done_percent(self) -> float:
        """Completed or going as planned, as a share of the action's tasks shown."""
        good = {TaskProgress.COMPLETED.value, TaskProgress.ON_SCHEDULE.value}
        return sum(s.percent for s in self.segments if s.status in good)


def action_bars(tasks: Sequence[Task], latest: dict[int, LatestProgress], labels: dict[str, str]) -> list[ActionBar]:
    """One bar per action of the tasks shown: how many stand where by their latest approved report."""
    by_action: dict[int, list[Task]] = {}
    for t in tasks:
        by_action.setdefault(t.action.number, []).append(t)
    bars = []
    for number in sorted(by_action):
        items = by_action[number]
        counts = {s.value: 0 for s in BAR_ORDER} | {NONE: 0}
        for t in items:
            counts[latest[t.pk].progress if t.pk in latest and latest[t.pk].progress in counts else NONE] += 1
        segments = [Segment(status, labels.get(status, status), n, round(100.0 * n / len(items), 1))
                    for status, n in counts.items() if n]
        bars.append(ActionBar(number, items[0].action.display_name, len(items), segments))
    return bars


# The task page shows its indicators with their progress status; the status is computed by the
# indicators room, above the plan, which provides it here (indicators/task_page.py).
TaskIndicators = list[dict[str, object]]
TASK_INDICATORS: Hook[[Task, AnyUser], TaskIndicators] = Hook("the task page's indicators with their status")
