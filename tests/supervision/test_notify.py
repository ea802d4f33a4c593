"""The reminder job with the database (notify.run): reminders, overdue notices and the 2025
deadline warnings, each stored once, shown in-app and e-mailed once; and the CLI that runs it.

The round covers task 53 (5 reports due: ☆greening consolidated; env, eco, agri, market
contributions) and is due on D = today + 10; the job is then run "on" later days.
Every run dated after 2025-12-31 also warns, once, about each 2025 task not completed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from carbonpeak.cli import main
from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Notice, NoticeKind, Round
from carbonpeak.supervision.notify import run
from carbonpeak.supervision.services import save_report, take_step
from carbonpeak.supervision.workflow import Step
from tests.conftest import ClientFactory, UserGetter
from tests.people.plan_facts import plan_data
from tests.supervision.round_support import TASK, TASK_53_DEPARTMENTS, in_days, open_test_round, report_of, submit

D = 10  # the round is due in 10 days


def day(offset: int) -> dt.date:
    return in_days(D + offset)


@pytest.fixture
def round_(plan: Plan, user: UserGetter) -> Round:
    return open_test_round(plan, user, due_on=in_days(D))


def keys(kind: NoticeKind) -> set[str]:
    return set(Notice.objects.filter(kind=kind).values_list("key", flat=True))


def departments_with(suffix: str) -> set[str]:
    return {k.split(":")[2] for k in Notice.objects.filter(key__endswith=suffix).values_list("key", flat=True)}


def by_2025_leads() -> dict[int, str]:
    """Task number → code of its (first) lead, for the tasks due "2025年", from the plan file."""
    codes = {}
    for d in plan_data()["departments"]:
        for name in [d["name"], *(d.get("aliases") or [])]:
            codes[name] = d["code"]
    return {t["number"]: codes[t["lead"][0]] for t in plan_data()["tasks"] if t.get("time_node") == "by_2025"}


# --- reminders and overdue notices --------------------------------------------------------

def test_each_reminder_and_the_overdue_notice_are_stored_once(plan: Plan, round_: Round) -> None:
    expected_departments = TASK_53_DEPARTMENTS
    assert run(plan, day(-8)).reminders == 0
    first = run(plan, day(-7))
    assert (first.reminders, first.overdue) == (5, 0)
    assert keys(NoticeKind.REMINDER) == {
        f"t-q4:{TASK}:greening:consolidated:reminder:7",
        *(f"t-q4:{TASK}:{d}:contribution:reminder:7" for d in expected_departments - {"greening"}),
    }
    again = run(plan, day(-7))
    assert (again.reminders, again.overdue, again.deadline) == (0, 0, 0)
    assert run(plan, day(-6)).reminders == 0
    assert run(plan, day(-1)).reminders == 5
    assert run(plan, day(-1)).reminders == 0
    assert run(plan, day(0)).reminders == 0
    overdue = run(plan, day(1))
    assert (overdue.reminders, overdue.overdue) == (0, 5)
    assert (run(plan, day(1)).overdue, run(plan, day(5)).overdue) == (0, 0)

    assert departments_with(":reminder:7") == departments_with(":reminder:1") == expected_departments
    assert departments_with(":overdue") == expected_departments
    assert Notice.objects.filter(kind=NoticeKind.REMINDER).count() == 10
    assert Notice.objects.filter(kind=NoticeKind.OVERDUE).count() == 5
    assert not Notice.objects.filter(shown=False).exists()
    eco = Notice.objects.get(key=f"t-q4:{TASK}:eco:contribution:reminder:7")
    assert eco.department.code == "eco" and eco.report == report_of(round_, "eco")
    assert "将于 7 天后截止" in eco.text and "测试第四季度" in eco.text
    assert "已逾期 1 天" in Notice.objects.get(key=f"t-q4:{TASK}:eco:contribution:overdue").text


def test_submitted_reports_get_nothing(plan: Plan, round_: Round, user: UserGetter) -> None:
    submit(report_of(round_, "eco"), user("eco"))
    submit(report_of(round_, "greening"), user("greening"), progress="on_schedule")
    for offset in (-7, -1, 1, 2):
        run(plan, day(offset))
    outstanding = {"env", "agri", "market"}
    assert departments_with(":reminder:7") == departments_with(":reminder:1") == departments_with(":overdue") == (
        outstanding)
    assert not Notice.objects.filter(report__in=[report_of(round_, "eco"), report_of(round_, "greening")]).exists()


def test_a_returned_report_is_outstanding_again(plan: Plan, round_: Round, user: UserGetter) -> None:
    report = report_of(round_, "eco")
    submit(report, user("eco"))
    run(plan, day(-7))
    assert "eco" not in departments_with(":reminder:7")
    take_step(report, Step.RETURN, user("greening"), comment="请补充")
    assert Notice.objects.filter(report=report, kind=NoticeKind.RETURNED).count() == 1
    run(plan, day(-1))
    assert "eco" in departments_with(":reminder:1")
    run(plan, day(1))
    assert "eco" in departments_with(":overdue")
    assert Notice.objects.filter(report=report, kind=NoticeKind.OVERDUE).count() == 1


def test_a_resubmitted_report_gets_nothing_more(plan: Plan, round_: Round, user: UserGetter) -> None:
    report = report_of(round_, "eco")
    submit(report, user("eco"))
    take_step(report, Step.RETURN, user("greening"), comment="请补充")
    submit(report, user("eco"), narrative="已补充")
    for offset in (-7, -1, 1):
        run(plan, day(offset))
    assert not Notice.objects.filter(report=report).exclude(kind=NoticeKind.RETURNED).exists()


def test_a_late_first_run_sends_only_the_tightest_reminder(
        plan: Plan, round_: Round, client_as: ClientFactory) -> None:
    summary = run(plan, day(-1))
    assert summary.reminders == 5
    hidden = Notice.objects.filter(shown=False)
    assert {n.key.rsplit(":", 1)[1] for n in hidden} == {"7"} and hidden.count() == 5
    assert departments_with(":reminder:1") == TASK_53_DEPARTMENTS
    assert run(plan, day(-1)).reminders == 0 and Notice.objects.filter(kind=NoticeKind.REMINDER).count() == 10
    html = client_as("eco").get("/supervision/").content.decode()
    assert "将于 1 天后截止" in html and "superseded" not in html


def test_a_closed_round_is_not_chased(plan: Plan, round_: Round) -> None:
    Round.objects.filter(pk=round_.pk).update(closed_at=timezone.now())
    for offset in (-7, -1, 1):
        summary = run(plan, day(offset))
        assert (summary.reminders, summary.overdue) == (0, 0)


# --- e-mail -------------------------------------------------------------------------------

def test_each_notice_to_eco_is_emailed_exactly_once(plan: Plan, round_: Round, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    get_user_model().objects.filter(username="eco").update(email="eco@example.org")
    emailed = 0
    for offset in (-7, -7, -1, -1, 1, 1, 3):
        emailed += run(plan, day(offset)).emailed
    notices = list(Notice.objects.filter(department__code="eco"))
    # the 7-day and 1-day reminders, the overdue notice (task 53) and the warning on task 26
    # (☆eco, due 2025年, deadline passed)
    assert sorted(n.kind for n in notices) == ["deadline", "overdue", "reminder", "reminder"]
    assert all(n.emailed_at is not None for n in notices)
    assert emailed == len(mail.outbox) == len(notices)  # nobody else has an address
    assert all(m.to == ["eco@example.org"] for m in mail.outbox)
    assert sorted(m.body for m in mail.outbox) == sorted(n.text for n in notices)
    assert all(m.subject == f"[CarbonPeak] {n.text[:60]}" for m, n in
               zip(sorted(mail.outbox, key=lambda m: m.body), sorted(notices, key=lambda n: n.text), strict=True))


def test_a_superseded_reminder_is_not_emailed(plan: Plan, round_: Round, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    get_user_model().objects.filter(username="eco").update(email="eco@example.org")
    run(plan, day(-1))
    skipped = Notice.objects.get(key=f"t-q4:{TASK}:eco:contribution:reminder:7")
    assert not skipped.shown and skipped.emailed_at is None
    assert len(mail.outbox) == Notice.objects.filter(department__code="eco", shown=True).count() == 2


def test_no_address_no_mail(plan: Plan, round_: Round, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    assert run(plan, day(-7)).emailed == 0
    assert mail.outbox == []
    assert not Notice.objects.filter(emailed_at__isnull=False).exists()


# --- the 2025 deadline --------------------------------------------------------------------

def test_each_2025_task_warns_its_lead_once(plan: Plan) -> None:
    expected = by_2025_leads()
    assert len(expected) == 11
    assert run(plan, dt.date(2025, 11, 1)).deadline == 11
    warnings = Notice.objects.filter(kind=NoticeKind.DEADLINE)
    assert {(int(n.key.split(":")[2]), n.department.code) for n in warnings} == set(expected.items())
    assert all(n.key.endswith(":near") and "距截止还有 60 天" in n.text for n in warnings)
    assert run(plan, dt.date(2025, 11, 1)).deadline == 0
    assert run(plan, dt.date(2025, 12, 20)).deadline == 0
    assert warnings.count() == 11
    # once more when the deadline has passed, then never again
    assert run(plan, dt.date(2026, 1, 2)).deadline == 11
    assert run(plan, dt.date(2026, 3, 1)).deadline == 0
    assert Notice.objects.filter(kind=NoticeKind.DEADLINE, key__endswith=":passed").count() == 11


def test_no_warning_before_the_horizon(plan: Plan) -> None:
    assert run(plan, dt.date(2025, 10, 1)).deadline == 0  # 91 days left
    assert run(plan, dt.date(2025, 10, 2)).deadline == 11  # 90 days left


def test_a_task_reported_completed_is_not_warned(plan: Plan, user: UserGetter) -> None:
    round_ = open_test_round(plan, user, due_on=in_days(D))
    submit(report_of(round_, "greening"), user("greening"), progress="completed", narrative="已全部完成")
    assert run(plan, dt.date(2025, 11, 1)).deadline == 10
    assert not Notice.objects.filter(kind=NoticeKind.DEADLINE, key__contains=f":{TASK}:").exists()


def test_an_unsubmitted_draft_saying_completed_does_not_silence_the_warning(plan: Plan, user: UserGetter) -> None:
    round_ = open_test_round(plan, user, due_on=in_days(D))
    save_report(report_of(round_, "greening"), user("greening"), progress="completed", narrative="草稿")
    assert run(plan, dt.date(2025, 11, 1)).deadline == 11
    assert Notice.objects.filter(kind=NoticeKind.DEADLINE, key__contains=f":{TASK}:").count() == 1


# --- CLI ----------------------------------------------------------------------------------

def test_cli_remind_runs_the_job_once_per_day(round_: Round, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["supervision", "remind", "--today", day(-7).isoformat()]) == 0
    assert capsys.readouterr().out.strip() == (
        "提醒 reminders 5 · 逾期 overdue 0 · 2025节点 deadline 11 · 邮件 e-mailed 0")
    assert main(["supervision", "remind", "--today", day(-7).isoformat()]) == 0
    assert capsys.readouterr().out.strip() == (
        "提醒 reminders 0 · 逾期 overdue 0 · 2025节点 deadline 0 · 邮件 e-mailed 0")
    assert main(["supervision", "remind", "--today", day(2).isoformat()]) == 0
    assert "逾期 overdue 5" in capsys.readouterr().out
    assert len(keys(NoticeKind.REMINDER)) == 5 and len(keys(NoticeKind.OVERDUE)) == 5
