"""Reports feed indicators, in the browser: a lead department states a quantity in its report,
the office approves the report, accepts the quantity, and finds it on the indicator's page
naming the report it came from."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OpenAs

pytestmark = pytest.mark.e2e

CODE = "e2e-feed-2026"
NAME = "2026年度报告数据（浏览器测试）"
RECOVERY = "household_waste_resource_recovery_rate"  # task 53, lead 区绿化市容局 (greening)


def test_the_office_accepts_a_reported_quantity_as_the_indicator_value(as_user: OpenAs, server_url: str) -> None:
    office = as_user("office")
    office.goto(f"{server_url}/supervision/rounds/new")
    office.fill("input[name=name]", NAME)
    office.fill("input[name=due_on]", (dt.date.today() + dt.timedelta(days=14)).isoformat())
    office.fill("input[name=tasks]", "53")
    office.locator("details summary").click()  # the code is optional (made from the due date); this test names it
    office.fill("input[name=code]", CODE)
    office.locator("#round-form button[value=open]").click()
    office.wait_for_url(f"{server_url}/supervision/rounds/{CODE}/")

    greening = as_user("greening")  # the lead writes the consolidated report
    greening.goto(f"{server_url}/supervision/")
    greening.locator("#inbox tr", has_text=NAME).filter(has_text="53").get_by_role("link").first.click()
    greening.select_option("#quantity-form select[name=indicator]", RECOVERY)
    greening.fill("#quantity-form input[name=value]", "46.2")
    greening.locator("#quantity-form button[value=quantity]").click()
    expect(greening.locator(f"#quantities tr[data-indicator={RECOVERY}]")).to_contain_text("46.2")
    greening.select_option("#report-form select[name=progress]", "on_schedule")
    greening.fill("#report-form textarea[name=narrative]", "资源回收利用率达到46.2%")
    greening.locator("#report-form button[value=submit]").click()
    expect(greening.get_by_test_id("status")).to_have_text("已提交")
    report_url = greening.url

    office.goto(report_url)
    office.locator("#review button[value=approve]").click()
    office.locator("#confirm-yes").click()  # approving asks for confirmation first
    expect(office.get_by_test_id("status")).to_have_text("已审核")
    row = office.locator(f"#quantities tr[data-indicator={RECOVERY}]")
    expect(row.locator("input[name=period]")).to_have_value("2026")  # the year the round names
    row.get_by_role("button", name="采纳为指标数值").click()
    expect(row.get_by_test_id("accepted-state")).to_have_text("已采纳为 2026 的数值")

    row.get_by_role("link", name="生活垃圾资源回收利用率").click()
    office.wait_for_url(f"{server_url}/indicators/{RECOVERY}/")
    value_row = office.locator("#observations tr[data-period='2026']")
    expect(value_row).to_contain_text("46.2")
    expect(value_row).to_contain_text(f"督查报告 {NAME} · 任务53 · 区绿化市容局")

    # The lead department sees on its report that its figure was taken up.
    greening.goto(report_url)
    expect(greening.locator(f"#quantities tr[data-indicator={RECOVERY}]")).to_contain_text("已采纳为 2026 的数值")
