"""Device tokens on a unit's page: the office issues one (shown once) and revokes it."""

from __future__ import annotations

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.monitoring.models import UnitToken
from carbonpeak.monitoring.registry import tokens
from tests.conftest import ClientFactory
from tests.monitoring.pages.support import FACTORY, District

ISSUE = f"/monitoring/units/{FACTORY}/tokens"


def test_the_office_issues_a_token_shown_once(client_as: ClientFactory, district: District) -> None:
    client = client_as("office", "en")
    response = client.post(ISSUE, {"name": "gateway 1"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    clear = response.context["clear"]
    assert clear.startswith(tokens.PREFIX) and clear in response.content.decode()
    token = UnitToken.objects.get(unit=district.factory)
    assert token.name == "gateway 1" and token.digest == UnitToken.digest_of(clear)
    assert tokens.authenticate(clear) == token
    page = client.get(f"/monitoring/units/{FACTORY}/").content.decode()
    assert f'data-token="{token.pk}"' in page and clear not in page  # never shown again
    assert ChangeRecord.objects.filter(entity=tokens.AUDIT_ENTITY, entity_key=str(token.pk)).exists()


def test_a_token_needs_a_name(client_as: ClientFactory, district: District) -> None:
    response = client_as("office", "en").post(ISSUE, {"name": "  "})
    assert response.status_code == 200
    assert set(response.context["token_errors"]) == {"name"}
    assert "a token needs a name" in response.content.decode()
    assert not UnitToken.objects.exists()


def test_the_office_revokes_a_token(client_as: ClientFactory, district: District) -> None:
    token, clear = tokens.issue(district.factory, "old gateway", actor_label="tests")
    client = client_as("office", "en")
    response = client.post(f"/monitoring/tokens/{token.pk}/revoke")
    assert response.status_code == 302 and response["Location"] == f"/monitoring/units/{FACTORY}/"
    token.refresh_from_db()
    assert token.revoked is not None and tokens.authenticate(clear) is None
    again = client.post(f"/monitoring/tokens/{token.pk}/revoke", follow=True)
    assert "already revoked" in again.content.decode()


@pytest.mark.parametrize("username", ["leader", "eco", "enterprise"])
def test_only_the_office_handles_tokens(client_as: ClientFactory, district: District, username: str) -> None:
    token, _clear = tokens.issue(district.factory, "gw", actor_label="tests")
    client = client_as(username)
    assert client.post(ISSUE, {"name": "mine"}).status_code == 403
    assert client.post(f"/monitoring/tokens/{token.pk}/revoke").status_code == 403
    token.refresh_from_db()
    assert token.revoked is None and UnitToken.objects.count() == 1


def test_anonymous_cannot_issue(client_as: ClientFactory, district: District) -> None:
    assert client_as(None).post(ISSUE, {"name": "x"}).status_code == 302
    assert not UnitToken.objects.exists()
