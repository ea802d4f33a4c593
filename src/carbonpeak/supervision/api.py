"""REST API of the supervision room (/api/v1/supervision/…): the same rules as the pages.

A refusal (`SupervisionError`, `NotAllowed`) is raised and answered in the API's one error contract.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from carbonpeak.audit import actors
from carbonpeak.http.api_checks import Year, longest, need
from carbonpeak.indicators.models import Observation
from carbonpeak.people.permissions import Permission
from carbonpeak.plan.queries import current_plan
from carbonpeak.supervision import reported, services
from carbonpeak.supervision.models import Report, ReportQuantity, Round
from carbonpeak.supervision.problems import SupervisionError
from carbonpeak.supervision.queries import assess
from carbonpeak.supervision.workflow import Step

router = Router(tags=["supervision"])


class RoundIn(Schema):
    code: str = Field(..., max_length=longest(Round, "code"))
    name: str = Field(..., max_length=longest(Round, "name"))
    due_on: dt.date
    tasks: list[int] = []
    note: str = ""


class RoundOut(Schema):
    code: str
    name: str
    due_on: dt.date
    tasks: int
    reports_due: int
    reports_submitted: int


class ReportOut(Schema):
    id: int
    round: str
    task: int
    department: str
    kind: str
    status: str
    progress: str
    narrative: str
    milestones: str
    times_returned: int
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None


class ReportIn(Schema):
    progress: str = ""
    narrative: str = ""
    milestones: str = ""


class StepIn(Schema):
    comment: str = ""


def _round_out(r: Round, request: HttpRequest) -> dict[str, Any]:
    due = services.visible_reports(request.user, r.reports.filter(due=True))
    return {"code": r.code, "name": r.name, "due_on": r.due_on, "tasks": r.tasks.count(),
            "reports_due": due.count(), "reports_submitted": due.exclude(status="draft").count()}


def _report_out(r: Report) -> dict[str, Any]:
    return {"id": r.pk, "round": r.round.code, "task": r.task.number, "department": r.department.code,
            "kind": r.kind, "status": r.status, "progress": r.progress, "narrative": r.narrative,
            "milestones": r.milestones, "times_returned": r.times_returned, "submitted_at": r.submitted_at,
            "approved_at": r.approved_at}


def _visible_report(request: HttpRequest, pk: int) -> Report:
    need(request, Permission.VIEW_ROUNDS)
    reports = services.visible_reports(request.user, Report.objects.select_related("round", "task", "department"))
    return get_object_or_404(reports, pk=pk)


@router.get("/supervision/rounds", response=list[RoundOut], summary="Dispatch rounds / 调度轮次")
def list_rounds(request: HttpRequest) -> list[dict[str, Any]]:
    need(request, Permission.VIEW_ROUNDS)
    return [_round_out(r, request) for r in Round.objects.filter(plan=current_plan())]


@router.post("/supervision/rounds", response={201: RoundOut}, summary="Open a round / 发起调度")
def open_round(request: HttpRequest, payload: RoundIn) -> Status[Any]:
    need(request, Permission.SUPERVISE)
    r = services.open_round(current_plan(), code=payload.code, name=payload.name, due_on=payload.due_on,
                            user=request.user, task_numbers=payload.tasks or None, note=payload.note)
    return Status(201, _round_out(r, request))


@router.get("/supervision/rounds/{code}/reports", response=list[ReportOut], summary="Reports of a round / 本轮报告")
def round_reports(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    need(request, Permission.VIEW_ROUNDS)
    r = get_object_or_404(Round, plan=current_plan(), code=code)
    reports = services.visible_reports(request.user, r.reports.select_related("round", "task", "department"))
    return [_report_out(x) for x in reports]


@router.get("/supervision/reports/{pk}", response=ReportOut, summary="A report / 报告")
def get_report(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _report_out(_visible_report(request, pk))


@router.put("/supervision/reports/{pk}", response={200: ReportOut}, summary="Edit a report / 填写报告")
def save_report(request: HttpRequest, pk: int, payload: ReportIn) -> Status[Any]:
    report = _visible_report(request, pk)
    saved = services.save_report(report, request.user, progress=payload.progress, narrative=payload.narrative,
                                 milestones=payload.milestones)
    return Status(200, _report_out(saved))


class ObservationOut(Schema):
    indicator: str
    period: str
    value: float
    origin: str
    source: str
    report: int | None
    provenance: dict[str, Any]


class QuantityOut(Schema):
    id: int
    indicator: str
    value: float
    unit: str
    value_in_indicator_unit: float
    indicator_unit: str
    note: str
    period: str  # where it was accepted, else where accepting would put it by default
    accepted: bool
    observation: ObservationOut | None
    conflict: ObservationOut | None  # a different value already stored for `period`


class AcceptIn(Schema):
    period: str = ""  # empty: the default period (the round's, in the indicator's cycle)
    replace: bool = False  # overwrite a different value already stored for the period


class AcceptOut(Schema):
    outcome: str  # created, updated, unchanged
    observation: ObservationOut


def _observation_out(o: Observation) -> dict[str, Any]:
    return {"indicator": o.indicator.code, "period": o.period, "value": o.value, "origin": o.origin,
            "source": o.source, "report": o.report_id, "provenance": o.provenance}


def _quantity_out(st: reported.QuantityState) -> dict[str, Any]:
    q = st.quantity
    return {"id": q.pk, "indicator": q.indicator.code, "value": q.value, "unit": q.unit,
            "value_in_indicator_unit": q.value_in_indicator_unit, "indicator_unit": q.indicator.unit, "note": q.note,
            "period": st.period, "accepted": st.accepted is not None,
            "observation": _observation_out(st.accepted) if st.accepted else None,
            "conflict": _observation_out(st.existing) if st.existing else None}


@router.get("/supervision/reports/{pk}/quantities", response=list[QuantityOut],
            summary="A report's stated quantities and whether they were accepted / 报告数据及采纳情况")
def report_quantities(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    return [_quantity_out(st) for st in reported.quantity_states(_visible_report(request, pk))]


@router.post("/supervision/reports/{pk}/quantities/{qid}/accept", response={200: AcceptOut},
             summary="Accept a stated quantity as the indicator's value / 采纳报告数据为指标数值")
def accept_quantity(request: HttpRequest, pk: int, qid: int, payload: AcceptIn) -> Status[Any]:
    """The office, on an approved consolidated report; again changes nothing (outcome `unchanged`)."""
    report = _visible_report(request, pk)
    quantity = get_object_or_404(ReportQuantity, report=report, pk=qid)
    done = reported.accept_quantity(quantity, request.user, actor_label=actors.of_request(request),
                                    period=payload.period, replace=payload.replace)
    return Status(200, {"outcome": done.outcome, "observation": _observation_out(done.observation)})


# One operation a step, not /reports/{pk}/{step}: a step's path would also match .../quantities, answered 405 by
# the GET-only route beside it (the URLs people script against are the same).
def _step(request: HttpRequest, pk: int, step: Step, payload: StepIn) -> Status[Any]:
    moved = services.take_step(_visible_report(request, pk), step, request.user, payload.comment)
    return Status(200, _report_out(moved))


@router.post("/supervision/reports/{pk}/submit", response={200: ReportOut},
             summary="Submit a report / 提交报告")
def submit_report(request: HttpRequest, pk: int, payload: StepIn) -> Status[Any]:
    return _step(request, pk, Step.SUBMIT, payload)


@router.post("/supervision/reports/{pk}/return", response={200: ReportOut},
             summary="Return a report for revision / 退回报告")
def return_report(request: HttpRequest, pk: int, payload: StepIn) -> Status[Any]:
    return _step(request, pk, Step.RETURN, payload)


@router.post("/supervision/reports/{pk}/approve", response={200: ReportOut},
             summary="Approve a report / 审核通过报告")
def approve_report(request: HttpRequest, pk: int, payload: StepIn) -> Status[Any]:
    return _step(request, pk, Step.APPROVE, payload)


@router.post("/supervision/reports/{pk}/{step}", response={200: ReportOut}, include_in_schema=False)
def unknown_step(request: HttpRequest, pk: int, step: str) -> Status[Any]:
    """Any other step: the one error body naming the field, as before the steps had operations of their own."""
    _visible_report(request, pk)
    raise SupervisionError("step", f"应为 submit、return 或 approve / unknown step '{step}'")


class RankedOut(Schema):
    rank: int | None
    department: str
    name: str
    total: float | None
    components: dict[str, float | None]
    explanation: list[str]


class NoticeOut(Schema):
    department: str
    reasons: list[str]


class AssessmentOut(Schema):
    year: int
    ranking: list[RankedOut]
    notices: list[NoticeOut]


@router.get("/supervision/assessment/{year}", response=AssessmentOut, summary="Yearly assessment / 年度考核")
def get_assessment(request: HttpRequest, year: Year) -> dict[str, Any]:
    need(request, Permission.EXPORT_PLAN)
    result = assess(current_plan(), year)
    return {
        "year": year,
        "ranking": [
            {"rank": r.rank, "department": r.score.department, "name": result.names.get(r.score.department, ""),
             "total": r.score.total, "components": dict(r.score.components), "explanation": list(r.score.explanation)}
            for r in result.ranking
        ],
        "notices": [{"department": n.department, "reasons": list(n.reasons)} for n in result.notices],
    }
