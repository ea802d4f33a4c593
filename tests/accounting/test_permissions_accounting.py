"""can() for the accounting permissions, for every demo user and an anonymous visitor."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from carbonpeak.people.permissions import Permission, can
from tests.conftest import UserGetter

P = Permission
T, F = True, False
COLUMNS = (P.VIEW_ACCOUNTING, P.CALCULATE, P.MANAGE_ACCOUNTING)

# Written out by hand: the office does everything; the leader and department users see the
# district's figures and may calculate; an enterprise may only calculate its own figures.
EXPECTED: dict[str | None, tuple[bool, bool, bool]] = {
    #                VIEW  CALC  MANAGE
    "office":       (T,    T,    T),
    "eco":          (T,    T,    F),
    "greening":     (T,    T,    F),
    "fengjing":     (T,    T,    F),
    "leader":       (T,    T,    F),
    "enterprise":   (F,    T,    F),
    None:           (F,    F,    F),
}


@pytest.mark.parametrize("username", list(EXPECTED))
def test_accounting_permissions(user: UserGetter, username: str | None) -> None:
    subject = user(username) if username is not None else AnonymousUser()
    assert tuple(can(subject, permission) for permission in COLUMNS) == EXPECTED[username]


def test_staff_flag_grants_nothing(user: UserGetter) -> None:
    # The permission follows the role, not Django's staff flag.
    leader = user("leader")
    leader.is_staff = True  # type: ignore[attr-defined]
    assert can(leader, P.MANAGE_ACCOUNTING) is False
