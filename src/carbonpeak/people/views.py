"""Account pages: changing one's password (修改密码) and the office's list of locked logins (账号锁定)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carbonpeak.audit import actors
from carbonpeak.people import lockout
from carbonpeak.people.account_log import AccountEvent, record
from carbonpeak.people.middleware import password_change_reason
from carbonpeak.people.models import Profile
from carbonpeak.people.passwords import same_as_old_message
from carbonpeak.people.permissions import Permission, require


class ChangePasswordForm(PasswordChangeForm):
    """Django's form (old password, new twice, the password rules) that also refuses the old one again."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        new = cleaned.get("new_password2")
        if new and "new_password2" not in self.errors and self.user.check_password(new):
            self.add_error("new_password2", forms.ValidationError(same_as_old_message(), code="password_unchanged"))
        return cleaned


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    reason = password_change_reason(request.user)
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            Profile.objects.filter(user=user).update(must_change_password=False, password_changed=timezone.now())
            record(AccountEvent.PASSWORD_CHANGED, user.get_username(), request, actor=user)
        update_session_auth_hash(request, user)  # stay signed in with the new password
        messages.success(request, _("Your password has been changed."))
        return redirect(_next_url(request))
    return render(request, "people/password_change.html", {
        "form": form, "reason": reason, "rules": password_validators_help_texts(),
        "max_age_days": settings.CARBONPEAK_PASSWORD_MAX_AGE_DAYS,
        "next": _next_url(request) if (request.POST.get("next") or request.GET.get("next")) else "",
    }, status=400 if request.method == "POST" else 200)


@require_GET
@login_required
@require(Permission.MANAGE_ACCOUNTS)
def locks(request: HttpRequest) -> HttpResponse:
    usernames, addresses = lockout.current_locks()
    return render(request, "people/locks.html", {
        "usernames": usernames, "addresses": addresses, "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": lockout.lockout_minutes(),
    })


@require_POST
@login_required
@require(Permission.MANAGE_ACCOUNTS)
def unlock(request: HttpRequest) -> HttpResponse:
    kind, value = request.POST.get("kind", ""), request.POST.get("value", "").strip()
    if kind not in ("username", "ip_address") or not value or len(value) > 255:
        return HttpResponseBadRequest(_("Say which user name or address to unlock."))
    with transaction.atomic():
        removed = lockout.unlock(kind, value)
        if removed:
            # Keyed by what was unlocked, a user name or an address; `ip_address` stays the office's own.
            record(AccountEvent.UNLOCKED, value, request, actor=request.user, actor_label=actors.of_request(request),
                   unlocked=kind, failures_cleared=removed)
    if removed:
        messages.success(request, _("Unlocked: %(value)s.") % {"value": value})
    else:
        messages.info(request, _("%(value)s was not locked.") % {"value": value})
    return redirect("people:locks")
