"""One truth per figure: the dashboard's 碳达峰年份 tile says what its peak card says (a projection, labelled
as one, with its scenario) while no peak is observed; the roadmap's base-year CO2 and the inventory's net
of that year are shown side by side on both pages with the steps that lead from one to the other."""

from __future__ import annotations

import re

from carbonpeak.accounting.services import latest_inventories
from carbonpeak.indicators.services import import_records
from carbonpeak.plan.models import Plan
from carbonpeak.roadmap import running
from carbonpeak.roadmap.models import Scenario
from tests.conftest import ClientFactory


def tile(html: str, code: str) -> str:
    found = re.search(rf'<a [^>]*data-indicator="{code}"[^>]*>.*?</a>', html, re.S)
    assert found, code
    return found.group(0)


def test_the_peak_year_tile_shows_the_cards_projection(client_as: ClientFactory) -> None:
    response = client_as("leader").get("/dashboard/")
    peak = response.context["peak"]
    html = response.content.decode()
    shown = tile(html, "carbon_peak_year")
    assert 'data-status="projected"' in shown and "无数据" not in shown
    assert f"预测（中心估计）：{peak['peak_year']}年" in shown and "尚无观测值" in shown
    # the scenario's own name carries brackets: the tile puts none around it (no nested brackets)
    assert f"年 · {peak['name_zh']} · 尚无观测值" in shown
    assert f'href="/roadmap/s/{peak["scenario"]}/"' in shown
    card = re.search(r'data-testid="peak-year">(\d{4})<', html)
    assert card and card.group(1) == str(peak["peak_year"])  # the same year in the card and the tile


def test_in_english_the_tile_names_the_scenario_in_english(client_as: ClientFactory) -> None:
    response = client_as("office", "en").get("/dashboard/")
    shown = tile(response.content.decode(), "carbon_peak_year")
    assert "Projected, central estimate:" in shown and f" · {response.context['peak']['name_en']} · " in shown


def test_without_a_roadmap_the_tile_says_no_data(client_as: ClientFactory) -> None:
    for slug in ("progress", "plan_slow", "plan", "baseline"):  # children before parents
        Scenario.objects.filter(slug=slug).delete()
    html = client_as("office").get("/dashboard/").content.decode()
    assert 'data-status="no_data"' in tile(html, "carbon_peak_year")


def test_an_observed_peak_replaces_the_projection(plan: Plan, client_as: ClientFactory) -> None:
    import_records(plan, [{"indicator": "carbon_peak_year", "period": "2025", "value": 2025, "unit": "year"}],
                   user=None, actor_label="tests", source="区统计局")
    html = client_as("office").get("/dashboard/").content.decode()
    assert 'data-status="projected"' not in tile(html, "carbon_peak_year")


def _steps(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-step="(\w+)"[^>]*>.*?<td class="num">([^<]+)</td>', html, re.S))


def test_the_scenario_page_reconciles_its_base_year_with_the_inventory(client_as: ClientFactory) -> None:
    html = client_as("leader").get("/roadmap/s/plan/").content.decode()
    steps = _steps(html.split('data-testid="reconciliation"', 1)[1])
    inventory = latest_inventories()[2020]
    model = running.peaks()["plan"]["series"]["2020"]["co2_t"]
    assert steps["net"] == f"{inventory.total_co2e_t / 1e4:,.1f}"
    assert steps["model"] == f"{model / 1e4:,.1f}"
    assert steps["factors"].startswith("−") and steps["sinks"].startswith("+")
    assert "外购电力、热力改按现行因子计算" in html


def test_the_inventory_page_shows_the_models_figure_beside_its_own(client_as: ClientFactory) -> None:
    html = client_as("eco").get("/accounting/inventory/2020/").content.decode()
    section = html.split('id="model-year"', 1)[1].split("</section>", 1)[0]
    steps = _steps(section)
    assert steps["net"] == f"{latest_inventories()[2020].total_co2e_t / 1e4:,.1f}"
    assert steps["model"] == f"{running.peaks()['plan']['series']['2020']['co2_t'] / 1e4:,.1f}"
    assert 'href="/roadmap/s/plan/"' in section
    # the same two figures as the scenario page
    scenario = client_as("eco").get("/roadmap/s/plan/").content.decode()
    assert _steps(scenario.split('data-testid="reconciliation"', 1)[1]) == steps
    # only the base year has a model figure to compare with
    assert 'id="model-year"' not in client_as("eco").get("/accounting/inventory/2021/").content.decode()


def test_the_indicator_page_states_the_same_projected_year(plan: Plan, client_as: ClientFactory) -> None:
    peak = client_as("leader").get("/dashboard/").context["peak"]
    html = client_as("leader").get("/indicators/carbon_peak_year/").content.decode()
    note = html.split('data-testid="projection"', 1)[1].split("</p>", 1)[0]
    assert f"预测（中心估计）：{peak['peak_year']}年" in note and f'href="/roadmap/s/{peak["scenario"]}/"' in note
    # an indicator with values of its own, or once a peak is observed, shows no projection
    assert 'data-testid="projection"' not in client_as("leader").get("/indicators/forest_cover_rate/").content.decode()
    import_records(plan, [{"indicator": "carbon_peak_year", "period": "2025", "value": 2025, "unit": "year"}],
                   user=None, actor_label="tests", source="区统计局")
    assert 'data-testid="projection"' not in client_as("leader").get("/indicators/carbon_peak_year/").content.decode()


def test_the_progress_page_shows_the_models_figure_and_its_own_side_by_side(client_as: ClientFactory) -> None:
    """The model's 2020 CO2 is one figure on every scenario page; the progress scenario's own 2020 (the inventory
    at today's factors) is shown beside it with the steps between them."""
    response = client_as("leader").get("/roadmap/s/progress/")
    context = response.context
    plan_model = running.peaks()["plan"]["series"]["2020"]["co2_t"]
    progress_own = running.peaks()["progress"]["series"]["2020"]["co2_t"]
    assert round(context["model_base_co2"]) == round(plan_model)  # the same as on the plan's page
    assert context["anchored_base_co2"] == progress_own != plan_model
    html = response.content.decode()
    steps = _steps(html.split('data-testid="reconciliation"', 1)[1])
    assert steps["anchored"] == f"{progress_own / 1e4:,.1f}" and steps["model"] == f"{plan_model / 1e4:,.1f}"
    assert "mapping" in steps and 'data-testid="anchored-base-co2"' in html
    # the peak is in an inventory year: said so beside it
    assert 'data-testid="peak-observed"' in html and "自2025年（最新编制清单的年份）起推算" in html
    plan_steps = _steps(client_as("leader").get("/roadmap/s/plan/").content.decode()
                        .split('data-testid="reconciliation"', 1)[1])
    assert plan_steps["model"] == steps["model"] and plan_steps["net"] == steps["net"]
