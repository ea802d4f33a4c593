"""The dashboard's "Projected carbon peak" card: the plan scenario's peak year and level and
P(peak by 2030), from stored results keyed by scenario version."""

from __future__ import annotations

from carbonpeak.roadmap import running
from carbonpeak.roadmap.models import CachedRun, Scenario
from tests.conftest import ClientFactory


def test_the_card_shows_the_plan_scenario(client_as: ClientFactory) -> None:
    response = client_as("leader", "en").get("/dashboard/")
    peak = response.context["peak"]
    plan = running.peaks()["plan"]
    assert peak["peak_year"] == plan["peak_year"] and peak["peak_co2_t"] == plan["peak_co2_t"]
    assert 0 <= peak["p_peak_by_2030"] <= 1 and peak["runs"] == running.DASHBOARD_RUNS
    html = response.content.decode()
    assert 'data-testid="headline-peak"' in html and "P(peak by 2030)" in html
    assert f'data-testid="peak-year">{plan["peak_year"] or "after the horizon"}<' in html


def test_the_card_reads_stored_results(client_as: ClientFactory) -> None:
    client = client_as("office")
    client.get("/dashboard/")
    stored = CachedRun.objects.count()
    client.get("/dashboard/")
    assert CachedRun.objects.count() == stored  # nothing computed the second time


def test_no_plan_scenario_no_figures(client_as: ClientFactory) -> None:
    Scenario.objects.filter(slug="plan_slow").delete()
    Scenario.objects.filter(slug="plan").delete()
    response = client_as("office", "en").get("/dashboard/")
    assert response.context["peak"] is None
    assert "No plan scenario in the roadmap yet." in response.content.decode()
