"""Running a dispatch round with the database: open it, write and move reports, attach
evidence. Every write is one transaction; every step leaves a ReportEvent."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from typing import Any

import pint
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from carbonpeak.audit import actors
from carbonpeak.audit.models import ChangeAction, ChangeRecord, stored_actor
from carbonpeak.common.measures import UNITS, quantity
from carbonpeak.common.uploads import EvidenceRejected, check_upload
from carbonpeak.people.models import Role
from carbonpeak.people.permissions import AnyUser, department_of, role_of, visible_tasks
from carbonpeak.plan.models import Department, DepartmentKind, Plan, Task
from carbonpeak.supervision.models import Evidence, Notice, NoticeKind, Report, ReportEvent, ReportQuantity, Round
from carbonpeak.supervision.problems import NotAllowed, SupervisionError
from carbonpeak.supervision.workflow import (
    Party,
    ReportKind,
    ReportStatus,
    Step,
    TaskProgress,
    editable,
    next_status,
)

# --- opening a round ----------------------------------------------------------------------

def obligations(task: Task) -> list[tuple[Department, ReportKind]]:
    """Who must report on a task: the first lead (☆) consolidates; every other named body,
    other leads included, contributes. A collective (各镇, 各有关部门…) is not asked as a
    whole: its members may add an optional contribution."""
    out: list[tuple[Department, ReportKind]] = [(task.lead, ReportKind.CONSOLIDATED)]
    for r in task.responsibilities.select_related("department").order_by("role", "position"):
        if r.department_id == task.lead_id or r.department.kind == DepartmentKind.COLLECTIVE:
            continue
        out.append((r.department, ReportKind.CONTRIBUTION))
    return out


def round_problems(plan: Plan, *, code: str | None, name: str, due_on: dt.date | None,
                   task_numbers: list[int] | None = None) -> dict[str, str]:
    """Every reason (zh / en) a round would be refused, by field: the form shows them all at once.
    `code` None: it will be generated (`free_round_code`), so nothing to check."""
    problems: dict[str, str] = {}
    if code is None:
        pass
    elif not code.strip() or not code.replace("-", "").replace("_", "").isalnum() or not code.isascii():
        problems["code"] = "代码只能用字母、数字、- 和 _ / the code may hold only letters, digits, - and _"
    elif Round.objects.filter(plan=plan, code=code).exists():
        problems["code"] = f"已有代码为 {code} 的调度轮次 / a round with code {code} exists"
    if not name.strip():
        problems["name"] = "不能为空 / must not be empty"
    if due_on is not None and due_on < timezone.localdate():
        problems["due_on"] = "截止日期已过 / the due date has passed"
    if task_numbers:
        unknown = sorted(set(task_numbers) - set(plan.tasks.values_list("number", flat=True)))
        if unknown:
            shown = "、".join(str(n) for n in unknown)
            problems["tasks"] = f"方案中没有任务 {shown} / the plan has no task {', '.join(map(str, unknown))}"
    return problems


def free_round_code(plan: Plan, due_on: dt.date) -> str:
    """A code nobody has to type: the due date (2026-12-31), then 2026-12-31-2, -3 … when taken."""
    taken = set(Round.objects.filter(plan=plan, code__startswith=due_on.isoformat()).values_list("code", flat=True))
    code, n = due_on.isoformat(), 1
    while code in taken:
        n += 1
        code = f"{due_on.isoformat()}-{n}"
    return code


@transaction.atomic
def open_round(
    plan: Plan, *, code: str, name: str, due_on: dt.date, user: AnyUser,
    task_numbers: list[int] | None = None, note: str = "",
) -> Round:
    problems = round_problems(plan, code=code, name=name, due_on=due_on, task_numbers=task_numbers)
    if problems:
        field, reason = next(iter(problems.items()))
        raise SupervisionError(field, reason)
    tasks = list(plan.tasks.select_related("lead").order_by("number"))
    if task_numbers:
        tasks = [t for t in tasks if t.number in set(task_numbers)]
    round_ = Round.objects.create(plan=plan, code=code, name=name.strip(), due_on=due_on, note=note,
                                  opened_by=stored_actor(user))
    round_.tasks.set(tasks)
    Report.objects.bulk_create(
        Report(round=round_, task=task, department=department, kind=kind)
        for task in tasks
        for department, kind in obligations(task)
    )
    ChangeRecord.objects.create(
        actor=stored_actor(user), actor_label=actors.of_user(user), entity="round", entity_key=code,
        action=ChangeAction.CREATED, after={"name": name, "due_on": due_on.isoformat(), "tasks": len(tasks)},
        reason="open round",
    )
    return round_


# --- who stands where ---------------------------------------------------------------------

def party_of(user: AnyUser, report: Report) -> Party:
    role = role_of(user)
    if role is Role.OFFICE:
        return Party.OFFICE
    own = department_of(user)
    if own is None:
        return Party.OTHER
    if own.pk == report.department_id:
        return Party.AUTHOR
    if report.kind == ReportKind.CONTRIBUTION and own.pk == report.task.lead_id:
        return Party.TASK_LEAD
    return Party.OTHER


def visible_reports(user: AnyUser, reports: QuerySet[Report]) -> QuerySet[Report]:
    """Reports of the tasks the user may see (a department: the tasks it is on)."""
    return reports.filter(task__in=visible_tasks(user, Task.objects.all()))


def latest_submitted_progress(reports: QuerySet[Report]) -> dict[tuple[str, int], str]:
    """(lead department, task number) → what its latest *submitted* consolidated report says.

    Only what a lead has submitted says how a task stands; a draft is not a statement yet.
    """
    consolidated = (reports.filter(kind=ReportKind.CONSOLIDATED, first_submitted_at__isnull=False)
                    .exclude(progress="").select_related("department", "task").order_by("round__due_on", "id"))
    return {(r.department.code, r.task.number): r.progress for r in consolidated}


def inbox(user: AnyUser) -> QuerySet[Report]:
    """What the user's department must report, open rounds first, earliest due first."""
    own = department_of(user)
    if own is None:
        return Report.objects.none()
    return (Report.objects.filter(department=own, round__closed_at__isnull=True)
            .select_related("round", "task").order_by("round__due_on", "task__number"))


def open_contributions(report: Report) -> list[Report]:
    """The due contributions to a consolidated report's task in its round that are not yet submitted
    (drafts, or returned and not sent again): the office is told of them when it approves, not stopped."""
    if report.kind != ReportKind.CONSOLIDATED:
        return []
    return list(report.round.reports.filter(task_id=report.task_id, kind=ReportKind.CONTRIBUTION, due=True,
                                            status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])
                .select_related("department").order_by("department__code"))


# --- writing and moving reports -----------------------------------------------------------

EDITABLE_FIELDS = ("progress", "narrative", "milestones")


def _content(report: Report) -> dict[str, Any]:
    return {f: getattr(report, f) for f in EDITABLE_FIELDS}


def _event(report: Report, user: AnyUser, step: Step, before_status: str, comment: str = "",
           before: dict[str, Any] | None = None) -> None:
    after = _content(report)
    changed_before = {k: v for k, v in (before or {}).items() if after.get(k) != v}
    ReportEvent.objects.create(
        report=report, actor=stored_actor(user), actor_label=actors.of_user(user), step=step,
        from_status=before_status, to_status=report.status, comment=comment,
        before=changed_before, after={k: after[k] for k in changed_before},
    )


@transaction.atomic
def save_report(report: Report, user: AnyUser, *, progress: str, narrative: str, milestones: str = "") -> Report:
    report = Report.objects.select_for_update().select_related("task").get(pk=report.pk)
    next_status(Step.SAVE, ReportKind(report.kind), ReportStatus(report.status), party_of(user, report))
    if progress and progress not in set(TaskProgress):
        raise SupervisionError("progress", f"未知进展状态 / unknown progress '{progress}'")
    before = _content(report)
    report.progress, report.narrative, report.milestones = progress, narrative.strip(), milestones.strip()
    report.save()
    _event(report, user, Step.SAVE, report.status, before=before)
    return report


@transaction.atomic
def take_step(report: Report, step: Step, user: AnyUser, comment: str = "") -> Report:
    """Submit, return or approve; a refused step raises a SupervisionError and changes nothing."""
    report = Report.objects.select_for_update().select_related("task", "round", "department").get(pk=report.pk)
    before_status = report.status
    moved = next_status(step, ReportKind(report.kind), ReportStatus(report.status), party_of(user, report), comment)
    if step is Step.SUBMIT:
        if not report.progress:
            raise SupervisionError("progress", "提交前须选择进展状态 / choose the task's progress before submitting")
        if not report.narrative:
            raise SupervisionError("narrative", "提交前须填写进展情况 / describe the progress before submitting")
    now = timezone.now()
    report.status = moved
    if step is Step.SUBMIT:
        report.submitted_at = now
        report.first_submitted_at = report.first_submitted_at or now
    elif step is Step.RETURN:
        report.times_returned += 1
    elif step is Step.APPROVE:
        report.approved_at = now
    report.save()
    _event(report, user, step, before_status, comment)
    if step is Step.RETURN:
        notice = Notice.objects.create(
            key=f"{report.round.code}:{report.task.number}:{report.department.code}:returned:{report.times_returned}",
            kind=NoticeKind.RETURNED, department=report.department, report=report,
            text=f"{report.round.name} 任务{report.task.number} 报告被退回 / report returned: {comment.strip()}",
        )
        notice.email()
    return report


@transaction.atomic
def attach_evidence(report: Report, user: AnyUser, *, name: str, data: bytes) -> Evidence:
    report = Report.objects.select_for_update().select_related("task").get(pk=report.pk)
    if party_of(user, report) is not Party.AUTHOR or not editable(ReportStatus(report.status)):
        raise NotAllowed("file", "只能由报告部门在草稿或退回状态下上传 / only the reporting department may "
                                       "attach files, while the report is a draft or returned")
    try:
        content_type = check_upload(name, data[:16], len(data))
    except EvidenceRejected as exc:
        raise SupervisionError(exc.field, exc.reason) from exc
    digest = hashlib.sha256(data).hexdigest()
    evidence = Evidence(report=report, original_name=name[:200], content_type=content_type, size=len(data),
                        sha256=digest, uploaded_by=stored_actor(user))
    evidence.file.save(digest, ContentFile(data), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def set_quantity(report: Report, user: AnyUser, *, indicator_code: str, value: str, unit: str, note: str = "") -> None:
    """State (or replace) the report's quantitative contribution to a linked indicator."""
    report = Report.objects.select_for_update().select_related("task").get(pk=report.pk)
    if party_of(user, report) is not Party.AUTHOR or not editable(ReportStatus(report.status)):
        raise NotAllowed("indicator", "只能由报告部门在草稿或退回状态下填写 / only the reporting department may "
                                            "state quantities, while the report is a draft or returned")
    indicator = report.task.indicators.filter(code=indicator_code).first()
    if indicator is None:
        raise SupervisionError("indicator", f"指标 {indicator_code} 与本任务无关 / indicator {indicator_code} "
                                            "is not linked to this task")
    try:
        number = float(value)
        if not math.isfinite(number):
            raise ValueError
    except ValueError as exc:
        raise SupervisionError("value", f"须为数字 / must be a number: '{value}'") from exc
    unit = unit or indicator.unit
    if unit not in UNITS:
        raise SupervisionError("unit", f"未知单位 / unknown unit '{unit}'")
    try:
        converted = quantity(number, unit).to(quantity(1, indicator.unit).units).magnitude
    except pint.DimensionalityError as exc:
        raise SupervisionError("unit", f"{unit} 不能换算为指标单位 {indicator.unit} / {unit} does not convert "
                                       f"to the indicator's unit {indicator.unit}") from exc
    ReportQuantity.objects.update_or_create(report=report, indicator=indicator, defaults={
        "value": number, "unit": unit, "value_in_indicator_unit": float(converted), "note": note[:300]})
