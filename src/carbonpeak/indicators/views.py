"""Pages of the indicators room."""

from __future__ import annotations

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from carbonpeak.people.permissions import Permission, require
from carbonpeak.plan.queries import current_plan


@require_GET
@login_required
@require(Permission.VIEW_INDICATORS)
def indicator_list(request: HttpRequest) -> HttpResponse:
    plan = current_plan()
    indicators = list(
        plan.indicators.select_related("action").prefetch_related("targets", "tasks")
        .order_by("action__number", "id")
    )
    groups = [
        (action.display_name if action else _("Main goals"), list(items))
        for action, items in groupby(indicators, key=lambda i: i.action)
    ]
    return render(request, "indicators/indicator_list.html", {"groups": groups, "count": len(indicators)})
