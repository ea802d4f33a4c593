"""Opening a round: tasks picked by action, department, time node or number; the code generated from the
due date when none is typed; every problem shown at once; a preview that stores nothing."""

from __future__ import annotations

from carbonpeak.plan.models import Plan, Responsibility
from carbonpeak.supervision.models import Report, Round
from tests.conftest import ClientFactory
from tests.supervision.round_support import in_days

NEW = "/supervision/rounds/new"


def test_tasks_picked_by_action_and_department(plan: Plan, client_as: ClientFactory) -> None:
    due = in_days(30)
    response = client_as("office").post(NEW, {"name": "经委第六行动", "due_on": due.isoformat(), "action": ["6"],
                                              "department": "eco"})
    assert response.status_code == 302
    round_ = Round.objects.get(name="经委第六行动")
    expected = set(Responsibility.objects.filter(task__plan=plan, task__action__number=6, department__code="eco")
                   .values_list("task__number", flat=True))
    assert expected and set(round_.tasks.values_list("number", flat=True)) == expected
    assert round_.code == due.isoformat()  # generated: nobody typed a slug


def test_two_actions_and_a_time_node_narrow_each_other(plan: Plan, client_as: ClientFactory) -> None:
    client_as("office").post(NEW, {"name": "两项行动", "due_on": in_days(9).isoformat(), "action": ["2", "3"],
                                   "time_node": "by_2025"})
    round_ = Round.objects.get(name="两项行动")
    picked = list(round_.tasks.all())
    assert picked and all(t.action.number in (2, 3) and t.time_node == "by_2025" for t in picked)
    assert len(picked) == plan.tasks.filter(action__number__in=[2, 3], time_node="by_2025").count()


def test_a_second_round_on_the_same_day_gets_the_next_code(client_as: ClientFactory) -> None:
    due = in_days(12).isoformat()
    for name in ("第一轮", "第二轮"):
        assert client_as("office").post(NEW, {"name": name, "due_on": due, "tasks": "53"}).status_code == 302
    assert sorted(Round.objects.values_list("code", flat=True)) == [due, f"{due}-2"]


def test_every_problem_is_shown_at_once_and_nothing_is_stored(client_as: ClientFactory) -> None:
    response = client_as("office").post(NEW, {"name": " ", "due_on": "2020-01-01", "tasks": "53, 999",
                                              "code": "第一轮"})
    assert response.status_code == 200
    errors = response.context["errors"]
    assert set(errors) == {"name", "due_on", "tasks", "code"}
    html = response.content.decode()
    top = html.split('id="round-errors"', 1)[1].split("</ul>", 1)[0]
    for reason in ("不能为空", "截止日期已过", "方案中没有任务 999", "代码只能用字母"):
        assert reason in top
    assert " / " not in top  # the reader's language only, not "中文 / English"
    assert not Round.objects.exists() and not Report.objects.exists()


def test_a_pick_that_matches_no_task_is_said(client_as: ClientFactory) -> None:
    response = client_as("office").post(NEW, {"name": "空", "due_on": in_days(5).isoformat(), "action": ["1"],
                                              "tasks": "80"})
    assert response.status_code == 200 and "没有任务" in response.context["errors"]["tasks"]
    assert not Round.objects.exists()


def test_the_preview_lists_the_tasks_and_opens_nothing(client_as: ClientFactory) -> None:
    response = client_as("office").post(NEW, {"name": "预览", "due_on": in_days(5).isoformat(), "action": ["8"],
                                              "step": "preview"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="round-preview"' in html and "项任务" in html
    assert all(t.action.number == 8 for t in response.context["scope"])
    assert 'value="8" checked' in html  # the picks are kept for the real submit
    assert not Round.objects.exists()


def test_the_form_speaks_english_in_the_english_interface(client_as: ClientFactory) -> None:
    response = client_as("office", "en").post(NEW, {"name": "", "due_on": "x"})
    errors = response.context["errors"]
    assert errors["name"] == "must not be empty" and errors["due_on"].startswith("a date is needed")
