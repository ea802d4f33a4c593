"""The roadmap's first page: every scenario with its peak, and boxes to compare them."""

from __future__ import annotations

from tests.conftest import ClientFactory, UserGetter
from tests.roadmap.support import stored_child


def test_scenarios_with_their_peaks(client_as: ClientFactory, user: UserGetter) -> None:
    stored_child(user)
    response = client_as("leader", "en").get("/roadmap/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["scenario"].slug for r in rows] == ["baseline", "plan", "plan_slow", "progress", "plan-more-pv"]
    plan = next(r for r in rows if r["scenario"].slug == "plan")
    html = response.content.decode()
    assert f'<td class="num" data-peak-year>{plan["result"]["peak_year"] or "&gt;2035"}</td>' in html
    assert 'name="scenario" value="plan-more-pv"' in html
    assert "New scenario based on the plan" not in html  # leaders do not edit
    # The district in the reader's language, the header's unit in its brackets (was "Model of 金山区", "峰值 (万吨…")
    assert "Model of Jinshan District, base year 2020" in html and "金山区" not in html
    zh = client_as("leader").get("/roadmap/").content.decode()
    assert "金山区模型" in zh and "峰值（万吨二氧化碳）" in zh


def test_the_office_may_start_a_scenario(client_as: ClientFactory) -> None:
    html = client_as("office", "en").get("/roadmap/").content.decode()
    assert 'href="/roadmap/new/?parent=plan"' in html


def test_without_scenarios_the_office_can_load_them(client_as: ClientFactory) -> None:
    from carbonpeak.roadmap.models import Scenario

    Scenario.objects.filter(slug__in=["plan_slow", "progress"]).delete()
    Scenario.objects.filter(slug="plan").delete()
    Scenario.objects.all().delete()
    client = client_as("office", "en")
    assert "Load the bundled scenarios" in client.get("/roadmap/").content.decode()
    response = client.post("/roadmap/load-defaults")
    assert response.status_code == 302 and Scenario.objects.count() == 4
