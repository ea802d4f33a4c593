"""GET /api/v1/tasks (filters, narrowing to the caller) and /api/v1/tasks/{number}."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ClientFactory
from tests.people.plan_facts import all_task_numbers, plan_data, tasks_of


def _numbers(client_as: ClientFactory, username: str, query: str = "") -> list[int]:
    response = client_as(username).get(f"/api/v1/tasks{query}")
    assert response.status_code == 200, response.content
    return [t["number"] for t in response.json()]


def _yaml_tasks(**match: Any) -> set[int]:
    return {t["number"] for t in plan_data()["tasks"]
            if all(t[k] == v for k, v in match.items())}


def test_office_lists_all_tasks_in_order(client_as: ClientFactory) -> None:
    numbers = _numbers(client_as, "office")
    assert numbers == sorted(all_task_numbers())


def test_task_carries_lead_and_co_departments(client_as: ClientFactory) -> None:
    task = next(t for t in client_as("office").get("/api/v1/tasks").json() if t["number"] == 1)
    raw = plan_data()["tasks"][0]
    assert task["action"] == raw["action"]
    assert task["time_node"] == raw["time_node"]
    assert [d["name"] for d in task["lead_departments"]] == raw["lead"]
    assert sorted(d["name"] for d in task["co_departments"]) == sorted(raw["co"])


@pytest.mark.parametrize("action", [1, 2, 10])
def test_user_filters_tasks_by_action(client_as: ClientFactory, action: int) -> None:
    expected = _yaml_tasks(action=action)
    assert expected
    assert set(_numbers(client_as, "office", f"?action={action}")) == expected


@pytest.mark.parametrize("time_node", ["ongoing", "by_2025"])
def test_user_filters_tasks_by_time_node(client_as: ClientFactory, time_node: str) -> None:
    expected = _yaml_tasks(time_node=time_node)
    assert 0 < len(expected) < 80
    assert set(_numbers(client_as, "office", f"?time_node={time_node}")) == expected


def test_unknown_time_node_is_rejected(client_as: ClientFactory) -> None:
    assert client_as("office").get("/api/v1/tasks?time_node=someday").status_code == 422


@pytest.mark.parametrize("code", ["eco", "greening", "towns"])
def test_user_filters_tasks_by_department(client_as: ClientFactory, code: str) -> None:
    assert set(_numbers(client_as, "office", f"?department={code}")) == tasks_of(code)


@pytest.mark.parametrize("role", ["lead", "co"])
def test_user_filters_department_tasks_by_role(client_as: ClientFactory, role: str) -> None:
    expected = tasks_of("eco", role)
    assert expected and expected != tasks_of("eco")
    assert set(_numbers(client_as, "office", f"?department=eco&role={role}")) == expected


def test_user_combines_filters(client_as: ClientFactory) -> None:
    expected = tasks_of("eco") & _yaml_tasks(action=1, time_node="ongoing")
    assert expected
    got = _numbers(client_as, "office", "?department=eco&action=1&time_node=ongoing")
    assert set(got) == expected


def test_department_user_lists_only_its_tasks(client_as: ClientFactory) -> None:
    assert set(_numbers(client_as, "eco")) == tasks_of("eco")
    assert len(_numbers(client_as, "eco")) == len(tasks_of("eco"))


def test_department_user_filtering_another_department_sees_only_shared_tasks(
    client_as: ClientFactory,
) -> None:
    shared = tasks_of("eco") & tasks_of("greening")
    assert shared and shared != tasks_of("greening")
    assert set(_numbers(client_as, "eco", "?department=greening")) == shared


def test_town_user_lists_tasks_of_all_towns_too(client_as: ClientFactory) -> None:
    numbers = set(_numbers(client_as, "fengjing"))
    assert tasks_of("fengjing") | tasks_of("towns") <= numbers
    assert 1 not in numbers


def test_department_user_reads_own_task(client_as: ClientFactory) -> None:
    response = client_as("eco").get("/api/v1/tasks/1")
    assert response.status_code == 200
    assert response.json()["number"] == 1


def test_department_user_is_refused_other_departments_task(client_as: ClientFactory) -> None:
    assert 16 not in tasks_of("eco")
    assert client_as("eco").get("/api/v1/tasks/16").status_code == 403


def test_leader_reads_any_task(client_as: ClientFactory) -> None:
    assert client_as("leader").get("/api/v1/tasks/16").status_code == 200


def test_unknown_task_is_404(client_as: ClientFactory) -> None:
    assert client_as("office").get("/api/v1/tasks/999").status_code == 404


def test_role_filter_without_department_is_refused_with_reason(client_as: ClientFactory) -> None:
    response = client_as("office").get("/api/v1/tasks?role=co")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "role" and "department" in error["reason"]


def test_action_zero_matches_no_task(client_as: ClientFactory) -> None:
    assert _numbers(client_as, "office", "?action=0") == []


def test_enterprise_cannot_probe_which_task_numbers_exist(client_as: ClientFactory) -> None:
    client = client_as("enterprise")
    assert client.get("/api/v1/tasks/999").status_code == 403
    assert client.get("/api/v1/tasks/1").status_code == 403
