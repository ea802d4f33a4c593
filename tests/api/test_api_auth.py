"""Who gets into the API: session, bearer tokens, and the 401/403 line."""

from __future__ import annotations

import pytest
from django.test import Client

from carbonpeak.people.models import ApiToken
from tests.conftest import ClientFactory, UserGetter
from tests.people.plan_facts import tasks_of

ENDPOINTS = ["/api/v1/plan", "/api/v1/tasks", "/api/v1/tasks/1", "/api/v1/departments",
             "/api/v1/indicators"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_anonymous_caller_gets_401(client_as: ClientFactory, path: str) -> None:
    assert client_as(None).get(path).status_code == 401


def test_machine_with_issued_token_reads_tasks_as_its_user(user: UserGetter) -> None:
    _, clear = ApiToken.issue(user("eco"), "ci")
    assert clear.startswith("cp_")
    response = Client().get("/api/v1/tasks", HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert response.status_code == 200
    assert {t["number"] for t in response.json()} == tasks_of("eco")


def test_token_clear_text_is_not_stored(user: UserGetter) -> None:
    token, clear = ApiToken.issue(user("office"), "ci")
    token.refresh_from_db()
    assert clear not in token.digest
    assert token.digest == ApiToken.digest_of(clear)


def test_wrong_token_gets_401(user: UserGetter) -> None:
    _, clear = ApiToken.issue(user("office"), "ci")
    response = Client().get("/api/v1/plan", HTTP_AUTHORIZATION=f"Bearer {clear}x")
    assert response.status_code == 401


def test_token_of_deactivated_user_gets_401(user: UserGetter) -> None:
    owner = user("leader")
    _, clear = ApiToken.issue(owner, "ci")
    owner.is_active = False
    owner.save()
    assert Client().get("/api/v1/plan", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 401


def test_enterprise_user_gets_403_on_tasks(client_as: ClientFactory) -> None:
    assert client_as("enterprise").get("/api/v1/tasks").status_code == 403


def test_enterprise_token_gets_403_on_tasks(user: UserGetter) -> None:
    _, clear = ApiToken.issue(user("enterprise"), "erp")
    response = Client().get("/api/v1/tasks", HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert response.status_code == 403
