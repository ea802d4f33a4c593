"""GET /api/v1/indicators: the plan's 36 indicators with targets and source clauses."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.conftest import ClientFactory
from tests.people.plan_facts import plan_data


def _indicators(client_as: ClientFactory, username: str, query: str = "") -> list[dict[str, Any]]:
    response = client_as(username).get(f"/api/v1/indicators{query}")
    assert response.status_code == 200, response.content
    body: list[dict[str, Any]] = response.json()
    return body


@pytest.mark.parametrize("username", ["office", "eco", "enterprise", "leader"])
def test_user_lists_36_indicators_each_with_target_and_source(
    client_as: ClientFactory, username: str
) -> None:
    body = _indicators(client_as, username)
    assert len(body) == 36
    assert {i["code"] for i in body} == {i["code"] for i in plan_data()["indicators"]}
    for item in body:
        assert len(item["targets"]) >= 1, item["code"]
        assert item["source"]["clause"], item["code"]
        assert item["source"]["text"], item["code"]


def test_indicator_targets_match_plan_file(client_as: ClientFactory) -> None:
    by_code = {i["code"]: i for i in _indicators(client_as, "office")}
    for raw in plan_data()["indicators"]:
        got = by_code[raw["code"]]
        assert [(t["year"], t["kind"], t["value"]) for t in got["targets"]] == [
            (t["year"], t["kind"], float(t["value"])) for t in raw["targets"]
        ], raw["code"]
        assert got["tasks"] == sorted(raw["tasks"] or []), raw["code"]


@pytest.mark.parametrize("action", [2, 4, 6])
def test_user_filters_indicators_by_action(client_as: ClientFactory, action: int) -> None:
    expected = {i["code"] for i in plan_data()["indicators"] if i["action"] == action}
    assert expected
    body = _indicators(client_as, "office", f"?action={action}")
    assert {i["code"] for i in body} == expected
    assert all(i["action"] == action for i in body)


def test_plan_wide_indicators_have_no_action(client_as: ClientFactory) -> None:
    per_action = Counter(i["action"] for i in plan_data()["indicators"])
    body = _indicators(client_as, "office", "?action=0")
    assert len(body) == per_action[0] == 2
    assert all(i["action"] is None for i in body)


def test_user_reads_one_indicator(client_as: ClientFactory) -> None:
    response = client_as("eco").get("/api/v1/indicators/carbon_peak_year")
    assert response.status_code == 200
    assert response.json()["targets"][0]["value"] == 2030


def test_unknown_indicator_is_404(client_as: ClientFactory) -> None:
    assert client_as("office").get("/api/v1/indicators/nope").status_code == 404
