"""GET and POST /api/v1/indicators/{code}/observations: read an indicator's data; enter a value
(the office, or a department for an indicator linked to its tasks), refused field by field."""

from __future__ import annotations

from typing import Any

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.indicators.models import Observation
from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory
from tests.indicators.conftest import FOREST, INTENSITY, SAVING, store
from tests.people.plan_facts import collectives_covering, plan_data, tasks_of


def url(code: str) -> str:
    return f"/api/v1/indicators/{code}/observations"


def post(client_as: ClientFactory, username: str | None, code: str, language: str = "zh-hans", **payload: Any) -> Any:
    return client_as(username).post(url(code), payload, content_type="application/json",
                                    HTTP_ACCEPT_LANGUAGE=language)


def stored() -> list[tuple[str, str, float]]:
    return sorted(Observation.objects.values_list("indicator__code", "period", "value"))


def linked_indicators(department: str) -> set[str]:
    """Indicators with a task on which the department, or a group it belongs to, is named."""
    kind = next(d["kind"] for d in plan_data()["departments"] if d["code"] == department)
    tasks = set(tasks_of(department))
    for group in collectives_covering(kind):
        tasks |= tasks_of(group)
    return {i["code"] for i in plan_data()["indicators"] if set(i["tasks"] or []) & tasks}


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("username", "expected"), [
    ("office", 200), ("eco", 200), ("greening", 200), ("leader", 200), (None, 401),
    ("enterprise", 403),
])
def test_who_may_read_observations(plan: Plan, client_as: ClientFactory, username: str | None,
                                   expected: int) -> None:
    store(plan, INTENSITY, {2023: -5.0})
    assert client_as(username).get(url(INTENSITY)).status_code == expected


def test_observations_are_listed_in_period_order(plan: Plan, client_as: ClientFactory) -> None:
    store(plan, FOREST, {2024: 16.2, 2021: 15.6, 2023: 16.0})
    body = client_as("leader").get(url(FOREST)).json()
    assert [(o["period"], o["value"]) for o in body] == [("2021", 15.6), ("2023", 16.0), ("2024", 16.2)]
    assert set(body[0]) == {"period", "value", "reference_value", "entered_value", "entered_unit", "source",
                            "origin", "derivation", "illustrative", "note", "entered_by", "updated_at",
                            "derived_value", "provenance"}
    assert (body[0]["origin"], body[0]["entered_by"], body[0]["source"]) == ("imported", "tests", "tests")


def test_an_unknown_indicator_is_404(db: None, client_as: ClientFactory) -> None:
    assert client_as("office").get(url("nope")).status_code == 404
    assert post(client_as, "office", "nope", period="2024", value=1, unit="%").status_code == 404


# --- entering: who -----------------------------------------------------------------------------


def test_a_department_enters_a_value_of_its_own_indicator(db: None, client_as: ClientFactory) -> None:
    response = post(client_as, "eco", SAVING, period="2025", value="1.02", unit="%", source="区经委统计",
                    note="百一行动")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["period"], body["value"], body["origin"], body["entered_by"]) == ("2025", 1.02, "entered",
                                                                                  "api:eco")
    saved = Observation.objects.get(indicator__code=SAVING, period="2025")
    assert saved.entered_by is not None and saved.entered_by.get_username() == "eco"
    assert (saved.source, saved.note) == ("区经委统计", "百一行动")
    record = ChangeRecord.objects.get(entity="observation", entity_key=f"jinshan-2023/{SAVING}/2025")
    assert record.actor is not None and record.actor.get_username() == "eco"


def test_greening_enters_forest_cover(db: None, client_as: ClientFactory) -> None:
    assert post(client_as, "greening", FOREST, period="2025", value=16.6, unit="%").status_code == 201


@pytest.mark.parametrize(("username", "code", "expected"), [
    ("eco", FOREST, 403), ("greening", SAVING, 403), ("leader", SAVING, 403), ("enterprise", SAVING, 403),
    (None, SAVING, 401),
])
def test_others_may_not_enter(db: None, client_as: ClientFactory, username: str | None, code: str,
                              expected: int) -> None:
    before = stored()
    assert post(client_as, username, code, period="2025", value=1.0, unit="%").status_code == expected
    assert stored() == before


@pytest.mark.parametrize("department", ["eco", "greening", "fengjing"])
def test_a_department_may_enter_exactly_the_indicators_of_its_tasks(db: None, client_as: ClientFactory,
                                                                   department: str) -> None:
    # A bad period gets past the permission check (422) only where the department may enter.
    client = client_as(department)
    statuses = {i["code"]: client.post(url(i["code"]), {"period": "x", "value": 1},
                                       content_type="application/json").status_code
                for i in plan_data()["indicators"]}
    assert {code for code, status in statuses.items() if status == 422} == linked_indicators(department)
    assert set(statuses.values()) <= {403, 422}
    assert not stored()


def test_the_office_may_enter_any_indicator_but_a_derived_one(db: None, client_as: ClientFactory) -> None:
    client = client_as("office")
    for item in plan_data()["indicators"]:
        status = client.post(url(item["code"]), {"period": "x", "value": 1}, content_type="application/json")
        assert status.status_code == 422, item["code"]
    response = post(client_as, "office", INTENSITY, period="2024", value=-10, unit="%")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "indicator"
    assert "系统计算" in error["reason"]
    english = post(client_as, "office", INTENSITY, language="en", period="2024", value=-10, unit="%")
    assert "derived" in english.json()["errors"][0]["reason"]
    assert not stored()


# --- entering: what ----------------------------------------------------------------------------


@pytest.mark.parametrize(("payload", "field", "reason"), [
    ({"period": "2025", "value": 130, "unit": "%"}, "value", "above the maximum 100"),
    ({"period": "2025", "value": -1, "unit": "%"}, "value", "below the minimum 0"),
    ({"period": "2025", "value": "abc", "unit": "%"}, "value", "not a number"),
    ({"period": "2025", "value": "", "unit": "%"}, "value", "required"),
    ({"period": "2025", "value": 1, "unit": "MW"}, "unit", "does not convert"),
    ({"period": "2025", "value": 1, "unit": "斤斤"}, "unit", "unknown unit"),
    ({"period": "2025", "value": 1, "unit": ""}, "unit", "required"),
    ({"period": "2025-13", "value": 1, "unit": "%"}, "period", "not a period"),
    ({"period": "", "value": 1, "unit": "%"}, "period", "not a period"),
], ids=["over-100", "negative", "not-a-number", "empty", "wrong-unit", "unknown-unit", "no-unit", "bad-month",
        "no-period"])
def test_a_bad_value_is_refused_naming_the_field(db: None, client_as: ClientFactory, payload: dict[str, Any],
                                                 field: str, reason: str) -> None:
    response = post(client_as, "eco", SAVING, language="en", **payload)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert reason in errors[0]["reason"]
    assert errors[0]["row"] == 1
    assert not stored()


def test_a_missing_field_is_refused(db: None, client_as: ClientFactory) -> None:
    response = post(client_as, "eco", SAVING, value=1, unit="%")
    assert response.status_code == 422
    assert not stored()


def test_units_are_converted(db: None, client_as: ClientFactory) -> None:
    body = post(client_as, "office", "new_pv_capacity", period="2025", value=31, unit="万千瓦").json()
    assert (body["value"], body["entered_value"], body["entered_unit"]) == (310.0, 31.0, "万千瓦")
    body = post(client_as, "office", "greenway_length_addition", period="2025", value=66000, unit="米").json()
    assert body["value"] == pytest.approx(66.0)


def test_entering_a_period_again_updates_it_with_history(db: None, client_as: ClientFactory) -> None:
    assert post(client_as, "eco", SAVING, period="2025", value=0.9, unit="%").status_code == 201
    response = post(client_as, "eco", SAVING, period="2025", value=1.1, unit="%")
    assert response.status_code in (200, 201)
    assert stored() == [(SAVING, "2025", 1.1)]
    records = ChangeRecord.objects.filter(entity="observation", entity_key=f"jinshan-2023/{SAVING}/2025")
    assert [(r.action, r.before.get("value"), r.after.get("value")) for r in records.order_by("id")] == [
        ("created", None, 0.9), ("updated", 0.9, 1.1)]
    listed = client_as("eco").get(url(SAVING)).json()
    assert [(o["period"], o["value"]) for o in listed] == [("2025", 1.1)]
