"""The round list (/supervision/) and opening a round in the UI (/supervision/rounds/new)."""

from __future__ import annotations

import re

import pytest

from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Report, Round
from carbonpeak.supervision.services import take_step
from carbonpeak.supervision.workflow import Step
from tests.conftest import ClientFactory, UserGetter
from tests.supervision.round_support import TASK, in_days, open_test_round, report_of, submit

LIST = "/supervision/"
NEW = "/supervision/rounds/new"


def field_error(html: str, field: str) -> str | None:
    """The error paragraph the form shows right under the input named `field`."""
    found = re.search(rf'name="{field}"[^>]*>\s*</label>\s*<p class="error">(.*?)</p>', html, re.S)
    return found.group(1) if found else None


# --- the list -----------------------------------------------------------------------------

def test_office_sees_the_rounds_with_counts_and_may_open_one(
        plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    open_test_round(plan, user, [TASK, 54])
    response = client_as("office").get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "测试第四季度" in html and 'href="/supervision/rounds/t-q4/"' in html
    assert f'href="{NEW}"' in html
    (row,) = response.context["rows"]
    assert dict(row["counts"]) == {"draft": 7}  # 5 reports on task 53, 2 on task 54


def test_leader_reads_the_list_but_may_not_open_a_round(
        plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    open_test_round(plan, user)
    response = client_as("leader").get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "测试第四季度" in html
    assert f'href="{NEW}"' not in html
    assert 'id="inbox"' not in html


def test_department_sees_its_inbox_and_its_notices_only(
        plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    round_ = open_test_round(plan, user, [TASK, 54])
    eco_report, greening_report = report_of(round_, "eco"), report_of(round_, "greening")
    submit(eco_report, user("eco"))
    take_step(eco_report, Step.RETURN, user("greening"), comment="请补充节能诊断报告")
    submit(greening_report, user("greening"), progress="on_schedule")
    take_step(greening_report, Step.RETURN, user("office"), comment="汇总内容不全")

    response = client_as("eco").get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    inbox = html.split('id="inbox"', 1)[1].split("</section>", 1)[0]
    assert f'data-report="{eco_report.pk}"' in inbox
    assert f'data-report="{greening_report.pk}"' not in inbox
    assert list(response.context["inbox"]) == [eco_report]
    notices = html.split('id="notices"', 1)[1].split("</section>", 1)[0]
    assert "请补充节能诊断报告" in notices
    assert "汇总内容不全" not in html  # greening's notice is not eco's business
    # eco is on task 53 but not on 54: the round's row counts only what eco may see
    (row,) = response.context["rows"]
    assert sum(row["counts"].values()) == 5


def test_department_not_on_any_task_of_the_round_has_an_empty_inbox(
        plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    open_test_round(plan, user)
    response = client_as("fengjing").get(LIST)
    assert response.status_code == 200
    assert 'id="inbox"' not in response.content.decode()
    (row,) = response.context["rows"]
    assert sum(row["counts"].values()) == 0


def test_enterprise_is_refused_the_list(client_as: ClientFactory) -> None:
    assert client_as("enterprise").get(LIST).status_code == 403


def test_anonymous_is_sent_to_log_in(client_as: ClientFactory) -> None:
    response = client_as(None).get(LIST)
    assert response.status_code == 302
    assert "login" in response["Location"] and "next=/supervision/" in response["Location"]


# --- opening a round ----------------------------------------------------------------------

def test_office_gets_the_form(client_as: ClientFactory) -> None:
    response = client_as("office").get(NEW)
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("code", "name", "due_on", "tasks", "note"):
        assert f'name="{field}"' in html


def test_office_opens_a_round_and_is_sent_to_it(plan: Plan, client_as: ClientFactory) -> None:
    due = in_days(20)
    response = client_as("office").post(NEW, {
        "code": "ui-round", "name": "界面测试轮", "due_on": due.isoformat(), "tasks": f"{TASK}，26",
        "note": "请按时报送",
    })
    assert response.status_code == 302
    assert response["Location"] == "/supervision/rounds/ui-round/"
    round_ = Round.objects.get(plan=plan, code="ui-round")
    assert (round_.name, round_.due_on, round_.note) == ("界面测试轮", due, "请按时报送")
    assert round_.opened_by is not None and round_.opened_by.get_username() == "office"
    assert sorted(round_.tasks.values_list("number", flat=True)) == [26, TASK]
    # task 53: greening + 4 co-departments; task 26: eco + env + drc
    assert Report.objects.filter(round=round_).count() == 8
    follow = client_as("office").get(response["Location"])
    assert follow.status_code == 200 and "界面测试轮" in follow.content.decode()


def test_empty_task_list_means_every_task(plan: Plan, client_as: ClientFactory) -> None:
    response = client_as("office").post(NEW, {"code": "all", "name": "全部", "due_on": in_days(5).isoformat(),
                                              "tasks": ""})
    assert response.status_code == 302
    assert Round.objects.get(code="all").tasks.count() == 80


@pytest.mark.parametrize(("field", "changes", "says"), [
    ("due_on", {"due_on": "2026-13-40"}, "须填写日期"),
    ("due_on", {"due_on": ""}, "须填写日期"),
    ("due_on", {"due_on": "2020-01-01"}, "截止日期已过"),
    ("tasks", {"tasks": "1,x"}, "任务编号须为数字"),
    ("tasks", {"tasks": "99"}, "99"),
    ("code", {"code": "第一轮"}, "代码只能用字母"),
    ("name", {"name": "   "}, "不能为空"),
])
def test_bad_input_re_renders_with_the_error_under_its_field_and_stores_nothing(
        client_as: ClientFactory, field: str, changes: dict[str, str], says: str) -> None:
    values = {"code": "bad", "name": "坏输入", "due_on": in_days(10).isoformat(), "tasks": "53"} | changes
    response = client_as("office").post(NEW, values)
    assert response.status_code == 200
    html = response.content.decode()
    error = field_error(html, field)
    assert error is not None and says in error
    assert set(response.context["errors"]) == {field}
    assert not Round.objects.exists() and not Report.objects.exists()
    # what was typed is kept in the form
    if changes.get(field, "").strip():
        assert f'value="{changes[field]}"' in html or changes[field] in html


def test_a_code_already_used_is_refused_under_code(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    open_test_round(plan, user, code="dup")
    reports = Report.objects.count()
    response = client_as("office").post(NEW, {"code": "dup", "name": "重复", "due_on": in_days(9).isoformat(),
                                              "tasks": "1"})
    assert response.status_code == 200
    error = field_error(response.content.decode(), "code")
    assert error is not None and "dup" in error
    assert Round.objects.count() == 1 and Report.objects.count() == reports
    assert Round.objects.get(code="dup").name == "测试第四季度"


def test_a_superscript_digit_in_the_task_list_is_a_form_error(client_as: ClientFactory) -> None:
    response = client_as("office").post(NEW, {"code": "sup", "name": "上标", "due_on": in_days(9).isoformat(),
                                              "tasks": "1,²"})
    assert response.status_code == 200
    assert field_error(response.content.decode(), "tasks") is not None
    assert not Round.objects.exists()


@pytest.mark.parametrize("username", ["eco", "leader", "fengjing", "enterprise"])
def test_only_the_office_may_open_a_round(client_as: ClientFactory, username: str) -> None:
    client = client_as(username)
    assert client.get(NEW).status_code == 403
    response = client.post(NEW, {"code": "x", "name": "越权", "due_on": in_days(9).isoformat(), "tasks": ""})
    assert response.status_code == 403
    assert not Round.objects.exists()


def test_anonymous_post_is_sent_to_log_in(client_as: ClientFactory) -> None:
    response = client_as(None).post(NEW, {"code": "x", "name": "匿名", "due_on": in_days(9).isoformat()})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Round.objects.exists()
