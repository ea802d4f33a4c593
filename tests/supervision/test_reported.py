"""Reports feed indicators: the office accepts a quantity stated in an approved consolidated
report as the indicator's observation (supervision.reported)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.indicators.models import Derivation, EarlyWarning, Indicator, Observation, Origin
from carbonpeak.indicators.services import import_records
from carbonpeak.plan.models import Plan
from carbonpeak.supervision.problems import NotAllowed, SupervisionError
from carbonpeak.supervision.reported import accept_quantity, default_period, quantity_states
from carbonpeak.supervision.services import set_quantity, take_step
from carbonpeak.supervision.workflow import Step
from tests.conftest import UserGetter
from tests.supervision.quantity_support import RECOVERY, ROUND_CODE, ROUND_NAME, quantity_of, stated_report
from tests.supervision.round_support import open_test_round, report_of, submit

# As in the indicators room's tests: the 百一 saving typed by its lead department, not derived.
pytestmark = pytest.mark.usefixtures("typed_saving")

def accept(user: UserGetter, report: Any, who: str = "office", **kwargs: Any) -> Any:
    return accept_quantity(quantity_of(report), user(who), actor_label=who, **kwargs)


def observations() -> list[Observation]:
    return list(Observation.objects.filter(indicator__code=RECOVERY).order_by("period"))


def history() -> list[ChangeRecord]:
    return list(ChangeRecord.objects.filter(entity="observation", entity_key__contains=RECOVERY).order_by("id"))


# --- accepting -----------------------------------------------------------------------------


def test_the_office_accepts_a_stated_quantity_and_the_value_names_its_report(plan: Plan, user: UserGetter) -> None:
    report = stated_report(plan, user)
    done = accept(user, report)
    assert done.outcome == "created"
    (o,) = observations()
    assert (o.period, o.value, o.origin, o.report_id) == ("2025", 44.5, Origin.REPORTED, report.pk)
    assert (o.entered_value, o.entered_unit, o.note) == (44.5, "percent", "区绿化市容局统计")
    assert o.provenance == {
        "kind": "report", "report": report.pk, "round": ROUND_CODE, "round_name": ROUND_NAME, "task": 53,
        "department": "greening", "department_name": "区绿化市容局", "quantity": quantity_of(report).pk,
        "stated_value": 44.5, "stated_unit": "percent",
    }
    assert o.source == "督查报告 2025年第三季度 · 任务53 · 区绿化市容局"
    (record,) = history()
    assert (record.actor, record.actor_label, record.action) == (user("office"), "office", "created")
    assert f"report {report.pk}" in record.reason and "greening" in record.reason
    assert (o.entered_by, o.entered_by_label) == (user("office"), "office")


def test_a_quantity_stated_in_another_unit_is_stored_in_the_indicators_unit(plan: Plan, user: UserGetter) -> None:
    report = stated_report(plan, user, value="0.445", unit="ratio")
    accept(user, report)
    (o,) = observations()
    assert o.value == pytest.approx(44.5)
    assert (o.entered_value, o.entered_unit) == (0.445, "ratio")
    assert (o.provenance["stated_value"], o.provenance["stated_unit"]) == (0.445, "ratio")


def test_accepting_twice_changes_nothing(plan: Plan, user: UserGetter) -> None:
    report = stated_report(plan, user)
    first = accept(user, report)
    second = accept(user, report)
    again_at_its_period = accept(user, report, period="2025年")  # the same period, written otherwise
    assert (first.outcome, second.outcome, again_at_its_period.outcome) == ("created", "unchanged", "unchanged")
    assert len(observations()) == 1 and len(history()) == 1


def test_the_page_state_says_where_the_quantity_went(plan: Plan, user: UserGetter) -> None:
    report = stated_report(plan, user)
    (before,) = quantity_states(report)
    assert (before.period, before.accepted, before.existing) == ("2025", None, None)
    accept(user, report)
    (after,) = quantity_states(report)
    assert after.accepted is not None and after.accepted.period == "2025"


def test_a_value_entered_over_an_accepted_one_is_no_longer_shown_as_accepted(plan: Plan, user: UserGetter) -> None:
    report = stated_report(plan, user)
    accept(user, report)
    import_records(plan, [{"indicator": RECOVERY, "period": "2025", "value": 43, "unit": "%"}], user=None,
                   actor_label="tests", source="区统计局")
    (state,) = quantity_states(report)
    assert state.accepted is None and state.existing is not None and state.existing.value == 43


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["greening", "eco", "leader"])
def test_only_the_office_accepts(plan: Plan, user: UserGetter, who: str) -> None:
    report = stated_report(plan, user)
    with pytest.raises(NotAllowed) as refused:
        accept(user, report, who=who)
    assert refused.value.field == "quantity" and "only the office" in refused.value.reason
    assert observations() == []


def test_a_report_not_yet_approved_is_refused(plan: Plan, user: UserGetter) -> None:
    report = stated_report(plan, user, approve=False)
    with pytest.raises(SupervisionError) as refused:
        accept(user, report)
    assert refused.value.field == "status" and "not approved" in refused.value.reason
    assert observations() == []


def test_a_contribution_is_refused_even_when_approved(plan: Plan, user: UserGetter) -> None:
    contribution = stated_report(plan, user, department="eco")  # approved by the office
    assert contribution.status == "approved"
    with pytest.raises(SupervisionError) as refused:
        accept(user, contribution)
    assert refused.value.field == "report" and "consolidated" in refused.value.reason


def test_a_derived_indicator_is_refused(plan: Plan, user: UserGetter) -> None:
    report = stated_report(plan, user)
    Indicator.objects.filter(plan=plan, code=RECOVERY).update(derived=Derivation.INDUSTRIAL_ENERGY_SAVING)
    with pytest.raises(SupervisionError) as refused:
        accept(user, report)
    assert refused.value.field == "indicator" and "derived" in refused.value.reason
    assert observations() == []


def test_a_value_out_of_the_indicators_range_is_refused(plan: Plan, user: UserGetter) -> None:
    report = stated_report(plan, user, value="150")
    with pytest.raises(SupervisionError) as refused:
        accept(user, report)
    assert refused.value.field == "value" and "100" in refused.value.reason


@pytest.mark.parametrize(("period", "says"), [("2035", "not begun"), ("soon", "not a period")])
def test_a_bad_period_is_refused(plan: Plan, user: UserGetter, period: str, says: str) -> None:
    with pytest.raises(SupervisionError) as refused:
        accept(user, stated_report(plan, user), period=period)
    assert refused.value.field == "period" and says in refused.value.reason
    assert observations() == []


def test_an_accepted_quantity_does_not_move_to_another_period(plan: Plan, user: UserGetter) -> None:
    report = stated_report(plan, user)
    accept(user, report)
    with pytest.raises(SupervisionError) as refused:
        accept(user, report, period="2024")
    assert refused.value.field == "period" and "2025" in refused.value.reason
    assert [o.period for o in observations()] == ["2025"]


# --- a period that already has a value -----------------------------------------------------


def test_a_different_value_already_entered_needs_replace(plan: Plan, user: UserGetter) -> None:
    import_records(plan, [{"indicator": RECOVERY, "period": "2025", "value": 40, "unit": "%"}], user=None,
                   actor_label="tests", source="区统计局")
    report = stated_report(plan, user)
    (state,) = quantity_states(report)
    assert state.needs_replace and state.existing is not None and state.existing.value == 40
    with pytest.raises(SupervisionError) as refused:
        accept(user, report)
    assert refused.value.field == "replace"
    assert "2025" in refused.value.reason and "40" in refused.value.reason and "区统计局" in refused.value.reason
    assert [(o.value, o.origin) for o in observations()] == [(40.0, Origin.IMPORTED)]

    assert accept(user, report, replace=True).outcome == "updated"
    (o,) = observations()
    assert (o.value, o.origin, o.report_id) == (44.5, Origin.REPORTED, report.pk)
    last = history()[-1]
    assert (last.before["value"], last.after["value"], last.actor_label) == (40.0, 44.5, "office")


def test_the_same_value_already_entered_is_confirmed_by_the_report(plan: Plan, user: UserGetter) -> None:
    import_records(plan, [{"indicator": RECOVERY, "period": "2025", "value": 44.5, "unit": "%"}], user=None,
                   actor_label="tests", source="区统计局")
    report = stated_report(plan, user)
    assert accept(user, report).outcome == "updated"
    (o,) = observations()
    assert (o.value, o.origin, o.report_id) == (44.5, Origin.REPORTED, report.pk)


def test_a_later_round_states_a_new_value_for_the_same_period(plan: Plan, user: UserGetter) -> None:
    """Another report's different value is a different value: it needs replace too."""
    first = stated_report(plan, user)
    accept(user, first)
    round_ = open_test_round(plan, user, code="t-2025-q4", name="2025年第四季度")
    second = report_of(round_, "greening")
    set_quantity(second, user("greening"), indicator_code=RECOVERY, value="45.5", unit="percent")
    submit(second, user("greening"))
    take_step(second, Step.APPROVE, user("office"))
    with pytest.raises(SupervisionError) as refused:
        accept(user, second)
    assert refused.value.field == "replace"
    accept(user, second, replace=True)
    (o,) = observations()
    assert (o.value, o.report_id, o.provenance["round"]) == (45.5, second.pk, "t-2025-q4")


# --- the period ----------------------------------------------------------------------------


def test_the_default_period_follows_the_round_and_the_indicators_cycle(plan: Plan, user: UserGetter) -> None:
    report = stated_report(plan, user)
    quantity = quantity_of(report)
    assert default_period(quantity) == "2025"
    Indicator.objects.filter(plan=plan, code=RECOVERY).update(reporting_cycle="quarter")
    assert default_period(quantity_of(report)) == "2025-Q3"
    assert accept(user, report).observation.period == "2025-Q3"


def test_the_office_may_name_another_period(plan: Plan, user: UserGetter) -> None:
    assert accept(user, stated_report(plan, user), period="2024").observation.period == "2024"


# --- warnings ------------------------------------------------------------------------------


def test_the_warning_is_re_evaluated_once_the_value_is_committed(
        plan: Plan, user: UserGetter, django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    report = stated_report(plan, user, value="30")  # 2025 target 45 %: missed
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        accept(user, report)
    assert len(callbacks) == 1 and not EarlyWarning.objects.exists()
    callbacks[0]()
    warning = EarlyWarning.objects.get(indicator__code=RECOVERY, closed_at__isnull=True)
    assert (warning.period, warning.latest_value) == ("2025", 30.0)
    with django_capture_on_commit_callbacks(execute=True) as again:
        accept(user, report)
    assert again == []  # nothing changed, nothing to re-evaluate
