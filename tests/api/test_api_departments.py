"""GET /api/v1/departments and /api/v1/departments/{code}."""

from __future__ import annotations

import pytest

from tests.conftest import ClientFactory
from tests.people.plan_facts import department_codes, tasks_of


def test_office_lists_every_department_with_its_tasks(client_as: ClientFactory) -> None:
    response = client_as("office").get("/api/v1/departments")
    assert response.status_code == 200
    body = {d["code"]: d for d in response.json()}
    assert sorted(body) == department_codes()
    eco = body["eco"]
    assert eco["name"] == "区经委"
    assert eco["kind"] == "district_bureau"
    assert set(eco["leads"]) == tasks_of("eco", "lead")
    assert set(eco["supports"]) == tasks_of("eco", "co")
    assert body["towns"]["kind"] == "collective"
    assert set(body["towns"]["leads"]) | set(body["towns"]["supports"]) == tasks_of("towns")


def test_leader_lists_every_department(client_as: ClientFactory) -> None:
    response = client_as("leader").get("/api/v1/departments")
    assert response.status_code == 200
    assert len(response.json()) == len(department_codes())


@pytest.mark.parametrize("username", ["eco", "fengjing"])
def test_department_user_lists_only_its_own_department(client_as: ClientFactory, username: str) -> None:
    response = client_as(username).get("/api/v1/departments")
    assert response.status_code == 200
    assert [d["code"] for d in response.json()] == [username]


def test_department_user_reads_own_department(client_as: ClientFactory) -> None:
    response = client_as("greening").get("/api/v1/departments/greening")
    assert response.status_code == 200
    assert set(response.json()["leads"]) | set(response.json()["supports"]) == tasks_of("greening")


def test_department_user_is_refused_other_department(client_as: ClientFactory) -> None:
    assert client_as("eco").get("/api/v1/departments/greening").status_code == 403


def test_enterprise_user_is_refused_departments(client_as: ClientFactory) -> None:
    assert client_as("enterprise").get("/api/v1/departments").status_code == 403


def test_unknown_department_is_404(client_as: ClientFactory) -> None:
    assert client_as("office").get("/api/v1/departments/atlantis").status_code == 404
