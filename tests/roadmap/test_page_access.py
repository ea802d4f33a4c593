"""Who may open the roadmap pages: the office, leaders and departments read; only the office edits;
enterprises and anonymous users see nothing of the roadmap."""

from __future__ import annotations

import pytest

from tests.conftest import ClientFactory, UserGetter
from tests.roadmap.support import stored_child

READ_PAGES = ["/roadmap/", "/roadmap/s/plan/", "/roadmap/run/?scenario=plan&runs=20",
              "/roadmap/export.csv?scenario=plan", "/roadmap/export.xlsx?scenario=plan"]
EDIT_PAGES = ["/roadmap/new/?parent=plan", "/roadmap/s/plan-more-pv/edit/"]


@pytest.mark.parametrize(("username", "status"), [("office", 200), ("leader", 200), ("eco", 200),
                                                  ("fengjing", 200), ("enterprise", 403)])
@pytest.mark.parametrize("url", READ_PAGES)
def test_who_may_read(client_as: ClientFactory, username: str, status: int, url: str) -> None:
    assert client_as(username).get(url).status_code == status


@pytest.mark.parametrize(("username", "status"), [("office", 200), ("leader", 403), ("eco", 403),
                                                  ("enterprise", 403)])
@pytest.mark.parametrize("url", EDIT_PAGES)
def test_who_may_edit(client_as: ClientFactory, user: UserGetter, username: str, status: int, url: str) -> None:
    stored_child(user)
    assert client_as(username).get(url).status_code == status


@pytest.mark.parametrize("username", ["leader", "eco", "enterprise"])
def test_others_cannot_post(client_as: ClientFactory, user: UserGetter, username: str) -> None:
    stored_child(user)
    client = client_as(username)
    assert client.post("/roadmap/new/", {"id": "x", "name_zh": "x", "parent": "plan"}).status_code == 403
    assert client.post("/roadmap/s/plan-more-pv/delete").status_code == 403
    assert client.post("/roadmap/load-defaults").status_code == 403


@pytest.mark.parametrize("url", [*READ_PAGES, *EDIT_PAGES])
def test_anonymous_is_sent_to_log_in(client_as: ClientFactory, url: str) -> None:
    response = client_as(None).get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("username", "shown"), [("office", True), ("leader", True), ("eco", True),
                                                 ("enterprise", False)])
def test_navigation_shows_the_roadmap(client_as: ClientFactory, username: str, shown: bool) -> None:
    items = client_as(username, "en").get("/plan/").context["nav_items"]
    assert any(i["url"] == "/roadmap/" for i in items) == shown
