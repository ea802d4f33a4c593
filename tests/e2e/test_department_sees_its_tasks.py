"""A department user logs in with the browser and sees exactly its department's tasks."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import Page, expect

from carbonpeak.cli import bundled_plan_path
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def tasks_of(department_name: str) -> set[int]:
    data = yaml.safe_load(bundled_plan_path().read_text(encoding="utf-8"))
    return {t["number"] for t in data["tasks"] if department_name in t["lead"] + t["co"]}


def test_department_user_sees_own_tasks_in_chinese(page: Page, server_url: str) -> None:
    log_in(page, server_url, "eco")
    expect(page.get_by_test_id("who")).to_contain_text("区经委")
    page.get_by_role("link", name="重点任务").first.click()
    expect(page.locator("h1")).to_contain_text("任务分解表")
    shown = {int(n) for n in page.locator("tr[data-task]").evaluate_all(
        "rows => rows.map(r => r.dataset.task)")}
    expected = tasks_of("区经委")
    assert len(expected) > 20
    assert shown == expected


def test_department_user_is_refused_another_departments_task(page: Page, server_url: str) -> None:
    log_in(page, server_url, "eco")
    other = min(set(range(1, 81)) - tasks_of("区经委"))
    response = page.goto(f"{server_url}/plan/tasks/{other}/")
    assert response is not None and response.status == 403


def test_switching_to_english_translates_the_page(page: Page, server_url: str) -> None:
    log_in(page, server_url, "greening")
    page.goto(f"{server_url}/plan/tasks/")
    expect(page.locator("h1")).to_contain_text("任务分解表")
    page.locator("button[data-lang=en]").click()
    expect(page.locator("h1")).to_contain_text("Task breakdown")
    expect(page.locator("tr[data-task]")).to_have_count(len(tasks_of("区绿化市容局")))


def test_overview_chart_is_drawn_from_local_echarts(page: Page, server_url: str) -> None:
    log_in(page, server_url, "leader")
    page.goto(f"{server_url}/?overview=1")  # leaders land on the dashboard; the overview is a click away
    chart = page.locator("#tasks-by-action")
    expect(chart).to_have_attribute("data-rendered", "true")
    expect(chart.locator("canvas")).to_have_count(1)
    # The library came from our own static files, not a CDN.
    scripts = page.locator("script[src]").evaluate_all("els => els.map(e => e.src)")
    assert any(s.startswith(server_url) and "echarts" in s for s in scripts)
