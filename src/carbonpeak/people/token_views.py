"""The office's 接口令牌 page: users' API tokens listed, issued (the clear text shown once) and revoked
after a confirmation. The work and its audit records are people/tokens.py's."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carbonpeak.audit import actors
from carbonpeak.common.problems import Refused
from carbonpeak.people import tokens
from carbonpeak.people.permissions import Permission, require
from carbonpeak.people.token_input import NAME_MAX

FIELDS = ("user", "name", "expires")


def _page(request: HttpRequest, values: dict[str, str] | None = None,
          errors: dict[str, list[str]] | None = None, status: int = 200) -> HttpResponse:
    now = timezone.now()
    rows = [{"token": t, "state": tokens.state_of(t, now).value} for t in tokens.listed()]
    users = get_user_model().objects.filter(is_active=True).select_related("profile").order_by("username")
    return render(request, "people/tokens.html", {
        "rows": rows, "users": users, "form": values or {}, "errors": errors or {}, "name_max": NAME_MAX,
        "tomorrow": timezone.localdate() + dt.timedelta(days=1),
    }, status=status)


@require_GET
@login_required
@require(Permission.MANAGE_ACCOUNTS)
def token_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@login_required
@require(Permission.MANAGE_ACCOUNTS)
def token_issue(request: HttpRequest) -> HttpResponse:
    """Issue a token; its clear text is on this response only (never stored, never cached)."""
    values = {field: str(request.POST.get(field, "")) for field in FIELDS}
    asked = tokens.IssueRequest(username=values["user"], name=values["name"], expires=values["expires"])
    try:
        token, clear = tokens.issue(asked, by=request.user, actor_label=actors.of_request(request))
    except Refused as exc:
        errors: dict[str, list[str]] = {}
        for problem in exc.problems():
            errors.setdefault(problem.field, []).append(problem.reason_in(get_language()))
        values["name"] = values["name"][:NAME_MAX * 2]  # shown back, not echoed without bound
        return _page(request, values, errors, status=400)
    response = render(request, "people/token_issued.html", {"token": token, "clear": clear})
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.MANAGE_ACCOUNTS)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation (which token, whose, what stops working); POST: revoke it."""
    token = get_object_or_404(tokens.listed(), pk=pk)
    if request.method == "GET":
        return render(request, "people/token_revoke.html", {
            "token": token, "state": tokens.state_of(token, timezone.now()).value})
    try:
        tokens.revoke(token.pk, by=request.user, actor_label=actors.of_request(request))
    except Refused as exc:
        messages.error(request, "; ".join(p.reason_in(get_language()) for p in exc.problems()))
    else:
        messages.success(request, _("Token “%(name)s” of %(user)s revoked.") % {
            "name": token.name, "user": token.user.get_username()})
    return redirect("people:tokens")

