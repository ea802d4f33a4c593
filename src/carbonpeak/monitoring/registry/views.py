"""The office's pages that change the monitoring registry: units and meters (audited by the
registry service), device tokens (issued once, revoked) and hand edits of a reading (audited,
the raw value kept)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carbonpeak.accounting.catalogue import energy_types
from carbonpeak.audit import actors
from carbonpeak.monitoring.forms import (
    METER_FIELDS,
    READING_FIELDS,
    UNIT_FIELDS,
    as_row,
    by_field,
    meter_values,
    typed,
    unit_values,
)
from carbonpeak.monitoring.models import KeyUnit, Meter, UnitToken
from carbonpeak.monitoring.pages.views import meter_page, unit_page
from carbonpeak.monitoring.problems import Issue, MonitoringInputError
from carbonpeak.monitoring.readings import edits
from carbonpeak.monitoring.registry import services as registry
from carbonpeak.monitoring.registry import tokens
from carbonpeak.monitoring.templatetags.monitoring_format import choices
from carbonpeak.monitoring.vocabulary import DataCentreStage, KeyUnitLevel, MeterKind, MeterRole
from carbonpeak.people.models import Enterprise
from carbonpeak.people.permissions import Permission, require
from carbonpeak.plan.queries import known_towns


@require_POST
@login_required
@require(Permission.MANAGE_MONITORING)
def token_issue(request: HttpRequest, code: str) -> HttpResponse:
    """Issue a device token; the clear text is on this response only (never stored, never cached)."""
    unit = get_object_or_404(KeyUnit, code=code)
    name = request.POST.get("name", "")
    try:
        token, clear = tokens.issue(unit, name, user=request.user, actor_label=actors.of_request(request))
    except tokens.TokenError as exc:
        return unit_page(request, unit, {"token_name": name, "token_errors": {"name": [str(exc)]}})
    response = render(request, "monitoring/token_issued.html", {"unit": unit, "token": token, "clear": clear})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
@require(Permission.MANAGE_MONITORING)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(UnitToken.objects.select_related("unit"), pk=pk)
    try:
        tokens.revoke(token, user=request.user, actor_label=actors.of_request(request))
    except tokens.TokenError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("monitoring:unit_detail", code=token.unit.code)


@require_POST
@login_required
@require(Permission.MANAGE_MONITORING)
def reading_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Correct one reading by hand, with a reason; the page comes back with the fields kept on error."""
    meter = get_object_or_404(Meter.objects.select_related("unit"), code=code)
    values = typed(request.POST, (*READING_FIELDS, "day", "withdraw"))
    withdraw = values["withdraw"] == "1"
    try:
        if not values["value"] and not withdraw:  # an empty value would silently withdraw an edit
            raise MonitoringInputError([Issue("value", _("Enter the corrected value."))] + (
                [Issue("reason", _("Give the reason for the edit."))] if not values["reason"] else []))
        edits.edit_reading(meter, values["ts"], None if withdraw else values["value"], reason=values["reason"],
                           user=request.user, actor_label=actors.of_request(request))
    except MonitoringInputError as exc:
        errors = by_field(((i.field, i.reason) for i in exc.issues), READING_FIELDS)
        return meter_page(request, meter, errors, values)
    messages.success(request, _("Edit withdrawn: the raw value counts again.") if withdraw else
                     _("Reading edited; the raw value is kept beside the edit."))
    return redirect(f"{reverse('monitoring:meter_detail', args=[meter.code])}?day={values['day']}")


def _unit_form(request: HttpRequest, unit: KeyUnit | None, values: dict[str, str],
               errors: dict[str, list[str]] | None = None) -> HttpResponse:
    return render(request, "monitoring/unit_form.html", {
        "unit": unit, "form": values, "errors": errors or {}, "year": timezone.localdate().year,
        "enterprises": Enterprise.objects.all(), "towns": known_towns(),
        "levels": choices(KeyUnitLevel), "stages": choices(DataCentreStage),
    })


def _save_unit(request: HttpRequest, unit: KeyUnit | None) -> HttpResponse:
    if request.method != "POST":
        return _unit_form(request, unit, unit_values(unit, timezone.localdate().year))
    values = typed(request.POST, UNIT_FIELDS)
    try:
        saved = registry.save_unit(as_row(values), unit=unit, user=request.user, actor_label=actors.of_request(request))
    except MonitoringInputError as exc:
        return _unit_form(request, unit, values, by_field(((i.field, i.reason) for i in exc.issues), UNIT_FIELDS))
    messages.success(request, _("Unit %(code)s saved.") % {"code": saved.code})
    return redirect("monitoring:unit_detail", code=saved.code)


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.MANAGE_MONITORING)
def unit_create(request: HttpRequest) -> HttpResponse:
    return _save_unit(request, None)


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.MANAGE_MONITORING)
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    return _save_unit(request, get_object_or_404(KeyUnit.objects.select_related("enterprise"), code=code))


def _meter_form(request: HttpRequest, unit: KeyUnit, meter: Meter | None, values: dict[str, str],
                errors: dict[str, list[str]] | None = None) -> HttpResponse:
    return render(request, "monitoring/meter_form.html", {
        "unit": unit, "meter": meter, "form": values, "errors": errors or {},
        "energy_types": [(e.code, e.zh if _zh() else e.en) for e in energy_types().values()],
        "kinds": choices(MeterKind), "roles": choices(MeterRole),
    })


def _zh() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def _save_meter(request: HttpRequest, unit: KeyUnit, meter: Meter | None) -> HttpResponse:
    if request.method != "POST":
        return _meter_form(request, unit, meter, meter_values(meter))
    values = typed(request.POST, METER_FIELDS)
    try:
        saved = registry.save_meter(unit, as_row(values), meter=meter, user=request.user,
                                    actor_label=actors.of_request(request))
    except MonitoringInputError as exc:
        errors = by_field(((i.field, i.reason) for i in exc.issues), METER_FIELDS)
        return _meter_form(request, unit, meter, values, errors)
    messages.success(request, _("Meter %(code)s saved.") % {"code": saved.code})
    return redirect("monitoring:unit_detail", code=unit.code)


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.MANAGE_MONITORING)
def meter_create(request: HttpRequest, code: str) -> HttpResponse:
    return _save_meter(request, get_object_or_404(KeyUnit, code=code), None)


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.MANAGE_MONITORING)
def meter_edit(request: HttpRequest, code: str) -> HttpResponse:
    meter = get_object_or_404(Meter.objects.select_related("unit"), code=code)
    return _save_meter(request, meter.unit, meter)
