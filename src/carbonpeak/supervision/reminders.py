"""Which reminders and overdue notices to send today, each exactly once; and the 2025 deadline warnings.

Pure module (no Django). The scheduler runs once a day (or more often, or misses days); this
module only decides. Every notice has a deterministic key

    <round>:<task>:<department>:<kind>:reminder:<days>     e.g. 2025Q3:12:eco:consolidated:reminder:7
    <round>:<task>:<department>:<kind>:overdue

and the caller stores the keys it sent in a unique column and feeds them back as
`already_sent`: a notice whose key is stored is never produced again, and a second process
that races to store the same key fails on the constraint instead of sending twice.

Reminders: with thresholds (7, 1), the 7-day reminder is due from 7 days before the due date,
the 1-day one from 1 day before. When several are due at once (the obligation appeared late,
or the scheduler was down) only the tightest is sent; the looser ones are superseded and
returned in `skip_keys` for the caller to store too. A looser reminder is also never sent
once a tighter one has been, so forgetting to store the skips cannot produce a stale
"7 days left" the day after "due tomorrow". The overdue notice is sent the first day after
the due date. A submitted obligation gets nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from carbonpeak.plan.vocabulary import TimeNode
from carbonpeak.supervision.workflow import TaskProgress

DEADLINE_2025 = date(2025, 12, 31)  # the plan's time node "2025年": by the end of 2025


class ReminderError(ValueError):
    """Bad scheduling input; `field` names it, `reason` says why (zh / en)."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class NoticeKind(StrEnum):
    REMINDER = "reminder"  # 催报提醒: before the due date
    OVERDUE = "overdue"  # 逾期通知: after it


@dataclass(frozen=True)
class Obligation:
    """One report a department owes in a round: a contribution or the consolidated report of a task."""

    round_code: str
    task_number: int
    department_code: str
    kind: str  # the report kind (workflow.ReportKind value)
    due: date
    submitted_on: date | None = None

    def __post_init__(self) -> None:
        # The key is the parts joined by ':'; a ':' inside a part could make two obligations
        # share a key, and then one of them would never be reminded.
        for name in ("round_code", "department_code", "kind"):
            value = getattr(self, name)
            if not value or ":" in value:
                raise ReminderError(name, f"不能为空且不能含冒号 / must be non-empty and contain no ':': {value!r}")
        if isinstance(self.task_number, bool) or not isinstance(self.task_number, int) or self.task_number < 1:
            raise ReminderError("task_number", f"须为正整数 / must be a positive integer: {self.task_number!r}")

    @property
    def key_prefix(self) -> str:
        return f"{self.round_code}:{self.task_number}:{self.department_code}:{self.kind}"

    def outstanding_on(self, today: date) -> bool:
        """Not submitted as of `today` (a submission dated later has not happened yet)."""
        return self.submitted_on is None or self.submitted_on > today


def reminder_key(obligation: Obligation, days_before: int) -> str:
    return f"{obligation.key_prefix}:{NoticeKind.REMINDER}:{days_before}"


def overdue_key(obligation: Obligation) -> str:
    return f"{obligation.key_prefix}:{NoticeKind.OVERDUE}"


@dataclass(frozen=True)
class Policy:
    """How many days before the due date reminders go out (0 = on the due date itself)."""

    days_before: tuple[int, ...] = (7, 1)

    def __post_init__(self) -> None:
        for d in self.days_before:
            if isinstance(d, bool) or not isinstance(d, int) or d < 0:
                raise ReminderError("days_before", f"须为非负整数 / must be non-negative integers: {d!r}")
        if len(set(self.days_before)) != len(self.days_before):
            raise ReminderError("days_before", f"不能重复 / must not repeat: {self.days_before}")


@dataclass(frozen=True)
class Notice:
    key: str
    kind: NoticeKind
    obligation: Obligation
    days: int  # reminder: days left until the due date; overdue: days past it
    threshold: int | None = None  # the reminder threshold (days_before) it answers; None for overdue


@dataclass(frozen=True)
class NoticePlan:
    send: list[Notice] = field(default_factory=list)
    skip_keys: set[str] = field(default_factory=set)  # superseded reminders: store them as if sent


def notices_due(
    obligations: Iterable[Obligation], today: date, policy: Policy, already_sent: set[str]
) -> NoticePlan:
    """What to send today and which reminders to mark skipped, in the order of `obligations`."""
    plan = NoticePlan()
    produced: set[str] = set()  # the same obligation listed twice still yields one notice
    for ob in obligations:
        if not ob.outstanding_on(today):
            continue
        days_left = (ob.due - today).days
        if days_left < 0:
            key = overdue_key(ob)
            if key not in already_sent and key not in produced:
                produced.add(key)
                plan.send.append(Notice(key, NoticeKind.OVERDUE, ob, -days_left))
            continue
        open_thresholds = sorted(d for d in policy.days_before if days_left <= d)
        if not open_thresholds:
            continue
        tightest, looser = open_thresholds[0], open_thresholds[1:]
        key = reminder_key(ob, tightest)
        if key not in already_sent and key not in produced:
            produced.add(key)
            plan.send.append(Notice(key, NoticeKind.REMINDER, ob, days_left, tightest))
        for d in looser:
            skipped = reminder_key(ob, d)
            if skipped not in already_sent:
                plan.skip_keys.add(skipped)
    return plan


# --- the plan's 2025 time node -----------------------------------------------------------


@dataclass(frozen=True)
class TaskState:
    """A task as far as deadline warnings care: its time node and what its latest report says."""

    number: int
    time_node: TimeNode
    latest_progress: TaskProgress | None = None  # None: never reported


@dataclass(frozen=True)
class DeadlineWarning:
    task: TaskState
    days_left: int  # negative once the deadline has passed


def deadline_warnings(
    tasks: Iterable[TaskState], today: date, horizon_days: int = 90, deadline: date = DEADLINE_2025
) -> list[DeadlineWarning]:
    """Tasks due "2025年" not yet completed, once the deadline is within `horizon_days` or past.

    "Going as planned" (on_schedule) does not spare a task: a 2025 task must be completed by
    the deadline, and saying it is on schedule in November is exactly what the office must
    look at. Ongoing (持续推进) tasks have no deadline and never warn. Sorted by task number.
    """
    if isinstance(horizon_days, bool) or not isinstance(horizon_days, int) or horizon_days < 0:
        raise ReminderError("horizon_days", f"须为非负整数 / must be a non-negative integer: {horizon_days!r}")
    days_left = (deadline - today).days
    if days_left > horizon_days:
        return []
    return [
        DeadlineWarning(task, days_left)
        for task in sorted(tasks, key=lambda t: t.number)
        if task.time_node == TimeNode.BY_2025 and task.latest_progress != TaskProgress.COMPLETED
    ]
