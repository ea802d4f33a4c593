"""GET /api/v1/indicators/warnings and POST /api/v1/indicators/warnings/{pk}/response: the 预警
list (a department sees the warnings sent to it) and a warned department's acknowledgement."""

from __future__ import annotations

from typing import Any

import pytest

from carbonpeak.indicators.models import EarlyWarning, WarningResponse
from carbonpeak.indicators.warnings import raise_warnings
from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory
from tests.indicators.conftest import AS_OF, FOREST, SAVING, SAVING_RECOVERED, store

URL = "/api/v1/indicators/warnings"
Warnings = dict[str, EarlyWarning]


def listed(client_as: ClientFactory, username: str, query: str = "") -> list[dict[str, Any]]:
    response = client_as(username).get(URL + query)
    assert response.status_code == 200, response.content
    body: list[dict[str, Any]] = response.json()
    return body


def respond(client_as: ClientFactory, username: str | None, pk: int, text: str) -> Any:
    return client_as(username).post(f"{URL}/{pk}/response", {"text": text}, content_type="application/json")


@pytest.mark.parametrize(("username", "expected"), [
    ("office", {SAVING, FOREST}), ("leader", {SAVING, FOREST}), ("eco", {SAVING}), ("greening", {FOREST}),
    ("fengjing", set()),
])
def test_each_caller_sees_the_warnings_it_may(two_warnings: Warnings, client_as: ClientFactory, username: str,
                                              expected: set[str]) -> None:
    assert {w["indicator"] for w in listed(client_as, username)} == expected


@pytest.mark.parametrize(("username", "expected"), [("enterprise", 403), (None, 401)])
def test_enterprise_and_anonymous_are_refused(two_warnings: Warnings, client_as: ClientFactory,
                                              username: str | None, expected: int) -> None:
    assert client_as(username).get(URL).status_code == expected


def test_a_warning_carries_gap_trend_and_departments(two_warnings: Warnings, client_as: ClientFactory) -> None:
    by_code = {w["indicator"]: w for w in listed(client_as, "office")}
    saving = by_code[SAVING]
    assert (saving["id"], saving["level"], saving["status"], saving["period"]) == (
        two_warnings[SAVING].pk, "orange", "at_risk", "2025")
    assert (saving["latest_value"], saving["target_value"], saving["target_year"]) == (0.99, 1.0, 2025)
    assert saving["departments"] == ["eco"]
    assert saving["trend_per_year"] is not None and saving["trend_per_year"] < 0
    assert saving["as_of"] == AS_OF.isoformat() and saving["closed_at"] is None
    assert saving["responses"] == []
    forest = by_code[FOREST]
    assert (forest["level"], forest["status"], forest["departments"]) == ("red", "off_track", ["greening"])


def test_closed_warnings_are_listed_on_request(two_warnings: Warnings, plan: Plan, client_as: ClientFactory) -> None:
    store(plan, SAVING, SAVING_RECOVERED)
    assert raise_warnings(plan, AS_OF, actor_label="tests").closed == 1
    assert [w["indicator"] for w in listed(client_as, "eco")] == []
    closed = listed(client_as, "eco", "?open_only=false")
    assert [w["indicator"] for w in closed] == [SAVING]
    assert closed[0]["closed_at"] is not None


def test_the_warned_department_responds(two_warnings: Warnings, client_as: ClientFactory) -> None:
    pk = two_warnings[SAVING].pk
    response = respond(client_as, "eco", pk, "  已组织重点用能企业节能诊断，12月底前完成改造。 ")
    assert response.status_code == 200, response.content
    [answer] = response.json()["responses"]
    assert (answer["department"], answer["text"], answer["by"]) == (
        "eco", "已组织重点用能企业节能诊断，12月底前完成改造。", "api:eco")
    assert [w["responses"][0]["department"] for w in listed(client_as, "office") if w["id"] == pk] == ["eco"]
    # Responding again edits the response.
    assert respond(client_as, "eco", pk, "已完成诊断").status_code == 200
    assert list(WarningResponse.objects.values_list("department__code", "text")) == [("eco", "已完成诊断")]


@pytest.mark.parametrize(("username", "expected"), [
    ("greening", 403), ("office", 403), ("leader", 403), ("enterprise", 403), (None, 401),
])
def test_others_may_not_respond(two_warnings: Warnings, client_as: ClientFactory, username: str | None,
                                expected: int) -> None:
    assert respond(client_as, username, two_warnings[SAVING].pk, "我们来处理").status_code == expected
    assert not WarningResponse.objects.exists()


@pytest.mark.parametrize("text", ["", "   \n "])
def test_an_empty_response_is_refused(two_warnings: Warnings, client_as: ClientFactory, text: str) -> None:
    response = respond(client_as, "eco", two_warnings[SAVING].pk, text)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "text" and "say what you are doing" in error["reason"]
    assert not WarningResponse.objects.exists()


def test_an_overlong_response_is_refused(two_warnings: Warnings, client_as: ClientFactory) -> None:
    response = respond(client_as, "eco", two_warnings[SAVING].pk, "措" * 4001)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "text")


def test_an_unknown_warning_is_404(two_warnings: Warnings, client_as: ClientFactory) -> None:
    assert respond(client_as, "eco", max(w.pk for w in two_warnings.values()) + 1, "x").status_code == 404


def test_a_closed_warning_is_not_answered(two_warnings: Warnings, client_as: ClientFactory) -> None:
    warning = two_warnings[SAVING]
    warning.closed_at = warning.opened_at
    warning.save(update_fields=["closed_at"])
    response = respond(client_as, "eco", warning.pk, "措施")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "warning"
    assert not WarningResponse.objects.exists()
