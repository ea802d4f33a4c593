"""Every login, failed login, lockout and logout is a change record; the password tried never is."""

from __future__ import annotations

import json

from django.conf import settings
from django.test import Client

from carbonpeak.audit.models import ChangeAction, ChangeRecord
from carbonpeak.people.demo import DEMO_PASSWORD
from tests.conftest import ClientFactory

LOGIN = "/accounts/login/"
SECRET_TRY = "Wr0ng-secret-try"


def _events(key: str) -> list[str]:
    return list(ChangeRecord.objects.filter(entity="account", entity_key=key).order_by("id")
                .values_list("after__event", flat=True))


def test_login_and_logout_are_recorded_with_the_address(db: None) -> None:
    client = Client(REMOTE_ADDR="192.0.2.7")
    client.post(LOGIN, {"username": "eco", "password": DEMO_PASSWORD})
    client.post("/accounts/logout/")
    assert _events("eco") == ["login", "logout"]
    login, logout = ChangeRecord.objects.filter(entity="account", entity_key="eco").order_by("id")
    assert (login.action, logout.action) == (ChangeAction.CREATED, ChangeAction.DELETED)
    assert login.actor_label == "eco" and login.actor is not None
    assert login.after["ip_address"] == "192.0.2.7"


def test_failures_and_the_lockout_are_recorded_without_the_password(db: None) -> None:
    client = Client(REMOTE_ADDR="192.0.2.8")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(LOGIN, {"username": "greening", "password": SECRET_TRY})
    events = _events("greening")
    # The tries up to the lock one by one, then the moment it began; refused tries after it are only counted.
    assert events.count("login_failed") == settings.AXES_FAILURE_LIMIT
    assert events.count("locked_out") == 1
    stored = json.dumps(list(ChangeRecord.objects.filter(entity="account").values("after", "reason", "entity_key")))
    assert SECRET_TRY not in stored


def test_failure_for_a_name_that_does_not_exist_is_recorded_under_that_name(db: None) -> None:
    Client().post(LOGIN, {"username": "nobody-here", "password": "x"})
    record = ChangeRecord.objects.get(entity="account", entity_key="nobody-here")
    assert record.after["event"] == "login_failed"
    assert record.actor is None and record.actor_label == "system"


def test_logins_made_by_test_code_are_not_records(client_as: ClientFactory) -> None:
    client_as("eco").logout()
    assert _events("eco") == []
