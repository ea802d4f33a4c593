"""The roadmap in the browser: the office makes a child of the plan with one lever changed, runs it,
and reads the pathways, the wedges and the comparison table with the new scenario's peak year."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import OpenAs

pytestmark = pytest.mark.e2e

CHILD = "plan-wind-e2e"
LEVER = "o:measure.offshore_wind.capacity_mw"


def _series_count(page: Page, chart: str) -> int:
    """The number of series of the ECharts instance drawn in `chart` (0 when none)."""
    count: int = page.evaluate(
        """(id) => { const c = window.echarts && window.echarts.getInstanceByDom(document.getElementById(id));
                     return c ? c.getOption().series.length : 0; }""", chart)
    return count


def test_office_creates_runs_and_compares_a_child_of_the_plan(as_user: OpenAs, server_url: str) -> None:
    office = as_user("office")
    office.goto(f"{server_url}/roadmap/s/plan/")
    office.locator('a[href="/roadmap/new/?parent=plan"]').click()
    office.wait_for_url(re.compile(r".*/roadmap/new/\?parent=plan$"))
    office.fill("input[name=id]", CHILD)
    office.fill("input[name=name_en]", "Plan with twice the offshore wind")
    office.locator('details[data-measure="offshore_wind"] > summary').click()
    office.fill(f'input[name="{LEVER}"]', "1000")
    office.fill("input[name=comment]", "browser test")
    office.locator('#scenario-form button.primary[value="save"]').click()
    office.wait_for_url(f"{server_url}/roadmap/s/{CHILD}/")
    expect(office.locator('#lineage a[href="/roadmap/s/plan/"]')).to_have_count(1)  # named, not by its id
    row = office.locator('tr[data-path="measure.offshore_wind.capacity_mw"]')
    expect(row.locator("[data-origin=here]")).to_have_count(1)
    expect(row.locator("[data-value]")).to_contain_text("1000")
    expect(office.locator('#versions tr[data-version="1"]')).to_contain_text("browser test")

    office.locator(f'a[href*="focus={CHILD}"]').click()
    office.wait_for_url(re.compile(r".*/roadmap/run/\?.*"))
    for chart in ("#roadmap-pathways", "#roadmap-wedges", "#roadmap-fan", "#roadmap-tornado"):
        expect(office.locator(chart)).to_have_attribute("data-rendered", "true")
        expect(office.locator(chart).locator("canvas")).to_have_count(1)
    assert _series_count(office, "roadmap-pathways") == 2  # the baseline and the new scenario
    assert _series_count(office, "roadmap-wedges") >= 3  # the scenario, its measures, the baseline
    pathways = json.loads(office.locator("#roadmap-pathways-data").inner_text())
    peak_year = next(s["peak_year"] for s in pathways["series"] if s["id"] == CHILD)
    cell = office.locator(f'#comparison tr[data-scenario="{CHILD}"] [data-peak-year]')
    expect(cell).to_contain_text(str(peak_year) if peak_year else ">2035")
    expect(office.locator(f'#comparison tr[data-scenario="{CHILD}"] [data-p2030]')).to_have_text(
        re.compile(r"\d+\.\d%"))

    with office.expect_download() as download:
        office.get_by_test_id("export-csv").click()
    assert download.value.suggested_filename == "carbonpeak-roadmap-iamc.csv"


def test_the_leader_sees_the_projected_peak_on_the_dashboard(as_user: OpenAs, server_url: str) -> None:
    leader = as_user("leader")
    leader.goto(f"{server_url}/dashboard/")
    card = leader.get_by_test_id("headline-peak")
    expect(card).to_contain_text(re.compile(r"2030年前达峰概率|probability of peaking by 2030"))
    expect(card.get_by_test_id("peak-year")).to_have_text(re.compile(r"\d{4}|.+"))
    # Leaders read the roadmap but have no editor.
    leader.goto(f"{server_url}/roadmap/s/plan/")
    expect(leader.locator('a[href^="/roadmap/new/"]')).to_have_count(0)


def _fan_legend(page: Page) -> list[dict[str, object]]:
    """The items the fan's legend draws (ECharts draws one per name), each with the name and the colour of
    the series it stands for and the colour it is drawn in."""
    items: list[dict[str, object]] = page.evaluate(
        """() => {
             const c = window.echarts.getInstanceByDom(document.getElementById("roadmap-fan"));
             const legend = c.getModel().getComponent("legend");
             const seen = new Set(), out = [];
             legend.getData().forEach((item) => {
               const name = item.get("name");
               if (seen.has(name)) return;
               seen.add(name);
               const series = c.getModel().getSeriesByName(name)[0];
               const fill = series.getData().getVisual("style").fill;
               out.push({ name: name, drawn: item.get(["itemStyle", "color"]) || fill, series: fill });
             });
             return out;
           }""")
    return items


@pytest.mark.parametrize("width", [1280, 390])
def test_the_fan_legend_names_its_bands_for_the_reader(as_user: OpenAs, server_url: str, width: int) -> None:
    """Issue 18 / shots2: the legend said P5–P95 and, on a phone, listed the helper "-floor" series, in the
    palette's red and blue beside a green chart. It names the bands, the median and the central estimate in
    Chinese, lists nothing else, and draws each in its series' colour."""
    leader = as_user("leader")
    leader.set_viewport_size({"width": width, "height": 900})
    leader.goto(f"{server_url}/roadmap/run/?scenario=baseline&scenario=plan&focus=plan&runs=100")
    expect(leader.locator("#roadmap-fan")).to_have_attribute("data-rendered", "true")
    leader.wait_for_timeout(300)  # the narrow-screen fit runs when the box has its size
    items = _fan_legend(leader)
    assert [i["name"] for i in items] == ["90%区间", "50%区间", "中位数", "中心估计"]
    assert all(str(i["drawn"]).lower() == str(i["series"]).lower() for i in items), items
    assert [str(i["series"]).lower() for i in items] == ["#1f7a4d", "#1f7a4d", "#1f7a4d", "#1d2a24"]


def _tornado_names(page: Page) -> dict[str, Any]:
    """The input names the tornado draws on its axis (ECharts hides one that would overlap another), each with
    its text and its top and bottom on the canvas, top to bottom; and how many names the axis has."""
    found: dict[str, Any] = page.evaluate(
        """() => {
             const c = window.echarts.getInstanceByDom(document.getElementById("roadmap-tornado"));
             const shown = c.getModel().getComponent("yAxis").axis.getViewLabels().map((l) => l.formattedLabel);
             const seen = new Map();
             c.getZr().storage.getDisplayList().forEach((line) => {
               const text = line.parent && line.parent.type === "text" ? line.parent : null;
               if (!text || !shown.includes(text.style.text) || seen.has(text)) return;
               const r = text.getBoundingRect().clone();
               r.applyTransform(text.getComputedTransform());
               seen.set(text, { name: text.style.text, top: r.y, bottom: r.y + r.height });
             });
             return { count: shown.length, drawn: Array.from(seen.values()).sort((a, b) => a.top - b.top) };
           }""")
    return found


@pytest.mark.parametrize("width", [1280, 390])
def test_the_results_fit_the_screen(as_user: OpenAs, server_url: str, width: int) -> None:
    """Issue 18 / shots2 A12, A13: the wedges' legend was paged (1/17 on a phone) and drawn over the axis's unit;
    the tornado's names touched on a phone; the comparison showed two of eight columns on a phone and cut its
    headers and figures at 1280. The wedges have a key beside (1280) or below (390) the chart, no legend in it;
    every tornado name is drawn, apart from the next; every figure of the comparison is on the screen, whole."""
    leader = as_user("leader")
    leader.set_viewport_size({"width": width, "height": 900})
    leader.goto(f"{server_url}/roadmap/run/?scenario=baseline&scenario=plan&focus=plan&runs=100")
    expect(leader.locator("#roadmap-tornado")).to_have_attribute("data-rendered", "true")
    leader.wait_for_timeout(300)  # the narrow-screen fit runs when the box has its size

    legends = leader.evaluate("""() => (window.echarts.getInstanceByDom(document.getElementById("roadmap-wedges"))
                                        .getOption().legend || []).length""")
    assert legends == 0
    chart, key = leader.locator("#roadmap-wedges").bounding_box(), leader.locator("#wedges-key").bounding_box()
    assert chart and key and key["x"] + key["width"] <= width
    if width == 1280:
        assert key["x"] >= chart["x"] + chart["width"] and chart["height"] >= key["height"]
    else:
        assert key["y"] >= chart["y"] + chart["height"]
    expect(leader.locator("#wedges-key tr[data-measure]").first).to_be_visible()

    names = _tornado_names(leader)
    drawn = names["drawn"]
    assert isinstance(drawn, list) and len(drawn) == names["count"] >= 10
    for above, below in itertools.pairwise(drawn):
        assert below["top"] >= above["bottom"] + 2, (above, below)

    cells = leader.evaluate("""() => Array.from(document.querySelectorAll("#comparison tbody tr > *")).map((c) => {
        const r = c.getBoundingClientRect();
        return { text: c.innerText, right: r.right, cut: c.scrollWidth > c.clientWidth + 1 };
      })""")
    assert len(cells) == 2 * 8
    assert all(c["right"] <= width and not c["cut"] for c in cells), cells
    wrap = leader.locator("#comparison").evaluate("(t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert wrap[0] <= wrap[1]  # nothing scrolled out of sight
    p2030 = leader.locator('#comparison tr[data-scenario="plan"] [data-p2030]')
    expect(p2030).to_be_visible()
    expect(p2030).to_contain_text("2030年前达峰概率" if width == 390 else "%")
