"""The office's 接口令牌 page: only the office lists, issues and revokes users' API tokens; a token is
shown once and stored as its digest; bad input names the field and stores nothing; each step is recorded."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.people import tokens
from carbonpeak.people.models import ApiToken
from tests.conftest import ClientFactory, UserGetter

PAGE = "/accounts/tokens/"
ISSUE = "/accounts/tokens/issue"
NOT_THE_OFFICE = ["eco", "greening", "fengjing", "enterprise", "leader"]


def _revoke_url(token: ApiToken) -> str:
    return f"/accounts/tokens/{token.pk}/revoke"


def _records() -> int:
    return ChangeRecord.objects.filter(entity=tokens.AUDIT_ENTITY).count()


def _tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


@pytest.fixture
def a_token(user: UserGetter) -> ApiToken:
    token, _clear = tokens.issue(tokens.IssueRequest("eco", "nightly sync"), by=None, actor_label="tests")
    return token


# --- who may -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", NOT_THE_OFFICE)
def test_only_the_office_sees_issues_and_revokes(client_as: ClientFactory, a_token: ApiToken,
                                                 username: str) -> None:
    client = client_as(username)
    records = _records()
    assert client.get(PAGE).status_code == 403
    assert client.post(ISSUE, {"user": username, "name": "mine"}).status_code == 403
    assert client.get(_revoke_url(a_token)).status_code == 403
    assert client.post(_revoke_url(a_token)).status_code == 403
    assert ApiToken.objects.count() == 1
    a_token.refresh_from_db()
    assert a_token.revoked is None
    assert _records() == records
    assert 'href="/accounts/tokens/"' not in client.get("/").content.decode()  # not in their navigation


def test_anonymous_is_sent_to_log_in_and_changes_nothing(client_as: ClientFactory, a_token: ApiToken) -> None:
    client = client_as(None)
    for response in (client.get(PAGE), client.post(ISSUE, {"user": "eco", "name": "x"}),
                     client.get(_revoke_url(a_token)), client.post(_revoke_url(a_token))):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert ApiToken.objects.count() == 1
    a_token.refresh_from_db()
    assert a_token.revoked is None


def test_the_office_finds_the_page_in_its_navigation(client_as: ClientFactory) -> None:
    page = client_as("office").get("/").content.decode()
    assert 'href="/accounts/tokens/"' in page and "接口令牌" in page


# --- issue: shown once, digest only --------------------------------------------------------------------


def test_the_office_issues_a_token_shown_once(client_as: ClientFactory, user: UserGetter) -> None:
    client = client_as("office")
    response = client.post(ISSUE, {"user": "eco", "name": "统计局同步", "expires": _tomorrow()})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    clear = response.context["clear"]
    assert clear.startswith("cp_") and clear in response.content.decode()
    assert "仅显示一次" in response.content.decode()

    token = ApiToken.objects.get()
    assert token.user == user("eco") and token.name == "统计局同步" and token.created_by == user("office")
    assert token.digest == hashlib.sha256(clear.encode()).hexdigest()
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(clear in str(value) for value in stored.values())  # only the digest, nowhere the token
    assert timezone.localtime(token.expires_at).date().isoformat() == _tomorrow()

    page = client.get(PAGE).content.decode()
    assert f'data-token="{token.pk}"' in page and "统计局同步" in page
    assert clear not in page and token.digest not in page  # never shown again, the digest never


def test_a_token_without_expiry_lives_until_revoked(client_as: ClientFactory) -> None:
    response = client_as("office").post(ISSUE, {"user": "leader", "name": "dashboard wall", "expires": ""})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.expires_at is None and tokens.state_of(token, timezone.now()) is tokens.TokenState.LIVE


def test_the_list_shows_each_token_and_its_state_never_the_digest(client_as: ClientFactory,
                                                                  a_token: ApiToken) -> None:
    gone = tokens.revoke(tokens.issue(tokens.IssueRequest("leader", "old"), by=None, actor_label="tests")[0].pk,
                         by=None, actor_label="tests")
    expired, _ = ApiToken.issue(a_token.user, "last year", expires_at=timezone.now() - dt.timedelta(days=1))
    ApiToken.objects.filter(pk=a_token.pk).update(last_used=timezone.now())
    page = client_as("office").get(PAGE).content.decode()
    assert f'data-token="{a_token.pk}" data-state="live"' in page
    assert f'data-token="{gone.pk}" data-state="revoked"' in page
    assert f'data-token="{expired.pk}" data-state="expired"' in page
    assert "已吊销" in page and "已过期" in page and "nightly sync" in page
    for token in ApiToken.objects.all():
        assert token.digest not in page
    assert f'href="{_revoke_url(gone)}"' not in page and f'href="{_revoke_url(a_token)}"' in page


def test_issuing_is_recorded(client_as: ClientFactory, user: UserGetter) -> None:
    client_as("office").post(ISSUE, {"user": "eco", "name": "ci", "expires": _tomorrow()})
    token = ApiToken.objects.get()
    record = ChangeRecord.objects.get(entity=tokens.AUDIT_ENTITY, entity_key=str(token.pk))
    assert record.action == "created" and record.actor == user("office") and record.actor_label == "office"
    assert record.before == {} and record.after == {"user": "eco", "name": "ci", "expires": _tomorrow()}
    assert token.digest not in str(record.after)


# --- bad input: the field named, nothing stored ----------------------------------------------------------


@pytest.mark.parametrize(("form", "field", "reason"), [
    ({"user": "eco", "name": "ci", "expires": "2020-01-01"}, "expires", "失效日期须晚于今天"),
    ({"user": "eco", "name": "ci", "expires": "today"}, "expires", "失效日期格式应为 YYYY-MM-DD"),
    ({"user": "eco", "name": "ci", "expires": "2026-02-30"}, "expires", "失效日期格式应为 YYYY-MM-DD"),
    ({"user": "eco", "name": "ci", "expires": "9999-01-01"}, "expires", "失效日期不能晚于"),
    ({"user": "nobody", "name": "ci"}, "user", "没有该用户"),
    ({"user": "", "name": "ci"}, "user", "请选择令牌所属用户"),
    ({"user": "x" * 5000, "name": "ci"}, "user", "没有该用户"),
    ({"user": "eco", "name": ""}, "name", "请填写令牌名称"),
    ({"user": "eco", "name": "   "}, "name", "请填写令牌名称"),
    ({"user": "eco", "name": "n" * 101}, "name", "名称不能超过 100 个字符"),
])
def test_bad_input_names_the_field_and_stores_nothing(client_as: ClientFactory, form: dict[str, str], field: str,
                                                      reason: str) -> None:
    records = _records()
    response = client_as("office").post(ISSUE, form)
    assert response.status_code == 400
    assert set(response.context["errors"]) == {field}
    assert f'data-field="{field}"' in response.content.decode() and reason in response.content.decode()
    assert not ApiToken.objects.exists() and _records() == records


def test_the_expiry_day_cannot_be_today(client_as: ClientFactory) -> None:
    response = client_as("office").post(ISSUE, {"user": "eco", "name": "ci",
                                                "expires": timezone.localdate().isoformat()})
    assert response.status_code == 400 and set(response.context["errors"]) == {"expires"}
    assert not ApiToken.objects.exists()


def test_every_bad_field_is_named_at_once_in_english(client_as: ClientFactory) -> None:
    response = client_as("office", "en").post(ISSUE, {"user": "ghost", "name": "", "expires": "2001-01-01"})
    assert response.status_code == 400
    assert set(response.context["errors"]) == {"user", "name", "expires"}
    page = response.content.decode()
    assert "no such active user: ghost" in page and "give the token a name" in page and "after today" in page


def test_a_deactivated_user_gets_no_token(client_as: ClientFactory, user: UserGetter) -> None:
    leader = user("leader")
    leader.is_active = False
    leader.save()
    response = client_as("office").post(ISSUE, {"user": "leader", "name": "ci"})
    assert response.status_code == 400 and set(response.context["errors"]) == {"user"}
    assert not ApiToken.objects.exists()


# --- revoke, after a confirmation ------------------------------------------------------------------------


def test_revoking_asks_first_then_revokes_and_records(client_as: ClientFactory, a_token: ApiToken,
                                                      user: UserGetter) -> None:
    client = client_as("office")
    confirm = client.get(_revoke_url(a_token))
    assert confirm.status_code == 200
    assert "nightly sync" in confirm.content.decode() and 'id="confirm-revoke"' in confirm.content.decode()
    a_token.refresh_from_db()
    assert a_token.revoked is None  # asking is not revoking

    response = client.post(_revoke_url(a_token), follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    assert "已吊销" in response.content.decode()
    a_token.refresh_from_db()
    assert a_token.revoked is not None
    record = ChangeRecord.objects.filter(entity=tokens.AUDIT_ENTITY, entity_key=str(a_token.pk)).order_by("seq").last()
    assert record is not None and record.action == "updated" and record.actor == user("office")
    assert record.before == {"revoked": None} and record.after == {"revoked": a_token.revoked.isoformat()}


def test_revoking_twice_is_refused_without_a_second_record(client_as: ClientFactory, a_token: ApiToken) -> None:
    client = client_as("office")
    client.post(_revoke_url(a_token))
    records = _records()
    response = client.post(_revoke_url(a_token), follow=True)
    assert "令牌已吊销" in response.content.decode()
    assert _records() == records
    assert 'id="confirm-revoke"' not in client.get(_revoke_url(a_token)).content.decode()


def test_revoking_an_unknown_token_is_404(client_as: ClientFactory) -> None:
    client = client_as("office")
    assert client.get("/accounts/tokens/999999/revoke").status_code == 404
    assert client.post("/accounts/tokens/999999/revoke").status_code == 404


def test_a_revoked_token_stays_listed_and_refused(client_as: ClientFactory, user: UserGetter) -> None:
    client = client_as("office")
    clear = client.post(ISSUE, {"user": "office", "name": "ci"}).context["clear"]
    token = ApiToken.objects.get()
    assert Client().get("/api/v1/plan", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 200
    client.post(_revoke_url(token))
    assert Client().get("/api/v1/plan", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 401
    assert f'data-token="{token.pk}" data-state="revoked"' in client.get(PAGE).content.decode()
