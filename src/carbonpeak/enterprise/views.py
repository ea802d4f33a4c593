"""Pages of the enterprise room: the filings list, one filing (fill in, submit, review), output entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carbonpeak.audit import actors
from carbonpeak.common.problems import Refused, is_english
from carbonpeak.enterprise import export, queries, services, workflow
from carbonpeak.enterprise.catalogue import catalogue, products
from carbonpeak.enterprise.grading import method
from carbonpeak.enterprise.models import Disclosure, EconomicOutput, EnterpriseNotice, Filing, ProductOutput
from carbonpeak.enterprise.vocabulary import FilingStep, Party
from carbonpeak.http.downloads import DOCX, XLSX, attachment
from carbonpeak.monitoring.models import Alert, KeyUnit
from carbonpeak.monitoring.vocabulary import AlertState
from carbonpeak.people.permissions import Permission, can, ensure, enterprise_of, require


def say(request: HttpRequest, exc: Refused) -> None:
    english = is_english(get_language())
    for p in exc.problems():
        messages.error(request, f"{p.field}: {p.reason_in('en' if english else 'zh')}")


def asked_year(request: HttpRequest) -> int:
    """The year asked for (?year=), within 2000 and this year. When none is asked: the latest year anyone has
    filed for, because a year's report is filed in the next one (in December this year's is not yet due and
    an empty page would greet everyone); this year when nothing is filed yet or the asked year is out of range."""
    today = timezone.localdate()
    asked = request.GET.get("year")
    if asked is None:
        latest = Filing.objects.filter(year__lte=today.year).aggregate(latest=Max("year"))["latest"]
        return int(latest) if latest else today.year
    try:
        year = int(asked)
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year else today.year


@require_GET
@login_required
@require(Permission.VIEW_FILINGS)
def filing_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = asked_year(request)
    filings = services.visible_filings(request.user, Filing.objects.select_related("unit")).filter(year=year)
    filed = {f.unit_id for f in filings}
    openable = [u for u in services.filing_units(request.user) if u.pk not in filed] if year <= today.year else []
    return render(request, "enterprise/filing_list.html", {
        "filings": filings, "year": year, "years": range(today.year, today.year - 5, -1), "openable": openable,
        "can_file": can(request.user, Permission.FILE_REPORTS), "can_review": can(request.user,
                                                                                   Permission.REVIEW_FILINGS),
    })


@require_POST
@login_required
def filing_open(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit = get_object_or_404(KeyUnit, code=code)
    ensure(request.user, Permission.FILE_REPORTS, unit)
    try:
        filing = services.open_filing(unit, year, request.user, actors.of_request(request))
    except Refused as exc:
        say(request, exc)
        return redirect("enterprise:filing_list")
    return redirect("enterprise:filing_detail", filing.pk)


def _visible(request: HttpRequest, pk: int) -> Filing:
    ensure(request.user, Permission.VIEW_FILINGS)
    return get_object_or_404(services.visible_filings(request.user, Filing.objects.select_related("unit")), pk=pk)


@require_GET
@login_required
def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _visible(request, pk)
    party = services.party_of(request.user, filing)
    english = is_english(get_language())
    return render(request, "enterprise/filing_detail.html", {
        "filing": filing, "report": queries.report(filing), "english": english,
        "can_edit": workflow.may(FilingStep.SAVE, party) and workflow.editable(filing.status_enum),
        "can_review": party is Party.OFFICE and filing.status == "submitted",
        "events": filing.events.filter(part="energy"),
        "ghg": getattr(filing, "ghg", None), "can_open_ghg": party is not Party.OTHER,
        "can_publish": party is Party.FILER and filing.status == "accepted" and not hasattr(filing, "disclosure"),
        "disclosure": getattr(filing, "disclosure", None),
    })


def _changes(request: HttpRequest, filing: Filing) -> dict[str, Any]:
    post = request.POST
    energy = [{"energy_type": row["energy_type"], "unit_of_measure": row["unit_of_measure"],
               "quantity": post.get(f"q_{row['energy_type']}", row["quantity"]),
               "explanation": post.get(f"x_{row['energy_type']}", row.get("explanation", "")),
               "feedstock": post.get(f"f_{row['energy_type']}", row.get("feedstock")),
               "green_power": post.get(f"g_{row['energy_type']}", row.get("green_power")),
               # 购进量 only when the form sent it: otherwise the row keeps what it had (or its prefill)
               **({"purchase": post[f"p_{row['energy_type']}"]} if f"p_{row['energy_type']}" in post else {})}
              for row in filing.energy]
    process = list(filing.process_emissions)
    added = [post.get(f"process_{k}", "").strip() for k in ("source", "method", "co2_t")]
    if any(added):
        process.append(dict(zip(("source", "method", "co2_t"), added, strict=True)))
    product_rows = [{"product": row["product"], "quantity": post.get(f"pq_{row['product']}", row["quantity"]),
                     "energy_tce": post.get(f"pe_{row['product']}", row.get("energy_tce"))}
                    for row in filing.products]
    return {"basic": {k: post.get(f"basic_{k}", filing.basic.get(k, "")) for k in services.BASIC_FIELDS},
            "energy": energy, "products": product_rows, "process_emissions": process,
            "value_added_10k_cny": post.get("value_added_10k_cny", filing.value_added_10k_cny),
            "measures": post.get("measures", filing.measures), "target_note": post.get("target_note",
                                                                                         filing.target_note)}


def review_step(request: HttpRequest, action: str, take: Callable[[FilingStep, str], object]) -> None:
    """The office's return or accept of either report (energy-use or GHG): the same check, step and message."""
    ensure(request.user, Permission.REVIEW_FILINGS)
    step = FilingStep.RETURN if action == "return" else FilingStep.ACCEPT
    take(step, request.POST.get("comment", ""))
    messages.success(request, _("The report was returned.") if action == "return" else _("The report was accepted."))


@require_POST
@login_required
def filing_action(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _visible(request, pk)
    action = request.POST.get("action", "")
    label = actors.of_request(request)
    try:
        if action in ("save", "submit"):
            ensure(request.user, Permission.FILE_REPORTS, filing.unit)
            filing = services.save_filing(filing, request.user, label, _changes(request, filing))
            if action == "submit":
                services.take_step(filing, FilingStep.SUBMIT, request.user, label)
                messages.success(request, _("The report was submitted."))
            else:
                messages.success(request, _("Saved."))
        elif action in ("return", "accept"):
            review_step(request, action, lambda step, comment: services.take_step(
                filing, step, request.user, label, comment))
        else:
            messages.error(request, _("Unknown action."))
    except Refused as exc:
        say(request, exc)
    return redirect("enterprise:filing_detail", pk)


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.VIEW_FILINGS)
def output(request: HttpRequest) -> HttpResponse:
    units = services.filing_units(request.user)
    if request.method == "POST":
        ensure(request.user, Permission.FILE_REPORTS)
        record = {k: request.POST.get(k, "").strip() for k in
                  ("unit_code", "period", "product", "quantity", "value_added_10k_cny",
                   "industrial_output_10k_cny", "value_added_comparable_10k_cny")}
        if record["product"]:
            record["unit"] = products()[record["product"]].unit_of_measure if record["product"] in products() else ""
        try:
            services.enter_output(record, request.user, actors.of_request(request))
            messages.success(request, _("Saved."))
            return redirect("enterprise:output")
        except Refused as exc:
            say(request, exc)
    product_rows = ProductOutput.objects.select_related("unit")
    money_rows = EconomicOutput.objects.select_related("unit")
    own = enterprise_of(request.user)
    if own is not None:  # an enterprise sees its own units' output only; the district sees all
        product_rows = product_rows.filter(unit__enterprise=own)
        money_rows = money_rows.filter(unit__enterprise=own)
    english = is_english(get_language())
    return render(request, "enterprise/output.html", {
        "units": units, "products": [(p.code, p.name(english), p.unit_of_measure) for p in products().values()],
        "product_rows": product_rows[:500], "money_rows": money_rows[:500],
        "can_file": units.exists(), "names": {p.code: p.name(english) for p in products().values()},
        "this_month": dt.date.today().strftime("%Y-%m"),
    })


@require_GET
@login_required
def filing_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _visible(request, pk)
    data = export.filing_xlsx(queries.report(filing))
    return attachment(data, f"energy-use-report-{filing.unit.code}-{filing.year}.xlsx", XLSX)


@require_GET
@login_required
def filing_docx(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _visible(request, pk)
    data = export.cover_letter_docx(queries.report(filing))
    return attachment(data, f"cover-letter-{filing.unit.code}-{filing.year}.docx", DOCX)


@require_POST
@login_required
def filing_publish(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _visible(request, pk)
    ensure(request.user, Permission.FILE_REPORTS, filing.unit)
    try:
        services.publish(filing, request.user, actors.of_request(request), queries.disclosure_figures(filing))
        messages.success(request, _("The figures were published."))
    except Refused as exc:
        say(request, exc)
    return redirect("enterprise:filing_detail", pk)


@require_GET
def disclosures(request: HttpRequest) -> HttpResponse:
    """The published disclosures of a year: a page for everyone, no login; only the published figures."""
    year = asked_year(request)
    english = is_english(get_language())
    colours = {c.code: (c.en if english else c.zh) for c in method().colours}
    rows = []
    for d in Disclosure.objects.filter(filing__year=year):
        shown: dict[str, object] = {k: d.figures.get(k) for k in Disclosure.public_fields}  # the allowlist only
        shown["colour"] = colours.get(str(d.figures.get("grade") or ""), "—")
        rows.append(shown)
    today = timezone.localdate()
    return render(request, "enterprise/disclosures.html", {"rows": rows, "year": year,
                                                            "years": range(today.year, today.year - 5, -1)})


@require_GET
@login_required
@require(Permission.REVIEW_FILINGS)
def disclosure_status(request: HttpRequest) -> HttpResponse:
    """Who has and has not disclosed the year's accepted figures (the office)."""
    year = asked_year(request)
    accepted = Filing.objects.filter(year=year, status="accepted").select_related("unit", "disclosure")
    rows = [(f, getattr(f, "disclosure", None)) for f in accepted]
    return render(request, "enterprise/disclosure_status.html", {"rows": rows, "year": year})


@require_GET
@login_required
@require(Permission.VIEW_FILINGS)
def home(request: HttpRequest) -> HttpResponse:
    """An enterprise's page: its units, the report due this year (for last year) and its state and deadline,
    last year's grade, its units' open monitoring alerts. Other users go to the list of reports."""
    own = enterprise_of(request.user)
    if own is None:
        return redirect("enterprise:filing_list")
    today = timezone.localdate()
    year = today.year - 1  # the report filed this year is last year's
    units = list(KeyUnit.objects.filter(enterprise=own, active=True))
    filings = {f.unit_id: f for f in Filing.objects.filter(unit__in=units, year=year)}
    graded = {g.unit: g for g in queries.grades(year)}
    english = is_english(get_language())
    rows = []
    for u in units:
        g = graded.get(u.code)
        reasons = (g.reasons_en if english else g.reasons_zh) if g else []
        rows.append({"unit": u, "filing": filings.get(u.pk), "colour": reasons[0] if g and g.grade else "",
                     "reasons": ("; " if english else "；").join(reasons[1:] if g and g.grade else reasons)})
    due = catalogue().due_on(year)
    alerts = Alert.objects.filter(unit__in=units).exclude(state=AlertState.CLOSED.value).select_related("unit")
    return render(request, "enterprise/home.html", {
        "enterprise": own, "rows": rows, "year": year, "due": due, "days_left": (due - today).days,
        "alerts": alerts[:50], "notices": EnterpriseNotice.objects.filter(enterprise=own)[:20], "english": english,
    })
