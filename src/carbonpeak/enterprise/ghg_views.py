"""Pages of the annual GHG report: one report (process lines, submit, review), and the office's table of every
unit's CO2 with the hand-over to the inventory."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from carbonpeak.accounting.models import PointSource
from carbonpeak.audit import actors
from carbonpeak.common.problems import Refused, is_english
from carbonpeak.enterprise import ghg_services, queries, services
from carbonpeak.enterprise.emissions import Emissions
from carbonpeak.enterprise.models import Filing, GhgReport
from carbonpeak.enterprise.views import asked_year, review_step, say
from carbonpeak.enterprise.vocabulary import FilingStatus, FilingStep, Party, ReportPart
from carbonpeak.people.permissions import Permission, can, ensure, enterprise_of, require


def _visible(request: HttpRequest, pk: int) -> GhgReport:
    ensure(request.user, Permission.VIEW_FILINGS)
    filings = services.visible_filings(request.user, Filing.objects.all())
    return get_object_or_404(GhgReport.objects.select_related("filing__unit").filter(filing__in=filings), pk=pk)


@require_GET
@login_required
def ghg_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible(request, pk)
    party = services.party_of(request.user, report.filing)
    return render(request, "enterprise/ghg_detail.html", {
        "ghg": report, "figures": queries.ghg_figures(report), "english": is_english(get_language()),
        "can_edit": ghg_services.may_edit(request.user, report),
        "can_review": party is Party.OFFICE and report.status == "submitted",
        "events": report.filing.events.filter(part=ReportPart.GHG.value),
    })


@require_POST
@login_required
def ghg_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the GHG report of an accepted filing (one accepted before GHG reports existed)."""
    filing = get_object_or_404(services.visible_filings(request.user, Filing.objects.select_related("unit")), pk=pk)
    if services.party_of(request.user, filing) is Party.OTHER:
        ensure(request.user, Permission.FILE_REPORTS, filing.unit)
    try:
        report = services.open_ghg_report(filing, request.user, actors.of_request(request))
    except Refused as exc:
        say(request, exc)
        return redirect("enterprise:filing_detail", pk)
    return redirect("enterprise:ghg_detail", report.pk)


@require_POST
@login_required
def ghg_action(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible(request, pk)
    action = "remove" if "remove" in request.POST else request.POST.get("action", "")
    label = actors.of_request(request)
    try:
        if action in ("save", "submit", "remove"):
            ensure(request.user, Permission.FILE_REPORTS, report.filing.unit)
            lines = list(report.process_emissions)
            if action == "remove":
                index = request.POST.get("remove", "")
                lines = [p for i, p in enumerate(lines) if str(i) != index]
            added = [request.POST.get(f"process_{k}", "").strip() for k in ("source", "method", "co2_t")]
            if action != "remove" and any(added):
                lines.append(dict(zip(("source", "method", "co2_t"), added, strict=True)))
            report = ghg_services.save_ghg(report, request.user, label, {
                "process_emissions": lines, "note": request.POST.get("note", report.note)})
            if action == "submit":
                ghg_services.ghg_step(report, FilingStep.SUBMIT, request.user, label)
                messages.success(request, _("The report was submitted."))
            else:
                messages.success(request, _("Saved."))
        elif action in ("return", "accept"):
            review_step(request, action, lambda step, comment: ghg_services.ghg_step(
                report, step, request.user, label, comment))
        else:
            messages.error(request, _("Unknown action."))
    except Refused as exc:
        say(request, exc)
    return redirect("enterprise:ghg_detail", pk)


@dataclasses.dataclass(frozen=True)
class EmissionsRow:
    filing: Filing
    ghg: GhgReport | None
    e: Emissions


@require_GET
@login_required
@require(Permission.VIEW_FILINGS)
def emissions_table(request: HttpRequest) -> HttpResponse:
    """All units' CO2 of a year in one table (an enterprise: its own units): the GHG report's figures where there
    is one (as accepted, or as they stand), else the energy filing's; and what was handed to the inventory."""
    today = timezone.localdate()
    year = asked_year(request)
    filings = services.visible_filings(request.user, Filing.objects.select_related("unit", "ghg")).filter(year=year)
    rows = []
    for f in filings:
        ghg: GhgReport | None = getattr(f, "ghg", None)
        emissions = queries.ghg_figures(ghg).emissions if ghg else queries.report(f).emissions
        rows.append(EmissionsRow(f, ghg, emissions))
    district = enterprise_of(request.user) is None  # an enterprise does not see what other units handed over
    handed = PointSource.objects.filter(year=year) if district else PointSource.objects.none()
    return render(request, "enterprise/emissions.html", {
        "rows": rows, "year": year, "years": range(today.year, today.year - 5, -1),
        "total": sum(r.e.total_t for r in rows), "can_hand_over": can(request.user, Permission.REVIEW_FILINGS),
        "district": district, "handed": handed, "handed_total": sum(p.co2_t for p in handed),
        "accepted": sum(1 for r in rows if r.ghg and r.ghg.status == FilingStatus.ACCEPTED.value),
    })


@require_POST
@login_required
@require(Permission.REVIEW_FILINGS)
def hand_over(request: HttpRequest) -> HttpResponse:
    year = asked_year(request)
    try:
        done = ghg_services.hand_over_year(year, request.user, actors.of_request(request))
        messages.success(request, _("Handed to the inventory: %(created)d new, %(updated)d changed, %(removed)d "
                                    "withdrawn, %(unchanged)d unchanged.") % dataclasses.asdict(done))
    except Refused as exc:
        say(request, exc)
    return redirect(f"{reverse('enterprise:emissions')}?year={year}")
