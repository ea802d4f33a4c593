"""Sessions (caching/sessions.py): a request that changes nothing writes the session row at most once a minute,
and the session keeps its security properties — the idle timeout still slides, logging out ends the session
on the server (its cookie no longer signs anyone in), and a password change ends the user's other sessions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carbonpeak.caching import sessions
from carbonpeak.people.demo import DEMO_PASSWORD
from tests.conftest import ClientFactory

PAGE = "/accounts/password/"  # a page that is never kept, so each request runs the whole stack


def _session_writes(client: Client, path: str = PAGE) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(1 for q in queries.captured_queries
               if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"])


def _stored_expiry(client: Client) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_settings_use_the_store() -> None:
    assert settings.SESSION_ENGINE == "carbonpeak.caching.sessions"
    assert settings.SESSION_SAVE_EVERY_REQUEST  # the cookie is renewed on every answer


def test_a_request_within_the_minute_writes_no_session_row(client_as: ClientFactory) -> None:
    client = client_as("eco")
    client.get(PAGE)
    before = _stored_expiry(client)
    assert _session_writes(client) == 0
    assert _stored_expiry(client) == before
    response = client.get(PAGE)
    assert int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == settings.SESSION_COOKIE_AGE


def test_a_lagging_expiry_is_renewed_by_the_next_request(client_as: ClientFactory) -> None:
    client = client_as("eco")
    lagging = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE) - sessions.RENEW_AFTER * 2
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=lagging)
    assert _session_writes(client) == 1
    renewed = _stored_expiry(client)
    assert renewed > lagging + sessions.RENEW_AFTER
    assert abs((renewed - timezone.now()).total_seconds() - settings.SESSION_COOKIE_AGE) < 30


def test_a_changed_session_is_written_at_once(db: None) -> None:
    store = sessions.SessionStore()
    store["step"] = 1
    store.create()
    again = sessions.SessionStore(store.session_key)
    assert again["step"] == 1
    again["step"] = 2  # a change within the minute is written all the same
    again.save()
    assert sessions.SessionStore(store.session_key)["step"] == 2


def test_logging_out_ends_the_session_on_the_server(user: object) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username="eco"))
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(PAGE).status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=stolen).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = replay.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_password_change_ends_the_other_sessions(user: object) -> None:
    here, elsewhere = Client(), Client()
    here.force_login(get_user_model().objects.get(username="eco"))
    elsewhere.force_login(get_user_model().objects.get(username="eco"))
    assert elsewhere.get(PAGE).status_code == 200
    new = "Tide-Harbour-58"
    changed = here.post(PAGE, {"old_password": DEMO_PASSWORD, "new_password1": new, "new_password2": new})
    assert changed.status_code == 302
    assert here.get(PAGE).status_code == 200  # the one who changed it stays signed in
    response = elsewhere.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert get_user_model().objects.get(username="eco").check_password(new)


def test_an_idle_session_ends(client_as: ClientFactory) -> None:
    client = client_as("eco")
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=timezone.now())
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
