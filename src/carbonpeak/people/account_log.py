"""Every login, failed login, lockout, unlock, logout and password change as a change record (安全审计).

The records are change records of the entity ``account``, keyed by the user name (for a failure: the
name that was typed), with the event and the client address in ``after``. The password tried is never
kept: Django hands the failure signal credentials with the password already masked, and only the user
name is read from them.

Tries refused while a lock is on are counted on the lock (the office sees the count on 账号锁定, and the
unlock record keeps it), not recorded one by one. Logins made by code rather than by a person (the test
client's ``force_login``, which builds a bare request with no path) are not records of anyone signing in
and are left out.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from carbonpeak.audit import actors
from carbonpeak.audit.models import ChangeAction, ChangeRecord, stored_actor
from carbonpeak.people.lockout import client_address, lockout_minutes
from carbonpeak.people.models import Profile

ENTITY = "account"
_KEY_LENGTH = 200  # ChangeRecord.entity_key


class AccountEvent(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOCKED_OUT = "locked_out"
    UNLOCKED = "unlocked"
    LOGOUT = "logout"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_SET_BY_OFFICE = "password_set_by_office"
    MUST_CHANGE_PASSWORD = "must_change_password"


# A login opens a session and a logout ends it; everything else changes the account's state.
_ACTIONS = {AccountEvent.LOGIN: ChangeAction.CREATED, AccountEvent.LOGOUT: ChangeAction.DELETED}


def record(event: AccountEvent, username: str, request: HttpRequest | None, *, actor: Any = None,
           actor_label: str | None = None, **details: Any) -> ChangeRecord:
    """Write one account record; `actor` is the user who acted (None: nobody signed in)."""
    after: dict[str, Any] = {"event": event.value, **details}
    if request is not None:
        after.setdefault("ip_address", client_address(request))
    return ChangeRecord.objects.create(
        actor=stored_actor(actor),
        actor_label=actor_label or actors.of_user(actor),
        entity=ENTITY,
        entity_key=str(username)[:_KEY_LENGTH],
        action=_ACTIONS.get(event, ChangeAction.UPDATED),
        after=after,
        reason=event.value.replace("_", " "),
    )


def _by_a_person(request: HttpRequest | None) -> bool:
    return request is not None and bool(getattr(request, "path", ""))


@receiver(user_logged_in, dispatch_uid="carbonpeak.people.account_log.logged_in")
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if not _by_a_person(request):
        return
    record(AccountEvent.LOGIN, user.get_username(), request, actor=user)
    # The password's age is counted from the first login that finds it uncounted.
    Profile.objects.filter(user=user, password_changed__isnull=True).update(password_changed=timezone.now())
    if not settings.CARBONPEAK_DEMO_USERS:
        from carbonpeak.people.demo import require_change_of_demo_password

        if require_change_of_demo_password(user):
            record(AccountEvent.MUST_CHANGE_PASSWORD, user.get_username(), request,
                   actor_label=actors.SYSTEM, cause="demo password on a real installation")


@receiver(user_login_failed, dispatch_uid="carbonpeak.people.account_log.login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                  **kwargs: Any) -> None:
    if not _by_a_person(request) or _already_locked(request):
        return
    username = str(credentials.get("username") or "")  # only the name: never the password field
    record(AccountEvent.LOGIN_FAILED, username, request, actor_label=actors.SYSTEM)


@receiver(user_locked_out, dispatch_uid="carbonpeak.people.account_log.locked_out")
def _locked_out(sender: Any, request: HttpRequest | None, username: str | None = None,
                ip_address: str | None = None, **kwargs: Any) -> None:
    if not _by_a_person(request):
        return
    # django-axes signals a lockout at every failure while locked; the record marks the moment it began.
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None and failures != settings.AXES_FAILURE_LIMIT:
        return
    record(AccountEvent.LOCKED_OUT, username or "", request, actor_label=actors.SYSTEM,
           failures=failures, minutes=lockout_minutes())


def _already_locked(request: HttpRequest | None) -> bool:
    """A try refused because the lock was already on: counted on the lock (账号锁定), not recorded one by one,
    so that hammering a locked login cannot flood the audit trail."""
    failures = getattr(request, "axes_failures_since_start", None)
    return failures is not None and failures > settings.AXES_FAILURE_LIMIT


@receiver(user_logged_out, dispatch_uid="carbonpeak.people.account_log.logged_out")
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if not _by_a_person(request) or user is None:
        return
    record(AccountEvent.LOGOUT, user.get_username(), request, actor=user)
