"""A leader opens the dashboard and reads, from the roadmap's progress scenario (the plan anchored on the
latest inventory and the observed indicators), whether the district is on track: P(peak by 2030) on the
peak card, P(−14 % by 2025) on the intensity card and P(lower in 2030 than in 2025) on the 2030 card, in
Chinese and then in English, each probability to one decimal."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PERCENT = r"\d{1,3}\.\d%"


def _cards_say(page: Page, peak: str, intensity: str, further: str, basis: str) -> None:
    expect(page.get_by_test_id("on-track-peak")).to_contain_text(re.compile(peak + ":? " + PERCENT))
    expect(page.get_by_test_id("on-track-intensity")).to_contain_text(re.compile(intensity + ":? " + PERCENT))
    expect(page.get_by_test_id("on-track-intensity-2030")).to_contain_text(re.compile(further + ":? " + PERCENT))
    expect(page.get_by_test_id("progress-basis")).to_contain_text(re.compile(basis))
    for card in ("headline-peak", "headline-intensity-2030"):
        expect(page.get_by_test_id(card)).to_have_attribute("data-status", re.compile("on_track|at_risk|off_track"))


def test_the_leader_reads_whether_the_district_is_on_track(page: Page, server_url: str) -> None:
    log_in(page, server_url, "leader")  # leaders land on the dashboard
    expect(page.get_by_test_id("headline-peak")).to_contain_text("预计碳达峰")
    _cards_say(page, r"2030年前达峰概率", r"2025年较基年变化达到−14\.0%的概率", r"低于2025年的概率",
               r"进展情景：自20\d\d年（最新清单）起推算")
    chinese = page.get_by_test_id("headline-peak").inner_text()
    assert not re.search(r"[A-Za-z]{3,}", chinese), chinese  # no English word on the Chinese card

    page.locator("button[data-lang=en]").click()
    expect(page.get_by_test_id("headline-peak")).to_contain_text("Projected carbon peak")
    _cards_say(page, r"probability of peaking by 2030", r"probability of −14\.0% by 2025",
               r"probability of being lower than in 2025",
               r"Progress scenario: projected from 20\d\d \(latest inventory\)")
    expect(page.get_by_test_id("headline-peak").locator("[data-testid=on-track-peak] .light")).to_have_text(
        re.compile("Likely|As likely as not|Unlikely"))

    page.get_by_test_id("peak-year").click()  # the card opens the scenario it comes from
    expect(page).to_have_url(re.compile(r".*/roadmap/s/progress/$"))
