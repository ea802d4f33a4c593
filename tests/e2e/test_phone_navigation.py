"""The top bar on a phone (issue 18, item 9): below 768 px the navigation and the user box fold under a
菜单 toggle (a checkbox and its label, no script: the CSP allows none inline); at 1280 px the bar is as
before. The leader's dashboard does not overflow at 390 px and the charts follow their box."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from .conftest import log_in

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
OpenAt = Callable[[ViewportSize], tuple[Page, list[str]]]


@pytest.fixture
def open_leader(browser: Browser, server_url: str) -> Iterator[OpenAt]:
    contexts = []

    def open_at(viewport: ViewportSize) -> tuple[Page, list[str]]:
        context = browser.new_context(locale="zh-CN", viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        # Console errors (a CSP refusal shows there) and failed loads, named by their address; the
        # browser's own favicon request is not the page's.
        page.on("console", lambda m: errors.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
        log_in(page, server_url, "leader")
        return page, errors

    yield open_at
    for context in contexts:
        context.close()


def test_phone_navigation_opens_under_the_toggle(open_leader: OpenAt, server_url: str) -> None:
    page, errors = open_leader(PHONE)
    page.goto(f"{server_url}/dashboard/")
    nav = page.locator("nav.nav")
    link = nav.get_by_role("link", name="重点任务")
    toggle = page.locator("label[for=nav-toggle]")
    # Closed: brand, the toggle and the search are on screen; the links and the user box are not.
    assert toggle.is_visible() and toggle.inner_text().strip() == "菜单"
    assert page.locator(".brand").is_visible() and page.locator(".search-box input").is_visible()
    assert not nav.is_visible() and not link.is_visible()
    assert not page.locator(".userbox").is_visible()
    box = toggle.bounding_box()
    assert box is not None and box["y"] < 80  # the toggle sits in the first line of the bar
    # The checkbox is the real control, named for screen readers.
    assert page.locator("#nav-toggle").get_attribute("aria-label") == "菜单"

    toggle.click()
    assert link.is_visible() and page.locator(".userbox").is_visible()
    assert page.locator(".userbox [data-testid=who]").is_visible()
    link.click()
    page.wait_for_url(f"{server_url}/plan/tasks/")
    assert page.locator("h1").first.inner_text().startswith("任务分解表")
    # A new page opens with the menu folded again.
    assert not page.locator("nav.nav").is_visible()

    # Keyboard: focus the checkbox, Space opens, Space closes.
    page.locator("#nav-toggle").focus()
    page.keyboard.press("Space")
    assert page.locator("nav.nav").get_by_role("link", name="驾驶舱").is_visible()
    page.keyboard.press("Space")
    assert not page.locator("nav.nav").is_visible()
    assert errors == []


def test_desktop_shows_the_navigation_without_a_toggle(open_leader: OpenAt, server_url: str) -> None:
    page, errors = open_leader(DESKTOP)
    page.goto(f"{server_url}/dashboard/")
    assert not page.locator("label[for=nav-toggle]").is_visible()
    assert page.locator("nav.nav").get_by_role("link", name="重点任务").is_visible()
    assert page.locator(".userbox [data-testid=who]").is_visible()
    # Brand, navigation and search share one bar, as before.
    brand, nav = page.locator(".brand").bounding_box(), page.locator("nav.nav").bounding_box()
    assert brand is not None and nav is not None and nav["x"] > brand["x"] + brand["width"]
    assert errors == []


def test_leaders_dashboard_fits_a_phone_and_its_chart_follows_the_window(open_leader: OpenAt, server_url: str) -> None:
    page, errors = open_leader(PHONE)
    page.goto(f"{server_url}/dashboard/")
    chart = page.locator("#status-by-action")
    page.wait_for_selector("#status-by-action[data-rendered=true]")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("label[for=nav-toggle]").click()  # the open menu does not widen the page either
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    def canvas_width() -> float:
        return float(chart.locator("canvas").first.evaluate("c => c.getBoundingClientRect().width"))

    narrow = canvas_width()
    assert narrow <= PHONE["width"]
    page.set_viewport_size({"width": 1000, "height": 844})
    page.wait_for_function(
        "w => document.querySelector('#status-by-action canvas').getBoundingClientRect().width > w + 100", arg=narrow)
    assert canvas_width() > narrow + 100
    assert errors == []


# The legend as ECharts laid it out and the plot's top edge (the instance's model: what was drawn).
LEGEND_AND_PLOT = """el => {
  const chart = echarts.getInstanceByDom(el);
  const legend = chart.getModel().getComponent('legend');
  const box = chart.getViewOfComponentModel(legend).group.getBoundingRect();
  const plot = chart.getModel().getComponent('grid').coordinateSystem.getRect();
  return {type: legend.option.type, right: box.x + box.width, bottom: box.y + box.height, plotTop: plot.y,
          width: el.clientWidth, names: legend.getData().map(d => d.get('name'))};
}"""


@pytest.mark.parametrize(("language", "names"), [("zh-Hans", {"无数据", "数据过期"}), ("en", {"Off track"})])
def test_the_dashboards_legend_wraps_on_a_phone_and_the_plot_starts_below_it(
        open_leader: OpenAt, server_url: str, language: str, names: set[str]) -> None:
    """At 390 px the status legend wraps onto lines within the box (a scrolling one cut "Off track" and paged
    the Chinese one, hiding 无数据 and 数据过期) and the bars start below its last line."""
    page, errors = open_leader(PHONE)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server_url}])
    page.goto(f"{server_url}/dashboard/")
    page.wait_for_selector("#status-by-action[data-rendered=true]")
    drawn = page.locator("#status-by-action").evaluate(LEGEND_AND_PLOT)
    assert drawn["type"] == "plain" and names <= set(drawn["names"])
    assert drawn["right"] <= drawn["width"]
    assert drawn["bottom"] <= drawn["plotTop"]
    assert errors == []
