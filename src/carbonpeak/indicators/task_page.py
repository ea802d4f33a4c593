"""What the plan's task page shows of the task's indicators: status, latest value, and whether the
reader may open the indicator (provided to `plan.task_progress.TASK_INDICATORS`, the plan being below
this room)."""

from __future__ import annotations

from django.utils import timezone

from carbonpeak.indicators.evaluation import evaluate_indicator
from carbonpeak.people.permissions import AnyUser, Permission, can
from carbonpeak.plan.models import Task
from carbonpeak.plan.task_progress import TASK_INDICATORS, TaskIndicators


@TASK_INDICATORS.provide
def task_indicators(task: Task, user: AnyUser) -> TaskIndicators:
    """Each indicator linked to the task, in plan order, as the indicator pages judge it today."""
    sees_values = can(user, Permission.VIEW_PROGRESS)
    today = timezone.localdate()
    rows: TaskIndicators = []
    for indicator in task.indicators.prefetch_related("targets", "observations").order_by("action__number", "id"):
        status = evaluate_indicator(indicator, today)
        rows.append({
            "indicator": indicator, "status": status.progress.status if sees_values else "",
            "status_label": status.status_label if sees_values else "",
            "latest": status.latest if sees_values else None, "may_open": sees_values,
        })
    return rows
