"""A user whose password someone else chose, or whose password is too old, opens no page before choosing
a new one (强制修改口令, 定期更换)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from carbonpeak.people.models import Profile


class ChangeReason(StrEnum):
    SET_BY_SOMEONE_ELSE = "set_by_someone_else"
    EXPIRED = "expired"


def password_change_reason(user: object, now: dt.datetime | None = None) -> ChangeReason | None:
    """Why this user must change their password before anything else, or None."""
    profile: Profile | None = getattr(user, "profile", None)
    if profile is None:
        return None
    if profile.must_change_password:
        return ChangeReason.SET_BY_SOMEONE_ELSE
    max_age = settings.CARBONPEAK_PASSWORD_MAX_AGE_DAYS
    if max_age > 0 and profile.password_changed is not None \
            and (now or timezone.now()) - profile.password_changed > dt.timedelta(days=max_age):
        return ChangeReason.EXPIRED
    return None


def must_change_password(user: object) -> bool:
    return password_change_reason(user) is not None


class PasswordChangeRequiredMiddleware:
    """Sends a signed-in user who must change their password to the change page; the API answers 403.

    The change page itself, logging out, switching the language and static files stay open.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._exempt(request.path_info) \
                and must_change_password(user):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"errors": [{"field": "password", "reason": _(
                    "Change your password on the password page before using the API.")}]}, status=403)
            query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
            return HttpResponseRedirect(reverse("people:password_change") + (f"?{query}" if query else ""))
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        open_paths = (reverse("people:password_change"), reverse("logout"), reverse("set_language"),
                      settings.STATIC_URL)
        return path.startswith(open_paths)
