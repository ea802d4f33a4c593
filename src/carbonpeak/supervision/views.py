"""Pages of the supervision room: rounds, the department inbox, a report, a task's timeline."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carbonpeak.audit import actors
from carbonpeak.common.uploads import ALLOWED, MAX_BYTES
from carbonpeak.http.downloads import DOCX, XLSX, attachment
from carbonpeak.people.permissions import Permission, can, department_of, ensure, require
from carbonpeak.plan.queries import current_plan
from carbonpeak.supervision import export, reported, services
from carbonpeak.supervision.models import LABELS, PROGRESS_CHOICES, Evidence, Notice, Report, ReportQuantity, Round
from carbonpeak.supervision.problems import SupervisionError
from carbonpeak.supervision.queries import assess
from carbonpeak.supervision.workflow import Party, ReportKind, ReportStatus, Step, TaskProgress, editable, may


@require_GET
@login_required
@require(Permission.VIEW_ROUNDS)
def round_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for r in Round.objects.filter(plan=current_plan()):
        due = services.visible_reports(request.user, r.reports.filter(due=True))
        rows.append({"round": r, "counts": Counter(due.values_list("status", flat=True))})
    own = department_of(request.user)
    notices = Notice.objects.filter(department=own, shown=True)[:20] if own is not None else []
    return render(request, "supervision/round_list.html", {
        "rows": rows, "inbox": services.inbox(request.user), "notices": notices,
        "can_assess": can(request.user, Permission.EXPORT_PLAN), "this_year": dt.date.today().year,
        "can_open": can(request.user, Permission.SUPERVISE),
    })


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.SUPERVISE)
def round_new(request: HttpRequest) -> HttpResponse:
    errors: dict[str, str] = {}
    values = {"code": "", "name": "", "due_on": "", "tasks": "", "note": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        try:
            due_on = dt.date.fromisoformat(values["due_on"])
        except ValueError:
            errors["due_on"] = _("due_on: a date is needed (YYYY-MM-DD)")
        numbers: list[int] = []
        for part in values["tasks"].replace("，", ",").split(","):
            if part.strip():
                if not (part.strip().isascii() and part.strip().isdigit()):
                    errors["tasks"] = _("tasks: task numbers separated by commas, or empty for all")
                    break
                numbers.append(int(part))
        if not errors:
            try:
                round_ = services.open_round(current_plan(), code=values["code"], name=values["name"], due_on=due_on,
                                             user=request.user, task_numbers=numbers or None, note=values["note"])
            except SupervisionError as exc:
                errors[exc.field] = str(exc)
            else:
                messages.success(request, _("Round %(name)s opened.") % {"name": round_.name})
                return redirect("supervision:round_detail", code=round_.code)
    return render(request, "supervision/round_new.html", {"values": values, "errors": errors})


def _round(code: str) -> Round:
    return get_object_or_404(Round, plan=current_plan(), code=code)


@require_GET
@login_required
@require(Permission.VIEW_ROUNDS)
def round_detail(request: HttpRequest, code: str) -> HttpResponse:
    round_ = _round(code)
    reports = list(services.visible_reports(request.user, round_.reports.filter(due=True))
                   .select_related("task__action", "department"))
    by_department: dict[str, Counter[str]] = defaultdict(Counter)
    by_action: dict[str, Counter[str]] = defaultdict(Counter)
    for r in reports:
        by_department[r.department.display_name][r.status] += 1
        if r.kind == ReportKind.CONSOLIDATED and r.progress:
            by_action[r.task.action.display_name][r.progress] += 1
    lagging = [r for r in reports if r.kind == ReportKind.CONSOLIDATED and r.progress == TaskProgress.BEHIND]
    late = [r for r in reports if r.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
            and round_.due_on < dt.date.today()]
    statuses = list(ReportStatus)
    chart = {
        "departments": list(by_department),
        "series": [{"name": str(LABELS[s]), "data": [by_department[d][s] for d in by_department]} for s in statuses],
    }
    return render(request, "supervision/round_detail.html", {
        "round": round_, "reports": reports, "chart": chart, "lagging": lagging, "late": late,
        "by_action": {a: dict(c) for a, c in by_action.items()}, "progress_choices": PROGRESS_CHOICES,
        "total": len(reports), "submitted": sum(1 for r in reports if r.status != ReportStatus.DRAFT),
        "can_export": can(request.user, Permission.EXPORT_PLAN),
    })


def _report_for(request: HttpRequest, pk: int) -> Report:
    report = get_object_or_404(Report.objects.select_related("round", "task", "department"), pk=pk)
    ensure(request.user, Permission.VIEW_TASK, report.task)
    return report


@require_GET
@login_required
@require(Permission.VIEW_ROUNDS)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    party = services.party_of(request.user, report)
    kind = ReportKind(report.kind)
    contributions = []
    if kind is ReportKind.CONSOLIDATED:
        contributions = list(report.round.reports.filter(task=report.task, kind=ReportKind.CONTRIBUTION)
                             .select_related("department"))
    return render(request, "supervision/report_detail.html", {
        "report": report, "events": report.events.all(),
        "evidence": [e for e in report.evidence.all() if can(request.user, Permission.VIEW_EVIDENCE, e)],
        "contributions": contributions, "progress_choices": PROGRESS_CHOICES,
        "quantities": reported.quantity_states(report), "indicators": report.task.indicators.all(),
        "can_edit": party is Party.AUTHOR and editable(ReportStatus(report.status)),
        "can_review": may(Step.APPROVE, kind, party) and report.status == ReportStatus.SUBMITTED,
        "can_accept": reported.may_accept(request.user, report),
        "may_open_indicators": can(request.user, Permission.VIEW_PROGRESS),
        "allowed_files": ", ".join(ALLOWED), "max_mb": MAX_BYTES // (1024 * 1024),
    })


@require_POST
@login_required
@require(Permission.VIEW_ROUNDS)
def report_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Save, submit, return or approve: the workflow decides who may."""
    report = _report_for(request, pk)
    action = request.POST.get("action", "")
    try:
        if action in ("save", "submit"):
            services.save_report(report, request.user, progress=request.POST.get("progress", ""),
                                 narrative=request.POST.get("narrative", ""),
                                 milestones=request.POST.get("milestones", ""))
            if action == "submit":
                services.take_step(report, Step.SUBMIT, request.user)
        elif action in ("return", "approve"):
            services.take_step(report, Step(action), request.user, request.POST.get("comment", ""))
            if action == "approve" and request.POST.get("accept_quantities"):
                _accept_all(request, report)
        elif action == "quantity":
            services.set_quantity(report, request.user, indicator_code=request.POST.get("indicator", ""),
                                  value=request.POST.get("value", ""), unit=request.POST.get("unit", ""),
                                  note=request.POST.get("note", ""))
        elif action == "upload":
            upload = request.FILES.get("file")
            if upload is None:
                raise SupervisionError("file", _("choose a file"))
            if upload.size is not None and upload.size > MAX_BYTES:
                raise SupervisionError("file", _("file: larger than the limit"))
            services.attach_evidence(report, request.user, name=upload.name or "file", data=upload.read())
        else:
            raise SupervisionError("action", _("unknown action"))
    except SupervisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done."))
    return redirect("supervision:report_detail", pk=report.pk)


def _accept_all(request: HttpRequest, report: Report) -> None:
    """The approve form's "accept the stated quantities" box: each one on its own, at its default
    period and never replacing another value; a refusal is said and the approval stands."""
    for state in reported.quantity_states(report):
        if state.accepted is not None:
            continue
        try:
            reported.accept_quantity(state.quantity, request.user, actor_label=actors.of_request(request))
        except SupervisionError as exc:
            messages.error(request, f"{state.quantity.indicator.display_name}: {exc}")


@require_POST
@login_required
@require(Permission.SUPERVISE)
def quantity_accept(request: HttpRequest, pk: int, qid: int) -> HttpResponse:
    """Accept one stated quantity as its indicator's observation (the office, approved reports)."""
    report = _report_for(request, pk)
    quantity = get_object_or_404(ReportQuantity.objects.select_related("indicator"), report=report, pk=qid)
    try:
        done = reported.accept_quantity(quantity, request.user, actor_label=actors.of_request(request),
                                        period=request.POST.get("period", ""),
                                        replace=request.POST.get("replace") == "1")
    except SupervisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Accepted as the %(period)s value of %(indicator)s.") % {
            "period": done.observation.period, "indicator": quantity.indicator.display_name})
    return redirect("supervision:report_detail", pk=report.pk)


@require_GET
@login_required
@require(Permission.VIEW_ROUNDS)
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("report__department"), pk=pk)
    ensure(request.user, Permission.VIEW_EVIDENCE, evidence)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing from storage")) from exc
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                        content_type=evidence.content_type)


@require_GET
@login_required
@require(Permission.VIEW_ROUNDS)
def task_timeline(request: HttpRequest, number: int) -> HttpResponse:
    task = get_object_or_404(current_plan().tasks.select_related("lead"), number=number)
    ensure(request.user, Permission.VIEW_TASK, task)
    reports = (Report.objects.filter(task=task).select_related("round", "department")
               .order_by("-round__due_on", "kind", "department__code"))
    return render(request, "supervision/task_timeline.html", {"task": task, "reports": reports})


@require_GET
@login_required
@require(Permission.EXPORT_PLAN)
def round_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    round_ = _round(code)
    return attachment(export.round_xlsx(round_), f"breakdown-{round_.code}.xlsx", XLSX)


@require_GET
@login_required
@require(Permission.EXPORT_PLAN)
def round_docx(request: HttpRequest, code: str) -> HttpResponse:
    round_ = _round(code)
    return attachment(export.round_docx(round_), f"round-report-{round_.code}.docx", DOCX)


@require_GET
@login_required
@require(Permission.EXPORT_PLAN)
def assessment(request: HttpRequest, year: int) -> HttpResponse:
    """The yearly ranking and the 通报 list (office and leaders)."""
    result = assess(current_plan(), year)
    return render(request, "supervision/assessment.html", {"result": result, "year": year})
