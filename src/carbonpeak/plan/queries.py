"""Read-side helpers shared by the plan's views, API and exports."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from carbonpeak.plan.models import Action, Plan, Responsibility, Task


def current_plan() -> Plan:
    """The plan the installation runs (the first one loaded)."""
    plan = Plan.objects.order_by("id").first()
    if plan is None:
        raise Http404("no plan loaded: run `carbonpeak setup`")
    return plan


def current_plan_or_none() -> Plan | None:
    """The plan the installation runs, or None before one is loaded (for jobs, which skip)."""
    return Plan.objects.order_by("id").first()


def tasks_with_departments(plan: Plan) -> QuerySet[Task]:
    return (
        plan.tasks.select_related("action", "lead")
        .prefetch_related(
            Prefetch("responsibilities", queryset=Responsibility.objects.select_related("department"))
        )
        .order_by("number")
    )


def filter_tasks(
    tasks: QuerySet[Task], *, action: int | None = None, department: str | None = None,
    time_node: str | None = None, role: str | None = None,
) -> QuerySet[Task]:
    if action is not None:
        tasks = tasks.filter(action__number=action)
    if time_node:
        tasks = tasks.filter(time_node=time_node)
    if department:
        resp = Responsibility.objects.filter(department__code=department)
        if role:
            resp = resp.filter(role=role)
        tasks = tasks.filter(pk__in=resp.values("task_id"))
    return tasks


def actions_with_counts(plan: Plan) -> QuerySet[Action]:
    return plan.actions.annotate(task_count=Count("tasks", distinct=True)).order_by("number")
