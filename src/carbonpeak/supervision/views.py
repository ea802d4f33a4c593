"""Pages of the supervision room: rounds, the department inbox, a report, a task's timeline."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carbonpeak.audit import actors
from carbonpeak.common.figures import Kind
from carbonpeak.common.uploads import ALLOWED, MAX_BYTES
from carbonpeak.http.downloads import DOCX, XLSX, attachment, xlsx_response
from carbonpeak.people.permissions import Permission, can, department_of, ensure, require
from carbonpeak.plan.models import Task
from carbonpeak.plan.queries import current_plan
from carbonpeak.supervision import export, outcomes, reported, round_form, services
from carbonpeak.supervision.models import LABELS, PROGRESS_CHOICES, Evidence, Notice, Report, ReportQuantity, Round
from carbonpeak.supervision.problems import SupervisionError
from carbonpeak.supervision.queries import assess
from carbonpeak.supervision.workflow import (
    Party,
    ReportKind,
    ReportStatus,
    Step,
    TaskProgress,
    editable,
    may,
    next_status,
)


@require_GET
@login_required
@require(Permission.VIEW_ROUNDS)
def round_list(request: HttpRequest) -> HttpResponse:
    rows = _round_rows(request)
    own = department_of(request.user)
    notices = Notice.objects.filter(department=own, shown=True)[:20] if own is not None else []
    return render(request, "supervision/round_list.html", {
        "rows": rows, "inbox": services.inbox(request.user), "notices": notices,
        "can_assess": can(request.user, Permission.EXPORT_PLAN), "this_year": dt.date.today().year,
        "can_open": can(request.user, Permission.SUPERVISE),
    })


def _round_rows(request: HttpRequest) -> list[dict[str, Any]]:
    """Each round with the count of its due reports by status, of the tasks the user may see."""
    rows = []
    for r in Round.objects.filter(plan=current_plan()).prefetch_related("tasks"):
        due = services.visible_reports(request.user, r.reports.filter(due=True))
        rows.append({"round": r, "counts": Counter(due.values_list("status", flat=True))})
    return rows


@require_GET
@login_required
@require(Permission.VIEW_ROUNDS)
def round_list_xlsx(request: HttpRequest) -> HttpResponse:
    """The rounds table as the page shows it to this user."""
    statuses = list(ReportStatus)
    header = [_("Round"), _("Code"), _("Due"), _("Tasks"), *[str(LABELS[s]) for s in statuses]]
    rows = [[_title(row["round"]), row["round"].code, row["round"].due_on, len(row["round"].tasks.all()),
             *[row["counts"].get(s.value, 0) for s in statuses]] for row in _round_rows(request)]
    return xlsx_response(_("Dispatch rounds"), header, rows, "rounds.xlsx",
                         kinds={c: Kind.COUNT for c in range(4, len(header) + 1)})


@require_GET
@login_required
@require(Permission.VIEW_ROUNDS)
def round_reports_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """A round's reports as its page lists them to this user (a department: of the tasks it is on)."""
    round_ = _round(code)
    reports = (services.visible_reports(request.user, round_.reports.filter(due=True))
               .select_related("task", "department").order_by("task__number", "kind", "department__code"))
    header = [_("Task"), _("Department"), _("Part"), _("Status"), _("Progress"), _("Submitted"), _("Approved"),
              _("Progress narrative")]
    rows = [[r.task.number, r.department.display_name, capfirst(str(r.get_kind_display())),
             str(r.get_status_display()), capfirst(str(r.get_progress_display())), _local_day(r.submitted_at),
             _local_day(r.approved_at), r.narrative] for r in reports]
    return xlsx_response(_title(round_), header, rows, f"round-{round_.code}-reports.xlsx",
                         note=_("due %(date)s") % {"date": round_.due_on.isoformat()})


def _title(round_: Round) -> str:
    """The round's name in the download's language, as the pages write it (the |round_title filter): a round
    named by its period reads "first half of 2026" in an English file, never the stored 2026年上半年."""
    return round_.title(english=(get_language() or "").startswith("en"))


def _progress_choices() -> list[tuple[str, str]]:
    """The progress values with their labels as a label stands alone (a column heading, an option): capitalised
    in English, where the stored labels are lower case for use inside a sentence."""
    return [(value, capfirst(str(label))) for value, label in PROGRESS_CHOICES]


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.SUPERVISE)
def round_new(request: HttpRequest) -> HttpResponse:
    """Open a round: its tasks picked by action, department, time node or number; its code generated
    from the due date unless one is typed; every problem shown at once under its field."""
    plan = current_plan()
    form = round_form.RoundForm.read(request.POST if request.method == "POST" else request.GET)
    errors: dict[str, str] = {}
    scope: list[Task] = []
    if request.method == "POST":
        errors, scope = round_form.check(plan, form)
        if not errors and request.POST.get("step") != "preview":
            code = form.code or services.free_round_code(plan, form.due_on_date())
            try:
                round_ = services.open_round(plan, code=code, name=form.name, due_on=form.due_on_date(),
                                             user=request.user, task_numbers=[t.number for t in scope],
                                             note=form.note)
            except SupervisionError as exc:
                errors = {p.field: p.reason_in(get_language()) for p in exc.problems()}
            else:
                messages.success(request, _("Round %(name)s opened: %(tasks)d tasks, %(reports)d reports asked for.")
                                 % {"name": _title(round_), "tasks": len(scope), "reports": round_.reports.count()})
                return redirect("supervision:round_detail", code=round_.code)
    return render(request, "supervision/round_new.html", {
        "values": form, "errors": errors, "scope": scope, "previewed": request.POST.get("step") == "preview",
        **round_form.choices(plan),
    })


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
        "by_action": {a: dict(c) for a, c in by_action.items()}, "progress_choices": _progress_choices(),
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
        "contributions": contributions, "progress_choices": _progress_choices(),
        "quantities": reported.quantity_states(report), "indicators": report.task.indicators.all(),
        "can_edit": party is Party.AUTHOR and editable(ReportStatus(report.status)),
        "can_review": may(Step.APPROVE, kind, party) and report.status == ReportStatus.SUBMITTED,
        "open_contributions": services.open_contributions(report),
        "can_accept": reported.may_accept(request.user, report),
        "may_open_indicators": can(request.user, Permission.VIEW_PROGRESS),
        "allowed_files": ", ".join(ALLOWED), "max_mb": MAX_BYTES // (1024 * 1024),
    })


@require_POST
@login_required
@require(Permission.VIEW_ROUNDS)
def report_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Save, submit, return or approve: the workflow decides who may. Return and approve are asked
    twice: the first post shows what will happen (a confirmation page, no script needed), the
    second, with `confirmed=1`, does it."""
    report = _report_for(request, pk)
    action = request.POST.get("action", "")
    said = outcomes.Said(report)
    try:
        if action in ("save", "submit"):
            services.save_report(report, request.user, progress=request.POST.get("progress", ""),
                                 narrative=request.POST.get("narrative", ""),
                                 milestones=request.POST.get("milestones", ""))
            if action == "submit":
                services.take_step(report, Step.SUBMIT, request.user)
            done = said.step(Step(action))
        elif action in ("return", "approve"):
            step, comment = Step(action), request.POST.get("comment", "")
            if request.POST.get("confirmed") != "1":
                # Refused before asking: a missing comment or a step the user may not take.
                next_status(step, ReportKind(report.kind), ReportStatus(report.status),
                            services.party_of(request.user, report), comment)
                return _confirm(request, report, step, comment)
            services.take_step(report, step, request.user, comment)
            done = said.step(step)
            if step is Step.APPROVE:
                left = services.open_contributions(report)
                if left:
                    messages.warning(request, said.drafts_left(left))
                if request.POST.get("accept_quantities"):
                    _accept_all(request, report)
        elif action == "quantity":
            code = request.POST.get("indicator", "")
            services.set_quantity(report, request.user, indicator_code=code,
                                  value=request.POST.get("value", ""), unit=request.POST.get("unit", ""),
                                  note=request.POST.get("note", ""))
            done = said.quantity(report.task.indicators.filter(code=code).first())
        elif action == "upload":
            upload = request.FILES.get("file")
            if upload is None:
                raise SupervisionError("file", "请选择文件 / choose a file")
            if upload.size is not None and upload.size > MAX_BYTES:
                raise SupervisionError("file", "文件超过大小限制 / the file is larger than the limit")
            evidence = services.attach_evidence(report, request.user, name=upload.name or "file", data=upload.read())
            done = said.attached(evidence.original_name)
        else:
            raise SupervisionError("action", "未知操作 / unknown action")
    except SupervisionError as exc:
        messages.error(request, outcomes.refusal(exc))
    else:
        messages.success(request, done)
    return redirect("supervision:report_detail", pk=report.pk)


def _confirm(request: HttpRequest, report: Report, step: Step, comment: str) -> HttpResponse:
    """The confirmation page of a return or an approval: what will happen, the contributions still
    open (a warning, not a block), and the same form again with `confirmed=1`."""
    return render(request, "supervision/report_confirm.html", {
        "report": report, "step": step.value, "comment": comment,
        "accept_quantities": bool(request.POST.get("accept_quantities")),
        "open_contributions": services.open_contributions(report) if step is Step.APPROVE else [],
        "question": outcomes.Said(report).question(step),
    })


def _accept_all(request: HttpRequest, report: Report) -> None:
    """The approve form's "accept the stated quantities" box: each one on its own, at its default
    period and never replacing another value; a refusal is said and the approval stands."""
    for state in reported.quantity_states(report):
        if state.accepted is not None:
            continue
        try:
            reported.accept_quantity(state.quantity, request.user, actor_label=actors.of_request(request))
        except SupervisionError as exc:
            messages.error(request, f"{state.quantity.indicator.display_name}: {outcomes.refusal(exc)}")


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
        messages.error(request, outcomes.refusal(exc))
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
