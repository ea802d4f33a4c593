"""Progress where people look: the task list shows each task's latest approved progress and a bar per
action, and exports what it shows; the task page lists its reports across rounds (linked for who may open
them), its indicators with their status and its departments (linked only where the reader may go)."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Round
from carbonpeak.supervision.services import take_step
from carbonpeak.supervision.workflow import Step
from tests.conftest import ClientFactory, UserGetter
from tests.supervision.round_support import open_test_round, report_of, submit


@pytest.fixture
def approved(plan: Plan, user: UserGetter) -> Round:
    """Task 53's consolidated report approved as 'behind' in one round; a later round still in draft."""
    round_ = open_test_round(plan, user, [53, 26])
    lead = report_of(round_, "greening")
    submit(lead, user("greening"), progress="behind", narrative="部分绿化工程延期")
    take_step(lead, Step.APPROVE, user("office"))
    submit(report_of(round_, "eco", task=26), user("eco"), progress="completed")  # submitted, not approved
    open_test_round(plan, user, [53], code="t-next", name="下一轮")
    return round_


def row(html: str, number: int) -> str:
    return html.split(f'data-task="{number}"', 1)[1].split("</tr>", 1)[0]


def test_the_list_shows_the_latest_approved_progress_only(approved: Round, client_as: ClientFactory) -> None:
    html = client_as("office").get("/plan/tasks/").content.decode()
    assert "滞后" in row(html, 53) and "测试第四季度" in row(html, 53)
    assert "暂无已审核的报告" in row(html, 26)  # submitted as completed, not yet approved: not a statement
    lead = report_of(approved, "greening")
    assert f'href="/supervision/reports/{lead.pk}/"' in row(html, 53)


def test_one_bar_per_action_counts_the_tasks_shown(approved: Round, client_as: ClientFactory) -> None:
    response = client_as("office").get("/plan/tasks/?action=6")
    (bar,) = response.context["bars"]
    assert bar.number == 6 and bar.total == len(response.context["tasks"])
    counts = {s.status: s.count for s in bar.segments}
    assert counts["behind"] == 1 and counts["none"] == bar.total - 1
    assert abs(sum(s.percent for s in bar.segments) - 100) < 0.5
    assert 'class="seg behind"' in response.content.decode()


def test_the_task_list_exports_what_it_shows(approved: Round, client_as: ClientFactory) -> None:
    response = client_as("office").get("/plan/tasks.xlsx?action=6")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('"tasks.xlsx"')
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("序号", "十大行动", "重点任务", "时间节点", "责任部门（☆为牵头部门）", "最新审核进展",
                       "审核日期", "轮次")
    shown = client_as("office").get("/plan/tasks/?action=6").context["tasks"]
    assert [r[0] for r in rows[2:]] == [t.number for t in shown]
    by_number = {r[0]: r for r in rows[2:]}
    assert by_number[53][5] == "滞后" and by_number[53][7] == "测试第四季度"
    assert by_number[53][4].startswith("☆区绿化市容局")


def test_a_department_exports_only_its_own_tasks(approved: Round, client_as: ClientFactory) -> None:
    page = client_as("fengjing").get("/plan/tasks/")
    rows = list(openpyxl.load_workbook(io.BytesIO(client_as("fengjing").get("/plan/tasks.xlsx").content))
                .active.iter_rows(values_only=True))
    assert [r[0] for r in rows[2:]] == [t.number for t in page.context["tasks"]]
    assert 53 not in [r[0] for r in rows[2:]]
    assert client_as("enterprise").get("/plan/tasks.xlsx").status_code == 403


@pytest.mark.parametrize(("who", "status"), [("office", 200), ("leader", 200), ("eco", 200), ("greening", 200),
                                             ("fengjing", 403), ("enterprise", 403)])
def test_the_task_page_lists_its_reports_across_rounds_with_links_that_open(
        approved: Round, client_as: ClientFactory, who: str, status: int) -> None:
    client = client_as(who)
    response = client.get("/plan/tasks/53/")
    assert response.status_code == status
    if status != 200:
        return
    html = response.content.decode()
    section = html.split('id="task-reports"', 1)[1].split("</section>", 1)[0]
    assert "测试第四季度" in section and "下一轮" in section
    links = re.findall(r'href="(/supervision/[^"]+)"', section)
    assert len(links) >= 10  # 5 reports in each of two rounds, the rounds themselves, the timeline
    for link in set(links):
        assert client.get(link).status_code == 200, (who, link)
    assert "滞后" in html.split('data-testid="latest-progress"', 1)[1][:200]


def test_department_links_are_drawn_only_where_the_reader_may_go(approved: Round, client_as: ClientFactory) -> None:
    html = client_as("eco").get("/plan/tasks/53/").content.decode()
    assert 'href="/plan/departments/eco/"' in html
    assert 'href="/plan/departments/greening/"' not in html and "区绿化市容局" in html
    html = client_as("office").get("/plan/tasks/53/").content.decode()
    assert 'href="/plan/departments/greening/"' in html


def test_the_task_page_shows_its_indicators_with_status(plan: Plan, client_as: ClientFactory) -> None:
    response = client_as("eco").get("/plan/tasks/53/")
    rows = response.context["indicator_rows"]
    linked = set(plan.tasks.get(number=53).indicators.values_list("code", flat=True))
    assert linked and {r["indicator"].code for r in rows} == linked
    html = response.content.decode()
    section = html.split('id="task-indicators"', 1)[1].split("</section>", 1)[0]
    for r in rows:
        assert f'data-indicator="{r["indicator"].code}"' in section
        assert r["status_label"] and r["status_label"] in section
        assert client_as("eco").get(f"/indicators/{r['indicator'].code}/").status_code == 200


def test_a_round_named_by_its_period_reads_in_the_pages_language(
        plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    """The demo's round 2026年上半年 (code 2026-h1): an English page says "first half of 2026", never the
    Chinese name; the Chinese page keeps it; the round list and the report page follow."""
    round_ = open_test_round(plan, user, [53], code="2026-h1", name="2026年上半年")
    lead = report_of(round_, "greening")
    submit(lead, user("greening"), progress="behind", narrative="部分绿化工程延期")
    take_step(lead, Step.APPROVE, user("office"))
    for url in ("/plan/tasks/53/", "/plan/tasks/", "/supervision/", f"/supervision/reports/{lead.pk}/",
                "/supervision/rounds/2026-h1/"):
        en = client_as("office", "en").get(url).content.decode()
        zh = client_as("office").get(url).content.decode()
        assert "first half of 2026" in en and "年上半年" not in en, url
        assert "2026年上半年" in zh and "first half of 2026" not in zh, url
