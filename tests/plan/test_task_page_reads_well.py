"""The task page and the task list read as one text (issue 18): the heading 任务53 without a space, a way back
that names where it leads (the task list and this task's action), indicator values through the figures layer
with the period in the language's brackets, and the progress legend worded and capitalised as the rows are."""

from __future__ import annotations

import re

import pytest

from carbonpeak.plan.models import Plan
from carbonpeak.supervision.services import take_step
from carbonpeak.supervision.workflow import Step
from tests.conftest import ClientFactory, UserGetter
from tests.indicators.conftest import store
from tests.supervision.round_support import open_test_round, report_of, submit


def _section(html: str, marker: str) -> str:
    return html.split(marker, 1)[1].split("</section>", 1)[0]


def test_the_heading_and_the_way_back(plan: Plan, client_as: ClientFactory) -> None:
    client = client_as("eco")
    html = client.get("/plan/tasks/53/").content.decode()
    assert re.search(r"<h1>任务53</h1>", html) and "任务 53" not in html
    crumbs = html.split('class="crumbs"', 1)[1].split("</p>", 1)[0]
    assert '<a href="/plan/tasks/">← 任务分解表</a>' in crumbs
    action = plan.tasks.get(number=53).action
    assert f'href="/plan/tasks/?action={action.number}"' in crumbs and f"{action.number}. {action.name}" in crumbs
    for link in re.findall(r'href="([^"]+)"', crumbs):
        page = client.get(link.replace("&amp;", "&"))
        assert page.status_code == 200
    listed = client.get(f"/plan/tasks/?action={action.number}").context["tasks"]
    assert 53 in [t.number for t in listed] and {t.action_id for t in listed} == {action.pk}  # the action's list
    english = client_as("eco", "en").get("/plan/tasks/53/").content.decode()
    assert "<h1>Task 53</h1>" in english and "← Task breakdown</a>" in english


@pytest.mark.parametrize(("language", "shown"), [("zh-hans", "96.0%</span><small>（2025）</small>"),
                                                 ("en", "96.0%</span> <small>(2025)</small>")])
def test_indicator_values_are_written_by_the_figures_layer(plan: Plan, client_as: ClientFactory, language: str,
                                                          shown: str) -> None:
    task = plan.tasks.get(number=53)
    code = task.indicators.filter(unit="percent").order_by("id").values_list("code", flat=True).first()
    assert code is not None
    store(plan, code, {2024: 93, 2025: 96})
    section = _section(client_as("office", language).get("/plan/tasks/53/").content.decode(), 'id="task-indicators"')
    row = section.split(f'data-indicator="{code}"', 1)[1].split("</tr>", 1)[0]
    assert shown in row  # was "96 % (2025)" beside targets written "≥ 95.0%"
    assert not re.search(r"\d %", row)


@pytest.fixture
def approved(plan: Plan, user: UserGetter) -> None:
    round_ = open_test_round(plan, user, [53, 26], code="2026-h1", name="2026年上半年")
    lead = report_of(round_, "greening")
    submit(lead, user("greening"), progress="completed", narrative="已完成")
    take_step(lead, Step.APPROVE, user("office"))


def test_the_legend_words_no_report_as_the_rows_do(approved: None, client_as: ClientFactory) -> None:
    html = client_as("office").get("/plan/tasks/").content.decode()
    legend = html.split('class="legend"', 1)[1].split("</p>", 1)[0]
    row = html.split('data-task="26"', 1)[1].split("</tr>", 1)[0]
    assert "暂无已审核的报告" in legend and "暂无已审核的报告" in row and "暂无已审核报告" not in html


def test_english_labels_standing_alone_are_capitalised(approved: None, client_as: ClientFactory) -> None:
    client = client_as("office", "en")
    html = client.get("/plan/tasks/").content.decode()
    legend = re.sub(r"<[^>]+>", " ", html.split('class="legend">', 1)[1].split("</p>", 1)[0])
    assert legend.split() == ["Completed", "Ongoing", "as", "planned", "In", "progress", "Not", "started", "Behind",
                              "No", "approved", "report", "yet"]
    assert re.search(r'class="status completed[^"]*">Completed</span>', html.split('data-task="53"', 1)[1])
    page = client.get("/plan/tasks/53/").content.decode()
    assert '<span class="status completed">Completed</span>' in page
    assert "<td" in page and ">Completed</td>" in _section(page, 'id="task-reports"')
