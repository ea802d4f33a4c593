"""Opening a round and moving reports through it (services), with the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Notice, Report, ReportEvent, Round
from carbonpeak.supervision.services import (
    SupervisionError,
    attach_evidence,
    inbox,
    open_round,
    save_report,
    take_step,
)
from carbonpeak.supervision.workflow import ReportKind, ReportStatus, Step
from tests.conftest import UserGetter

# Task 53: ☆区绿化市容局 (greening); co 区生态环境局, 区经委 (eco), 区农业农村委, 区市场监管局.
TASK = 53
PDF = b"%PDF-1.4\n" + b"x" * 100


def _open(plan: Plan, user: UserGetter, numbers: list[int] | None = None, code: str = "2025-q3") -> Round:
    return open_round(plan, code=code, name="2025年第三季度", due_on=timezone.localdate() + dt.timedelta(days=14),
                      user=user("office"), task_numbers=numbers)


def _report(round_: Round, code: str) -> Report:
    return Report.objects.get(round=round_, task__number=TASK, department__code=code)


def test_opening_asks_the_lead_to_consolidate_and_each_co_body_to_contribute(plan: Plan, user: UserGetter) -> None:
    round_ = _open(plan, user, [TASK])
    reports = Report.objects.filter(round=round_).order_by("kind", "department__code")
    leads = [(r.department.code, r.kind) for r in reports if r.kind == ReportKind.CONSOLIDATED]
    assert leads == [("greening", "consolidated")]
    assert len([r for r in reports if r.kind == ReportKind.CONTRIBUTION]) == 4
    assert all(r.status == ReportStatus.DRAFT for r in reports)
    assert ChangeRecord.objects.filter(entity="round", entity_key="2025-q3").count() == 1


def test_collectives_are_not_asked_as_a_whole(plan: Plan, user: UserGetter) -> None:
    # Task 9: ☆区发改委; co 区建管委, 区农业农村委, 各镇, 街道, 园区 (three collectives).
    round_ = _open(plan, user, [9])
    assert sorted(r.department.code for r in Report.objects.filter(round=round_)) == sorted(
        ["drc", "construction", "agri"])


def test_default_scope_is_every_task(plan: Plan, user: UserGetter) -> None:
    round_ = _open(plan, user)
    assert round_.tasks.count() == 80
    assert Report.objects.filter(round=round_, kind=ReportKind.CONSOLIDATED).count() == 80


@pytest.mark.parametrize(("field", "kwargs"), [
    ("code", {"code": "二〇二五"}),
    ("code", {"code": ""}),
    ("name", {"name": "  "}),
    ("due_on", {"due_on": dt.date(2020, 1, 1)}),
    ("tasks", {"task_numbers": [53, 81]}),
])
def test_bad_rounds_are_refused_and_nothing_is_stored(plan: Plan, user: UserGetter, field: str, kwargs: dict) -> None:
    values = {"code": "r1", "name": "第一轮", "due_on": timezone.localdate() + dt.timedelta(days=3),
              "user": user("office")} | kwargs
    with pytest.raises(SupervisionError) as caught:
        open_round(plan, **values)
    assert caught.value.field == field
    assert not Round.objects.exists() and not Report.objects.exists()


def test_a_code_is_used_once(plan: Plan, user: UserGetter) -> None:
    _open(plan, user, [TASK])
    with pytest.raises(SupervisionError, match="code"):
        _open(plan, user, [TASK])


def test_the_full_loop_contribution_return_resubmit_approve(plan: Plan, user: UserGetter) -> None:
    round_ = _open(plan, user, [TASK])
    eco, greening, office = user("eco"), user("greening"), user("office")
    contribution = _report(round_, "eco")
    assert contribution in inbox(eco)
    save_report(contribution, eco, progress="in_progress", narrative="完成2家企业节能诊断")
    take_step(contribution, Step.SUBMIT, eco)
    # The task's lead reviews contributions: it returns this one with a comment.
    take_step(contribution, Step.RETURN, greening, comment="请补充诊断报告")
    contribution.refresh_from_db()
    assert (contribution.status, contribution.times_returned) == (ReportStatus.RETURNED, 1)
    assert Notice.objects.get(report=contribution).department.code == "eco"
    save_report(contribution, eco, progress="in_progress", narrative="完成2家企业节能诊断，附报告")
    take_step(contribution, Step.SUBMIT, eco)
    take_step(contribution, Step.APPROVE, office)
    contribution.refresh_from_db()
    assert contribution.status == ReportStatus.APPROVED and contribution.approved_at is not None
    steps = list(ReportEvent.objects.filter(report=contribution).values_list("step", "from_status", "to_status"))
    assert steps == [
        ("save", "draft", "draft"), ("submit", "draft", "submitted"), ("return", "submitted", "returned"),
        ("save", "returned", "returned"), ("submit", "returned", "submitted"), ("approve", "submitted", "approved"),
    ]
    edit = ReportEvent.objects.filter(report=contribution, step="save").last()
    assert edit is not None and edit.before == {"narrative": "完成2家企业节能诊断"}


def test_the_lead_cannot_approve_its_own_consolidated_report(plan: Plan, user: UserGetter) -> None:
    round_ = _open(plan, user, [TASK])
    report = _report(round_, "greening")
    save_report(report, user("greening"), progress="on_schedule", narrative="按计划推进")
    take_step(report, Step.SUBMIT, user("greening"))
    for name in ("greening", "eco", "leader"):
        with pytest.raises(SupervisionError):
            take_step(report, Step.APPROVE, user(name))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_department_cannot_write_another_departments_report(plan: Plan, user: UserGetter) -> None:
    round_ = _open(plan, user, [TASK])
    with pytest.raises(SupervisionError):
        save_report(_report(round_, "greening"), user("eco"), progress="completed", narrative="x")
    assert _report(round_, "greening").narrative == ""


def test_submitting_needs_progress_and_narrative(plan: Plan, user: UserGetter) -> None:
    round_ = _open(plan, user, [TASK])
    report = _report(round_, "eco")
    with pytest.raises(SupervisionError) as caught:
        take_step(report, Step.SUBMIT, user("eco"))
    assert caught.value.field == "progress"
    save_report(report, user("eco"), progress="in_progress", narrative="")
    with pytest.raises(SupervisionError) as caught:
        take_step(report, Step.SUBMIT, user("eco"))
    assert caught.value.field == "narrative"
    assert _report(round_, "eco").status == ReportStatus.DRAFT


def test_out_of_order_steps_are_refused(plan: Plan, user: UserGetter) -> None:
    round_ = _open(plan, user, [TASK])
    report = _report(round_, "eco")
    with pytest.raises(SupervisionError) as caught:
        take_step(report, Step.APPROVE, user("office"))
    assert caught.value.field == "status"
    with pytest.raises(SupervisionError) as caught:
        take_step(report, Step.RETURN, user("office"), comment="x")
    assert caught.value.field == "status"


def test_unknown_progress_is_refused(plan: Plan, user: UserGetter) -> None:
    round_ = _open(plan, user, [TASK])
    with pytest.raises(SupervisionError) as caught:
        save_report(_report(round_, "eco"), user("eco"), progress="done-ish", narrative="x")
    assert caught.value.field == "progress"


def test_evidence_is_checked_and_stored_by_hash(plan: Plan, user: UserGetter, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    round_ = _open(plan, user, [TASK])
    report = _report(round_, "eco")
    evidence = attach_evidence(report, user("eco"), name="诊断报告.pdf", data=PDF)
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)
    assert evidence.file.name.startswith("evidence/") and "诊断" not in evidence.file.name
    with pytest.raises(SupervisionError, match="content"):
        attach_evidence(report, user("eco"), name="virus.pdf", data=b"MZ\x90\x00" + b"x" * 50)
    with pytest.raises(SupervisionError, match="type"):
        attach_evidence(report, user("eco"), name="run.exe", data=b"MZ\x90\x00")
    with pytest.raises(SupervisionError):
        attach_evidence(report, user("greening"), name="a.pdf", data=PDF)
    assert report.evidence.count() == 1


def test_quantitative_contributions_are_kept_in_the_indicators_unit(plan: Plan, user: UserGetter) -> None:
    from carbonpeak.supervision.models import ReportQuantity
    from carbonpeak.supervision.services import set_quantity

    round_ = _open(plan, user, [TASK])
    report = _report(round_, "eco")
    set_quantity(report, user("eco"), indicator_code="household_waste_resource_recovery_rate", value="0.35",
                 unit="ratio", note="区内回收站点统计")
    stored = ReportQuantity.objects.get(report=report)
    assert (stored.value, stored.unit, stored.value_in_indicator_unit) == (0.35, "ratio", pytest.approx(35.0))
    set_quantity(report, user("eco"), indicator_code="household_waste_resource_recovery_rate", value="36",
                 unit="percent")
    assert ReportQuantity.objects.get(report=report).value_in_indicator_unit == 36.0


@pytest.mark.parametrize(("field", "indicator", "value", "unit"), [
    ("indicator", "forest_cover_rate", "1", "percent"),  # not linked to task 53
    ("value", "household_waste_resource_recovery_rate", "abc", "percent"),
    ("value", "household_waste_resource_recovery_rate", "nan", "percent"),
    ("unit", "household_waste_resource_recovery_rate", "1", "MW"),
    ("unit", "household_waste_resource_recovery_rate", "1", "furlong"),
])
def test_bad_quantities_are_refused(plan: Plan, user: UserGetter, field: str, indicator: str, value: str,
                                    unit: str) -> None:
    from carbonpeak.supervision.models import ReportQuantity
    from carbonpeak.supervision.services import set_quantity

    round_ = _open(plan, user, [TASK])
    with pytest.raises(SupervisionError) as caught:
        set_quantity(_report(round_, "eco"), user("eco"), indicator_code=indicator, value=value, unit=unit)
    assert caught.value.field == field
    assert not ReportQuantity.objects.exists()


def test_only_the_author_states_quantities(plan: Plan, user: UserGetter) -> None:
    from carbonpeak.supervision.services import set_quantity

    round_ = _open(plan, user, [TASK])
    with pytest.raises(SupervisionError):
        set_quantity(_report(round_, "eco"), user("greening"), indicator_code="household_waste_resource_recovery_rate",
                     value="1", unit="percent")


def test_assessment_api_is_for_office_and_leaders(plan: Plan, user: UserGetter, client_as) -> None:  # type: ignore[no-untyped-def]
    from carbonpeak.supervision.models import Round as RoundModel

    round_ = _open(plan, user, [TASK])
    save_report(_report(round_, "greening"), user("greening"), progress="behind", narrative="延期")
    take_step(_report(round_, "greening"), Step.SUBMIT, user("greening"))
    year = timezone.localdate().year
    RoundModel.objects.filter(pk=round_.pk).update(due_on=dt.date(year, 1, 1))
    Report.objects.filter(round=round_).update(first_submitted_at=None)
    Report.objects.filter(round=round_, department__code="greening").update(
        first_submitted_at=timezone.make_aware(dt.datetime(year - 1, 12, 30, 9)))
    if timezone.localdate() <= dt.date(year, 1, 1):
        pytest.skip("the round must lie in the past within this year")
    data = client_as("leader").get(f"/api/v1/supervision/assessment/{year}").json()
    greening = next(r for r in data["ranking"] if r["department"] == "greening")
    # greening: 1 report due, on time; 1 task led, behind → timeliness 1, quality 1, completion 0.
    assert greening["components"]["timeliness"] == 1.0 and greening["components"]["completion"] == 0.0
    assert any(n["department"] == "eco" for n in data["notices"])  # eco never submitted
    assert client_as("eco").get(f"/api/v1/supervision/assessment/{year}").status_code == 403
