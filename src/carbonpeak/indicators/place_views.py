"""Pages of the places (分地区): the office sets a place's target, a place's user enters its own value (both
from the indicator page, which they come back to), a place's evidence file, and the 晴雨表 of places with its
xlsx download."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from carbonpeak.audit import actors
from carbonpeak.http.downloads import XLSX, attachment
from carbonpeak.indicators import place_services
from carbonpeak.indicators.export import places_xlsx
from carbonpeak.indicators.models import PlaceObservation
from carbonpeak.indicators.observations import ObservationInputError
from carbonpeak.indicators.place_evaluation import SEVERITY, Grid, GridRow, grid
from carbonpeak.indicators.place_pages import blank_target_form, blank_value_form, own_place
from carbonpeak.indicators.views import indicator_by_code, render_detail
from carbonpeak.people.permissions import Permission, can, ensure, require
from carbonpeak.plan.queries import current_plan


def _errors(exc: ObservationInputError) -> dict[str, str]:
    out: dict[str, str] = {}
    for issue in exc.issues:
        out[issue.field] = f"{out[issue.field]}；{issue.reason}" if issue.field in out else issue.reason
    return out


@require_POST
@login_required
@require(Permission.MANAGE_INDICATORS)
def place_target(request: HttpRequest, code: str) -> HttpResponse:
    """Set a place's target (a value, or a share of the district's), or remove it (`remove=1`)."""
    indicator = indicator_by_code(code)
    form = {k: request.POST.get(k, "").strip() for k in blank_target_form()}
    label = actors.of_request(request)
    try:
        if request.POST.get("remove") == "1":
            place_services.remove_place_target(indicator, form["place"], form["year"], user=request.user,
                                               actor_label=label)
            messages.success(request, _("Place target removed."))
        else:
            share = form["kind"] == "share"
            place_services.set_place_target(
                indicator, form["place"], form["year"], value=None if share else form["amount"],
                share=form["amount"] if share else None, note=form["note"], user=request.user, actor_label=label)
            messages.success(request, _("Place target saved."))
    except ObservationInputError as exc:
        return render_detail(request, indicator_by_code(code), {"place_target_form": form,
                                                                 "place_target_errors": _errors(exc)})
    return redirect("indicators:indicator_detail", code=indicator.code)


@require_POST
@login_required
@require(Permission.ENTER_PLACE_VALUES)
def place_value(request: HttpRequest, code: str) -> HttpResponse:
    """A place's user enters its own place's value (with an optional evidence file)."""
    indicator = indicator_by_code(code)
    place = own_place(request.user)
    if place is None:
        raise PermissionDenied(Permission.ENTER_PLACE_VALUES.value)
    ensure(request.user, Permission.ENTER_PLACE_VALUES, place)
    values = {k: request.POST.get(k, "").strip() for k in blank_value_form(indicator)}
    try:
        place_services.enter_place_value(indicator, place, dict(values), user=request.user,
                                         actor_label=actors.of_request(request), evidence=request.FILES.get("evidence"))
    except ObservationInputError as exc:
        return render_detail(request, indicator_by_code(code), {"place_values": values, "place_errors": _errors(exc)})
    messages.success(request, _("Saved for %(place)s: %(period)s") % {"place": place.display_name,
                                                                      "period": values["period"]})
    return redirect("indicators:indicator_detail", code=indicator.code)


@require_GET
@login_required
@require(Permission.VIEW_PLACE_VALUES)
def place_evidence(request: HttpRequest, code: str, place: str, period: str) -> FileResponse:
    found = get_object_or_404(PlaceObservation.objects.select_related("place", "indicator"),
                              indicator__plan=current_plan(), indicator__code=code, place__code=place, period=period)
    if not found.evidence:
        raise Http404
    ensure(request.user, Permission.VIEW_EVIDENCE, found)
    try:
        handle = found.evidence.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing from storage")) from exc
    return FileResponse(handle, as_attachment=True, filename=found.evidence.name.rsplit("/", 1)[-1])


def _sorted(g: Grid, key: str, descending: bool) -> list[GridRow]:
    """Rows by place (the district's order), by overall level, or by one indicator's level then shortfall."""
    rank = {level: n for n, level in enumerate(SEVERITY)}
    if key == "level":
        rows = sorted(g.rows, key=lambda r: rank[r.level])
    elif any(i.code == key for i in g.columns):
        def by_cell(r: GridRow) -> tuple[int, float]:
            c = r.cells.get(key)
            if c is None:
                return (len(SEVERITY), 0.0)
            return (rank[c.progress.barometer], -(c.progress.shortfall or 0.0))
        rows = sorted(g.rows, key=by_cell)
    else:
        rows = list(g.rows)
    return rows[::-1] if descending else rows


def _visible_grid(request: HttpRequest) -> Grid:
    g = grid(current_plan(), dt.date.today(), own_place(request.user))
    rows = [r for r in g.rows if can(request.user, Permission.VIEW_PLACE_VALUES, r.place)]
    return Grid(g.columns, rows)


@require_GET
@login_required
@require(Permission.VIEW_PLACE_VALUES)
def places_barometer(request: HttpRequest) -> HttpResponse:
    """分地区晴雨表: places as rows, split indicators as columns, each cell coloured by its level; sortable."""
    g = _visible_grid(request)
    key = request.GET.get("sort", "place")[:80]
    descending = request.GET.get("dir") == "desc"
    rows = _sorted(g, key, descending)
    table: list[dict[str, Any]] = [
        {"place": r.place, "level": r.level, "cells": [r.cells.get(i.code) for i in g.columns]} for r in rows]
    return render(request, "indicators/places.html", {
        "columns": g.columns, "rows": table, "sort": key, "descending": descending,
        "own_place": own_place(request.user),
    })


@require_GET
@login_required
@require(Permission.VIEW_PLACE_VALUES)
def places_barometer_xlsx(request: HttpRequest) -> HttpResponse:
    today = dt.date.today()
    return attachment(places_xlsx(_visible_grid(request), today), f"places-barometer-{today.isoformat()}.xlsx", XLSX)
