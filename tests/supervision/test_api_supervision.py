"""/api/v1/supervision/…: rounds, reports and every report transition with its permission matrix."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Report, ReportEvent, Round
from carbonpeak.supervision.services import save_report
from carbonpeak.supervision.workflow import ReportStatus
from tests.conftest import ClientFactory, UserGetter
from tests.people.plan_facts import collectives_covering, tasks_of
from tests.supervision.round_support import (
    TASK,
    TASK_53_DEPARTMENTS,
    fresh,
    in_days,
    open_test_round,
    report_of,
    submit,
)

API = "/api/v1/supervision"


def post(client: Client, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(f"{API}{path}", json.dumps(body or {}), content_type="application/json")


def put(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.put(f"{API}{path}", json.dumps(body), content_type="application/json")


# --- rounds -------------------------------------------------------------------------------

def test_list_rounds_counts_what_the_caller_may_see(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    round_ = open_test_round(plan, user, [TASK, 54])
    submit(report_of(round_, "eco"), user("eco"))
    office = client_as("office").get(f"{API}/rounds")
    assert office.status_code == 200
    assert office.json() == [{"code": "t-q4", "name": "测试第四季度", "due_on": round_.due_on.isoformat(), "tasks": 2,
                              "reports_due": 7, "reports_submitted": 1}]
    (eco,) = client_as("eco").get(f"{API}/rounds").json()
    assert (eco["reports_due"], eco["reports_submitted"]) == (5, 1)  # eco is on 53, not on 54
    assert client_as("leader").get(f"{API}/rounds").status_code == 200


def test_list_rounds_is_closed_to_enterprises_and_anonymous(client_as: ClientFactory) -> None:
    assert client_as("enterprise").get(f"{API}/rounds").status_code == 403
    assert client_as(None).get(f"{API}/rounds").status_code == 401


def test_office_opens_a_round(plan: Plan, client_as: ClientFactory) -> None:
    due = in_days(21)
    response = post(client_as("office"), "/rounds",
                    {"code": "api-q4", "name": "接口轮", "due_on": due.isoformat(), "tasks": [TASK], "note": "n"})
    assert response.status_code == 201
    assert response.json() == {"code": "api-q4", "name": "接口轮", "due_on": due.isoformat(), "tasks": 1,
                               "reports_due": 5, "reports_submitted": 0}
    round_ = Round.objects.get(plan=plan, code="api-q4")
    assert {r.department.code for r in round_.reports.all()} == TASK_53_DEPARTMENTS


@pytest.mark.parametrize(("username", "status"), [("eco", 403), ("leader", 403), ("enterprise", 403), (None, 401)])
def test_only_the_office_opens_rounds(client_as: ClientFactory, username: str | None, status: int) -> None:
    response = post(client_as(username), "/rounds", {"code": "x", "name": "越权", "due_on": in_days(9).isoformat()})
    assert response.status_code == status
    assert not Round.objects.exists()


@pytest.mark.parametrize(("changes", "field"), [
    ({"due_on": "not-a-date"}, "due_on"),
    ({"due_on": "2020-01-01"}, "due_on"),
    ({"tasks": [53, 99]}, "tasks"),
    ({"tasks": ["x"]}, "tasks"),
    ({"code": "中文"}, "code"),
    ({"name": " "}, "name"),
])
def test_bad_round_payloads_are_422_naming_the_field(client_as: ClientFactory, changes: dict[str, Any],
                                                     field: str) -> None:
    body = {"code": "bad", "name": "坏", "due_on": in_days(9).isoformat(), "tasks": [TASK]} | changes
    response = post(client_as("office"), "/rounds", body)
    assert response.status_code == 422
    errors = response.json()["errors"]  # the service's refusal and schema validation alike
    assert any(e["field"].startswith(field) and e["reason"] for e in errors)
    assert not Round.objects.exists() and not Report.objects.exists()


def test_missing_field_is_422(client_as: ClientFactory) -> None:
    response = post(client_as("office"), "/rounds", {"code": "x", "due_on": in_days(9).isoformat()})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["name"]
    assert not Round.objects.exists()


def test_duplicate_code_is_422_on_code(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    open_test_round(plan, user, code="dup")
    count = Report.objects.count()
    response = post(client_as("office"), "/rounds", {"code": "dup", "name": "重复", "due_on": in_days(9).isoformat()})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "code"
    assert Round.objects.count() == 1 and Report.objects.count() == count


# --- reports of a round -------------------------------------------------------------------

def test_a_department_sees_only_the_reports_of_tasks_it_is_on(
        plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    numbers = [TASK, 54, 16, 26]
    open_test_round(plan, user, numbers)
    eco_scope = tasks_of("eco") | set().union(*(tasks_of(c) for c in collectives_covering("district_bureau")))
    office = client_as("office").get(f"{API}/rounds/t-q4/reports").json()
    assert {r["task"] for r in office} == set(numbers)
    eco = client_as("eco").get(f"{API}/rounds/t-q4/reports")
    assert eco.status_code == 200
    assert {r["task"] for r in eco.json()} == set(numbers) & eco_scope == {TASK, 26}
    # eco reads every report on its tasks (the lead's and the other co-departments' too)
    assert {r["department"] for r in eco.json() if r["task"] == TASK} == TASK_53_DEPARTMENTS
    greening = client_as("greening").get(f"{API}/rounds/t-q4/reports").json()
    assert {r["task"] for r in greening} == {TASK, 54, 16}
    assert client_as("fengjing").get(f"{API}/rounds/t-q4/reports").json() == []


def test_report_fields(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    round_ = open_test_round(plan, user)
    report = report_of(round_, "eco")
    submit(report, user("eco"), progress="behind", narrative="受资金影响滞后")
    data = client_as("eco").get(f"{API}/reports/{report.pk}").json()
    assert {k: data[k] for k in ("id", "round", "task", "department", "kind", "status", "progress", "narrative",
                                 "times_returned")} == {
        "id": report.pk, "round": "t-q4", "task": TASK, "department": "eco", "kind": "contribution",
        "status": "submitted", "progress": "behind", "narrative": "受资金影响滞后", "times_returned": 0}
    assert data["submitted_at"] is not None and data["approved_at"] is None


def test_unknown_round_or_report_is_404(client_as: ClientFactory) -> None:
    assert client_as("office").get(f"{API}/rounds/nope/reports").status_code == 404
    assert client_as("office").get(f"{API}/reports/999999").status_code == 404


def test_a_report_of_a_task_the_department_is_not_on_is_hidden(
        plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = report_of(open_test_round(plan, user), "eco")
    assert client_as("fengjing").get(f"{API}/reports/{report.pk}").status_code == 404
    assert client_as("enterprise").get(f"{API}/reports/{report.pk}").status_code == 403


# --- saving -------------------------------------------------------------------------------

def test_the_author_saves_its_report(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = report_of(open_test_round(plan, user), "eco")
    response = put(client_as("eco"), f"/reports/{report.pk}",
                   {"progress": "in_progress", "narrative": "开展诊断", "milestones": "1家"})
    assert response.status_code == 200
    assert (response.json()["progress"], response.json()["status"]) == ("in_progress", "draft")
    report = fresh(report)
    assert (report.progress, report.narrative, report.milestones) == ("in_progress", "开展诊断", "1家")


@pytest.mark.parametrize(("username", "status"), [
    ("greening", 403),  # the task's lead: reviews, never writes a co-department's report
    ("office", 403),
    ("leader", 403),
    ("fengjing", 404),  # not on the task: the report is not there for it
    ("enterprise", 403),
])
def test_nobody_else_saves_the_report(plan: Plan, user: UserGetter, client_as: ClientFactory,
                                      username: str, status: int) -> None:
    report = report_of(open_test_round(plan, user), "eco")
    response = put(client_as(username), f"/reports/{report.pk}", {"progress": "completed", "narrative": "越权"})
    assert response.status_code == status
    assert fresh(report).narrative == "" and not ReportEvent.objects.exists()


def test_saving_an_unknown_progress_is_422(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = report_of(open_test_round(plan, user), "eco")
    response = put(client_as("eco"), f"/reports/{report.pk}", {"progress": "done-ish", "narrative": "x"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "progress"
    assert fresh(report).narrative == ""


def test_saving_a_submitted_report_is_422_on_status(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = report_of(open_test_round(plan, user), "eco")
    submit(report, user("eco"), narrative="原文")
    response = put(client_as("eco"), f"/reports/{report.pk}", {"progress": "completed", "narrative": "改"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "status"
    assert fresh(report).narrative == "原文"


# --- the transitions ----------------------------------------------------------------------

def _prepare(plan: Plan, user: UserGetter, kind: str, submitted: bool) -> Report:
    round_ = open_test_round(plan, user)
    author = "eco" if kind == "contribution" else "greening"
    report = report_of(round_, author)
    if submitted:
        submit(report, user(author), progress="on_schedule")
    else:
        save_report(report, user(author), progress="on_schedule", narrative="待提交")
    return report


# (step, kind, user) → HTTP status; contribution by eco, consolidated by greening (the lead).
MATRIX = [
    # submit a draft: only the author
    ("submit", "contribution", "eco", 200),
    ("submit", "contribution", "greening", 403),
    ("submit", "contribution", "office", 403),
    ("submit", "contribution", "leader", 403),
    ("submit", "contribution", "fengjing", 404),
    ("submit", "consolidated", "greening", 200),
    ("submit", "consolidated", "eco", 403),
    ("submit", "consolidated", "office", 403),
    ("submit", "consolidated", "leader", 403),
    # return / approve a submitted contribution: the task's lead or the office
    ("return", "contribution", "greening", 200),
    ("return", "contribution", "office", 200),
    ("return", "contribution", "eco", 403),
    ("return", "contribution", "leader", 403),
    ("return", "contribution", "fengjing", 404),
    ("approve", "contribution", "greening", 200),
    ("approve", "contribution", "office", 200),
    ("approve", "contribution", "eco", 403),
    ("approve", "contribution", "leader", 403),
    ("approve", "contribution", "fengjing", 404),
    # return / approve a submitted consolidated report: only the office; a co-department never
    ("return", "consolidated", "office", 200),
    ("return", "consolidated", "greening", 403),
    ("return", "consolidated", "eco", 403),
    ("return", "consolidated", "leader", 403),
    ("approve", "consolidated", "office", 200),
    ("approve", "consolidated", "greening", 403),
    ("approve", "consolidated", "eco", 403),
    ("approve", "consolidated", "leader", 403),
    ("approve", "consolidated", "fengjing", 404),
]
EXPECTED_STATUS = {"submit": "submitted", "return": "returned", "approve": "approved"}


@pytest.mark.parametrize(("step", "kind", "username", "status"), MATRIX)
def test_permission_matrix(plan: Plan, user: UserGetter, client_as: ClientFactory,
                           step: str, kind: str, username: str, status: int) -> None:
    report = _prepare(plan, user, kind, submitted=step != "submit")
    before = fresh(report).status
    events = ReportEvent.objects.filter(report=report).count()
    response = post(client_as(username), f"/reports/{report.pk}/{step}", {"comment": "请补充"})
    assert response.status_code == status, response.content
    if status == 200:
        assert response.json()["status"] == EXPECTED_STATUS[step]
        assert fresh(report).status == EXPECTED_STATUS[step]
        event = ReportEvent.objects.filter(report=report).last()
        assert event is not None and (event.step, event.actor_label) == (step, username)
    else:
        assert fresh(report).status == before
        assert ReportEvent.objects.filter(report=report).count() == events


@pytest.mark.parametrize(("step", "start", "username"), [
    ("approve", "draft", "office"),
    ("return", "draft", "office"),
    ("approve", "draft", "greening"),
    ("submit", "submitted", "eco"),
    ("approve", "approved", "office"),
    ("return", "approved", "office"),
    ("submit", "approved", "eco"),
    ("approve", "returned", "office"),
])
def test_out_of_order_steps_are_422_on_status(plan: Plan, user: UserGetter, client_as: ClientFactory,
                                              step: str, start: str, username: str) -> None:
    report = _prepare(plan, user, "contribution", submitted=start != "draft")
    if start == "approved":
        post(client_as("office"), f"/reports/{report.pk}/approve")
    elif start == "returned":
        post(client_as("office"), f"/reports/{report.pk}/return", {"comment": "退回"})
    assert fresh(report).status == start
    events = ReportEvent.objects.count()
    response = post(client_as(username), f"/reports/{report.pk}/{step}", {"comment": "意见"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"
    assert fresh(report).status == start and ReportEvent.objects.count() == events


def test_return_without_a_comment_is_422_on_comment(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = _prepare(plan, user, "contribution", submitted=True)
    response = post(client_as("greening"), f"/reports/{report.pk}/return", {"comment": "  "})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "comment"
    assert fresh(report).status == ReportStatus.SUBMITTED and fresh(report).times_returned == 0


def test_submit_without_a_narrative_is_422(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = report_of(open_test_round(plan, user), "eco")
    response = post(client_as("eco"), f"/reports/{report.pk}/submit")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "progress"
    put(client_as("eco"), f"/reports/{report.pk}", {"progress": "in_progress", "narrative": ""})
    response = post(client_as("eco"), f"/reports/{report.pk}/submit")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "narrative"
    assert fresh(report).status == ReportStatus.DRAFT


@pytest.mark.parametrize("step", ["publish", "save", "SUBMIT"])
def test_unknown_step_is_422(plan: Plan, user: UserGetter, client_as: ClientFactory, step: str) -> None:
    report = _prepare(plan, user, "contribution", submitted=True)
    response = post(client_as("office"), f"/reports/{report.pk}/{step}")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "step"
    assert fresh(report).status == ReportStatus.SUBMITTED


def test_a_full_loop_through_the_api(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = report_of(open_test_round(plan, user), "eco")
    eco, greening, office = client_as("eco"), client_as("greening"), client_as("office")
    assert put(eco, f"/reports/{report.pk}", {"progress": "in_progress", "narrative": "第一稿"}).status_code == 200
    assert post(eco, f"/reports/{report.pk}/submit").status_code == 200
    assert post(greening, f"/reports/{report.pk}/return", {"comment": "补充数据"}).json()["times_returned"] == 1
    assert put(eco, f"/reports/{report.pk}", {"progress": "completed", "narrative": "第二稿"}).json()["status"] == (
        "returned")
    assert post(eco, f"/reports/{report.pk}/submit").status_code == 200
    approved = post(office, f"/reports/{report.pk}/approve").json()
    assert approved["status"] == "approved" and approved["approved_at"] is not None
    assert list(ReportEvent.objects.filter(report=report).values_list("step", flat=True)) == [
        "save", "submit", "return", "save", "submit", "approve"]
