"""The 两高一低 register in the browser: a metered plant shows its actual energy as 监测 with a link to
its unit's monitoring page, a plant without meters as 填报; the office links an old unit text listed
under 未匹配监测单位; the page reads in English too.

The server is this module's own: `carbonpeak setup`, then a key unit with 40 days of readings (the
review tests' `metered_unit`), the register's demo plants and one plant with an old free-text unit,
and one run of `refresh_register_actuals`, as the jobs loop would run it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OpenAs, serving

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PREPARE = """
import datetime as dt
from carbonpeak.review.models import RegisterEntry
from carbonpeak.review.register import record_actual, refresh_register_actuals
from tests.monitoring.support import make_unit
from tests.review.register_support import USCC_A, import_plants, metered_unit
metered_unit()
make_unit("MU-002", industry="2612")
plants = import_plants()
record_actual(plants["演示水泥熟料线"], year=2025, energy_tce=57500, source="统计报表", actor_label="e2e")
RegisterEntry.objects.create(subject="plant", name="老厂", owner_uscc=USCC_A, industry_code="3011", town="金山卫镇",
                             status="operating", disposal="keep", monitored_unit_legacy="旧编号-7")
refresh_register_actuals(dt.date(2026, 5, 1), actor_label="e2e")
"""


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("e2e-review-register") / "carbonpeak.sqlite3"
    with serving(db, PREPARE, {"PYTHONPATH": str(REPO)}) as url:
        yield url


def test_register_shows_metered_and_typed_actuals_and_the_office_links_a_unit(as_user: OpenAs,
                                                                              server_url: str) -> None:
    office = as_user("office")
    office.goto(f"{server_url}/review/register/")
    metered = office.locator("#register-entries tr", has_text="演示铝冶炼")
    expect(metered.locator('[data-source="monitoring"]')).to_have_text("监测")
    expect(metered.locator("[data-testid=actual]")).to_contain_text("年初至今")
    typed = office.locator("#register-entries tr", has_text="演示水泥熟料线")
    expect(typed.locator('[data-source="typed"]')).to_have_text("填报")

    unmatched = office.locator("#unmatched-units")
    expect(unmatched.locator("h2")).to_have_text("未匹配监测单位")
    expect(unmatched).to_contain_text("旧编号-7")
    unmatched.locator("select[name=monitored_unit]").select_option("MU-002")
    unmatched.get_by_role("button", name="关联").click()
    expect(office.locator(".messages")).to_contain_text("已关联监测单位")
    expect(office.locator("#unmatched-units")).to_have_count(0)
    expect(office.locator("#register-entries tr", has_text="老厂").locator("[data-testid=unit]")).to_have_text("MU-002")

    office.locator("button[data-lang=en]").click()
    expect(office.locator("h1")).to_contain_text("Two-high register")
    expect(office.locator("#register-entries tr", has_text="演示铝冶炼").locator('[data-source="monitoring"]')
           ).to_have_text("metered")
    expect(office.locator("#register-entries tr", has_text="演示水泥熟料线").locator('[data-source="typed"]')
           ).to_have_text("typed")

    office.locator("#register-entries tr", has_text="演示铝冶炼").locator("[data-testid=unit] a").click()
    office.wait_for_url(f"{server_url}/monitoring/units/MU-001/")
    expect(office.locator("h1")).to_contain_text("MU-001")


def test_the_entry_page_gives_each_years_provenance(as_user: OpenAs, server_url: str) -> None:
    leader = as_user("leader")
    leader.goto(f"{server_url}/review/register/")
    leader.locator("#register-entries a", has_text="演示铝冶炼").click()
    row = leader.locator("#actuals tr[data-year='2026']")
    expect(row).to_contain_text("MU-001")
    expect(row).to_contain_text("不足一年")
    expect(row.locator("code")).not_to_have_count(0)  # the factor set's label
    expect(leader.locator("#metered-note")).to_be_visible()
    expect(leader.locator("#actual-form")).to_have_count(0)  # a metered plant's energy is not typed
