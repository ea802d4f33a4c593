"""Unit tokens (单位接入令牌): bearer tokens with which a unit's devices send readings.

A token may write its own unit's meters and nothing else. It is shown once, when issued; only its
SHA-256 is stored. Issuing and revoking are audited (ChangeRecord, entity `monitoring.unit_token`).
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from carbonpeak.audit.models import ChangeAction, ChangeRecord, stored_actor
from carbonpeak.monitoring.models import KeyUnit, UnitToken
from carbonpeak.people.permissions import AnyUser

PREFIX = "cpu_"  # tells a unit token from a user's API token (cp_…)
AUDIT_ENTITY = "monitoring.unit_token"


class TokenError(ValueError):
    """A token request refused, with the reason in Chinese and English."""


@transaction.atomic
def issue(unit: KeyUnit, name: str, *, user: AnyUser | None = None, actor_label: str) -> tuple[UnitToken, str]:
    """A new token for the unit; the clear text is returned once and never stored."""
    name = name.strip()
    if not name:
        raise TokenError("令牌须有名称 / a token needs a name")
    if len(name) > 100:
        raise TokenError("名称不能超过 100 字 / the name is at most 100 characters")
    clear = PREFIX + secrets.token_urlsafe(32)
    token = UnitToken.objects.create(unit=unit, name=name, digest=UnitToken.digest_of(clear),
                                     created_by=stored_actor(user))
    ChangeRecord.objects.create(actor=stored_actor(user), actor_label=actor_label, entity=AUDIT_ENTITY,
                                entity_key=str(token.pk), action=ChangeAction.CREATED, before={},
                                after={"unit": unit.code, "name": name}, reason="token issued")
    return token, clear


@transaction.atomic
def revoke(token: UnitToken, *, user: AnyUser | None = None, actor_label: str) -> UnitToken:
    """Refuse the token from now on (it is kept, revoked, for the record)."""
    token = UnitToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked is not None:
        raise TokenError("令牌已吊销 / the token is already revoked")
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])
    ChangeRecord.objects.create(actor=stored_actor(user), actor_label=actor_label, entity=AUDIT_ENTITY,
                                entity_key=str(token.pk), action=ChangeAction.UPDATED, before={"revoked": None},
                                after={"revoked": token.revoked.isoformat()}, reason="token revoked")
    return token


def authenticate(clear: str) -> UnitToken | None:
    """The live token with this text (its unit active), noting when it was last used; None otherwise."""
    if not clear.startswith(PREFIX):
        return None
    token = (UnitToken.objects.select_related("unit").filter(digest=UnitToken.digest_of(clear), revoked__isnull=True)
             .first())
    if token is None or not token.unit.active:
        return None
    now = timezone.now()
    if token.last_used is None or (now - token.last_used).total_seconds() > 60:
        UnitToken.objects.filter(pk=token.pk).update(last_used=now)  # at most once a minute per token
    return token
