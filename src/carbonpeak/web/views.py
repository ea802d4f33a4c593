"""The plan overview: the first page every role sees."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from carbonpeak.people.permissions import Permission, require
from carbonpeak.plan.models import TimeNode
from carbonpeak.plan.queries import actions_with_counts, current_plan


@require_GET
@login_required
@require(Permission.VIEW_PLAN)
def home(request: HttpRequest) -> HttpResponse:
    plan = current_plan()
    actions = list(actions_with_counts(plan))
    by_2025 = {
        row["action__number"]: row["n"]
        for row in plan.tasks.filter(time_node=TimeNode.BY_2025).values("action__number").annotate(
            n=Count("id"))
    }
    chart = {
        "categories": [f"{a.number}. {a.display_name}" for a in actions],
        "series": [
            {"name": str(TimeNode.ONGOING.label),
             "data": [a.task_count - by_2025.get(a.number, 0) for a in actions]},  # type: ignore[attr-defined]
            {"name": str(TimeNode.BY_2025.label), "data": [by_2025.get(a.number, 0) for a in actions]},
        ],
    }
    headline = plan.indicators.filter(action__isnull=True).prefetch_related("targets")
    targets_2025 = (
        plan.indicators.select_related("action").prefetch_related("targets").exclude(action__isnull=True)
    )
    return render(request, "web/home.html", {
        "plan": plan, "actions": actions, "chart": chart, "headline": headline,
        "indicators": targets_2025, "task_count": sum(a.task_count for a in actions),  # type: ignore[attr-defined]
    })
