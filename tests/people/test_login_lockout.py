"""Lockout after repeated failed logins, per user name and per client address; the office unlocks."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.people.demo import DEMO_PASSWORD
from tests.conftest import ClientFactory

LOGIN = "/accounts/login/"
LIMIT = settings.AXES_FAILURE_LIMIT


def _fail(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "not-the-password"})


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_right_password_is_refused_once_the_account_is_locked(client_as: ClientFactory) -> None:
    client = client_as(None)
    _fail(client, "eco", LIMIT)
    response = client.post(LOGIN, {"username": "eco", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert 'data-testid="locked-out"' in response.content.decode()
    assert "已被锁定" in response.content.decode()
    assert not _logged_in(client)


def test_one_failure_short_of_the_limit_still_logs_in(client_as: ClientFactory) -> None:
    client = client_as(None)
    _fail(client, "eco", LIMIT - 1)
    response = client.post(LOGIN, {"username": "eco", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert _logged_in(client)


def test_account_is_locked_from_every_address(client_as: ClientFactory) -> None:
    _fail(Client(REMOTE_ADDR="10.0.0.1"), "eco", LIMIT)
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post(LOGIN, {"username": "eco", "password": DEMO_PASSWORD}).status_code == 429
    # Another account from that other address is not affected.
    assert other.post(LOGIN, {"username": "greening", "password": DEMO_PASSWORD}).status_code == 302


def test_address_trying_many_names_is_locked_for_every_name(client_as: ClientFactory) -> None:
    client = Client(REMOTE_ADDR="10.0.0.9")
    for n in range(LIMIT):
        client.post(LOGIN, {"username": f"guess{n}", "password": "x"})
    assert client.post(LOGIN, {"username": "leader", "password": DEMO_PASSWORD}).status_code == 429
    assert Client(REMOTE_ADDR="10.0.0.10").post(
        LOGIN, {"username": "leader", "password": DEMO_PASSWORD}).status_code == 302


def test_lockout_message_in_english_when_the_page_is_in_english(client_as: ClientFactory) -> None:
    client = client_as(None, language="en")
    _fail(client, "eco", LIMIT)
    content = client.post(LOGIN, {"username": "eco", "password": DEMO_PASSWORD}).content.decode()
    assert "Too many failed logins" in content
    assert "锁定" not in content


def test_office_sees_locked_name_and_address_and_unlocks_them(client_as: ClientFactory) -> None:
    attacker = Client(REMOTE_ADDR="10.1.2.3")
    _fail(attacker, "eco", LIMIT)
    office = client_as("office")
    page = office.get("/accounts/locks/").content.decode()
    assert 'data-value="eco"' in page
    assert 'data-value="10.1.2.3"' in page

    response = office.post("/accounts/locks/unlock", {"kind": "username", "value": "eco"})
    assert response.status_code == 302
    assert 'data-value="eco"' not in office.get("/accounts/locks/").content.decode()
    record = ChangeRecord.objects.filter(entity="account", entity_key="eco", after__event="unlocked").get()
    assert record.actor_label == "office"
    assert record.after["unlocked"] == "username"
    assert Client(REMOTE_ADDR="10.9.9.9").post(
        LOGIN, {"username": "eco", "password": DEMO_PASSWORD}).status_code == 302


def test_unlocking_the_address_lets_it_log_in_again(client_as: ClientFactory) -> None:
    attacker = Client(REMOTE_ADDR="10.1.2.4")
    for n in range(LIMIT):
        attacker.post(LOGIN, {"username": f"guess{n}", "password": "x"})
    office = client_as("office")
    office.post("/accounts/locks/unlock", {"kind": "ip_address", "value": "10.1.2.4"})
    assert attacker.post(LOGIN, {"username": "leader", "password": DEMO_PASSWORD}).status_code == 302


def test_only_the_office_opens_the_lock_page_and_unlocks(client_as: ClientFactory) -> None:
    for username in ("eco", "leader", "enterprise"):
        client = client_as(username)
        assert client.get("/accounts/locks/").status_code == 403
        assert client.post("/accounts/locks/unlock", {"kind": "username", "value": "eco"}).status_code == 403
    assert client_as(None).get("/accounts/locks/").status_code == 302


def test_unlock_without_a_target_is_refused(client_as: ClientFactory) -> None:
    office = client_as("office")
    assert office.post("/accounts/locks/unlock", {"kind": "everything", "value": "eco"}).status_code == 400
    assert office.post("/accounts/locks/unlock", {"kind": "username", "value": ""}).status_code == 400
    assert office.get("/accounts/locks/unlock").status_code == 405


def test_api_token_still_works_while_the_account_is_locked(client_as: ClientFactory, user: object) -> None:
    from carbonpeak.people.models import ApiToken

    _fail(client_as(None), "eco", LIMIT)
    _, clear = ApiToken.issue(user("eco"), "script")  # type: ignore[operator]
    response = Client().get("/api/v1/plan", HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert response.status_code == 200


def test_admin_login_counts_towards_the_same_lockout(client_as: ClientFactory) -> None:
    client = client_as(None)
    for _ in range(LIMIT):
        client.post("/admin/login/", {"username": "office", "password": "not-the-password"})
    response = client.post(LOGIN, {"username": "office", "password": DEMO_PASSWORD})
    assert response.status_code == 429


def test_lockout_can_be_switched_off(client_as: ClientFactory) -> None:
    from django.test import override_settings

    with override_settings(AXES_ENABLED=False):
        client = client_as(None)
        _fail(client, "eco", LIMIT + 2)
        assert client.post(LOGIN, {"username": "eco", "password": DEMO_PASSWORD}).status_code == 302


def test_lockout_without_a_time_lasts_until_the_office_unlocks(client_as: ClientFactory) -> None:
    from django.test import override_settings

    with override_settings(AXES_COOLOFF_TIME=None):
        client = client_as(None)
        _fail(client, "eco", LIMIT)
        content = client.post(LOGIN, {"username": "eco", "password": DEMO_PASSWORD}).content.decode()
        assert "须由领导小组办公室解锁" in content
        page = client_as("office").get("/accounts/locks/").content.decode()
        assert "直至解锁" in page
