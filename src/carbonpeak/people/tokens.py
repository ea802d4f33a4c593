"""Users' API tokens (接口令牌): issued and revoked by the office, each step an audit record.

A token acts as its user through the API (http/auth.py). Its clear text is returned once, by `issue`,
and never stored: only the SHA-256 digest is kept. A token may carry an expiry day; from the start of
that day (Beijing time) it is refused, as it is once revoked. Revoked and expired tokens are kept, with
their records, so the office's list shows what existed and when it stopped.

The office's page (people/token_views.py) and `carbonpeak tokens` (people/cli.py) both call here; a
ChangeRecord of entity `people.api_token`, keyed by the token's id, names who did what and when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from carbonpeak.audit.models import ChangeAction, ChangeRecord, stored_actor
from carbonpeak.common.problems import InputRefused, NotFound, Problem, WrongState
from carbonpeak.people.models import ApiToken
from carbonpeak.people.permissions import AnyUser
from carbonpeak.people.token_input import check_expiry, check_name, expiry_moment

AUDIT_ENTITY = "people.api_token"
USERNAME_MAX = 150  # Django's user name


class TokenState(StrEnum):
    LIVE = "live"
    EXPIRED = "expired"
    REVOKED = "revoked"


def state_of(token: ApiToken, now: dt.datetime) -> TokenState:
    if token.revoked is not None:
        return TokenState.REVOKED
    return TokenState.LIVE if token.is_live(now) else TokenState.EXPIRED


@dataclass(frozen=True)
class IssueRequest:
    """What the office typed: the user's name, the token's name, the expiry day (YYYY-MM-DD or empty)."""

    username: str
    name: str
    expires: str = ""


def _user_problem(username: str) -> tuple[object | None, Problem | None]:
    username = username.strip()
    if not username:
        return None, Problem("user", "请选择令牌所属用户 / choose the user the token acts as")
    user = get_user_model().objects.filter(username=username[:USERNAME_MAX], is_active=True).first()
    if user is None or len(username) > USERNAME_MAX:
        return None, Problem("user", f"没有该用户（或已停用）：{username[:40]} / no such active user: {username[:40]}")
    return user, None


@transaction.atomic
def issue(request: IssueRequest, *, by: AnyUser | None, actor_label: str,
          today: dt.date | None = None) -> tuple[ApiToken, str]:
    """A new token for the named user; (the token, its clear text, returned this once).

    Every field is checked first and all problems are refused together (InputRefused naming `user`,
    `name`, `expires`); nothing is stored then.
    """
    today = today or timezone.localdate()
    user, user_problem = _user_problem(request.username)
    name, name_problem = check_name(request.name)
    expires, expiry_problem = check_expiry(request.expires, today)
    problems = [p for p in (user_problem, name_problem, expiry_problem) if p is not None]
    if problems:
        raise InputRefused(problems)
    expires_at = expiry_moment(expires) if expires is not None else None
    token, clear = ApiToken.issue(user, name, expires_at=expires_at,  # type: ignore[arg-type]
                                  created_by=stored_actor(by))
    ChangeRecord.objects.create(
        actor=stored_actor(by), actor_label=actor_label, entity=AUDIT_ENTITY, entity_key=str(token.pk),
        action=ChangeAction.CREATED, before={},
        after={"user": token.user.get_username(), "name": name,
               "expires": expires.isoformat() if expires is not None else None},
        reason="api token issued")
    return token, clear


@transaction.atomic
def revoke(token_id: int, *, by: AnyUser | None, actor_label: str) -> ApiToken:
    """Refuse the token from now on; it is kept, revoked, for the record."""
    token = ApiToken.objects.select_for_update().select_related("user").filter(pk=token_id).first()
    if token is None:
        raise NotFound([Problem("id", f"没有该令牌：{token_id} / no such token: {token_id}")])
    if token.revoked is not None:
        raise WrongState([Problem("id", "令牌已吊销 / the token is already revoked")])
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])
    ChangeRecord.objects.create(
        actor=stored_actor(by), actor_label=actor_label, entity=AUDIT_ENTITY, entity_key=str(token.pk),
        action=ChangeAction.UPDATED, before={"revoked": None},
        after={"revoked": token.revoked.isoformat()},
        reason="api token revoked")
    return token


def listed() -> QuerySet[ApiToken]:
    """Every token, newest first, with its user (the digest is never read out of here)."""
    return ApiToken.objects.select_related("user", "user__profile", "created_by").defer("digest")


def _local(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment is not None else None


def as_row(token: ApiToken, now: dt.datetime) -> dict[str, object]:
    """A token as the command's --json and the tests see it (times in Beijing time): never the digest."""
    return {
        "id": token.pk, "user": token.user.get_username(), "name": token.name, "created": _local(token.created),
        "created_by": token.created_by.get_username() if token.created_by is not None else None,
        "expires_at": _local(token.expires_at), "last_used": _local(token.last_used),
        "revoked": _local(token.revoked), "state": state_of(token, now).value,
    }
