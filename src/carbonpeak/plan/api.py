"""REST API of the plan room: plan, actions, tasks, departments (/api/v1/…)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from carbonpeak.common.problems import InputRefused, NotAllowed
from carbonpeak.people.permissions import Permission, can, visible_tasks
from carbonpeak.plan.models import Department, ResponsibilityRole, Task, TimeNode
from carbonpeak.plan.queries import actions_with_counts, current_plan, filter_tasks, tasks_with_departments

router = Router(tags=["plan"])


class PlanOut(Schema):
    code: str
    title: str
    title_en: str
    document_number: str
    issuer: str
    issued_on: dt.date
    base_year: int
    action_count: int
    task_count: int
    indicator_count: int


class ActionOut(Schema):
    number: int
    name: str
    name_en: str
    task_count: int


class DepartmentRef(Schema):
    code: str
    name: str
    name_en: str


class TaskOut(Schema):
    number: int
    action: int
    content: str
    time_node: TimeNode
    lead_departments: list[DepartmentRef]
    co_departments: list[DepartmentRef]
    notes: str


class DepartmentOut(Schema):
    code: str
    name: str
    name_en: str
    kind: str
    aliases: list[str]
    leads: list[int]
    supports: list[int]


def _ensure(request: HttpRequest, permission: Permission, obj: object = None) -> None:
    if not can(request.user, permission, obj):
        raise NotAllowed.one("permission", "无权访问 / not allowed")


def task_out(task: Task) -> TaskOut:
    resp = list(task.responsibilities.all())

    def refs(role: ResponsibilityRole) -> list[DepartmentRef]:
        return [DepartmentRef(code=r.department.code, name=r.department.name, name_en=r.department.name_en)
                for r in resp if r.role == role]

    return TaskOut(number=task.number, action=task.action.number, content=task.content,
                   time_node=TimeNode(task.time_node), lead_departments=refs(ResponsibilityRole.LEAD),
                   co_departments=refs(ResponsibilityRole.CO), notes=task.notes)


@router.get("/plan", response=PlanOut, summary="The plan in force / 当前实施方案")
def get_plan(request: HttpRequest) -> PlanOut:
    _ensure(request, Permission.VIEW_PLAN)
    plan = current_plan()
    return PlanOut(
        code=plan.code, title=plan.title, title_en=plan.title_en, document_number=plan.document_number,
        issuer=plan.issuer, issued_on=plan.issued_on, base_year=plan.base_year,
        action_count=plan.actions.count(), task_count=plan.tasks.count(),
        indicator_count=plan.indicators.count(),
    )


@router.get("/actions", response=list[ActionOut], summary="The ten actions / 十大行动")
def list_actions(request: HttpRequest) -> list[ActionOut]:
    _ensure(request, Permission.VIEW_PLAN)
    return [ActionOut(number=a.number, name=a.name, name_en=a.name_en, task_count=a.task_count)  # type: ignore[attr-defined]
            for a in actions_with_counts(current_plan())]


@router.get("/tasks", response=list[TaskOut], summary="Tasks the caller may see / 重点任务")
def list_tasks(
    request: HttpRequest, action: int | None = None, department: str | None = None,
    time_node: TimeNode | None = None, role: ResponsibilityRole | None = None,
) -> list[TaskOut]:
    _ensure(request, Permission.VIEW_TASK)
    if role is not None and department is None:
        raise InputRefused.one("role", "需与 department 一起使用 / the role filter needs a department")
    tasks = visible_tasks(request.user, tasks_with_departments(current_plan()))
    tasks = filter_tasks(tasks, action=action, department=department,
                         time_node=time_node.value if time_node else None, role=role.value if role else None)
    return [task_out(t) for t in tasks]


@router.get("/tasks/{number}", response=TaskOut, summary="One task / 任务详情")
def get_task(request: HttpRequest, number: int) -> TaskOut:
    _ensure(request, Permission.VIEW_TASK)  # before the lookup, so no one learns which numbers exist
    task = get_object_or_404(tasks_with_departments(current_plan()), number=number)
    _ensure(request, Permission.VIEW_TASK, task)
    return task_out(task)


def _department_out(d: Department) -> DepartmentOut:
    resp = list(d.responsibilities.select_related("task").order_by("task__number"))
    return DepartmentOut(
        code=d.code, name=d.name, name_en=d.name_en, kind=d.kind, aliases=list(d.aliases),
        leads=[r.task.number for r in resp if r.role == ResponsibilityRole.LEAD],
        supports=[r.task.number for r in resp if r.role == ResponsibilityRole.CO],
    )


@router.get("/departments", response=list[DepartmentOut], summary="Departments the caller may see / 责任部门")
def list_departments(request: HttpRequest) -> list[DepartmentOut]:
    _ensure(request, Permission.VIEW_DEPARTMENT)
    return [_department_out(d) for d in Department.objects.order_by("code")
            if can(request.user, Permission.VIEW_DEPARTMENT, d)]


@router.get("/departments/{code}", response=DepartmentOut, summary="One department / 部门详情")
def get_department(request: HttpRequest, code: str) -> DepartmentOut:
    _ensure(request, Permission.VIEW_DEPARTMENT)
    department = get_object_or_404(Department, code=code)
    _ensure(request, Permission.VIEW_DEPARTMENT, department)
    return _department_out(department)


