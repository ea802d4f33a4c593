"""Reminders and overdue notices, walked day by day as the scheduler would run them, and the
warnings for the plan's 2025 tasks. Expected days are counted by hand from the due date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from carbonpeak.plan.vocabulary import TimeNode
from carbonpeak.supervision.reminders import (
    DEADLINE_2025,
    NoticeKind,
    Obligation,
    Policy,
    ReminderError,
    TaskState,
    deadline_warnings,
    notices_due,
)
from carbonpeak.supervision.workflow import TaskProgress

DUE = date(2025, 9, 30)  # 2025年第三季度 round
POLICY = Policy()  # 7 and 1 days before


def obligation(submitted_on: date | None = None, task: int = 12, department: str = "eco") -> Obligation:
    return Obligation("2025Q3", task, department, "consolidated", DUE, submitted_on)


def walk(
    obligations: list[Obligation],
    first: int = -10,
    last: int = 3,
    policy: Policy = POLICY,
    store_skips: bool = True,
    submit_on: dict[int, Obligation] | None = None,
) -> list[tuple[int, str, int]]:
    """Run the scheduler once a day from DUE+first to DUE+last, storing what it sends (and skips).

    Returns (day relative to DUE, key, notice days) for every notice sent.
    """
    sent: set[str] = set()
    log: list[tuple[int, str, int]] = []
    current = list(obligations)
    for offset in range(first, last + 1):
        if submit_on and offset in submit_on:
            current = [submit_on[offset]]
        plan = notices_due(current, DUE + timedelta(days=offset), policy, set(sent))
        for notice in plan.send:
            log.append((offset, notice.key, notice.days))
            sent.add(notice.key)
        if store_skips:
            sent |= plan.skip_keys
    return log


def test_a_report_never_submitted_gets_each_notice_once_on_its_day() -> None:
    assert walk([obligation()]) == [
        (-7, "2025Q3:12:eco:consolidated:reminder:7", 7),
        (-1, "2025Q3:12:eco:consolidated:reminder:1", 1),
        (1, "2025Q3:12:eco:consolidated:overdue", 1),
    ]


def test_running_twice_a_day_changes_nothing() -> None:
    sent: set[str] = set()
    log = []
    for offset in range(-10, 4):
        for _ in range(2):
            plan = notices_due([obligation()], DUE + timedelta(days=offset), POLICY, set(sent))
            log += [(offset, n.kind) for n in plan.send]
            sent |= {n.key for n in plan.send} | plan.skip_keys
    assert log == [(-7, NoticeKind.REMINDER), (-1, NoticeKind.REMINDER), (1, NoticeKind.OVERDUE)]


def test_submitted_on_time_stops_the_reminders() -> None:
    # submitted 3 days before the due date: the 7-day reminder went out, nothing after
    log = walk([obligation(submitted_on=DUE - timedelta(days=3))])
    assert log == [(-7, "2025Q3:12:eco:consolidated:reminder:7", 7)]


def test_submitted_late_gets_the_overdue_notice_once_and_then_nothing() -> None:
    # submitted 2 days after the due date; the submission date is known from the start, and a
    # submission dated after "today" has not happened yet
    log = walk([obligation(submitted_on=DUE + timedelta(days=2))])
    assert log == [
        (-7, "2025Q3:12:eco:consolidated:reminder:7", 7),
        (-1, "2025Q3:12:eco:consolidated:reminder:1", 1),
        (1, "2025Q3:12:eco:consolidated:overdue", 1),
    ]


def test_submitted_late_as_the_caller_sees_it_day_by_day() -> None:
    # the caller learns of the submission on day +3: overdue on +1 only, not repeated on +2
    log = walk([obligation()], submit_on={3: obligation(submitted_on=DUE + timedelta(days=3))}, last=6)
    assert [(day, key.rsplit(":", 1)[-1]) for day, key, _ in log] == [(-7, "7"), (-1, "1"), (1, "overdue")]


def test_a_scheduler_down_for_days_sends_one_overdue_notice_with_the_days_late() -> None:
    log = walk([obligation()], first=4, last=8)
    assert log == [(4, "2025Q3:12:eco:consolidated:overdue", 4)]


def test_only_the_tightest_reminder_is_sent_and_the_looser_one_is_skipped() -> None:
    # the obligation appears the day before the due date: both 7 and 1 are pending
    plan = notices_due([obligation()], DUE - timedelta(days=1), POLICY, set())
    assert [(n.key, n.kind, n.days, n.threshold) for n in plan.send] == [
        ("2025Q3:12:eco:consolidated:reminder:1", NoticeKind.REMINDER, 1, 1)
    ]
    assert plan.skip_keys == {"2025Q3:12:eco:consolidated:reminder:7"}
    # stored skips are not reported again
    again = notices_due([obligation()], DUE, POLICY, {"2025Q3:12:eco:consolidated:reminder:1"} | plan.skip_keys)
    assert again.send == [] and again.skip_keys == set()


def test_a_looser_reminder_never_follows_a_tighter_one_even_if_skips_are_not_stored() -> None:
    log = walk([obligation()], first=-1, last=2, store_skips=False)
    assert log == [(-1, "2025Q3:12:eco:consolidated:reminder:1", 1), (1, "2025Q3:12:eco:consolidated:overdue", 1)]


def test_an_obligation_seen_five_days_before_gets_the_7_day_reminder_with_5_days_left() -> None:
    log = walk([obligation()], first=-5, last=0)
    assert log == [(-5, "2025Q3:12:eco:consolidated:reminder:7", 5), (-1, "2025Q3:12:eco:consolidated:reminder:1", 1)]


def test_a_threshold_of_zero_reminds_on_the_due_date() -> None:
    log = walk([obligation()], policy=Policy((3, 0)))
    assert [(day, days) for day, _, days in log] == [(-3, 3), (0, 0), (1, 1)]
    assert [key.removeprefix("2025Q3:12:eco:consolidated:") for _, key, _ in log] == [
        "reminder:3",
        "reminder:0",
        "overdue",
    ]


def test_no_thresholds_means_only_the_overdue_notice() -> None:
    assert [day for day, _, _ in walk([obligation()], policy=Policy(()))] == [1]


def test_obligations_are_independent_and_keys_differ() -> None:
    lead = obligation()
    co = Obligation("2025Q3", 12, "env", "contribution", DUE)
    log = walk([lead, co], first=-7, last=-7)
    assert [key for _, key, _ in log] == [
        "2025Q3:12:eco:consolidated:reminder:7",
        "2025Q3:12:env:contribution:reminder:7",
    ]


def test_the_same_obligation_listed_twice_yields_one_notice() -> None:
    plan = notices_due([obligation(), obligation()], DUE + timedelta(days=1), POLICY, set())
    assert [n.key for n in plan.send] == ["2025Q3:12:eco:consolidated:overdue"]
    plan = notices_due([obligation(), obligation()], DUE - timedelta(days=7), POLICY, set())
    assert [n.key for n in plan.send] == ["2025Q3:12:eco:consolidated:reminder:7"]


def test_nothing_eight_days_before() -> None:
    plan = notices_due([obligation()], DUE - timedelta(days=8), POLICY, set())
    assert plan.send == [] and plan.skip_keys == set()


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"round_code": "2025:Q3"}, "round_code"),
        ({"department_code": ""}, "department_code"),
        ({"kind": "a:b"}, "kind"),
        ({"task_number": 0}, "task_number"),
    ],
)
def test_parts_that_could_make_keys_collide_are_refused(fields: dict[str, object], bad: str) -> None:
    base: dict[str, object] = {"round_code": "2025Q3", "task_number": 1, "department_code": "eco",
                               "kind": "contribution", "due": DUE}
    with pytest.raises(ReminderError) as caught:
        Obligation(**{**base, **fields})  # type: ignore[arg-type]
    assert caught.value.field == bad
    assert "/ " in caught.value.reason


@pytest.mark.parametrize("days", [(7, -1), (7, 7), (True,)])
def test_bad_policies_are_refused(days: tuple[int, ...]) -> None:
    with pytest.raises(ReminderError) as caught:
        Policy(days)
    assert caught.value.field == "days_before"


# --- the plan's 2025 tasks ---------------------------------------------------------------

TASKS = [
    TaskState(30, TimeNode.BY_2025, TaskProgress.COMPLETED),
    TaskState(12, TimeNode.BY_2025, TaskProgress.IN_PROGRESS),
    TaskState(5, TimeNode.ONGOING, TaskProgress.BEHIND),  # 持续推进: no deadline
    TaskState(44, TimeNode.BY_2025, None),  # never reported
    TaskState(20, TimeNode.BY_2025, TaskProgress.ON_SCHEDULE),
    TaskState(21, TimeNode.BY_2025, TaskProgress.BEHIND),
]


def test_no_warning_before_the_horizon() -> None:
    # 2025-10-01 → 2025-12-31 is 30 + 30 + 31 = 91 days, one more than the 90-day horizon
    assert date(2025, 12, 31) == DEADLINE_2025
    assert deadline_warnings(TASKS, date(2025, 10, 1)) == []


def test_warnings_from_the_horizon_on_for_every_unfinished_2025_task() -> None:
    # 2025-10-02 → 2025-12-31: 29 + 30 + 31 = 90 days
    warnings = deadline_warnings(TASKS, date(2025, 10, 2))
    assert [(w.task.number, w.days_left) for w in warnings] == [(12, 90), (20, 90), (21, 90), (44, 90)]


def test_warnings_after_the_deadline_count_negative_days() -> None:
    warnings = deadline_warnings(TASKS, date(2026, 1, 5))
    assert {w.days_left for w in warnings} == {-5}
    assert [w.task.number for w in warnings] == [12, 20, 21, 44]


def test_on_the_deadline_itself_zero_days_left() -> None:
    assert {w.days_left for w in deadline_warnings(TASKS, DEADLINE_2025)} == {0}


def test_horizon_and_deadline_are_parameters() -> None:
    # 2025-06-30 → 2025-07-31 is 31 days: inside a 31-day horizon, outside a 30-day one
    assert deadline_warnings(TASKS, date(2025, 6, 30), horizon_days=30, deadline=date(2025, 7, 31)) == []
    warnings = deadline_warnings(TASKS, date(2025, 6, 30), horizon_days=31, deadline=date(2025, 7, 31))
    assert [(w.task.number, w.days_left) for w in warnings] == [(12, 31), (20, 31), (21, 31), (44, 31)]


def test_a_negative_horizon_is_refused() -> None:
    with pytest.raises(ReminderError) as caught:
        deadline_warnings(TASKS, date(2025, 10, 2), horizon_days=-1)
    assert caught.value.field == "horizon_days"
