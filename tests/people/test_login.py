"""Logging in to the pages, and pages refusing anonymous visitors."""

from __future__ import annotations

from django.test import Client

from carbonpeak.people.demo import DEMO_PASSWORD
from tests.conftest import ClientFactory

LOGIN = "/accounts/login/"


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_visitor_opens_login_page(client_as: ClientFactory) -> None:
    response = client_as(None).get(LOGIN)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="username"' in content
    assert 'name="password"' in content
    assert 'role="alert"' not in content


def test_wrong_password_shows_error_and_stays_logged_out(client_as: ClientFactory) -> None:
    client = client_as(None)
    response = client.post(LOGIN, {"username": "eco", "password": "not-the-password"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not _logged_in(client)
    assert client.get("/plan/tasks/").status_code == 302


def test_right_password_redirects_home_and_logs_in(client_as: ClientFactory) -> None:
    client = client_as(None)
    response = client.post(LOGIN, {"username": "eco", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _logged_in(client)
    assert client.get("/plan/tasks/").status_code == 200


def test_anonymous_visitor_of_task_list_is_sent_to_login(client_as: ClientFactory) -> None:
    response = client_as(None).get("/plan/tasks/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/plan/tasks/"


def test_anonymous_visitor_of_home_is_sent_to_login(client_as: ClientFactory) -> None:
    response = client_as(None).get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
