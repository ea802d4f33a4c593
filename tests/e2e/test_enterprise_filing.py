"""The annual energy-use report in a browser: the enterprise opens this year's report prefilled from its
meters, raises electricity by 10 %, is asked to explain, submits; the office returns it with a comment; the
enterprise submits again; the office accepts; the GHG report follows from it (the enterprise adds a process
line, the office accepts and hands it to the inventory); the unit's carbon-efficiency grade appears with its
reasons; the enterprise publishes its figures and a visitor who is not logged in reads them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import OpenAs

pytestmark = pytest.mark.e2e

UNIT = "U004"  # the demo enterprise's unit (monitoring/demo/load.py)


def test_an_energy_use_report_from_prefill_to_acceptance(as_user: OpenAs, server_url: str, page: Page) -> None:
    year = dt.date.today().year
    firm = as_user("enterprise")
    firm.goto(f"{server_url}/enterprise/?year={year}")
    firm.locator(f"tr[data-unit='{UNIT}'] button").click()
    expect(firm.get_by_test_id("prefill")).to_contain_text("已根据本单位本年度的月度监测数据预填")
    report_url = firm.url
    electricity = firm.locator("input[name='q_electricity']")
    monitored = float(electricity.input_value())
    assert monitored > 0
    electricity.fill(f"{monitored * 1.1:.3f}")
    firm.locator("button[value='submit']").click()
    expect(firm.get_by_test_id("flag-electricity")).to_contain_text("+10.0%")  # common/figures.py: no space
    expect(firm.get_by_test_id("unexplained")).to_be_visible()
    expect(firm.get_by_test_id("status")).to_have_text("草稿")
    firm.locator("input[name='x_electricity']").fill("十一月新增一条生产线，分表尚未接入")
    firm.locator("input[name='value_added_10k_cny']").fill("1200")
    firm.locator("button[value='submit']").click()
    expect(firm.get_by_test_id("status")).to_have_text("已提交")

    office = as_user("office")
    office.goto(report_url)
    office.locator("#review textarea[name='comment']").fill("请附十一月电费单")
    office.locator("#review button[value='return']").click()
    expect(office.get_by_test_id("status")).to_have_text("已退回")

    firm.goto(report_url)
    expect(firm.locator("#office-comment")).to_contain_text("请附十一月电费单")
    firm.locator("textarea[name='measures']").fill("电费单已附；新增生产线的分表十二月接入")
    firm.locator("button[value='submit']").click()
    expect(firm.get_by_test_id("status")).to_have_text("已提交")

    office.goto(report_url)
    office.locator("#review button[value='accept']").click()
    expect(office.get_by_test_id("status")).to_have_text("已受理")
    expect(office.locator("#events")).to_contain_text("office")
    assert re.search(r"/enterprise/filings/\d+/$", report_url)

    # The GHG report follows from the accepted energy: the enterprise adds a process line and submits it.
    firm.goto(report_url)
    firm.locator("#ghg-link a").click()
    expect(firm.get_by_test_id("ghg-status")).to_have_text("草稿")
    energy_co2 = float(firm.get_by_test_id("ghg-total").inner_text().replace(",", ""))
    assert energy_co2 > 0  # the electricity bought from the grid, at the factor of the year
    firm.locator("input[name='process_source']").fill("石灰石分解")
    firm.locator("input[name='process_method']").fill("碳酸盐法，含量 95 %")
    firm.locator("input[name='process_co2_t']").fill("250")
    firm.locator("#ghg-form button[value='submit']").click()
    expect(firm.get_by_test_id("ghg-status")).to_have_text("已提交")
    expect(firm.locator("#ghg-process")).to_contain_text("石灰石分解")
    ghg_url = firm.url

    # The office accepts it and hands the accepted reports to the inventory as point sources.
    office.goto(ghg_url)
    office.locator("#ghg-review button[value='accept']").click()
    expect(office.get_by_test_id("ghg-status")).to_have_text("已受理")
    office.goto(f"{server_url}/enterprise/emissions/?year={year}")
    expect(office.get_by_test_id(f"ghg-{UNIT}")).to_have_text("已受理")
    office.locator("#hand-over button").click()
    expect(office.locator(f"#handed tr[data-unit='{UNIT}']").first).to_be_visible()
    expect(office.locator("#handed")).to_contain_text("ippu.processes")

    # The unit gets its carbon-efficiency grade with reasons (energy CO2 only, as the method counts).
    firm.goto(f"{server_url}/enterprise/grades/?year={year}")
    expect(firm.get_by_test_id(f"grade-{UNIT}")).to_have_text("浅绿")  # the only graded unit is its own benchmark
    expect(firm.locator(f"#grades tr[data-unit='{UNIT}']")).to_contain_text("的 1.00 倍")
    expect(firm.locator(f"#grades tr[data-unit='{UNIT}']")).to_contain_text("碳效等级 3 级")
    office.goto(f"{server_url}/enterprise/grades/?year={year}")
    expect(office.locator("#grades-by-town")).to_have_attribute("data-rendered", "true")

    # The enterprise publishes its accepted figures; a visitor who is not logged in reads them.
    firm.goto(report_url)
    firm.locator("#publish button").click()
    expect(firm.get_by_test_id("published")).to_be_visible()
    page.goto(f"{server_url}/enterprise/disclosures/?year={year}")
    expect(page.locator("#disclosures")).to_contain_text("浅绿")
