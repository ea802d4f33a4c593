"""Pages of the plan room: task list, task detail, departments."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from carbonpeak.caching import versions
from carbonpeak.caching.pages import cached_page
from carbonpeak.common.spreadsheet import table_xlsx
from carbonpeak.people.permissions import Permission, can, ensure, require, visible_tasks
from carbonpeak.plan import task_progress
from carbonpeak.plan.models import Department, DepartmentKind, Plan, ResponsibilityRole, Task, TimeNode
from carbonpeak.plan.queries import current_plan, filter_tasks, tasks_with_departments
from carbonpeak.supervision.models import PROGRESS_CHOICES, Report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What the task list reads: the plan (tasks, actions, departments), the approved reports (supervision) and who
# is signed in (people and auth: the role's tasks, the header and its navigation). A write anywhere else (an
# indicator value, an inventory, a unit's registry, a staged upload) leaves its kept pages standing.
TASK_LIST_TOPICS = versions.only("plan", "supervision", "people", "auth")


def _int_or_none(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def _shown_tasks(request: HttpRequest) -> tuple[Plan, QuerySet[Task], QuerySet[Task], dict[str, Any]]:
    """(plan, the tasks the user may see, those the filters keep, the filters) for the list and its export."""
    plan = current_plan()
    visible = visible_tasks(request.user, tasks_with_departments(plan))
    action = _int_or_none(request.GET.get("action"))
    department = request.GET.get("department") or None
    time_node = request.GET.get("time_node") if request.GET.get("time_node") in TimeNode.values else None
    tasks = filter_tasks(visible, action=action, department=department, time_node=time_node)
    return plan, visible, tasks, {"action": action, "department": department, "time_node": time_node}


@require_GET
@login_required
@require(Permission.VIEW_TASK)
@cached_page(TASK_LIST_TOPICS)  # per user (a department sees its own tasks), until the next write it reads
def task_list(request: HttpRequest) -> HttpResponse:
    plan, visible, tasks, selected = _shown_tasks(request)
    departments = Department.objects.filter(responsibilities__task__in=visible).distinct().order_by("kind", "code")
    shown = list(tasks)
    latest = task_progress.latest_approved(shown)
    return render(request, "plan/task_list.html", {
        "plan": plan, "tasks": shown, "actions": plan.actions.all(), "departments": departments,
        "time_nodes": TimeNode.choices, "selected": selected, "total": visible.count(),
        "latest": latest, "bars": task_progress.action_bars(shown, latest, labels := _progress_labels()),
        "progress_legend": [(s, labels[s]) for s in [*(p.value for p in task_progress.BAR_ORDER), task_progress.NONE]],
        "may_open_rounds": can(request.user, Permission.VIEW_ROUNDS),
        "export_query": request.GET.urlencode(),
    })


def _progress_labels() -> dict[str, str]:
    """What the bars' legend and segments call each progress: as a label stands alone, capitalised in English
    (the stored labels are lower case for use inside a sentence), and "no approved report yet" worded as the
    rows word it."""
    return ({value: capfirst(str(label)) for value, label in PROGRESS_CHOICES}
            | {task_progress.NONE: _("No approved report yet")})


@require_GET
@login_required
@require(Permission.VIEW_TASK)
def task_list_xlsx(request: HttpRequest) -> HttpResponse:
    """The task list as shown (same filters, same tasks for this user), with each task's latest approved progress."""
    _plan, _visible, tasks, selected = _shown_tasks(request)
    shown = list(tasks)
    latest = task_progress.latest_approved(shown)
    header = [_("No."), _("Action"), _("Key task"), _("Time node"), _("Responsible (☆ lead)"),
              _("Latest approved progress"), _("Approved on"), _("Round")]
    rows = []
    for t in shown:
        said = latest.get(t.pk)
        responsible = "、".join(("☆" if r.role == ResponsibilityRole.LEAD else "") + r.department.display_name
                               for r in t.responsibilities.all())
        rows.append([t.number, t.action.display_name, t.content, str(t.get_time_node_display()), responsible,
                     capfirst(said.label) if said else "", said.approved_on if said else None,
                     _round_title(said) if said else ""])
    note = " · ".join(f"{k}={v}" for k, v in selected.items() if v)
    data = table_xlsx(str(_("Task breakdown")), [str(h) for h in header], rows, note)
    # The plan room is below `http` (docs/architecture.md, Layers), so it answers the download itself.
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="tasks.xlsx"'
    return response


def _round_title(said: task_progress.LatestProgress) -> str:
    """The round's name in the download's language (the request's): "first half of 2026" in an English file for a
    round named by its period, as the pages write it (supervision.models.Round.title)."""
    chinese, english = said.round_titles
    return english if (get_language() or "").startswith("en") else chinese


@require_GET
@login_required
def task_detail(request: HttpRequest, number: int) -> HttpResponse:
    task = get_object_or_404(tasks_with_departments(current_plan()).select_related("measure"), number=number)
    ensure(request.user, Permission.VIEW_TASK, task)
    resp = list(task.responsibilities.all())
    departments = [r.department for r in resp]
    reports = (Report.objects.filter(task=task).select_related("round", "department")
               .order_by("-round__due_on", "-round__id", "kind", "department__code"))
    return render(request, "plan/task_detail.html", {
        "task": task,
        "leads": [r.department for r in resp if r.role == ResponsibilityRole.LEAD],
        "cos": [r.department for r in resp if r.role == ResponsibilityRole.CO],
        # a department's page is linked only for those who may open it
        "followable": {d.pk for d in departments if can(request.user, Permission.VIEW_DEPARTMENT, d)},
        "indicators": task.indicators.prefetch_related("targets"),
        "indicator_rows": task_progress.TASK_INDICATORS.first(task, request.user),
        "reports": reports, "latest": task_progress.latest_approved([task]).get(task.pk),
        "may_open_rounds": can(request.user, Permission.VIEW_ROUNDS),
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
