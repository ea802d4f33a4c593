"""The idle timeout: a session ends after the idle time without a request, and each request renews it."""

from __future__ import annotations

from django.conf import settings

from tests.conftest import ClientFactory


def test_idle_timeout_is_thirty_minutes_and_sliding() -> None:
    assert settings.CARBONPEAK_SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_each_request_renews_the_session(client_as: ClientFactory) -> None:
    client = client_as("eco")
    response = client.get("/plan/tasks/")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE


def test_an_expired_session_is_sent_to_login(client_as: ClientFactory) -> None:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = client_as("eco")
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=timezone.now())
    response = client.get("/plan/tasks/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
