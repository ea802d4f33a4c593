"""The office writes to enterprises (区里的通知): one message to one enterprise or to all with key units; the
messages sent, newest first. Enterprises read theirs on their home page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from carbonpeak.audit import actors
from carbonpeak.common.problems import Refused
from carbonpeak.enterprise import notify
from carbonpeak.enterprise.models import EnterpriseNotice
from carbonpeak.enterprise.views import say
from carbonpeak.people.models import Enterprise
from carbonpeak.people.permissions import Permission, require

ALL = "all"


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.REVIEW_FILINGS)
def notices(request: HttpRequest) -> HttpResponse:
    with_units = Enterprise.objects.filter(key_units__active=True).distinct().order_by("name")
    form = {"enterprise": "", "text": "", "text_en": ""}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in form}
        chosen = form["enterprise"]
        targets = list(with_units) if chosen == ALL else list(with_units.filter(pk=chosen)) if chosen.isdigit() else []
        try:
            sent = notify.send_message(targets, form["text"], form["text_en"], request.user, actors.of_request(request))
            messages.success(request, _("Sent to %(n)d enterprises.") % {"n": sent})
            return redirect("enterprise:notices")
        except Refused as exc:
            say(request, exc)
    return render(request, "enterprise/notices.html", {
        "enterprises": with_units, "form": form, "all": ALL,
        "sent": EnterpriseNotice.objects.select_related("enterprise", "unit")[:100],
    })
