"""Pages of the plan room: task list, task detail, departments."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from carbonpeak.people.permissions import Permission, can, ensure, require, visible_tasks
from carbonpeak.plan.models import Department, DepartmentKind, ResponsibilityRole, TimeNode
from carbonpeak.plan.queries import current_plan, filter_tasks, tasks_with_departments


def _int_or_none(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


@require_GET
@login_required
@require(Permission.VIEW_TASK)
def task_list(request: HttpRequest) -> HttpResponse:
    plan = current_plan()
    visible = visible_tasks(request.user, tasks_with_departments(plan))
    action = _int_or_none(request.GET.get("action"))
    department = request.GET.get("department") or None
    time_node = request.GET.get("time_node") if request.GET.get("time_node") in TimeNode.values else None
    tasks = filter_tasks(visible, action=action, department=department, time_node=time_node)
    departments = Department.objects.filter(responsibilities__task__in=visible).distinct().order_by("kind", "code")
    return render(request, "plan/task_list.html", {
        "plan": plan, "tasks": tasks, "actions": plan.actions.all(), "departments": departments,
        "time_nodes": TimeNode.choices, "selected": {"action": action, "department": department,
                                                     "time_node": time_node},
        "total": visible.count(),
    })


@require_GET
@login_required
def task_detail(request: HttpRequest, number: int) -> HttpResponse:
    task = get_object_or_404(tasks_with_departments(current_plan()).select_related("measure"), number=number)
    ensure(request.user, Permission.VIEW_TASK, task)
    resp = list(task.responsibilities.all())
    return render(request, "plan/task_detail.html", {
        "task": task,
        "leads": [r.department for r in resp if r.role == ResponsibilityRole.LEAD],
        "cos": [r.department for r in resp if r.role == ResponsibilityRole.CO],
        "indicators": task.indicators.prefetch_related("targets"),
    })


@require_GET
@login_required
@require(Permission.VIEW_DEPARTMENT)
def department_list(request: HttpRequest) -> HttpResponse:
    departments = [d for d in Department.objects.order_by("kind", "code")
                   if can(request.user, Permission.VIEW_DEPARTMENT, d)]
    groups = [(label, [d for d in departments if d.kind == kind]) for kind, label in DepartmentKind.choices]
    return render(request, "plan/department_list.html", {"groups": [g for g in groups if g[1]]})


@require_GET
@login_required
def department_detail(request: HttpRequest, code: str) -> HttpResponse:
    department = get_object_or_404(Department, code=code)
    ensure(request.user, Permission.VIEW_DEPARTMENT, department)
    tasks = tasks_with_departments(current_plan())
    return render(request, "plan/department_detail.html", {
        "department": department,
        "leads": filter_tasks(tasks, department=code, role=ResponsibilityRole.LEAD),
        "supports": filter_tasks(tasks, department=code, role=ResponsibilityRole.CO),
    })
