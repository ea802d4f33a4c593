"""GET /api/v1/plan and /api/v1/actions: the plan in force."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tests.conftest import ClientFactory
from tests.people.plan_facts import plan_data


@pytest.mark.parametrize("username", ["office", "eco", "enterprise", "leader"])
def test_signed_in_user_reads_plan_header(client_as: ClientFactory, username: str) -> None:
    response = client_as(username).get("/api/v1/plan")
    assert response.status_code == 200
    body = response.json()
    header = plan_data()["plan"]
    assert body["code"] == header["code"] == "jinshan-2023"
    assert body["title"] == header["title"]
    assert body["document_number"] == header["document_number"]
    assert body["issued_on"] == header["issued_on"].isoformat()
    assert isinstance(header["issued_on"], dt.date)
    assert body["base_year"] == 2020
    assert body["action_count"] == len(plan_data()["actions"]) == 10
    assert body["task_count"] == len(plan_data()["tasks"]) == 80
    assert body["indicator_count"] == len(plan_data()["indicators"]) == 36


def test_user_lists_ten_actions_with_task_counts(client_as: ClientFactory) -> None:
    response = client_as("eco").get("/api/v1/actions")
    assert response.status_code == 200
    body = response.json()
    per_action = Counter(t["action"] for t in plan_data()["tasks"])
    assert [a["number"] for a in body] == list(range(1, 11))
    assert {a["number"]: a["task_count"] for a in body} == dict(per_action)
