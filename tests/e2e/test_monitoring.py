"""Monitoring in the browser: the office opens an existing data centre whose July PUE (1.50) is
above its 1.4 limit, sees the PUE chart drawn, finds the alert the rules opened, acknowledges it and
closes it with a note; the district overview's charts render; the factory's page draws today and this month,
still under way, as marked part periods (lighter, hatched, labelled) and writes its axes in one notation.

The server is this module's own: `carbonpeak setup`, then the small district of the page tests
(tests/monitoring/pages/support.py) and one run of the alert rules over it, so the alert is found
by `alerts.evaluate` exactly as the daily run would find it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import OpenAs, serving
from tests.monitoring.pages.support import DATA_CENTRE, FACTORY, LOCAL, PUE_MONTH, RULES_NOW

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PREPARE = f"""
import datetime as dt
from carbonpeak.monitoring.alerts import services as alerts
from carbonpeak.monitoring.models import Alert
from tests.monitoring.pages.support import build
build()
Alert.objects.filter(unit__code__startswith="MU-TEST").delete()  # the rules, not the fixture, open it
alerts.evaluate(dt.datetime.fromisoformat("{RULES_NOW.isoformat()}"), actor_label="e2e")
# The factory also measures today (after the rules ran): this month and today are under way on its page.
from carbonpeak.monitoring.models import KeyUnit, Reading
from tests.monitoring.pages.support import FACTORY, LOCAL, Rollups, local
now = dt.datetime.now(LOCAL)
factory = KeyUnit.objects.get(code=FACTORY)
rollups = Rollups()
rollups.add("unit", FACTORY, "month", local(now.year, now.month), 60_000.0, 96, unit=factory)
rollups.add("unit", FACTORY, "day", local(now.year, now.month, now.day), 1_500.0, 40, unit=factory)
rollups.save()
Reading.objects.create(meter=factory.meters.get(), ts=now.replace(second=0, microsecond=0) - dt.timedelta(minutes=1),
                       value=250.0, energy=250.0)
"""
NOTE = "冷机群控策略已调整，8月起 PUE 回落至 1.36（浏览器测试）"


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("e2e-monitoring") / "carbonpeak.sqlite3"
    with serving(db, PREPARE, {"PYTHONPATH": str(REPO)}) as url:
        yield url


def _series(page: Page, chart_id: str) -> list[dict[str, object]]:
    """The series of the ECharts instance drawn in #chart_id."""
    return page.evaluate(  # type: ignore[no-any-return]
        "id => window.echarts.getInstanceByDom(document.getElementById(id)).getOption().series"
        ".map(s => ({name: s.name, data: s.data}))", chart_id)


def test_the_office_finds_and_closes_a_pue_alert(as_user: OpenAs, server_url: str) -> None:
    office = as_user("office")
    office.goto(f"{server_url}/monitoring/units/?dc=1")
    office.locator(f'#units tr[data-unit="{DATA_CENTRE}"] a[href$="/pue/"]').click()
    office.wait_for_url(f"{server_url}/monitoring/units/{DATA_CENTRE}/pue/")

    chart = office.locator("#pue-chart")
    expect(chart).to_have_attribute("data-rendered", "true")
    expect(chart.locator("canvas")).to_have_count(1)
    pue = _series(office, "pue-chart")[0]["data"]
    assert isinstance(pue, list) and len(pue) == 12
    assert pue[PUE_MONTH - 1] == pytest.approx(1.5) and pue[0] < 1.4
    expect(office.locator("#pue-limit")).to_contain_text("1.40")
    expect(office.locator(f'#pue-months tr[data-month="{PUE_MONTH}"]')).to_have_class("alert")
    expect(office.locator("#pue-energy-chart")).to_have_attribute("data-rendered", "true")

    row = office.locator('#pue-alert-table tr[data-kind="pue_above_limit"]')
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-state", "open")
    expect(row).to_contain_text(f"2026-{PUE_MONTH:02d}")
    expect(row).to_contain_text("1.50")
    row.locator("a").first.click()
    expect(office.locator("#alert-state")).to_have_attribute("data-state", "open")
    expect(office.locator("#alert-message")).to_contain_text("PUE")

    office.locator("#acknowledge-form button[type=submit]").click()
    expect(office.locator("#alert-state")).to_have_attribute("data-state", "acknowledged")
    expect(office.locator('#alert-history li[data-step="acknowledged"]')).to_contain_text("office")

    office.locator("#close-form button[type=submit]").click()  # no note: refused, the field named
    expect(office.locator("#close-form p.error")).to_be_visible()
    expect(office.locator("#alert-state")).to_have_attribute("data-state", "acknowledged")

    office.fill("#close-form textarea[name=note]", NOTE)
    office.locator("#close-form button[type=submit]").click()
    expect(office.locator("#alert-state")).to_have_attribute("data-state", "closed")
    expect(office.locator("#alert-note")).to_have_text(NOTE)
    expect(office.locator("#close-form")).to_have_count(0)

    office.goto(f"{server_url}/monitoring/units/{DATA_CENTRE}/pue/")
    expect(office.locator('#pue-alert-table tr[data-kind="pue_above_limit"]')).to_have_attribute(
        "data-state", "closed")


def test_the_overview_charts_render(as_user: OpenAs, server_url: str) -> None:
    leader = as_user("leader")
    leader.goto(f"{server_url}/monitoring/")
    for chart_id in ("monthly-chart", "industry-chart", "town-chart"):
        chart = leader.locator(f"#{chart_id}")
        expect(chart).to_have_attribute("data-rendered", "true")
        expect(chart.locator("canvas")).to_have_count(1)
    this_year, last_year = _series(leader, "monthly-chart")
    assert this_year["name"] == "2026" and last_year["name"] == "2025"
    assert isinstance(this_year["data"], list) and this_year["data"][PUE_MONTH - 1] > 0
    expect(leader.locator("#top-consumers tr[data-unit]").first).to_be_visible()
    expect(leader.locator("#completeness-summary")).to_be_visible()


def test_the_unit_page_marks_today_and_this_month_and_keeps_one_notation_an_axis(as_user: OpenAs,
                                                                                  server_url: str) -> None:
    office = as_user("office")
    office.goto(f"{server_url}/monitoring/units/{FACTORY}/")
    for chart_id in ("load-chart", "saving-chart", "daily-chart", "completeness-chart"):
        expect(office.locator(f"#{chart_id}")).to_have_attribute("data-rendered", "true")
    now = dt.datetime.now(LOCAL)
    day = _series(office, "daily-chart")[0]["data"]
    assert isinstance(day, list)
    today = day[now.day - 1]  # drawn as a part day: a hatched bar labelled with how far its data reach
    assert isinstance(today, dict) and today["value"] == pytest.approx(1_500 * 0.1229e-3, abs=1e-3)
    assert today["itemStyle"]["decal"] and today["label"]["formatter"].startswith("截至 ")
    month = _series(office, "saving-chart")[0]["data"]
    assert isinstance(month, list) and isinstance(month[now.month - 1], dict)
    expect(office.locator("#running-day")).to_contain_text("今日尚未结束")
    expect(office.locator("#running-month")).to_contain_text(f"{now.month}月尚未结束")
    expect(office.locator(f'#completeness td[data-month="{now.month}"] [data-running]')).to_have_text("未结束")
    # the y-axis labels as the chart writes them: one notation for the whole axis, a real minus
    labels = office.evaluate(
        "id => { const f = window.echarts.getInstanceByDom(document.getElementById(id)).getOption()"
        ".yAxis[0].axisLabel.formatter; return [f(-5), f(0), f(40)]; }", "daily-chart")
    assert labels == ["\u22125", "0", "40"]
