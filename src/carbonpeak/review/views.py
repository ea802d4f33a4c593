"""Pages of the review room: the intake form with its instant assessment, the review queue,
a project with its figures, decisions and the draft opinion. The register is in register_views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carbonpeak.accounting.views import accepted_names
from carbonpeak.audit import actors
from carbonpeak.common.issues import reasons_by_field
from carbonpeak.common.problems import is_english
from carbonpeak.http.downloads import DOCX, attachment
from carbonpeak.people.permissions import Permission, can, ensure, require
from carbonpeak.plan.queries import current_plan, known_places
from carbonpeak.review import export, register, services
from carbonpeak.review.intake import ReviewInputError
from carbonpeak.review.intake_form import FORM_FIELDS, read_form
from carbonpeak.review.models import Opinion, Project, ProjectAssessment, ProjectKind, ProjectStatus


def chart_data(answer: dict[str, Any], base_year: int) -> dict[str, Any] | None:
    """District energy intensity by year with and without the project, against the target path."""
    impact = answer.get("impact")
    if not impact:
        return None
    years = impact["years"]
    base = next(iter(years.values()))["energy"]["base"]

    def series(key: str) -> list[float | None]:
        return [base, *(y["energy"][key] for y in years.values())]

    return {
        "years": [str(base_year), *years],
        "unit": _("tce per 10⁴ CNY"),
        "series": [
            {"name": _("Without the project"), "data": series("without_project")},
            {"name": _("With the project"), "data": series("with_project")},
            {"name": _("Target path"), "data": series("path")},
        ],
    }


@dataclass(frozen=True)
class QueueRow:
    project: Project
    assessment: ProjectAssessment | None


@require_GET
@login_required
@require(Permission.CALCULATE)
def queue(request: HttpRequest) -> HttpResponse:
    """The review queue; who may only try projects (CALCULATE) is taken to the intake form."""
    if not can(request.user, Permission.VIEW_REVIEW):
        return redirect("review:intake")
    status = request.GET.get("status", "")
    projects = Project.objects.prefetch_related("assessments")
    if status in ProjectStatus.values:
        projects = projects.filter(status=status)
    # Assessments are prefetched newest first (their Meta ordering), so the first is the latest.
    rows = [QueueRow(p, next(iter(p.assessments.all()), None)) for p in projects]
    rows.sort(key=lambda r: r.project.status != ProjectStatus.PENDING)  # stable: newest first within each
    return render(request, "review/queue.html", {
        "rows": rows, "status": status, "statuses": ProjectStatus.choices,
        "can_review": can(request.user, Permission.REVIEW_PROJECTS),
    })


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.CALCULATE)
def intake(request: HttpRequest) -> HttpResponse:
    """Type a project, see its assessment at once; the office may then store it for review."""
    values = {f: "" for f in FORM_FIELDS} | {"kind": ProjectKind.NEW.value}
    errors: dict[str, list[str]] = {}
    answer = None
    if request.method == "POST":
        values = {f: request.POST.get(f, "") for f in FORM_FIELDS}
        form = read_form(values)
        store = request.POST.get("action") == "store"
        try:
            if store:
                ensure(request.user, Permission.REVIEW_PROJECTS)
                project = services.store_project(form.data, user=request.user, actor_label=actors.of_request(request))
                messages.success(request, _("Project stored and assessed."))
                return redirect("review:project", pk=project.pk)
            answer = services.answer_for(request.user, services.assess_data(form.data).as_dict())
        except ReviewInputError as exc:
            errors = form.field_errors(exc.issues)
    return render(request, "review/intake.html", {
        "values": values, "errors": errors, "answer": answer,
        "other_errors": [e for k, v in errors.items() if k not in FORM_FIELDS for e in v],
        "chart": chart_data(answer, current_plan().base_year) if answer else None,
        # offered in the reader's language; any name of a place is read (services.check_project)
        "towns": known_places().names(english=is_english(get_language())),
        "kinds": ProjectKind.choices, **accepted_names(),
        "can_store": can(request.user, Permission.REVIEW_PROJECTS),
        "can_view": can(request.user, Permission.VIEW_REVIEW),
    })


def _project_page(request: HttpRequest, project: Project, *, decision_values: dict[str, str] | None = None,
                  decision_errors: dict[str, list[str]] | None = None, operating_value: str | None = None,
                  operating_errors: list[str] | None = None) -> HttpResponse:
    snapshot = project.latest_assessment()
    if snapshot is None:
        raise Http404(_("This project has no assessment"))
    return render(request, "review/project.html", {
        "project": project, "snapshot": snapshot, "answer": snapshot.result,
        "chart": chart_data(snapshot.result, snapshot.district.get("base_year", current_plan().base_year)),
        "decisions": project.decisions.order_by("-decided_at", "-id").select_related("assessment"),
        "opinions": Opinion.choices, "register_entry": getattr(project, "register_entry", None),
        "decision_values": decision_values or {"opinion": "", "reasons": "", "conditions": ""},
        "decision_errors": decision_errors or {},
        "operating_value": operating_value if operating_value is not None else (
            project.operating_since.isoformat() if project.operating_since else ""),
        "operating_errors": operating_errors or [],
        "can_review": can(request.user, Permission.REVIEW_PROJECTS),
    }, status=422 if operating_errors else 200)


@require_GET
@login_required
@require(Permission.VIEW_REVIEW)
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _project_page(request, get_object_or_404(Project, pk=pk))


@require_POST
@login_required
@require(Permission.REVIEW_PROJECTS)
def project_decide(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    values = {k: request.POST.get(k, "") for k in ("opinion", "reasons", "conditions")}
    try:
        services.record_decision(project, **values, user=request.user, actor_label=actors.of_request(request))
    except ReviewInputError as exc:
        return _project_page(request, project, decision_values=values, decision_errors=reasons_by_field(exc.issues))
    messages.success(request, _("Decision recorded."))
    return redirect("review:project", pk=project.pk)


@require_POST
@login_required
@require(Permission.REVIEW_PROJECTS)
def project_operating(request: HttpRequest, pk: int) -> HttpResponse:
    """The day an approved project started operating (投产): from then on it no longer holds budget."""
    project = get_object_or_404(Project, pk=pk)
    value = request.POST.get("operating_since", "")
    try:
        services.set_operating(project, value, user=request.user, actor_label=actors.of_request(request))
    except ReviewInputError as exc:
        return _project_page(request, project, operating_value=value, operating_errors=[i.reason for i in exc.issues])
    messages.success(request, _("Operating date saved."))
    return redirect("review:project", pk=project.pk)


@require_POST
@login_required
@require(Permission.REVIEW_PROJECTS)
def project_reassess(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    try:
        services.reassess(project, user=request.user, actor_label=actors.of_request(request))
    except ReviewInputError as exc:
        for issue in exc.issues:
            messages.error(request, f"{issue.field}: {issue.reason}")
    else:
        messages.success(request, _("Assessed again with the current factors and district data."))
    return redirect("review:project", pk=project.pk)


@require_POST
@login_required
@require(Permission.REVIEW_PROJECTS)
def project_to_register(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    try:
        entry = register.add_project(project, user=request.user, actor_label=actors.of_request(request))
    except ReviewInputError as exc:
        for issue in exc.issues:
            messages.error(request, issue.reason)
        return redirect("review:project", pk=project.pk)
    messages.success(request, _("Added to the register."))
    return redirect("review:register_entry", pk=entry.pk)


@require_GET
@login_required
@require(Permission.VIEW_REVIEW)
def project_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft opinion on the latest assessment, with the decision made on it if there is one."""
    project = get_object_or_404(Project, pk=pk)
    snapshot = project.latest_assessment()
    if snapshot is None:
        raise Http404(_("This project has no assessment"))
    decision = project.latest_decision()
    if decision is not None and decision.assessment_id != snapshot.pk:
        decision = None
    return attachment(export.opinion_docx(project, snapshot, decision), f"review-opinion-{project.pk}.docx", DOCX)
