"""Indicators in the browser: the office re-evaluates the warnings, the at-risk energy-saving rate
(lead ☆区经委) is listed orange, 区经委 sees it, acknowledges it, and the office reads the answer;
the dashboard and indicator charts render."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import OpenAs, log_in

pytestmark = pytest.mark.e2e

SAVING = "industrial_energy_saving_annual"  # demo: 0.99 % in 2025 against ≥ 1 % every year
ROW = f'#warnings tr[data-indicator="{SAVING}"]'
ANSWER = "已组织重点用能企业节能诊断，年底前完成余热回收改造（浏览器测试）"




def test_the_lead_department_acknowledges_an_at_risk_indicator(as_user: OpenAs, server_url: str) -> None:
    office = as_user("office")
    office.goto(f"{server_url}/indicators/warnings/")
    office.get_by_role("button", name="立即重新评估").click()
    office.wait_for_url(f"{server_url}/indicators/warnings/")
    expect(office.locator("body")).to_contain_text("已重新评估预警")
    row = office.locator(ROW)
    expect(row).to_have_attribute("data-level", "orange")
    expect(row).to_contain_text("二级预警（橙色）")
    expect(row).to_contain_text("工业和通信业用能企业年节能率")
    expect(row).to_contain_text("区经委")

    eco = as_user("eco")
    eco.goto(f"{server_url}/indicators/warnings/")
    expect(eco.locator(ROW)).to_have_attribute("data-level", "orange")
    # Only the warnings sent to 区经委.
    for other in eco.locator("#warnings tr[data-indicator]").all():
        expect(other).to_contain_text("区经委")
    # The in-app notice is in the supervision room too.
    eco.goto(f"{server_url}/supervision/")
    expect(eco.locator("#notices")).to_contain_text("【指标预警】工业和通信业用能企业年节能率")

    eco.goto(f"{server_url}/indicators/warnings/")
    eco.locator(ROW).get_by_role("link", name="工业和通信业用能企业年节能率").click()
    expect(eco.locator("h1")).to_have_text("工业和通信业用能企业年节能率")
    expect(eco.locator("#indicator-chart")).to_have_attribute("data-rendered", "true")
    eco.fill("#response-form textarea[name=text]", ANSWER)
    eco.locator("#response-form button[type=submit]").click()
    expect(eco.locator("body")).to_contain_text("反馈已记录")
    expect(eco.locator("#responses")).to_contain_text(ANSWER)
    eco.goto(f"{server_url}/indicators/warnings/")
    expect(eco.locator(ROW)).to_contain_text(ANSWER[:20])
    expect(eco.locator(ROW).get_by_role("link", name="确认反馈")).to_have_count(0)

    office.goto(f"{server_url}/indicators/warnings/")
    expect(office.locator(ROW)).to_contain_text(ANSWER[:20])
    office.locator(ROW).get_by_role("link", name="工业和通信业用能企业年节能率").click()
    expect(office.locator("#responses")).to_contain_text(ANSWER)
    expect(office.locator("#response-form")).to_have_count(0)


def test_the_dashboard_and_indicator_charts_render(page: Page, server_url: str) -> None:
    log_in(page, server_url, "office")
    page.goto(f"{server_url}/dashboard/")
    expect(page.locator("h1")).to_have_text("碳达峰驾驶舱")
    chart = page.locator("#status-by-action")
    expect(chart).to_have_attribute("data-rendered", "true")
    expect(chart.locator("canvas")).to_have_count(1)
    expect(page.locator(".lights a[data-indicator]")).to_have_count(36)
    expect(page.locator(f'.lights a[data-indicator="{SAVING}"]')).to_have_attribute("data-status", "at_risk")
    page.locator(f'.lights a[data-indicator="{SAVING}"]').click()
    page.wait_for_url(f"{server_url}/indicators/{SAVING}/")
    chart = page.locator("#indicator-chart")
    expect(chart).to_have_attribute("data-rendered", "true")
    expect(chart.locator("canvas")).to_have_count(1)
    expect(page.locator("#observations tr[data-period]")).to_have_count(4)
