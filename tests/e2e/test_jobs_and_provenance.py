"""运行状态 and provenance in the browser: the office runs the derivations from the 运行状态 page, then
finds the 百一行动 table (a unit under 1 % highlighted) and the data centres behind the PUE value, in
Chinese and in English.

The server is this module's own: `carbonpeak setup` (its demo fleet measures the data centres since
early last month), plus two industrial units measured in last month and the same month a year before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OpenAs, click_nav, serving

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date.today()
LAST_MONTH = (TODAY.replace(day=1) - dt.timedelta(days=1))
PREPARE = f"""
import time
from tests.jobs.support import industrial_units_for_saving
industrial_units_for_saving({LAST_MONTH.year}, {LAST_MONTH.month}, int(time.time()))
"""
SAVING = "industrial_energy_saving_annual"
PUE = "existing_data_centre_pue"


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("e2e-jobs") / "carbonpeak.sqlite3"
    with serving(db, PREPARE, {"PYTHONPATH": str(REPO)}) as url:
        yield url


def test_the_office_runs_the_derivations_and_reads_where_values_come_from(as_user: OpenAs, server_url: str) -> None:
    page = as_user("office")
    click_nav(page, "运行状态")
    expect(page.locator("h1")).to_have_text("运行状态")
    row = page.locator('#job-table tr[data-job="indicators.derive"]')
    expect(row).to_contain_text("由数据计算的指标")
    row.locator("button", has_text="立即运行").click()
    expect(page.locator("ul.messages")).to_contain_text("已运行")
    expect(page.locator('#job-table tr[data-job="indicators.derive"]')).to_contain_text("成功")

    page.goto(f"{server_url}/indicators/{SAVING}/")
    table = page.locator("#saving-table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr").first).to_contain_text("单位 IU1")
    expect(table.locator("tr.flagged")).to_contain_text("单位 IU2")  # 0.5 %: under the 1 % of 百一
    expect(page.locator("#provenance h2")).to_contain_text("百一行动")

    page.goto(f"{server_url}/indicators/{PUE}/")
    expect(page.locator("#provenance-units tbody tr").first).to_be_visible()
    expect(page.locator("#provenance h2")).to_contain_text("各数据中心计量表")

    page.goto(f"{server_url}/jobs/")
    page.click("form.lang button[data-lang=en]")
    expect(page.locator("h1")).to_have_text("Job status")
    page.goto(f"{server_url}/indicators/{SAVING}/")
    expect(page.locator("#provenance h2")).to_contain_text("each unit's saving")
