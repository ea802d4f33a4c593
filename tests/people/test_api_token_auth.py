"""A user's API token at the API's door: refused once expired or revoked (the contract's 401), noted when
used; the admin lists tokens but cannot make, change or delete one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from carbonpeak.people import tokens
from carbonpeak.people.models import ApiToken
from tests.conftest import ClientFactory, UserGetter

API = "/api/v1/plan"


def _call(clear: str) -> tuple[int, object]:
    response = Client().get(API, HTTP_AUTHORIZATION=f"Bearer {clear}")
    return response.status_code, response.json()


REFUSED = {"errors": [{"field": "authorization", "reason": "未登录或令牌无效"}]}


def test_a_token_works_until_its_expiry_then_is_refused(user: UserGetter) -> None:
    token, clear = ApiToken.issue(user("office"), "ci", expires_at=timezone.now() + dt.timedelta(minutes=1))
    assert _call(clear)[0] == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _call(clear) == (401, REFUSED)


def test_a_token_issued_with_an_expiry_day_is_refused_from_that_day(user: UserGetter) -> None:
    # Issued on 2020-01-01 to expire on 2020-06-01: long past now.
    _token, clear = tokens.issue(tokens.IssueRequest("office", "ci", "2020-06-01"), by=None, actor_label="tests",
                                 today=dt.date(2020, 1, 1))
    assert _call(clear) == (401, REFUSED)


def test_the_expiry_is_the_start_of_the_day_in_beijing(user: UserGetter) -> None:
    token, _clear = tokens.issue(tokens.IssueRequest("office", "ci", "2031-03-01"), by=None, actor_label="tests")
    assert token.expires_at == dt.datetime(2031, 2, 28, 16, 0, tzinfo=dt.UTC)


def test_a_revoked_token_is_refused(user: UserGetter) -> None:
    token, clear = tokens.issue(tokens.IssueRequest("eco", "ci"), by=None, actor_label="tests")
    assert _call(clear)[0] == 200
    tokens.revoke(token.pk, by=None, actor_label="tests")
    assert _call(clear) == (401, REFUSED)


def test_the_refusal_speaks_english_when_asked(user: UserGetter) -> None:
    token, clear = tokens.issue(tokens.IssueRequest("eco", "ci"), by=None, actor_label="tests")
    tokens.revoke(token.pk, by=None, actor_label="tests")
    response = Client().get(API, HTTP_AUTHORIZATION=f"Bearer {clear}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json() == {"errors": [{"field": "authorization",
                                           "reason": "not signed in, or the token is not valid"}]}


def test_use_is_noted_at_most_once_a_minute(user: UserGetter) -> None:
    token, clear = tokens.issue(tokens.IssueRequest("eco", "ci"), by=None, actor_label="tests")
    assert token.last_used is None
    _call(clear)
    token.refresh_from_db()
    first = token.last_used
    assert first is not None and timezone.now() - first < dt.timedelta(seconds=10)
    _call(clear)
    token.refresh_from_db()
    assert token.last_used == first


def test_refused_tokens_are_not_noted_as_used(user: UserGetter) -> None:
    token, clear = tokens.issue(tokens.IssueRequest("eco", "ci"), by=None, actor_label="tests")
    tokens.revoke(token.pk, by=None, actor_label="tests")
    _call(clear)
    token.refresh_from_db()
    assert token.last_used is None


# --- the admin: a read-only list -----------------------------------------------------------------------


@pytest.fixture
def admin_client(client_as: ClientFactory, user: UserGetter) -> Client:
    office = user("office")
    office.is_staff = office.is_superuser = True
    office.save()
    return client_as("office")


def test_the_admin_lists_tokens_without_the_digest(admin_client: Client) -> None:
    token, _clear = tokens.issue(tokens.IssueRequest("eco", "erp"), by=None, actor_label="tests")
    listing = admin_client.get("/admin/people/apitoken/")
    assert listing.status_code == 200 and "erp" in listing.content.decode()
    detail = admin_client.get(f"/admin/people/apitoken/{token.pk}/change/")
    assert detail.status_code == 200
    assert token.digest not in listing.content.decode() + detail.content.decode()


def test_the_admin_cannot_add_change_or_delete_a_token(admin_client: Client) -> None:
    token, _clear = tokens.issue(tokens.IssueRequest("eco", "erp"), by=None, actor_label="tests")
    assert admin_client.get("/admin/people/apitoken/add/").status_code == 403
    assert admin_client.post("/admin/people/apitoken/add/", {"user": token.user_id, "name": "x"}).status_code == 403
    admin_client.post(f"/admin/people/apitoken/{token.pk}/change/", {"user": token.user_id, "name": "renamed"})
    assert admin_client.post(f"/admin/people/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code == 403
    token.refresh_from_db()
    assert token.name == "erp" and ApiToken.objects.count() == 1


def test_a_user_with_tokens_is_deactivated_rather_than_deleted_in_the_admin(admin_client: Client,
                                                                          user: UserGetter) -> None:
    # Deleting would delete the tokens, which the admin may not: the user is kept (deactivating them, which
    # also refuses their tokens, is the way; change records keep naming them).
    tokens.issue(tokens.IssueRequest("greening", "erp"), by=None, actor_label="tests")
    greening = user("greening")
    response = admin_client.post(f"/admin/auth/user/{greening.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert ApiToken.objects.filter(user=greening).exists()
    assert type(greening).objects.filter(pk=greening.pk).exists()
