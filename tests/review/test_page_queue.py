"""The review queue and the navigation: the office and leaders see the queue; other roles are taken
to the instant assessment."""

from __future__ import annotations

import pytest

from carbonpeak.review.services import record_decision
from tests.conftest import ClientFactory, UserGetter
from tests.review.support import stored_project


def test_queue_lists_pending_projects_first(client_as: ClientFactory, user: UserGetter) -> None:
    decided = stored_project(user, name="已审项目")
    record_decision(decided, opinion="approve", reasons="符合要求", actor_label="office")
    pending = stored_project(user, name="待审项目")
    later = stored_project(user, name="新报项目")
    response = client_as("office").get("/review/")
    assert response.status_code == 200
    assert [r.project.pk for r in response.context["rows"]] == [later.pk, pending.pk, decided.pk]
    filtered = client_as("leader").get("/review/?status=approve")
    assert [r.project.pk for r in filtered.context["rows"]] == [decided.pk]


@pytest.mark.parametrize("username", ["eco", "enterprise"])
def test_other_roles_are_taken_to_the_instant_assessment(client_as: ClientFactory, username: str) -> None:
    response = client_as(username).get("/review/")
    assert response.status_code == 302 and response["Location"] == "/review/assess/"


@pytest.mark.parametrize("username", ["office", "leader", "eco", "enterprise"])
def test_navigation_links_to_project_review(client_as: ClientFactory, username: str) -> None:
    # Every page of the room lights its one navigation item, the intake form included.
    items = client_as(username, "en").get("/review/assess/").context["nav_items"]
    review = [i for i in items if str(i["label"]) == "Project review"]
    assert [{key: item[key] for key in ("label", "url", "active")} for item in review] == [
        {"label": review[0]["label"], "url": "/review/", "active": True}]


@pytest.mark.parametrize(("username", "status"), [("office", 200), ("leader", 200), ("eco", 403),
                                                  ("enterprise", 403)])
def test_register_page_access(client_as: ClientFactory, username: str, status: int) -> None:
    assert client_as(username).get("/review/register/").status_code == status
