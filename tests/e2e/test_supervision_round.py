"""A whole dispatch round in the browser: the office opens it, a co-department and the lead
report, the office returns one and approves the other, and the exports open."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import openpyxl
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

CODE = "e2e-2026-q4"
NAME = "2026年第四季度（浏览器测试）"



def _report_from_inbox(page: Page, server_url: str) -> None:
    page.goto(f"{server_url}/supervision/")
    page.locator("#inbox tr", has_text=NAME).filter(has_text="53").get_by_role("link").first.click()


def _write_and_submit(page: Page, progress: str, narrative: str, says: str) -> None:
    page.select_option("#report-form select[name=progress]", progress)
    page.fill("#report-form textarea[name=narrative]", narrative)
    page.locator("#report-form button[value=submit]").click()
    expect(page.get_by_test_id("status")).to_have_text("已提交")
    expect(page.locator(".messages li.success")).to_have_text(says)


def test_a_round_from_opening_to_the_word_report(as_user, server_url: str) -> None:  # type: ignore[no-untyped-def]
    office = as_user("office")
    office.goto(f"{server_url}/supervision/rounds/new")
    # Every problem at once: no name and a past date, both said, in Chinese only.
    office.fill("input[name=due_on]", "2020-01-01")
    office.locator("#round-form input[name=name]").evaluate("e => e.removeAttribute('required')")
    office.locator("#round-form button[value=open]").click()
    expect(office.locator("#round-errors li")).to_have_count(2)
    expect(office.locator("#round-errors")).to_contain_text("截止日期已过")
    expect(office.locator("#round-errors")).not_to_contain_text("/")
    # Tasks picked by action and department; the preview lists them before anything is opened.
    office.fill("input[name=name]", NAME)
    office.fill("input[name=due_on]", (dt.date.today() + dt.timedelta(days=14)).isoformat())
    office.locator("#pick-actions input[value='6']").check()
    office.select_option("#round-form select[name=department]", "greening")
    office.fill("input[name=tasks]", "53")
    office.locator("#round-form button[value=preview]").click()
    expect(office.locator("#round-preview li")).to_have_count(1)
    office.locator("details summary").click()
    office.fill("input[name=code]", CODE)
    office.locator("#round-form button[value=open]").click()
    office.wait_for_url(f"{server_url}/supervision/rounds/{CODE}/")
    expect(office.locator(".messages li.success")).to_contain_text(NAME)
    expect(office.locator("#round-progress")).to_have_attribute("data-rendered", "true")
    # Task 53: ☆区绿化市容局 consolidates; 区经委 and three more bodies contribute.
    expect(office.locator("#round-reports tr[data-report]")).to_have_count(5)

    eco = as_user("eco")  # a co-department
    _report_from_inbox(eco, server_url)
    _write_and_submit(eco, "in_progress", "完成2家企业节能诊断", "已提交 区经委 对任务 53 的报告。")
    eco_report_url = eco.url

    greening = as_user("greening")  # the lead
    _report_from_inbox(greening, server_url)
    expect(greening.locator("body")).to_contain_text("汇总报告")
    _write_and_submit(greening, "behind", "部分绿化工程受天气影响延期", "已提交 区绿化市容局 对任务 53 的报告。")
    greening_report_url = greening.url

    office.goto(eco_report_url)
    office.fill("#review textarea[name=comment]", "请补充诊断报告")
    office.locator("#review button[value=return]").click()
    # A confirmation page first; cancelling changes nothing.
    expect(office.locator("#confirm-question")).to_have_text("确认退回 区经委 对任务 53 的报告修改？")
    office.locator("#confirm-no").click()
    expect(office.get_by_test_id("status")).to_have_text("已提交")
    office.fill("#review textarea[name=comment]", "请补充诊断报告")
    office.locator("#review button[value=return]").click()
    office.locator("#confirm-yes").click()
    expect(office.get_by_test_id("status")).to_have_text("已退回")
    expect(office.locator(".messages li.success")).to_have_text("已退回 区经委 对任务 53 的报告，已通知该部门。")
    office.goto(greening_report_url)
    expect(office.locator("#review-open-contributions")).to_contain_text("4 份配合报告尚未提交")
    office.locator("#review button[value=approve]").click()
    # The warning names the contributions still open; approving anyway is allowed.
    expect(office.locator("#open-contributions li")).to_have_count(4)
    office.locator("#confirm-yes").click()
    expect(office.get_by_test_id("status")).to_have_text("已审核")
    expect(office.locator(".messages li.success")).to_have_text("已通过 区绿化市容局 对任务 53 的报告。")
    expect(office.locator(".messages li.warning")).to_contain_text("还有 4 份配合报告尚未提交")
    # The report leads back to its round and its task; the task page shows the approved progress.
    office.get_by_test_id("task-link").click()
    expect(office.get_by_test_id("latest-progress")).to_contain_text("滞后")
    expect(office.locator("#task-reports")).to_contain_text(NAME)

    # The co-department sees the return with the comment and may edit again.
    eco.goto(eco_report_url)
    expect(eco.get_by_test_id("status")).to_have_text("已退回")
    expect(eco.locator("#history")).to_contain_text("请补充诊断报告")
    expect(eco.locator("#report-form")).to_have_count(1)

    office.goto(f"{server_url}/supervision/rounds/{CODE}/")
    expect(office.locator("#lagging")).to_contain_text("53")
    with office.expect_download() as xlsx_download:
        office.locator("#export-xlsx").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    header = [c.value for c in sheet[2]]
    row_53 = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == 53)
    assert row_53[header.index("本轮进展")] == "滞后"
    assert row_53[header.index("牵头报告状态")] == "已审核"
    with office.expect_download() as docx_download:
        office.locator("#export-docx").click()
    document = docx.Document(io.BytesIO(Path(docx_download.value.path()).read_bytes()))
    assert NAME in document.paragraphs[0].text
    summary = next(p.text for p in document.paragraphs if p.text.startswith("本轮应报告"))
    # 5 reports due, 2 submitted, 1 approved, 1 return.
    assert summary.startswith("本轮应报告 5 份，已提交 2 份（40%），已审核 1 份，退回修改 1 次")
    lagging = document.tables[0]
    assert lagging.rows[1].cells[0].text == "53"
    assert len(document.inline_shapes) == 1  # the chart


def test_search_from_the_top_bar_and_the_task_list_on_a_phone(as_user, server_url: str) -> None:  # type: ignore[no-untyped-def]
    eco = as_user("eco")
    eco.set_viewport_size({"width": 390, "height": 844})
    eco.goto(f"{server_url}/plan/tasks/")
    # The task list reflows into labelled lines: nothing wider than the phone.
    assert eco.evaluate("document.documentElement.scrollWidth") <= 390
    expect(eco.locator("#action-progress .stacked-bar").first).to_be_visible()
    eco.fill("form.search-box input[name=q]", "光伏")
    eco.locator("form.search-box button").first.click()
    eco.wait_for_url(f"{server_url}/search/?q=*")
    expect(eco.locator("#results-task")).to_be_visible()
    expect(eco.locator("#results-project")).to_have_count(0)  # a department does not see the review queue
    assert eco.evaluate("document.documentElement.scrollWidth") <= 390
    eco.locator("#results-task a").first.click()
    expect(eco.locator("#task-reports")).to_be_visible()
