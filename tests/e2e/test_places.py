"""Done when (issue 20): the office splits 新增光伏装机 across three towns and publishes the indicator; 枫泾镇 enters
its figure on a phone; the town grid shows 枫泾镇's level; an anonymous browser sees the indicator on the public
site with its chart. On a server of its own, so the publication does not change what the public-site test sees."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.e2e.conftest import log_in, serving

pytestmark = pytest.mark.e2e

CODE = "new_pv_capacity"  # 新增光伏装机容量, 300 MW added by 2025
SPLIT = {"fengjing": "30", "shanyang": "40", "langxia": "30"}  # percent of the district target
PHONE: ViewportSize = {"width": 390, "height": 844}
DESK: ViewportSize = {"width": 1280, "height": 900}
OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("e2e-places") / "carbonpeak.sqlite3") as url:
        yield url


def _open(browser: Browser, url: str, username: str | None, phone: bool = False) -> Page:
    context = browser.new_context(locale="zh-CN", viewport=PHONE if phone else DESK)
    page = context.new_page()
    if username is not None:
        log_in(page, url, username)
    return page


def test_a_split_target_from_the_office_to_a_town_and_the_public(browser: Browser, own_server: str) -> None:
    office = _open(browser, own_server, "office")
    office.goto(f"{own_server}/indicators/{CODE}/")
    for place, share in SPLIT.items():
        form = office.locator("#place-target-form")
        form.locator("select[name=place]").select_option(place)
        form.locator("select[name=year]").select_option("2025")
        form.locator("input[name=kind][value=share]").check()
        form.locator("input[name=amount]").fill(share)
        form.locator("button[type=submit]").click()
        expect(office.locator("body")).to_contain_text("分解目标已保存。")
    table = office.locator("#place-table")
    expect(table.locator("tr[data-place]")).to_have_count(3)
    expect(table.locator('tr[data-place="fengjing"]')).to_contain_text("全区目标的30.0% = 90兆瓦")
    expect(table.locator('tr[data-place="shanyang"]')).to_contain_text("120")

    office.goto(f"{own_server}/public/office/")
    office.locator(f'button[data-kind="indicator_values"][data-key="{CODE}"]').click()
    expect(office.locator("body")).to_contain_text("已公开。")

    town = _open(browser, own_server, "fengjing", phone=True)
    town.goto(f"{own_server}/indicators/{CODE}/")
    expect(town.locator("#place-table tr[data-place]")).to_have_count(1)  # its own row only
    form = town.locator("#place-value-form")
    form.locator("input[name=period]").fill("2025年")  # as the label suggests writing it
    form.locator("input[name=value]").fill("95")
    form.locator("input[name=source]").fill("枫泾镇光伏并网台账")
    form.locator("button[type=submit]").click()
    expect(town.locator("body")).to_contain_text("已保存枫泾镇：2025")
    assert town.evaluate(OVERFLOW_JS) <= 0  # the page fits a phone; tables scroll in their box

    town.goto(f"{own_server}/indicators/places/")
    cell = town.locator('#places-grid tr[data-place="fengjing"] td[data-code="new_pv_capacity"]')
    expect(cell).to_have_attribute("data-level", "green")
    expect(cell).to_contain_text("95")
    expect(town.locator("#places-grid tr[data-place]")).to_have_count(1)
    assert town.evaluate(OVERFLOW_JS) <= 0

    office.goto(f"{own_server}/indicators/places/?sort=level")
    expect(office.locator('#places-grid tr[data-place] td[data-code="new_pv_capacity"]')).to_have_count(3)
    # Beside them, the demo's own split (setup): the PUE of existing data centres in the places that have them.
    expect(office.locator('#places-grid tr[data-place="shihua"] td[data-code="existing_data_centre_pue"]')
           ).to_have_count(1)
    expect(office.locator('#places-grid tr[data-place="fengjing"] td[data-code="new_pv_capacity"]')).to_have_attribute(
        "data-level", "green")
    with office.expect_download() as download:
        office.locator("#places-xlsx").click()
    assert re.fullmatch(r"places-barometer-\d{4}-\d{2}-\d{2}\.xlsx", download.value.suggested_filename)

    reader = _open(browser, own_server, None, phone=True)
    reader.goto(f"{own_server}/public/indicators/{CODE}/")
    expect(reader.locator("h1")).to_have_text("新增光伏装机容量")
    expect(reader.locator("#indicator-chart")).to_have_attribute("data-rendered", "true")
    expect(reader.locator("#status")).to_contain_text("晴雨表")
    # The places on the public page: each town's target, and (the values being published) its level.
    expect(reader.locator("#places tr[data-place]")).to_have_count(3)
    expect(reader.locator('#places tr[data-place="fengjing"] [data-level]')).to_have_attribute("data-level", "green")
    for page in (office, town, reader):
        page.context.close()
