"""Pages of the monitoring alerts (监测告警): the list with filters, one alert with its history,
and the office's acknowledge and close-with-note."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from carbonpeak.audit import actors
from carbonpeak.audit.models import ChangeRecord
from carbonpeak.monitoring.alerts import services as service
from carbonpeak.monitoring.models import Alert
from carbonpeak.monitoring.pages.queries import visible_units
from carbonpeak.monitoring.templatetags.monitoring_format import choices
from carbonpeak.monitoring.vocabulary import AlertKind, AlertState
from carbonpeak.people.permissions import Permission, can, ensure, require


def _visible(request: HttpRequest) -> QuerySet[Alert]:
    return Alert.objects.filter(unit__in=visible_units(request.user)).select_related(
        "unit", "acknowledged_by", "closed_by")


@require_GET
@login_required
@require(Permission.VIEW_UNIT_DATA)
def alert_list(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip() for k in ("kind", "state")}
    alerts = _visible(request)
    if filters["kind"] in AlertKind.__members__.values():
        alerts = alerts.filter(kind=filters["kind"])
    if filters["state"] in AlertState.__members__.values():
        alerts = alerts.filter(state=filters["state"])
    elif filters["state"] != "all":
        alerts = alerts.exclude(state=AlertState.CLOSED.value)
    return render(request, "monitoring/alert_list.html", {
        "alerts": list(alerts), "filters": filters, "kinds": choices(AlertKind), "states": choices(AlertState),
        "watch_all": can(request.user, Permission.VIEW_MONITORING),
    })


def _alert_page(request: HttpRequest, alert: Alert, errors: dict[str, list[str]] | None = None,
                note: str = "", status: int = 200) -> HttpResponse:
    changes = ChangeRecord.objects.filter(entity=service.AUDIT_ENTITY, entity_key=str(alert.pk))
    return render(request, "monitoring/alert.html", {
        "alert": alert, "changes": changes, "errors": errors or {}, "note": note,
        "can_manage": can(request.user, Permission.MANAGE_MONITORING),
    }, status=status)


def _alert(request: HttpRequest, pk: int) -> Alert:
    alert = get_object_or_404(Alert.objects.select_related("unit", "acknowledged_by", "closed_by"), pk=pk)
    ensure(request.user, Permission.VIEW_UNIT_DATA, alert.unit)
    return alert


@require_GET
@login_required
@require(Permission.VIEW_UNIT_DATA)
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _alert_page(request, _alert(request, pk))


@require_POST
@login_required
@require(Permission.MANAGE_MONITORING)
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert(request, pk)
    try:
        service.acknowledge(alert, user=request.user, actor_label=actors.of_request(request))
    except service.AlertError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Alert acknowledged."))
    return redirect("monitoring:alert_detail", pk=alert.pk)


@require_POST
@login_required
@require(Permission.MANAGE_MONITORING)
def alert_close(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert(request, pk)
    note = request.POST.get("note", "")
    try:
        service.close(alert, note, user=request.user, actor_label=actors.of_request(request))
    except service.AlertError as exc:
        return _alert_page(request, alert, {exc.field: [str(exc)]}, note)
    messages.success(request, _("Alert closed."))
    return redirect("monitoring:alert_detail", pk=alert.pk)
