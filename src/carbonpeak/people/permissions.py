"""Who may see and change what: the one place where access is decided.

Views, the API and exports all ask `can()` or narrow a queryset with
`visible_tasks()`; tests check the whole matrix role × permission × own/other.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest

from carbonpeak.indicators.models import EarlyWarning, Indicator, Observation, PlaceObservation
from carbonpeak.people.models import Enterprise, Role
from carbonpeak.plan.models import Department, DepartmentKind, Responsibility, Task
from carbonpeak.supervision.models import Evidence

AnyUser = AbstractBaseUser | AnonymousUser


class Permission(StrEnum):
    VIEW_PLAN = "view_plan"  # plan overview, actions, headline targets
    VIEW_INDICATORS = "view_indicators"
    VIEW_TASK = "view_task"  # object: a Task
    VIEW_DEPARTMENT = "view_department"  # object: a Department
    EXPORT_PLAN = "export_plan"  # the whole breakdown table
    LOAD_PLAN = "load_plan"
    VIEW_AUDIT = "view_audit"
    VIEW_ACCOUNTING = "view_accounting"  # factor sets, the district inventory
    CALCULATE = "calculate"  # run the engine on one's own figures; nothing is stored
    MANAGE_ACCOUNTING = "manage_accounting"  # load factor sets, import activity data, compile inventories
    VIEW_ROUNDS = "view_rounds"  # dispatch rounds and reports (a department: of the tasks it is on)
    SUPERVISE = "supervise"  # open rounds; review any report (the workflow refines who may do what)
    # object: a report's attachment (supervision Evidence) or an indicator value's file (Observation);
    # one rule for both, `_may_see_evidence`
    VIEW_EVIDENCE = "view_evidence"
    VIEW_PROGRESS = "view_progress"  # indicator values, status, dashboard: district figures
    ENTER_OBSERVATIONS = "enter_observations"  # object: an Indicator (a department: of its own tasks)
    MANAGE_INDICATORS = "manage_indicators"  # import observation files, derive, raise warnings
    VIEW_WARNINGS = "view_warnings"  # the 预警 list (a department: the warnings sent to it)
    RESPOND_WARNING = "respond_warning"  # object: an EarlyWarning sent to one's department
    VIEW_REVIEW = "view_review"  # projects under energy review, decisions, the 两高一低 register
    REVIEW_PROJECTS = "review_projects"  # take in projects, decide, edit the register
    VIEW_MONITORING = "view_monitoring"  # the district's monitoring overview: every key unit, alerts
    VIEW_UNIT_DATA = "view_unit_data"  # object: a monitored unit (an enterprise: its own units only)
    SUBMIT_READINGS = "submit_readings"  # object: a monitored unit (an enterprise: its own units only)
    MANAGE_MONITORING = "manage_monitoring"  # registry, imports, unit tokens, alert handling
    VIEW_ROADMAP = "view_roadmap"  # scenarios, pathways, peak, attribution, uncertainty
    EDIT_SCENARIOS = "edit_scenarios"  # create and change scenarios and measures
    VIEW_JOBS = "view_jobs"  # 运行状态: the periodic jobs and their runs
    RUN_JOBS = "run_jobs"  # run a job now
    MANAGE_ACCOUNTS = "manage_accounts"  # locked accounts and addresses (unlock them); users' API tokens
    PUBLISH = "publish"  # the public site: publish or withdraw items, answer citizens' feedback
    VIEW_FILINGS = "view_filings"  # object: a key unit; its output and 能源利用状况报告 (an enterprise: its own)
    FILE_REPORTS = "file_reports"  # object: a key unit; enter output, write and submit its filings (own units)
    REVIEW_FILINGS = "review_filings"  # return or accept any unit's filing
    # object: a place (a town, sub-district or park department): its split targets, values and status; a
    # place's own users see only their own place, district bodies every place
    VIEW_PLACE_VALUES = "view_place_values"
    ENTER_PLACE_VALUES = "enter_place_values"  # object: a place; only its own users enter its values


# What each role may do regardless of the object; object rules refine VIEW_TASK and
# VIEW_DEPARTMENT for department users below.
_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.OFFICE: frozenset(Permission),
    Role.VIEWER: frozenset(
        {Permission.VIEW_PLAN, Permission.VIEW_INDICATORS, Permission.VIEW_TASK, Permission.VIEW_EVIDENCE,
         Permission.VIEW_DEPARTMENT, Permission.EXPORT_PLAN, Permission.VIEW_ACCOUNTING, Permission.CALCULATE,
         Permission.VIEW_ROUNDS, Permission.VIEW_WARNINGS, Permission.VIEW_REVIEW, Permission.VIEW_PROGRESS,
         Permission.VIEW_MONITORING, Permission.VIEW_UNIT_DATA, Permission.VIEW_ROADMAP, Permission.VIEW_JOBS,
         Permission.VIEW_FILINGS, Permission.VIEW_PLACE_VALUES}
    ),
    Role.DEPARTMENT: frozenset(
        {Permission.VIEW_PLAN, Permission.VIEW_INDICATORS, Permission.VIEW_TASK, Permission.VIEW_EVIDENCE,
         Permission.VIEW_DEPARTMENT, Permission.VIEW_ACCOUNTING, Permission.CALCULATE, Permission.VIEW_ROUNDS,
         Permission.ENTER_OBSERVATIONS, Permission.VIEW_WARNINGS, Permission.RESPOND_WARNING,
         Permission.VIEW_PROGRESS, Permission.VIEW_MONITORING, Permission.VIEW_UNIT_DATA, Permission.VIEW_ROADMAP,
         Permission.VIEW_FILINGS, Permission.VIEW_PLACE_VALUES, Permission.ENTER_PLACE_VALUES}
    ),
    # An enterprise sees no district figures; it may account its own data without storing it.
    # It sees and feeds the monitoring data of its own units (object rule in `can`).
    Role.ENTERPRISE: frozenset({Permission.VIEW_PLAN, Permission.VIEW_INDICATORS, Permission.CALCULATE,
                                Permission.VIEW_UNIT_DATA, Permission.SUBMIT_READINGS, Permission.VIEW_FILINGS,
                                Permission.FILE_REPORTS}),
}


def role_of(user: AnyUser) -> Role | None:
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    if profile is not None:
        return Role(profile.role)
    # A superuser made with createsuperuser acts as the office.
    return Role.OFFICE if getattr(user, "is_superuser", False) else None


def department_of(user: AnyUser) -> Department | None:
    profile = getattr(user, "profile", None)
    return profile.department if profile is not None and profile.role == Role.DEPARTMENT else None


def enterprise_of(user: AnyUser) -> Enterprise | None:
    profile = getattr(user, "profile", None)
    return profile.enterprise if profile is not None and profile.role == Role.ENTERPRISE else None


# The kinds of body that are places of the district (镇、街道、园区): a user of one sees only its own figures.
PLACE_KINDS = frozenset({DepartmentKind.TOWN, DepartmentKind.STREET, DepartmentKind.PARK})
_PLACE_PERMISSIONS = frozenset({Permission.VIEW_PLACE_VALUES, Permission.ENTER_PLACE_VALUES})


def _may_use_place(own: Department, permission: Permission, place: Any) -> bool:
    """A place's users see and enter their own place's figures only; a district body sees every place's
    (it leads the tasks the places carry) and enters none."""
    if not isinstance(place, Department) or place.kind not in PLACE_KINDS:
        return False
    if own.kind in PLACE_KINDS or permission is Permission.ENTER_PLACE_VALUES:
        return place.pk == own.pk
    return True


# Permissions whose object is something an enterprise owns (it carries `enterprise_id`).
_OWNED_BY_ENTERPRISE = frozenset({Permission.VIEW_UNIT_DATA, Permission.SUBMIT_READINGS, Permission.VIEW_FILINGS,
                                  Permission.FILE_REPORTS})


def _scope_ids(department: Department) -> list[int]:
    """The bodies whose tasks a department carries: itself and the groups naming its kind.

    A town is bound by tasks given to 各镇; a park by tasks given to 园区.
    """
    # JSON containment is not portable to SQLite, so collectives are filtered in Python.
    collectives = Department.objects.filter(kind=DepartmentKind.COLLECTIVE)
    ids = [c.pk for c in collectives if department.kind in (c.covers or [])]
    return [department.pk, *ids]


def _may_see_evidence(own: Department, obj: Any) -> bool:
    """Evidence is seen by the department that uploaded it and by the departments of the tasks it
    is evidence for (☆ leads and co-responsible, a town through 各镇), besides the office and leaders.

    A report's file was uploaded by the reporting department (only it may attach files) and is
    evidence for the report's task; an indicator value's file by the department of the user who
    entered the value, and is evidence for the indicator's linked tasks.
    """
    if isinstance(obj, Evidence):
        uploader: Department | None = obj.report.department
        linked = Responsibility.objects.filter(task_id=obj.report.task_id)
    elif isinstance(obj, Observation):
        uploader = department_of(obj.entered_by) if obj.entered_by is not None else None
        linked = Responsibility.objects.filter(task__indicators=obj.indicator_id)
    elif isinstance(obj, PlaceObservation):
        return obj.place_id == own.pk  # a place's file: its own users (besides the office and leaders)
    else:
        return False
    if uploader == own:
        return True
    return linked.filter(department_id__in=_scope_ids(own)).exists()


def can(user: AnyUser, permission: Permission, obj: Any = None) -> bool:
    role = role_of(user)
    if role is None or permission not in _GRANTS[role]:
        return False
    if role is Role.OFFICE and permission is Permission.ENTER_PLACE_VALUES:
        return False  # a place's figures are entered by its own users; the office sets their targets
    if role is Role.OFFICE and isinstance(obj, EarlyWarning):
        return permission is not Permission.RESPOND_WARNING  # the office reads; departments answer
    if role is Role.ENTERPRISE and obj is not None and permission in _OWNED_BY_ENTERPRISE:
        own_enterprise = enterprise_of(user)
        return own_enterprise is not None and getattr(obj, "enterprise_id", None) == own_enterprise.pk
    if permission in _OWNED_BY_ENTERPRISE:
        return True  # the office, leaders and departments watch every unit
    if role is not Role.DEPARTMENT or obj is None:
        return True
    own = department_of(user)
    if own is None:
        return False
    if permission is Permission.VIEW_EVIDENCE:
        return _may_see_evidence(own, obj)
    if permission in _PLACE_PERMISSIONS:
        return _may_use_place(own, permission, obj)
    if isinstance(obj, Task):
        return obj.responsibilities.filter(department_id__in=_scope_ids(own)).exists()
    if isinstance(obj, Department):
        return obj.pk == own.pk
    if isinstance(obj, Indicator):
        if own.kind in PLACE_KINDS and obj.place_targets.exists():
            return False  # split to places: a place enters its own figure (ENTER_PLACE_VALUES), not the district's
        return Responsibility.objects.filter(task__indicators=obj, department_id__in=_scope_ids(own)).exists()
    if isinstance(obj, EarlyWarning):
        return obj.departments.filter(pk=own.pk).exists()
    return False


def visible_tasks(user: AnyUser, tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Narrow a task queryset to what the user may see."""
    role = role_of(user)
    if role is None or Permission.VIEW_TASK not in _GRANTS[role]:
        return tasks.none()
    if role is Role.DEPARTMENT:
        own = department_of(user)
        if own is None:
            return tasks.none()
        return tasks.filter(responsibilities__department_id__in=_scope_ids(own)).distinct()
    return tasks


def ensure(user: AnyUser, permission: Permission, obj: Any = None) -> None:
    if not can(user, permission, obj):
        raise PermissionDenied(permission.value)


P = ParamSpec("P")
R = TypeVar("R")


def require(permission: Permission) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """View decorator: the request's user must hold `permission` (object rules aside)."""

    def decorator(view: Callable[..., R]) -> Callable[..., R]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
            ensure(request.user, permission)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
