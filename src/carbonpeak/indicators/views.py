"""Pages of the indicators room: the list, one indicator with its chart and data, warnings."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carbonpeak.audit import actors
from carbonpeak.common.figures import Kind, kind_of_unit
from carbonpeak.indicators import evaluation, services
from carbonpeak.indicators.elsewhere import PROJECTION
from carbonpeak.indicators.models import EarlyWarning, Indicator, Observation, ProgressStatus
from carbonpeak.indicators.observations import ObservationInputError
from carbonpeak.indicators.place_pages import place_context
from carbonpeak.indicators.provenance import provenance_of
from carbonpeak.indicators.warnings import WarningError, lead_departments, raise_warnings, respond
from carbonpeak.people.permissions import Permission, can, department_of, ensure, require
from carbonpeak.plan.queries import current_plan


@require_GET
@login_required
@require(Permission.VIEW_INDICATORS)
def indicator_list(request: HttpRequest) -> HttpResponse:
    statuses = evaluation.evaluate_plan(current_plan())
    progress = can(request.user, Permission.VIEW_PROGRESS)
    groups = [
        (action.display_name if action else _("Main goals"), list(items))
        for action, items in groupby(statuses, key=lambda s: s.indicator.action)
    ]
    return render(request, "indicators/indicator_list.html", {
        "groups": groups, "count": len(statuses), "progress": progress,
        "places": can(request.user, Permission.VIEW_PLACE_VALUES)})


def indicator_by_code(code: str) -> Indicator:
    return get_object_or_404(
        current_plan().indicators.select_related("action", "plan").prefetch_related(
            "targets", "tasks", "observations", "place_targets__place", "place_observations__place"),
        code=code,
    )


_indicator = indicator_by_code


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.VIEW_PROGRESS)
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = _indicator(code)
    values = {"period": "", "value": "", "unit": indicator.unit_display, "reference_value": "", "source": "",
              "note": ""}
    errors: dict[str, str] = {}
    official: dict[str, str] | None = None
    official_errors: dict[str, str] = {}
    if request.method == "POST" and request.POST.get("official") == "1":
        ensure(request.user, Permission.MANAGE_INDICATORS)
        official = {k: request.POST.get(k, "").strip() for k in ("period", "value", "source")}
        try:
            services.record_official(indicator, dict(official), user=request.user,
                                     actor_label=actors.of_request(request))
        except ObservationInputError as exc:
            official_errors = {i.field: i.reason for i in exc.issues}
        else:
            messages.success(request, _("Official value recorded: %(period)s") % {"period": official["period"]})
            return redirect("indicators:indicator_detail", code=indicator.code)
        indicator = _indicator(code)
    elif request.method == "POST":
        ensure(request.user, Permission.ENTER_OBSERVATIONS, indicator)
        values = {k: request.POST.get(k, "").strip() for k in values}
        try:
            services.enter_observation(indicator, values, user=request.user, actor_label=actors.of_request(request),
                                       evidence=request.FILES.get("evidence"))
        except ObservationInputError as exc:
            errors = {i.field: i.reason for i in exc.issues}
        else:
            messages.success(request, _("Saved: %(period)s") % {"period": values["period"]})
            return redirect("indicators:indicator_detail", code=indicator.code)
        indicator = _indicator(code)
    return render_detail(request, indicator, {
        "values": values, "errors": errors, "official": official or {"period": "", "value": "", "source": ""},
        "official_errors": official_errors,
    })


def render_detail(request: HttpRequest, indicator: Indicator, extra: dict[str, Any]) -> HttpResponse:
    """The indicator page with its forms' values and errors in `extra` (the place forms post elsewhere and
    come back here with theirs)."""
    status = evaluation.evaluate_indicator(indicator, dt.date.today())
    # The history column lists the changes after the first entry (the entry itself is the row).
    rows = [(o, [h for h in services.history(o) if h.action == "updated"]) for o in status.observations]
    tasks = [(t, [r.department for r in t.responsibilities.all() if r.role == "lead"])
             for t in indicator.tasks.prefetch_related("responsibilities__department")]
    latest = status.observations[-1] if status.observations else None
    blank = {"period": "", "value": "", "unit": indicator.unit_display, "reference_value": "", "source": "",
             "note": ""}
    return render(request, "indicators/indicator_detail.html", {
        "indicator": indicator, "s": status, "chart": evaluation.series_for_chart(status), "tasks": tasks,
        "rows": rows,
        "may_enter": not indicator.derived and can(request.user, Permission.ENTER_OBSERVATIONS, indicator),
        "values": blank, "errors": {},
        # A file is linked only for those who may open it (people.permissions: VIEW_EVIDENCE).
        "evidence_visible": {o.pk for o in status.observations
                             if o.evidence and can(request.user, Permission.VIEW_EVIDENCE, o)},
        "provenance": provenance_of(latest, request.user),
        "may_record_official": bool(indicator.derived) and can(request.user, Permission.MANAGE_INDICATORS),
        "official": {"period": "", "value": "", "source": ""}, "official_errors": {},
        "warning": _open_warning_visible(indicator, request.user),
        "status_label": _status_label(status.progress.status),
        "ratio": kind_of_unit(indicator.unit) is Kind.RATIO,  # its gap to the path is said in its unit, not in %
        "projection": PROJECTION.first(indicator, request.user),  # 碳达峰年份: the peak card's projected year
        **place_context(request, indicator, status), **extra,
    })


def _open_warning_visible(indicator: Indicator, user: Any) -> EarlyWarning | None:
    """The open warning, linked only for those who may open it (a department: one sent to it)."""
    warning = indicator.warnings.filter(closed_at__isnull=True).first()
    return warning if warning is not None and can(user, Permission.VIEW_WARNINGS, warning) else None


def _status_label(status: str) -> str:
    return str(ProgressStatus(status).label)


@require_GET
@login_required
@require(Permission.VIEW_PROGRESS)
def evidence_download(request: HttpRequest, code: str, period: str) -> FileResponse:
    observation = get_object_or_404(Observation, indicator__plan=current_plan(), indicator__code=code, period=period)
    if not observation.evidence:
        raise Http404
    ensure(request.user, Permission.VIEW_EVIDENCE, observation)
    name = observation.evidence.name.rsplit("/", 1)[-1]
    try:
        handle = observation.evidence.open("rb")
    except FileNotFoundError as exc:  # e.g. a database restored without its media files
        raise Http404(_("The file is missing from storage")) from exc
    return FileResponse(handle, as_attachment=True, filename=name)


def _visible_warnings(request: HttpRequest) -> Any:
    items = EarlyWarning.objects.filter(indicator__plan=current_plan()).select_related("indicator", "indicator__action",
                                                                                       "place")
    own = department_of(request.user)
    return items.filter(departments=own) if own is not None else items


@require_GET
@login_required
@require(Permission.VIEW_WARNINGS)
def warning_list(request: HttpRequest) -> HttpResponse:
    items = _visible_warnings(request).prefetch_related("departments", "responses__department",
                                                         "indicator__tasks")
    show_closed = request.GET.get("closed") == "1"
    rows = [w for w in items if show_closed or w.closed_at is None]
    own = department_of(request.user)
    return render(request, "indicators/warning_list.html", {
        "rows": rows, "show_closed": show_closed, "own": own,
        "can_run": can(request.user, Permission.MANAGE_INDICATORS),
        "answered": {w.pk for w in rows if own is not None and any(r.department_id == own.pk
                                                                    for r in w.responses.all())},
    })


@require_POST
@login_required
@require(Permission.MANAGE_INDICATORS)
def warning_run(request: HttpRequest) -> HttpResponse:
    s = raise_warnings(current_plan(), actor_label=actors.of_request(request))
    messages.success(request, _("Warnings re-evaluated: %(opened)d opened, %(escalated)d escalated, "
                                "%(closed)d closed, %(notices)d departments notified.") % {
        "opened": s.opened, "escalated": s.escalated, "closed": s.closed, "notices": s.notices})
    return redirect("indicators:warning_list")


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.VIEW_WARNINGS)
def warning_detail(request: HttpRequest, pk: int) -> HttpResponse:
    warning = get_object_or_404(_visible_warnings(request), pk=pk)
    may_respond = can(request.user, Permission.RESPOND_WARNING, warning)
    own = department_of(request.user)
    mine = warning.responses.filter(department=own).first() if own is not None else None
    text = mine.text if mine else ""
    error = ""
    if request.method == "POST":
        ensure(request.user, Permission.RESPOND_WARNING, warning)
        text = request.POST.get("text", "")
        try:
            respond(warning, request.user, text, actor_label=actors.of_request(request))
        except WarningError as exc:
            error = exc.reason
        else:
            messages.success(request, _("Your response has been recorded."))
            return redirect("indicators:warning_detail", pk=warning.pk)
    status = evaluation.evaluate_indicator(_indicator(warning.indicator.code), dt.date.today())
    tasks = [(t, [r.department for r in t.responsibilities.all() if r.role == "lead"])
             for t in warning.indicator.tasks.prefetch_related("responsibilities__department")]
    return render(request, "indicators/warning_detail.html", {
        "w": warning, "s": status, "chart": evaluation.series_for_chart(status), "tasks": tasks,
        "responses": warning.responses.select_related("department"), "may_respond": may_respond,
        "text": text, "error": error, "leads": lead_departments(warning.indicator),
    })
