"""The supervision room's demo (演示数据, illustrative): one past dispatch round (调度轮次) with its reports.

Without it a leader opening the demo sees every task at "no approved report" and every action bar at 0 %.
`load_demo_supervision` opens the last half-year's round on every task of the plan and walks each report
through the room's own services (`save_report`, `take_step`), so every step has its ReportEvent and the round its
ChangeRecord, exactly as if the departments had reported in the browser:

- every lead (☆) writes and submits its consolidated report; the office approves most of them, returns a few
  (one of them is sent again and approved) and a few leads never submitted (still drafts);
- most co-departments submit a contribution, which the task's lead takes into its report (approving about a
  third of them); a few are left as drafts, a few are returned.

Progress and narratives are chosen from the task number and its time node (deterministic, no randomness) and
say in Chinese that they are illustrative. The workflow stamps each step with the current time; a past round
is then placed at its own dates (opened, due, submitted, approved, closed), and that move is one ChangeRecord.

Each department acts through an inactive demo account with no usable password (`demo-reporter-<code>`), the
way the enterprise demo's filers do: the workflow only lets a department's own user write its report.
Running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from carbonpeak.audit.models import ChangeAction, ChangeRecord
from carbonpeak.people.models import Profile, Role
from carbonpeak.plan.models import Department, Plan, Task, TimeNode
from carbonpeak.supervision.models import Report, ReportEvent, Round
from carbonpeak.supervision.services import open_round, save_report, take_step
from carbonpeak.supervision.workflow import ReportKind, Step, TaskProgress

REPORTER_PREFIX = "demo-reporter-"
MARK = "（演示数据，示意）"

# Which leads' consolidated reports do not end approved (by task number): a realistic round has a few.
RETURNED = frozenset({12, 47, 68})  # returned by the office, not yet sent again
RETURNED_THEN_APPROVED = frozenset({5, 33})  # returned once, corrected, approved
NEVER_SUBMITTED = frozenset({21, 74})  # the lead never submitted: still a draft
BEHIND = frozenset({9, 27, 58, 77})  # the leads say the task is behind

_NARRATIVE = {
    TaskProgress.COMPLETED: "该项任务已按期完成：{brief}。相关成果已归档，转入常态化管理。",
    TaskProgress.ON_SCHEDULE: "本期按计划持续推进：{brief}，各工作节点均已落实，下一阶段继续跟踪。",
    TaskProgress.IN_PROGRESS: "本期已启动实施：{brief}，部分工作仍在推进，预计年内完成阶段目标。",
    TaskProgress.BEHIND: "本期进度滞后：{brief}，受项目审批和资金到位影响，已制定整改措施并加快推进。",
}
_RETURN_COMMENTS = ("请补充量化进展和佐证材料。", "进展表述过于笼统，请说明本期已完成的具体事项。")


def demo_round_period(today: dt.date) -> tuple[str, str, dt.date]:
    """(code, name, due date) of the last half-year that has ended: 2026上半年 from July, else the year before's
    second half."""
    if today.month >= 7:
        return f"{today.year}-h1", f"{today.year}年上半年", dt.date(today.year, 7, 15)
    year = today.year - 1
    return f"{year}-h2", f"{year}年下半年", dt.date(today.year, 1, 15)


def progress_of(task: Task) -> TaskProgress:
    """What the lead says of the task (deterministic): tasks due by 2025 are mostly done, ongoing ones mostly
    going as planned, a few just started, the ones in `BEHIND` behind."""
    if task.number in BEHIND:
        return TaskProgress.BEHIND
    if task.time_node == TimeNode.BY_2025:
        return TaskProgress.COMPLETED if task.number % 5 else TaskProgress.IN_PROGRESS
    return TaskProgress.IN_PROGRESS if task.number % 6 == 0 else TaskProgress.ON_SCHEDULE


def _brief(task: Task) -> str:
    """The task's first clause, as a report would name what it worked on."""
    text = task.content.strip()
    for stop in "，。；：":
        text = text.split(stop, 1)[0]
    return text[:40]


def _reporter(department: Department) -> Any:
    """The department's inactive demo account (no usable password: nobody signs in with it)."""
    User = get_user_model()
    user, made = User.objects.get_or_create(username=f"{REPORTER_PREFIX}{department.code}",
                                            defaults={"is_active": False, "first_name": department.name[:150]})
    if made:
        user.set_unusable_password()
        user.save()
    Profile.objects.update_or_create(user=user, defaults={"role": Role.DEPARTMENT, "department": department})
    return user


def _consolidated(report: Report, office: Any, author: Any) -> None:
    number = report.task.number
    progress = progress_of(report.task)
    save_report(report, author, progress=progress.value,
                narrative=_NARRATIVE[progress].format(brief=_brief(report.task)) + MARK)
    if number in NEVER_SUBMITTED:
        return
    take_step(report, Step.SUBMIT, author)
    if number in RETURNED or number in RETURNED_THEN_APPROVED:
        take_step(report, Step.RETURN, office, _RETURN_COMMENTS[number % 2])
        if number in RETURNED:
            return
        save_report(report, author, progress=progress.value,
                    narrative=_NARRATIVE[progress].format(brief=_brief(report.task)) + "已补充佐证材料。" + MARK)
        take_step(report, Step.SUBMIT, author)
    take_step(report, Step.APPROVE, office)


def _contribution(report: Report, lead: Any, author: Any, index: int) -> None:
    if index % 13 == 7:  # a few co-departments never got round to it
        return
    progress = TaskProgress.ON_SCHEDULE if index % 4 else TaskProgress.IN_PROGRESS
    save_report(report, author, progress=progress.value,
                narrative=f"配合{report.task.lead.name}推进：{_brief(report.task)}，已报送本部门相关材料。{MARK}")
    take_step(report, Step.SUBMIT, author)
    if index % 17 == 3:
        take_step(report, Step.RETURN, lead, _RETURN_COMMENTS[0])
    elif index % 3 == 0:  # the others were taken into the lead's report without a review step of their own
        take_step(report, Step.APPROVE, lead)


def _place_in_time(round_: Round, opened: dt.datetime, closed: dt.datetime) -> None:
    """Move the round's timestamps to its own half-year: each report's steps a few hours apart, starting from a
    day before or after the due date chosen by its id (a few submitted late).

    Written with one `executemany` per table: Django's `bulk_update` builds a CASE over every row, which took
    more time than the whole workflow."""
    reports = list(round_.reports.prefetch_related("events").order_by("id"))
    event_rows: list[tuple[Any, int]] = []
    report_rows: list[tuple[Any, Any, Any, int]] = []
    adapt = connection.ops.adapt_datetimefield_value
    for r in reports:
        at = opened + dt.timedelta(days=18 + r.pk % 14)
        first_submit = last_submit = approved = None
        for event in sorted(r.events.all(), key=lambda e: e.pk):
            event_rows.append((adapt(at), event.pk))
            if event.step == Step.SUBMIT:
                first_submit, last_submit = first_submit or at, at
            elif event.step == Step.APPROVE:
                approved = at
            at += dt.timedelta(days=2 if event.step == Step.SUBMIT else 0, hours=2)
        report_rows.append((adapt(first_submit), adapt(last_submit), adapt(approved), r.pk))
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {ReportEvent._meta.db_table} SET at = %s WHERE id = %s", event_rows)
        cursor.executemany(f"UPDATE {Report._meta.db_table} SET first_submitted_at = %s, submitted_at = %s, "
                           "approved_at = %s WHERE id = %s", report_rows)
    Round.objects.filter(pk=round_.pk).update(opened_at=opened, closed_at=closed)


@transaction.atomic
def load_demo_supervision(plan: Plan, actor_label: str, today: dt.date | None = None) -> int:
    """Open, fill and close the demo's past round; the number of reports it asked for (0 when the round exists
    already or there is no demo office user)."""
    today = today or timezone.localdate()
    code, name, due_on = demo_round_period(today)
    office = get_user_model().objects.filter(username="office").first()
    if office is None or Round.objects.filter(plan=plan, code=code).exists():
        return 0
    # A round cannot be opened with a past due date; it is opened due today, then placed at its dates below.
    opened_due = timezone.localdate()
    round_ = open_round(plan, code=code, name=name, due_on=opened_due, user=office,
                        note="演示数据（示意）：各部门的报告为示例，非实际报送。")
    reports = list(round_.reports.select_related("task__lead", "department").order_by("task__number", "id"))
    reporters = {d.pk: _reporter(d) for d in {r.department for r in reports} | {r.task.lead for r in reports}}
    for index, report in enumerate(reports):
        author = reporters[report.department_id]
        if report.kind == ReportKind.CONSOLIDATED:
            _consolidated(report, office, author)
        else:
            _contribution(report, reporters[report.task.lead_id], author, index)
    zone = timezone.get_current_timezone()
    opened = dt.datetime.combine(due_on - dt.timedelta(days=30), dt.time(9), zone)
    closed = dt.datetime.combine(due_on + dt.timedelta(days=31), dt.time(17), zone)
    Round.objects.filter(pk=round_.pk).update(due_on=due_on)
    _place_in_time(round_, opened, closed)
    ChangeRecord.objects.create(
        actor=None, actor_label=actor_label, entity="round", entity_key=code, action=ChangeAction.UPDATED,
        before={"due_on": opened_due.isoformat(), "closed_at": None},
        after={"due_on": due_on.isoformat(), "closed_at": closed.isoformat()},
        reason="demo: the past round placed at its own dates and closed",
    )
    return len(reports)

