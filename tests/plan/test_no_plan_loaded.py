"""Before a plan is loaded, a page or an API call that needs it answers 404, not 500."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from carbonpeak.plan import queries
from carbonpeak.plan.queries import NoPlanLoaded, current_plan, current_plan_or_none
from tests.conftest import ClientFactory


@pytest.fixture
def no_plan(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # The loaded plan is protected by its actions and tasks; the plan's lookup is told it finds none.
    empty = SimpleNamespace(order_by=lambda *_: SimpleNamespace(first=lambda: None))
    monkeypatch.setattr(queries, "Plan", SimpleNamespace(objects=empty))


def test_current_plan_says_there_is_none(no_plan: None) -> None:
    assert current_plan_or_none() is None
    with pytest.raises(NoPlanLoaded):
        current_plan()


def test_a_page_answers_not_found(no_plan: None, client_as: ClientFactory) -> None:
    assert client_as("office").get("/plan/tasks/").status_code == 404


def test_the_api_answers_not_found(no_plan: None, client_as: ClientFactory) -> None:
    response = client_as("office").get("/api/v1/plan")
    assert response.status_code == 404
    [error] = response.json()["errors"]
    assert error["field"] == "plan" and "carbonpeak setup" in error["reason"]


def test_with_a_plan_the_same_page_and_call_answer(client_as: ClientFactory) -> None:
    assert client_as("office").get("/plan/tasks/").status_code == 200
    assert client_as("office").get("/api/v1/plan").status_code == 200
