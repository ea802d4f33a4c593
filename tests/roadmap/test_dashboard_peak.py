"""The dashboard's on-track cards: the progress scenario's peak with P(peak by 2030), and the 2025 and 2030
intensity goals with their probabilities, from stored results keyed by input version; the plan scenario's
peak where no progress scenario is stored."""

from __future__ import annotations

import re

from carbonpeak.common.figures import format_figure
from carbonpeak.roadmap import running
from carbonpeak.roadmap.models import CachedRun, Scenario
from tests.conftest import ClientFactory


def _text(html: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</small>', html, re.S)
    assert found, testid
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_the_cards_say_whether_the_district_is_on_track(client_as: ClientFactory) -> None:
    response = client_as("leader", "en").get("/dashboard/")
    progress = response.context["progress"]
    answer = running.run([running.PROGRESS])  # today's inputs, as the dashboard reads them
    scenario = answer["scenarios"]["progress"]
    assert progress["peak_year"] == scenario["peak_year"] and progress["base_year"] == answer["base_year"]
    peak, intensity = answer["on_track"]["peak_by_2030"], answer["on_track"]["intensity_2025"]
    html = response.content.decode()
    assert f'data-testid="peak-year">{scenario["peak_year"] or "after the horizon"}<' in html
    # probabilities as the figures layer writes a share (common/figures.py)
    shown = format_figure(peak["probability"], "share", "en")
    assert f"probability of peaking by 2030: {shown}" in _text(html, "on-track-peak")
    # two figures, each named: the central pathway's peak year and the runs' probability, and why they differ
    central = scenario["peak_year"]
    assert (f"Central estimate: {central} is the highest-emission year" if central
            else "Central estimate: still rising") in _text(html, "peak-central")
    assert f"With parameter uncertainty ({peak['runs']} runs)" in _text(html, "on-track-peak")
    assert "Why they differ" in _text(html, "peak-why")
    assert (f"probability of −14.0% by 2025: {format_figure(intensity['probability'], 'share', 'en')}"
            in _text(html, "on-track-intensity"))
    assert "probability of being lower than in 2025" in _text(html, "on-track-intensity-2030")
    assert f"projected from {answer['base_year']} (latest inventory)" in _text(html, "progress-basis")


def test_the_cards_in_chinese(client_as: ClientFactory) -> None:
    html = client_as("leader", "zh-hans").get("/dashboard/").content.decode()
    assert "2030年前达峰概率" in _text(html, "on-track-peak")
    # the central estimate and the probability together, each named, in Chinese
    progress = running.run([running.PROGRESS])["scenarios"]["progress"]
    assert (f"中心估计：{progress['peak_year']}年为排放最高年份" if progress["peak_year"]
            else "中心估计：预测期末仍在上升") in _text(html, "peak-central")
    assert "计入参数不确定性" in _text(html, "on-track-peak") and "次模拟" in _text(html, "on-track-peak")
    assert "两者为何不同" in _text(html, "peak-why")
    assert "2025年较基年" in _text(html, "on-track-intensity") and "P(" not in _text(html, "on-track-intensity")
    assert "低于2025年的概率" in _text(html, "on-track-intensity-2030")
    assert "最新清单" in _text(html, "progress-basis")


def test_the_target_comes_from_the_plan(client_as: ClientFactory) -> None:
    from carbonpeak.indicators.models import Target

    Target.objects.filter(indicator__code="energy_intensity_change", year=2025).update(value=-20)
    html = client_as("office", "en").get("/dashboard/").content.decode()
    assert "probability of −20.0% by 2025" in _text(html, "on-track-intensity")


def test_the_cards_read_stored_results(client_as: ClientFactory) -> None:
    client = client_as("office")
    client.get("/dashboard/")
    stored = CachedRun.objects.count()
    client.get("/dashboard/")
    assert CachedRun.objects.count() == stored  # nothing computed the second time


def test_without_a_progress_scenario_the_plan_is_shown(client_as: ClientFactory) -> None:
    Scenario.objects.filter(slug="progress").delete()
    response = client_as("leader", "en").get("/dashboard/")
    assert response.context["progress"] is None
    peak = response.context["peak"]
    plan = running.peaks()["plan"]
    assert peak["scenario"] == "plan" and peak["peak_year"] == plan["peak_year"]
    assert peak["runs"] == running.DASHBOARD_RUNS and 0 <= peak["p_peak_by_2030"] <= 1
    html = response.content.decode()
    assert "probability of peaking by 2030" in html and "P(peak" not in html
    assert "Central estimate:" in _text(html, "peak-central")
    assert "With parameter uncertainty" in _text(html, "on-track-peak")


def test_no_plan_scenario_no_figures(client_as: ClientFactory) -> None:
    Scenario.objects.filter(slug__in=["plan_slow", "progress"]).delete()
    Scenario.objects.filter(slug="plan").delete()
    response = client_as("office", "en").get("/dashboard/")
    assert response.context["peak"] is None and response.context["progress"] is None
    assert "No plan scenario in the roadmap yet." in response.content.decode()
