"""Supervision that talks back: what each step says, confirmation before return and approve, the warning
(not a block) when contributions are still open, the links between round, report and task, and the lists'
xlsx exports."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.test import Client

from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Report, Round
from carbonpeak.supervision.workflow import ReportStatus
from tests.conftest import ClientFactory, UserGetter
from tests.supervision.round_support import fresh, open_test_round, report_of, submit


@pytest.fixture
def round_(plan: Plan, user: UserGetter) -> Round:
    return open_test_round(plan, user)


def post(client: Client, report: Report, **data: str) -> tuple[int, list[tuple[str, str]], str]:
    response = client.post(f"/supervision/reports/{report.pk}/action", data)
    flashed = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    return response.status_code, flashed, response.content.decode()


# --- messages that say what happened --------------------------------------------------------

def test_save_and_submit_say_whose_report_on_which_task(round_: Round, client_as: ClientFactory) -> None:
    report = report_of(round_, "eco")
    _, said, _ = post(client_as("eco"), report, action="save", progress="in_progress", narrative="开展诊断")
    assert said == [("success", "已保存 区经委 对任务 53 的报告草稿。")]
    _, said, _ = post(client_as("eco"), report, action="submit", progress="in_progress", narrative="开展诊断")
    assert said == [("success", "已提交 区经委 对任务 53 的报告。")]


def test_the_same_step_speaks_english_in_the_english_interface(round_: Round, client_as: ClientFactory) -> None:
    report = report_of(round_, "eco")
    _, said, _ = post(client_as("eco", "en"), report, action="submit", progress="in_progress", narrative="x")
    ((level, text),) = said
    assert level == "success" and text.startswith("Submitted ") and "task 53" in text
    _, said, _ = post(client_as("eco", "en"), report, action="save", progress="nonsense", narrative="x")
    ((level, text),) = said
    assert level == "error" and "/" not in text and not any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- confirmation before return and approve -------------------------------------------------

def test_approve_asks_first_and_changes_nothing_until_confirmed(
        round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    report = report_of(round_, "eco")
    submit(report, user("eco"))
    status, said, html = post(client_as("office"), report, action="approve")
    assert status == 200 and said == []
    assert "确认通过 区经委 对任务 53 的报告？" in html or "通过 区经委 对任务 53 的报告？" in html
    assert 'name="confirmed" value="1"' in html and 'id="confirm-no"' in html
    assert fresh(report).status == ReportStatus.SUBMITTED and not report.events.filter(step="approve").exists()
    status, said, _ = post(client_as("office"), report, action="approve", confirmed="1")
    assert status == 302 and said == [("success", "已通过 区经委 对任务 53 的报告。")]
    assert fresh(report).status == ReportStatus.APPROVED


def test_return_asks_first_keeps_the_comment_and_then_says_the_department_was_told(
        round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    report = report_of(round_, "eco")
    submit(report, user("eco"))
    status, _, html = post(client_as("greening"), report, action="return", comment="请补充诊断报告")
    assert status == 200 and 'value="请补充诊断报告"' in html and 'value="return"' in html
    assert fresh(report).status == ReportStatus.SUBMITTED
    status, said, _ = post(client_as("greening"), report, action="return", comment="请补充诊断报告", confirmed="1")
    assert said == [("success", "已退回 区经委 对任务 53 的报告，已通知该部门。")]
    assert fresh(report).status == ReportStatus.RETURNED


def test_a_refused_step_is_said_at_once_without_a_confirmation_page(
        round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    report = report_of(round_, "eco")
    submit(report, user("eco"))
    status, said, _ = post(client_as("greening"), report, action="return", comment="  ")
    assert status == 302 and said == [("error", "退回须写明意见")]
    status, said, _ = post(client_as("eco"), report, action="approve")
    assert status == 302 and said[0][0] == "error" and said[0][1].startswith("无权审核通过本报告")


# --- contributions still open: a warning, not a block ---------------------------------------

def test_approving_a_consolidated_report_with_draft_contributions_warns_and_approves(
        round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    lead = report_of(round_, "greening")
    submit(lead, user("greening"), progress="on_schedule")
    submit(report_of(round_, "eco"), user("eco"))  # one of the four contributions is in
    office = client_as("office")
    page = office.get(f"/supervision/reports/{lead.pk}/").content.decode()
    assert 'id="review-open-contributions"' in page and "3 份配合报告尚未提交" in page
    _, _, html = post(office, lead, action="approve")
    warning = html.split('id="open-contributions"', 1)[1].split("</div>", 1)[0]
    assert "区生态环境局" in warning and "区农业农村委" in warning and "区经委" not in warning
    status, said, _ = post(office, lead, action="approve", confirmed="1")
    assert status == 302 and fresh(lead).status == ReportStatus.APPROVED
    levels = dict(said)
    assert levels["success"] == "已通过 区绿化市容局 对任务 53 的报告。"
    assert levels["warning"].startswith("注意：任务 53 还有 3 份配合报告尚未提交")


def test_no_warning_once_every_contribution_is_in(round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    for code in ("env", "eco", "agri", "market"):
        submit(report_of(round_, code), user(code) if code in ("eco",) else _author(code, user))
    lead = report_of(round_, "greening")
    submit(lead, user("greening"), progress="on_schedule")
    _, _, html = post(client_as("office"), lead, action="approve")
    assert 'id="open-contributions"' not in html
    _, said, _ = post(client_as("office"), lead, action="approve", confirmed="1")
    assert [level for level, _ in said] == ["success"]


def _author(code: str, user: UserGetter):  # type: ignore[no-untyped-def]
    """A user of department `code` (the demo has users for eco, greening and fengjing only)."""
    from django.contrib.auth import get_user_model

    from carbonpeak.people.models import Profile, Role
    from carbonpeak.plan.models import Department

    made, _ = get_user_model().objects.get_or_create(username=f"t-{code}")
    Profile.objects.update_or_create(user=made, defaults={"role": Role.DEPARTMENT,
                                                          "department": Department.objects.get(code=code)})
    return get_user_model().objects.get(pk=made.pk)


# --- links both ways ------------------------------------------------------------------------

def test_report_links_to_its_round_and_task_and_the_round_links_to_tasks_and_reports(
        round_: Round, client_as: ClientFactory) -> None:
    report = report_of(round_, "eco")
    html = client_as("eco").get(f"/supervision/reports/{report.pk}/").content.decode()
    assert f'href="/supervision/rounds/{round_.code}/"' in html and 'href="/plan/tasks/53/"' in html
    html = client_as("eco").get(f"/supervision/rounds/{round_.code}/").content.decode()
    assert 'href="/plan/tasks/53/"' in html and f'href="/supervision/reports/{report.pk}/"' in html
    html = client_as("eco").get("/supervision/tasks/53/").content.decode()
    assert f'href="/supervision/rounds/{round_.code}/"' in html


# --- exports of the lists -------------------------------------------------------------------

def _sheet(response) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_the_rounds_list_exports_what_it_shows(round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    submit(report_of(round_, "eco"), user("eco"))
    rows = _sheet(client_as("office").get("/supervision/rounds.xlsx"))
    assert rows[1] == ("轮次", "编码", "截止", "重点任务", "草稿", "已提交", "已退回", "已审核")
    assert rows[2][0] == "测试第四季度" and rows[2][3:] == (1, 4, 1, 0, 0)
    # a department counts only the reports of its own tasks, as on the page
    assert _sheet(client_as("fengjing").get("/supervision/rounds.xlsx"))[2][4:] == (0, 0, 0, 0)
    assert client_as("enterprise").get("/supervision/rounds.xlsx").status_code == 403


def test_a_rounds_reports_export_holds_the_rows_of_the_page_with_formulas_inert(
        round_: Round, user: UserGetter, client_as: ClientFactory) -> None:
    submit(report_of(round_, "eco"), user("eco"), narrative="=HYPERLINK(\"http://x\",\"y\")")
    rows = _sheet(client_as("office").get(f"/supervision/rounds/{round_.code}/reports.xlsx"))
    assert rows[0][0].startswith("测试第四季度")
    header = rows[1]
    assert header[:5] == ("任务", "部门", "职责", "状态", "进展状态")
    eco = next(r for r in rows[2:] if r[1] == "区经委")
    assert eco[0] == 53 and eco[3] == "已提交" and eco[4] == "推进中"
    assert eco[header.index("进展情况")] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert len(rows) - 2 == 5
    assert len(_sheet(client_as("fengjing").get(f"/supervision/rounds/{round_.code}/reports.xlsx"))) == 2
