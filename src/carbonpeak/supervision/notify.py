"""Reminders, overdue notices and 2025-deadline warnings: decided by the pure `reminders`
module, stored as Notice rows whose unique key makes each go out once, and e-mailed to the
department's users who have an address, through Django's mail backend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from carbonpeak.plan.models import Department, Plan
from carbonpeak.plan.vocabulary import TimeNode
from carbonpeak.supervision import reminders
from carbonpeak.supervision.models import Notice, NoticeKind, Report
from carbonpeak.supervision.services import latest_submitted_progress
from carbonpeak.supervision.workflow import ReportKind, ReportStatus, TaskProgress


@dataclass(frozen=True)
class RunSummary:
    reminders: int
    overdue: int
    deadline: int
    emailed: int


def _obligations(plan: Plan) -> tuple[list[reminders.Obligation], dict[str, Report]]:
    out, by_key = [], {}
    reports = Report.objects.filter(round__plan=plan, round__closed_at__isnull=True, due=True).select_related(
        "round", "task", "department")
    for r in reports:
        submitted = r.first_submitted_at if r.status != ReportStatus.RETURNED else None
        obligation = reminders.Obligation(
            round_code=r.round.code, task_number=r.task.number, department_code=r.department.code, kind=r.kind,
            due=r.round.due_on, submitted_on=timezone.localtime(submitted).date() if submitted else None,
        )
        out.append(obligation)
        by_key[obligation.key_prefix] = r
    return out, by_key


def _store(key: str, kind: NoticeKind, department: Department, text: str, report: Report | None,
           shown: bool = True) -> Notice | None:
    try:
        with transaction.atomic():
            return Notice.objects.create(key=key, kind=kind, department=department, report=report, text=text,
                                         shown=shown)
    except IntegrityError:
        return None  # sent before: the unique key says so


def run(plan: Plan, today: dt.date | None = None, policy: reminders.Policy | None = None) -> RunSummary:
    """Send what is due today; running it again the same day sends nothing more."""
    today = today or timezone.localdate()
    obligations, by_key = _obligations(plan)
    sent = set(Notice.objects.filter(key__in=_all_keys(obligations, policy or reminders.Policy()))
               .values_list("key", flat=True))
    planned = reminders.notices_due(obligations, today, policy or reminders.Policy(), sent)
    counts = {"reminder": 0, "overdue": 0, "deadline": 0, "emailed": 0}
    for key in planned.skip_keys:
        report = by_key.get(key.split(f":{reminders.NoticeKind.REMINDER}:")[0])
        if report is not None:
            _store(key, NoticeKind.REMINDER, report.department, "superseded reminder", report, shown=False)
    for notice in planned.send:
        report = by_key[notice.obligation.key_prefix]
        part = "牵头汇总报告" if report.kind == ReportKind.CONSOLIDATED else "配合报告"
        if notice.kind == reminders.NoticeKind.OVERDUE:
            text = (f"{report.round.name} 任务{report.task.number}{part}已逾期 {notice.days} 天 / "
                    f"report on task {report.task.number} is {notice.days} day(s) overdue")
            kind = NoticeKind.OVERDUE
        else:
            text = (f"{report.round.name} 任务{report.task.number}{part}将于 {notice.days} 天后截止"
                    f"（{report.round.due_on}）/ report on task {report.task.number} due in {notice.days} day(s)")
            kind = NoticeKind.REMINDER
        stored = _store(notice.key, kind, report.department, text, report)
        if stored is not None:
            counts[kind.value] += 1
            counts["emailed"] += stored.email()
    counts["deadline"] = _deadline_notices(plan, today, counts)
    return RunSummary(counts["reminder"], counts["overdue"], counts["deadline"], counts["emailed"])


def _all_keys(obligations: list[reminders.Obligation], policy: reminders.Policy) -> list[str]:
    keys = [reminders.overdue_key(o) for o in obligations]
    keys += [reminders.reminder_key(o, d) for o in obligations for d in policy.days_before]
    return keys


def _deadline_notices(plan: Plan, today: dt.date, counts: dict[str, int]) -> int:
    submitted = latest_submitted_progress(Report.objects.filter(round__plan=plan))
    latest = {task: progress for (_lead, task), progress in submitted.items()}
    tasks = {t.number: t for t in plan.tasks.select_related("lead")}
    states = [reminders.TaskState(n, TimeNode(t.time_node), TaskProgress(latest[n]) if n in latest else None)
              for n, t in tasks.items()]
    made = 0
    for warning in reminders.deadline_warnings(states, today):
        task = tasks[warning.task.number]
        stage = "passed" if warning.days_left < 0 else "near"
        if warning.days_left < 0:
            text = (f"任务{task.number}（时间节点2025年）已过截止日期 {-warning.days_left} 天仍未完成 / "
                    f"task {task.number} (due 2025) not completed, {-warning.days_left} day(s) past the deadline")
        else:
            text = (f"任务{task.number}（时间节点2025年）尚未完成，距截止还有 {warning.days_left} 天 / "
                    f"task {task.number} (due 2025) not completed, {warning.days_left} day(s) left")
        stored = _store(f"deadline:{plan.code}:{task.number}:{stage}", NoticeKind.DEADLINE, task.lead, text, None)
        if stored is not None:
            made += 1
            counts["emailed"] += stored.email()
    return made
