"""Pages of the "两高一低" register: the list with filters, the summary by town and industry,
deviation alerts, the old monitored-unit texts still to link (未匹配监测单位), and one entry with its
actual energy (post-evaluation) from monitoring or typed. Refused input answers 422 with the form."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from carbonpeak.audit import actors
from carbonpeak.common.issues import reasons_by_field
from carbonpeak.common.problems import is_english
from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.people.permissions import AnyUser, Permission, can, require
from carbonpeak.plan.queries import known_places
from carbonpeak.review import register
from carbonpeak.review.intake import ReviewInputError
from carbonpeak.review.models import Disposal, RegisterEntry, RegisterStatus

UNPROCESSABLE = 422


def unit_link(user: AnyUser, entry: RegisterEntry) -> str | None:
    """The linked unit's monitoring page, only for a viewer who may open it."""
    unit = entry.monitored_unit
    if unit is None or not can(user, Permission.VIEW_UNIT_DATA, unit):
        return None
    return reverse("monitoring:unit_detail", args=[unit.code])


def _unit_choices() -> list[tuple[str, str]]:
    return list(KeyUnit.objects.order_by("code").values_list("code", "name"))


@require_GET
@login_required
@require(Permission.VIEW_REVIEW)
def register_list(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip() for k in register.FILTERS}
    rows = list(register.entries(filters))
    return render(request, "review/register.html", _list_context(request, rows, filters))


def _list_context(request: HttpRequest, rows: list[RegisterEntry], filters: dict[str, str]) -> dict[str, object]:
    places = known_places()
    listed, english = places.names(), is_english(get_language())
    stored = sorted(set(RegisterEntry.objects.values_list("town", flat=True)),
                    key=lambda t: (listed.index(t) if t in listed else len(listed), t))
    towns = [(t, place.named(english) if (place := places.find(t)) else t) for t in stored]  # (value, label)
    can_edit = can(request.user, Permission.REVIEW_PROJECTS)
    return {
        "rows": [{"entry": e, "deviation": e.latest_deviation(), "actual": e.latest_actual(),
                  "unit_url": unit_link(request.user, e)} for e in rows],
        "summary": register.summary(rows), "alerts": register.alerts(rows), "filters": filters,
        "statuses": RegisterStatus.choices, "disposals": Disposal.choices, "towns": towns,
        "places": places,  # the rows' towns in the reader's language ({% place %}) from this one lookup
        "unmatched": register.unmatched(rows), "can_edit": can_edit,
        "units": _unit_choices() if can_edit else [],
    }


def _current(entry: RegisterEntry) -> dict[str, str]:
    """The entry's editable fields as the form shows them."""
    out = {}
    for field in register.EDITABLE:
        value = entry.unit_code if field == "monitored_unit" else getattr(entry, field)
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
    can_edit = can(request.user, Permission.REVIEW_PROJECTS)
    return render(request, "review/register_entry.html", {
        "entry": entry, "deviation": entry.latest_deviation(), "actuals": entry.actuals.order_by("-year"),
        "statuses": RegisterStatus.choices, "disposals": Disposal.choices,
        "errors": errors or {}, "form": values or _current(entry), "actual": actual or {},
        "can_edit": can_edit, "unit_url": unit_link(request.user, entry),
        "units": _unit_choices() if can_edit else [],
    }, status=UNPROCESSABLE if errors else 200)


@require_GET
@login_required
@require(Permission.VIEW_REVIEW)
def register_entry(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_page(request, get_object_or_404(RegisterEntry, pk=pk))


@require_POST
@login_required
@require(Permission.REVIEW_PROJECTS)
def register_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(RegisterEntry, pk=pk)
    values = {k: request.POST.get(k, "") for k in register.EDITABLE}
    try:
        register.update_entry(entry, values, user=request.user, actor_label=actors.of_request(request))
    except ReviewInputError as exc:
        return _entry_page(request, entry, reasons_by_field(exc.issues), values)
    messages.success(request, _("Register entry saved."))
    return redirect("review:register_entry", pk=entry.pk)


@require_POST
@login_required
@require(Permission.REVIEW_PROJECTS)
def register_actual(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(RegisterEntry, pk=pk)
    values = {k: request.POST.get(k, "") for k in ("year", "energy_tce", "source")}
    try:
        register.record_actual(entry, **values, user=request.user, actor_label=actors.of_request(request))
    except ReviewInputError as exc:
        return _entry_page(request, entry, reasons_by_field(exc.issues), actual=values)
    messages.success(request, _("Actual energy recorded."))
    return redirect("review:register_entry", pk=entry.pk)


@require_POST
@login_required
@require(Permission.REVIEW_PROJECTS)
def register_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link an entry listed as unmatched to a key unit, from the register page."""
    entry = get_object_or_404(RegisterEntry, pk=pk)
    code = request.POST.get("monitored_unit", "")
    try:
        register.link_unit(entry, code, user=request.user, actor_label=actors.of_request(request))
    except ReviewInputError as exc:
        for issue in exc.issues:
            messages.error(request, f"{entry.name} · {issue.field}: {issue.reason}")
        rows = list(register.entries())
        return render(request, "review/register.html", _list_context(request, rows, {}), status=UNPROCESSABLE)
    messages.success(request, _("Monitored unit linked."))
    return redirect("review:register")
