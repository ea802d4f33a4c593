"""Which plan pages each user may open (the web side of the permission matrix)."""

from __future__ import annotations

import pytest

from tests.conftest import ClientFactory
from tests.people.plan_facts import tasks_of

ECO_TASK = 1
NOT_ECO_TASK = 16


def test_fixture_tasks_are_what_they_claim() -> None:
    assert ECO_TASK in tasks_of("eco")
    assert NOT_ECO_TASK not in tasks_of("eco")


def test_department_user_opens_own_task(client_as: ClientFactory) -> None:
    assert client_as("eco").get(f"/plan/tasks/{ECO_TASK}/").status_code == 200


def test_department_user_is_refused_task_it_is_not_on(client_as: ClientFactory) -> None:
    assert client_as("eco").get(f"/plan/tasks/{NOT_ECO_TASK}/").status_code == 403


def test_department_user_is_refused_other_department_page(client_as: ClientFactory) -> None:
    assert client_as("eco").get("/plan/departments/greening/").status_code == 403


def test_department_user_opens_own_department_page(client_as: ClientFactory) -> None:
    response = client_as("eco").get("/plan/departments/eco/")
    assert response.status_code == 200
    assert "区经委" in response.content.decode()


def test_town_user_opens_task_given_to_all_towns(client_as: ClientFactory) -> None:
    number = min(tasks_of("towns") - tasks_of("fengjing"))
    assert client_as("fengjing").get(f"/plan/tasks/{number}/").status_code == 200


def test_department_task_list_shows_only_its_tasks(client_as: ClientFactory) -> None:
    response = client_as("eco").get("/plan/tasks/")
    assert response.status_code == 200
    assert response.context["total"] == len(tasks_of("eco"))
    assert {t.number for t in response.context["tasks"]} == tasks_of("eco")


@pytest.mark.parametrize("number", [ECO_TASK, NOT_ECO_TASK, 80])
def test_leader_opens_any_task(client_as: ClientFactory, number: int) -> None:
    assert client_as("leader").get(f"/plan/tasks/{number}/").status_code == 200


def test_leader_opens_any_department(client_as: ClientFactory) -> None:
    assert client_as("leader").get("/plan/departments/greening/").status_code == 200


def test_enterprise_user_is_refused_task_list(client_as: ClientFactory) -> None:
    assert client_as("enterprise").get("/plan/tasks/").status_code == 403


def test_enterprise_user_is_refused_task_detail(client_as: ClientFactory) -> None:
    assert client_as("enterprise").get(f"/plan/tasks/{ECO_TASK}/").status_code == 403


def test_unknown_task_page_is_404(client_as: ClientFactory) -> None:
    assert client_as("office").get("/plan/tasks/999/").status_code == 404
