"""Issue 18 (shots2 points 8, 9, B): at 390 px the task page broke its badges and dates mid-word (已审/核,
2026/年上半/年, 2026-07-/07) and a target from its figure (2025: ≥ / 95.0%); the dashboard's headline split the
figure from its year and left one status count alone on a row. A badge, a date, a round's name, a figure and
a target are each drawn as one unbroken piece; the status counts fill their rows."""

from __future__ import annotations

from collections import Counter

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

# Each piece that must stay whole: an inline box that wraps is drawn on more than one line (its rectangles, one per
# line and per child, have more than one top).
LINES = "(el) => new Set(Array.from(el.getClientRects()).filter((b) => b.width > 0).map((b) => Math.round(b.top))).size"
PIECES = ("#task-reports .status", "#task-reports td.nowrap", "#task-reports td:first-child a",
          "#task-indicators .light", "#task-indicators .target", "#task-indicators [data-testid=indicator-value]",
          "[data-testid=latest-progress] .status", "[data-testid=latest-progress] .nowrap")


def _broken(page: Page) -> list[str]:
    found: list[str] = page.evaluate(
        "(selectors) => { const count = " + LINES + ";"
        """ return selectors.flatMap((s) => Array.from(document.querySelectorAll(s))
              .filter((el) => count(el) > 1 || el.getBoundingClientRect().height > 40)
              .map((el) => s + ": " + el.innerText)); }""", list(PIECES))
    return found


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_task_page_keeps_badges_dates_and_targets_whole_on_a_phone(page: Page, server_url: str,
                                                                       language: str) -> None:
    log_in(page, server_url, "office")
    if language == "en":  # in the top bar on a desktop (in the folded menu on a phone)
        page.locator("button[data-lang=en]").first.click()
        page.wait_for_load_state()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server_url}/plan/tasks/53/")
    # at least the demo round's five reports on task 53 (browser tests before this one may have opened rounds)
    expect(page.locator("#task-reports tbody tr").nth(4)).to_be_visible()
    assert page.locator("#task-indicators .target").count() >= 2
    assert _broken(page) == []
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # the reports' table is not squeezed into columns a few characters wide, nor scrolled sideways
    table = page.locator("#task-reports table")
    assert table.evaluate("(t) => t.scrollWidth <= t.clientWidth + 1")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_dashboard_keeps_its_figure_with_its_year_and_fills_the_count_rows(page: Page, server_url: str,
                                                                               width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, server_url, "leader")
    line = page.locator("[data-testid=headline-intensity] .figure-line")
    expect(line).to_contain_text("（")
    assert line.evaluate(LINES) == 1
    tops = page.locator(".status-counts .headline-card").evaluate_all(
        "(cards) => cards.map((c) => Math.round(c.getBoundingClientRect().top))")
    rows = sorted(Counter(tops).values(), reverse=True)
    assert len(tops) == 6 and len(set(rows)) == 1 and rows[0] > 1, rows  # full rows, none with a lone tile
