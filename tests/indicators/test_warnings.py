"""预警 with the database: raise_warnings opens, escalates and closes warnings, notifies the lead
departments in-app and by e-mail once per level; respond() records a warned department's answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main
from carbonpeak.indicators.evaluation import evaluate_plan, status_as_dict
from carbonpeak.indicators.models import EarlyWarning, WarningResponse
from carbonpeak.indicators.services import import_records
from carbonpeak.indicators.warnings import WarningError, WarnSummary, lead_departments, raise_warnings, respond
from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Notice, NoticeKind
from tests.conftest import UserGetter
from tests.indicators.conftest import (
    AS_OF,
    FOREST,
    SAVING,
    SAVING_AT_RISK,
    SAVING_OFF_TRACK,
    SAVING_RECOVERED,
    store,
)

LEVEL = {"at_risk": "orange", "off_track": "red"}


def warn(plan: Plan, as_of: dt.date = AS_OF) -> WarnSummary:
    return raise_warnings(plan, as_of, actor_label="tests")


def open_warning(code: str) -> EarlyWarning:
    return EarlyWarning.objects.get(indicator__code=code, closed_at__isnull=True)


def notices(department: str | None = None) -> list[Notice]:
    found = Notice.objects.filter(kind=NoticeKind.INDICATOR_WARNING).order_by("id")
    return list(found.filter(department__code=department) if department else found)


@pytest.fixture
def eco_mail(user: UserGetter) -> str:
    eco = user("eco")
    eco.email = "eco@jinshan.example"  # type: ignore[attr-defined]
    eco.save()
    return "eco@jinshan.example"


# --- opening ---------------------------------------------------------------------------------


def test_a_warning_is_opened_for_every_indicator_at_risk_or_off_track(warned: WarnSummary, demo: Plan) -> None:
    behind = {s.indicator.code: s for s in evaluate_plan(demo, AS_OF) if s.progress.status in LEVEL}
    assert len(behind) >= 4
    opened = {w.indicator.code: w for w in EarlyWarning.objects.filter(closed_at__isnull=True)}
    assert set(opened) == set(behind)
    assert warned.opened == len(behind) and warned.closed == warned.escalated == 0
    for code, w in opened.items():
        s = behind[code]
        assert (w.level, w.status) == (LEVEL[s.progress.status], s.progress.status), code
        assert s.progress.latest is not None
        assert (w.period, w.latest_value) == (s.progress.latest.label, s.progress.latest.value)
        assert w.as_of == AS_OF
        assert set(w.departments.all()) == set(lead_departments(w.indicator)), code
    assert opened[SAVING].level == "orange"
    assert [d.code for d in opened[SAVING].departments.all()] == ["eco"]
    # One notice per warned department; a warning without a linked task has nobody to notify.
    assert warned.notices == sum(w.departments.count() for w in opened.values())
    assert not opened["industrial_solid_waste_utilisation_rate"].departments.exists()


def test_the_lead_department_gets_a_notice_with_a_link(saving_at_risk: Plan) -> None:
    summary = warn(saving_at_risk)
    assert (summary.opened, summary.notices, summary.emailed) == (1, 1, 0)
    w = open_warning(SAVING)
    [notice] = notices()
    assert notice.department.code == "eco"
    assert notice.link == f"/indicators/warnings/{w.pk}/"
    assert notice.key == f"indicator-warning:{w.pk}:orange:eco"
    assert "工业和通信业用能企业年节能率" in notice.text and "二级预警" in notice.text and "0.99" in notice.text
    assert notice.read_at is None and notice.shown
    record = ChangeRecord.objects.get(entity="indicator_warning", entity_key=f"{SAVING}#{w.pk}")
    assert record.action == "created" and record.after["level"] == "orange"


def test_users_with_an_address_are_emailed(saving_at_risk: Plan, eco_mail: str) -> None:
    summary = warn(saving_at_risk)
    assert summary.emailed == 1
    [message] = mail.outbox
    assert message.to == [eco_mail]
    assert message.subject.startswith("[CarbonPeak] 【指标预警】工业和通信业用能企业年节能率")
    assert "请在「指标预警」页确认并反馈措施" in message.body
    assert notices("eco")[0].emailed_at is not None


def test_running_again_sends_nothing_twice(saving_at_risk: Plan, eco_mail: str) -> None:
    warn(saving_at_risk)
    state = (EarlyWarning.objects.count(), len(notices()), len(mail.outbox), ChangeRecord.objects.count())
    assert warn(saving_at_risk) == WarnSummary()
    assert (EarlyWarning.objects.count(), len(notices()), len(mail.outbox), ChangeRecord.objects.count()) == state


def test_the_cli_raises_warnings(saving_at_risk: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indicators", "warn", "--as-of", AS_OF.isoformat()]) == 0
    assert capsys.readouterr().out.strip() == (
        "新预警 opened 1 · 升级 escalated 0 · 更新 updated 0 · 解除 closed 0 · 通知 notices 1 · 邮件 e-mailed 0")
    assert open_warning(SAVING).as_of == AS_OF


# --- escalation and recovery -----------------------------------------------------------------


def test_escalation_to_red_notifies_again(saving_at_risk: Plan, eco_mail: str) -> None:
    warn(saving_at_risk)
    first = open_warning(SAVING)
    store(saving_at_risk, SAVING, SAVING_OFF_TRACK)
    summary = warn(saving_at_risk)
    assert (summary.opened, summary.escalated, summary.notices, summary.emailed) == (0, 1, 1, 1)
    w = open_warning(SAVING)
    assert w.pk == first.pk
    assert (w.level, w.status, w.latest_value) == ("red", "off_track", 0.5)
    assert [n.key for n in notices("eco")] == [f"indicator-warning:{w.pk}:orange:eco",
                                               f"indicator-warning:{w.pk}:red:eco"]
    assert "一级预警" in notices("eco")[1].text
    assert len(mail.outbox) == 2
    assert warn(saving_at_risk) == WarnSummary()


def test_a_change_within_the_level_updates_without_notice(saving_at_risk: Plan) -> None:
    warn(saving_at_risk)
    store(saving_at_risk, SAVING, {**SAVING_AT_RISK, 2025: 0.985})
    summary = warn(saving_at_risk)
    assert (summary.updated, summary.escalated, summary.notices) == (1, 0, 0)
    assert open_warning(SAVING).latest_value == 0.985


def test_recovery_closes_the_warning_and_a_relapse_opens_a_new_one(saving_at_risk: Plan) -> None:
    warn(saving_at_risk)
    first = open_warning(SAVING)
    store(saving_at_risk, SAVING, SAVING_RECOVERED)
    summary = warn(saving_at_risk)
    assert (summary.closed, summary.notices) == (1, 0)
    first.refresh_from_db()
    assert first.closed_at is not None and "achieved" in first.closed_reason
    assert not EarlyWarning.objects.filter(closed_at__isnull=True).exists()
    store(saving_at_risk, SAVING, SAVING_AT_RISK)
    again = warn(saving_at_risk)
    assert (again.opened, again.notices) == (1, 1)
    assert open_warning(SAVING).pk != first.pk


def test_a_warning_whose_data_goes_stale_stays_open(saving_at_risk: Plan) -> None:
    warn(saving_at_risk)
    later = warn(saving_at_risk, dt.date(2028, 1, 1))  # no value since 2025: stale, not recovered
    assert (later.closed, later.notices) == (0, 0)
    assert open_warning(SAVING).is_open


# --- responses -------------------------------------------------------------------------------


def test_the_warned_department_responds_and_its_notices_are_read(plan: Plan, user: UserGetter) -> None:
    store(plan, SAVING, SAVING_AT_RISK)
    store(plan, FOREST, {2020: 15.3, 2023: 15.4, 2025: 15.4})
    warn(plan)
    w = open_warning(SAVING)
    response = respond(w, user("eco"), "  组织节能诊断 ", actor_label="eco")
    assert (response.department.code, response.text, response.by_label) == ("eco", "组织节能诊断", "eco")
    assert response.by is not None and response.by.get_username() == "eco"
    assert all(n.read_at is not None for n in notices("eco"))
    assert all(n.read_at is None for n in notices("greening"))  # another warning's notice stays unread
    record = ChangeRecord.objects.get(entity="warning_response")
    assert record.after == {"response": "组织节能诊断", "department": "eco"}


def test_a_second_response_replaces_the_first_with_history(saving_at_risk: Plan, user: UserGetter) -> None:
    warn(saving_at_risk)
    w = open_warning(SAVING)
    respond(w, user("eco"), "第一稿", actor_label="eco")
    respond(w, user("eco"), "第二稿", actor_label="eco")
    assert list(WarningResponse.objects.values_list("text", flat=True)) == ["第二稿"]
    records = ChangeRecord.objects.filter(entity="warning_response").order_by("id")
    assert [(r.action, r.before) for r in records] == [("created", {}), ("updated", {"text": "第一稿"})]


@pytest.mark.parametrize("username", ["greening", "office", "leader", "enterprise"])
def test_only_a_warned_department_may_respond(saving_at_risk: Plan, user: UserGetter, username: str) -> None:
    warn(saving_at_risk)
    with pytest.raises(WarningError) as exc:
        respond(open_warning(SAVING), user(username), "我们来处理", actor_label=username)
    assert exc.value.field == "department"
    assert not WarningResponse.objects.exists()
    assert notices("eco")[0].read_at is None


@pytest.mark.parametrize("text", ["", "  \n\t "])
def test_an_empty_response_is_refused(saving_at_risk: Plan, user: UserGetter, text: str) -> None:
    warn(saving_at_risk)
    with pytest.raises(WarningError) as exc:
        respond(open_warning(SAVING), user("eco"), text, actor_label="eco")
    assert exc.value.field == "text"
    assert not WarningResponse.objects.exists()
    assert notices("eco")[0].read_at is None


def test_a_run_on_a_later_day_with_the_same_data_changes_nothing(saving_at_risk: Plan) -> None:
    warn(saving_at_risk)
    records = ChangeRecord.objects.count()
    assert warn(saving_at_risk, AS_OF + dt.timedelta(days=1)) == WarnSummary()
    assert ChangeRecord.objects.count() == records


def test_a_relative_target_warning_names_the_value_it_requires(plan: Plan) -> None:
    code = "industrial_solid_waste_utilisation_rate"  # above the city average
    rows = [{"indicator": code, "period": str(y), "value": v, "unit": "%", "reference_value": r}
            for y, v, r in [(2023, 95.8, 96.5), (2024, 96.0, 96.6), (2025, 96.3, 96.7)]]
    import_records(plan, rows, user=None, actor_label="tests", source="tests")
    warn(plan)
    status = next(status_as_dict(s) for s in evaluate_plan(plan, AS_OF) if s.indicator.code == code)
    assert status["target_value"] == 96.7
    assert open_warning(code).target_value == 96.7
