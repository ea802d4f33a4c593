"""A user whose password someone else chose opens no page before choosing their own (强制修改口令)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from carbonpeak.people.models import Profile


def must_change_password(user: object) -> bool:
    profile: Profile | None = getattr(user, "profile", None)
    return profile is not None and profile.must_change_password


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
