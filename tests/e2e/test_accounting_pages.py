"""The accounting room in the browser: the leader reads the inventory, an enterprise calculates."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

CSV = "entity,period,energy_type,quantity,unit\n甲,2023,diesel,1,t\n甲,2023,electricity,10000,kWh\n"


def test_leader_reads_the_inventory_with_its_charts(page: Page, server_url: str) -> None:
    log_in(page, server_url, "leader")
    page.goto(f"{server_url}/accounting/")
    expect(page.locator("h1")).to_contain_text("2025")
    for chart in ("#inventory-trend", "#inventory-breakdown"):
        expect(page.locator(chart)).to_have_attribute("data-rendered", "true")
        expect(page.locator(chart).locator("canvas")).to_have_count(1)
    expect(page.locator("#inventory-lines tr[data-line]")).to_have_count(22)
    expect(page.locator('#inventory-lines tr[data-line="waste.landfill"]')).to_contain_text("NO")
    # The leader reads but does not compile.
    expect(page.locator("form[action$='/compile']")).to_have_count(0)


def test_year_tabs_navigate(page: Page, server_url: str) -> None:
    log_in(page, server_url, "leader")
    page.goto(f"{server_url}/accounting/")
    total_2024 = page.get_by_test_id("net-total").inner_text()
    page.locator("nav.tabs").get_by_role("link", name="2021", exact=True).click()
    page.wait_for_url(f"{server_url}/accounting/inventory/2021/")
    expect(page.locator("h1")).to_contain_text("2021")
    expect(page.locator("nav.tabs a[aria-current=page]")).to_have_text("2021")
    expect(page.get_by_test_id("net-total")).not_to_have_text(total_2024)
    expect(page.locator("#inventory-trend")).to_have_attribute("data-rendered", "true")
    expect(page.locator("#inventory-lines tr[data-line]")).to_have_count(22)


def test_enterprise_calculates_pasted_records(page: Page, server_url: str) -> None:
    log_in(page, server_url, "enterprise")
    page.goto(f"{server_url}/accounting/calculate/")
    page.fill("textarea[name=csv]", CSV)
    page.locator("#calculate-form button[type=submit]").click()
    # 1 t diesel × 1.4571 + 10 000 kWh × 0.1229 kgce/kWh = 2.6861 tce.
    expect(page.get_by_test_id("total-energy")).to_have_text("2.686")  # 4 significant digits (common/figures.py)
    # 3.0959 t CO2 from diesel + 4.2 t from Shanghai grid power.
    expect(page.get_by_test_id("total-co2")).to_have_text("7.296")
    # The factor set by its name; its label (id@version#digest) in the tooltip.
    expect(page.locator("#result .factor-set")).to_have_attribute("title", re.compile("^shanghai@"))
    expect(page.locator("#result")).to_contain_text("上海市现行因子")
    # An enterprise has no district inventory.
    response = page.goto(f"{server_url}/accounting/")
    assert response is not None and response.status == 403


def test_a_factor_set_reads_as_cards_on_a_phone(browser: Browser, server_url: str) -> None:
    """At 390 px the factors are folded by subject, so a reader finds 电力 at once; opened, each factor is a card:
    its parameter, value, unit, source and validity in view, nothing sideways."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        log_in(page, server_url, "office")
        page.goto(f"{server_url}/accounting/factors/shanghai/")
        groups = page.locator("#factors details.factor-group")
        expect(groups.first).to_be_visible()
        assert groups.count() == 19  # 15 energy types, 2 gases, 2 land types
        # Folded: the page is a list of subjects a screen or two long, not 13,000 px of cards.
        assert page.evaluate("() => document.documentElement.scrollHeight") < 2600
        expect(page.locator("#factors details[open]")).to_have_count(0)
        electricity = page.locator("details#subject-electricity")
        expect(electricity.locator("summary")).to_contain_text("电力")
        expect(electricity.locator("summary")).to_contain_text("8 条因子")
        electricity.locator("summary").click()
        expect(electricity).to_have_attribute("open", "")
        assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
        expect(electricity.locator("thead")).to_be_hidden()
        card = electricity.locator('tr[data-subject="electricity"][data-parameter="emission_factor"]').nth(1)
        expect(card).to_contain_text("排放因子")
        expect(card).to_contain_text("4.2")
        expect(card).to_contain_text("吨二氧化碳/万千瓦时")
        expect(card.locator("td.source")).to_have_attribute("data-label", "出处")  # drawn before the cell on a phone
        expect(card).to_contain_text("沪环气〔2022〕34号")
        for cell in ("parameter", "value", "unit", "source", "valid", "doubt"):
            box = card.locator(f"td.{cell}").bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, cell
        # A card holds its text, not empty space: a row without a doubt is a few lines high.
        page.locator("details#subject-coke summary").click()
        plain = page.locator('#factors tr[data-subject="coke"][data-parameter="carbon_content"]')
        plain_box = plain.bounding_box()
        assert plain_box is not None and plain_box["height"] < 160, plain_box
        # A link to a subject opens its fold.
        page.goto(f"{server_url}/accounting/factors/cn-national/#subject-natural_gas")
        expect(page.locator("details#subject-natural_gas")).to_have_attribute("open", "")
        expect(page.locator("#factors details[open]")).to_have_count(1)
    finally:
        context.close()


def test_a_factor_set_is_a_table_on_a_desktop(page: Page, server_url: str) -> None:
    """On a desktop every subject lies open, the folds' tables lined up as one."""
    log_in(page, server_url, "office")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server_url}/accounting/factors/shanghai/")
    expect(page.locator("#factors details:not([open])")).to_have_count(0)
    expect(page.locator("details#subject-coke_oven_gas thead")).to_be_visible()
    row = page.locator('#factors tr[data-subject="coke_oven_gas"][data-parameter="carbon_content"]')
    expect(row.locator("td")).to_have_count(6)
    expect(row.locator("td.unit")).to_have_text("吨碳/太焦")
    columns = [page.locator(f"details#subject-{s} thead th.source").bounding_box() for s in ("electricity", "coke")]
    assert all(c is not None for c in columns)
    assert abs(columns[0]["x"] - columns[1]["x"]) < 1 and abs(columns[0]["width"] - columns[1]["width"]) < 1  # type: ignore[index]
