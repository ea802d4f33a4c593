"""Pages of the "两高一低" register: the list with filters, the summary by town and industry,
deviation alerts, and one entry with its actual energy (post-evaluation)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from carbonpeak.people.permissions import Permission, can, require
from carbonpeak.review import register
from carbonpeak.review.intake import ReviewInputError
from carbonpeak.review.models import Disposal, RegisterEntry, RegisterStatus
from carbonpeak.review.towns import known_towns


@require_GET
@login_required
@require(Permission.VIEW_REVIEW)
def register_list(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip() for k in register.FILTERS}
    rows = list(register.entries(filters))
    listed = known_towns()
    towns = sorted(set(RegisterEntry.objects.values_list("town", flat=True)),
                   key=lambda t: (listed.index(t) if t in listed else len(listed), t))
    return render(request, "review/register.html", {
        "rows": [{"entry": e, "deviation": e.latest_deviation(), "actual": e.latest_actual()} for e in rows],
        "summary": register.summary(rows), "alerts": register.alerts(rows), "filters": filters,
        "statuses": RegisterStatus.choices, "disposals": Disposal.choices, "towns": towns,
    })


def _current(entry: RegisterEntry) -> dict[str, str]:
    """The entry's editable fields as the form shows them."""
    out = {}
    for field in register.EDITABLE:
        value = getattr(entry, field)
        if value is None:
            out[field] = ""
        elif isinstance(value, float):
            out[field] = f"{value:g}"
        elif isinstance(value, dt.date):
            out[field] = value.isoformat()
        else:
            out[field] = str(value)
    return out


def _entry_page(request: HttpRequest, entry: RegisterEntry, errors: dict[str, list[str]] | None = None,
                values: dict[str, str] | None = None, actual: dict[str, str] | None = None) -> HttpResponse:
    return render(request, "review/register_entry.html", {
        "entry": entry, "deviation": entry.latest_deviation(), "actuals": entry.actuals.order_by("-year"),
        "statuses": RegisterStatus.choices, "disposals": Disposal.choices,
        "errors": errors or {}, "form": values or _current(entry), "actual": actual or {},
        "can_edit": can(request.user, Permission.REVIEW_PROJECTS),
    })


@require_GET
@login_required
@require(Permission.VIEW_REVIEW)
def register_entry(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_page(request, get_object_or_404(RegisterEntry, pk=pk))


def _errors(exc: ReviewInputError) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for issue in exc.issues:
        out.setdefault(issue.field, []).append(issue.reason)
    return out


@require_POST
@login_required
@require(Permission.REVIEW_PROJECTS)
def register_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(RegisterEntry, pk=pk)
    values = {k: request.POST.get(k, "") for k in register.EDITABLE}
    try:
        register.update_entry(entry, values, user=request.user, actor_label=request.user.get_username())
    except ReviewInputError as exc:
        return _entry_page(request, entry, _errors(exc), values)
    messages.success(request, _("Register entry saved."))
    return redirect("review:register_entry", pk=entry.pk)


@require_POST
@login_required
@require(Permission.REVIEW_PROJECTS)
def register_actual(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(RegisterEntry, pk=pk)
    values = {k: request.POST.get(k, "") for k in ("year", "energy_tce", "source")}
    try:
        register.record_actual(entry, **values, user=request.user, actor_label=request.user.get_username())
    except ReviewInputError as exc:
        return _entry_page(request, entry, _errors(exc), actual=values)
    messages.success(request, _("Actual energy recorded."))
    return redirect("review:register_entry", pk=entry.pk)
