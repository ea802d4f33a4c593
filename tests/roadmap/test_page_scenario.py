"""A scenario's page: lineage, parameters marked as set here, inherited or default, measures with
their plan clause and what the indicators say is delivered, the base-year inventory beside the
model, and the version history with before and after."""

from __future__ import annotations

import re

from carbonpeak.indicators.demo import load_demo_observations
from carbonpeak.plan.models import Plan
from carbonpeak.roadmap import services
from tests.conftest import ClientFactory, UserGetter
from tests.roadmap.support import child_data, stored_child


def _rows(response: object, path: str) -> list[object]:
    context = response.context  # type: ignore[attr-defined]
    rows = [p for _label, group in context["groups"] for p in group]
    rows += [p for m in context["measures"] for p in m.params]
    return [p for p in rows if p.path == path]


def test_lineage_and_where_values_come_from(client_as: ClientFactory, user: UserGetter) -> None:
    stored_child(user, overrides={"measure.pv_new.capacity_mw_2025": 600, "growth.decay": 0.04})
    response = client_as("leader", "en").get("/roadmap/s/plan-more-pv/")
    assert response.status_code == 200
    assert [s.slug for s in response.context["lineage"]] == ["baseline", "plan", "plan-more-pv"]
    (pv,) = _rows(response, "measure.pv_new.capacity_mw_2025")
    assert (pv.value, pv.origin, pv.here) == (600, "plan-more-pv", True)
    (decay,) = _rows(response, "growth.decay")
    assert decay.here and decay.value == 0.04
    (wind,) = _rows(response, "measure.offshore_wind.capacity_mw")
    assert (wind.origin, wind.here) == ("plan", False)  # the plan defines the lever
    (pop,) = _rows(response, "growth.population")
    assert pop.origin is None  # the model default
    html = response.content.decode()
    assert 'data-origin="here"' in html and 'data-origin="plan"' in html and 'data-origin="default"' in html


def test_measures_cite_the_plan_and_show_delivery(client_as: ClientFactory, plan: Plan) -> None:
    load_demo_observations(plan)
    response = client_as("office", "en").get("/roadmap/s/plan/")
    measures = {m.id: m for m in response.context["measures"]}
    assert "三、(二)1" in measures["pv_new"].source
    # The demo indicator data has new PV capacity observed: shown beside the lever.
    delivered = {d.param.path: d.found for d in measures["pv_new"].delivered}
    pv = delivered["measure.pv_new.capacity_mw_2025"]
    assert pv.indicator.code == "new_pv_capacity" and pv.observation.period == "2025"
    assert pv.as_parameter == pv.observation.value  # MW both
    bus = {d.param.path: d.found for d in measures["bus_nev"].delivered}["measure.bus_nev.share_2025"]
    assert bus.as_parameter == bus.observation.value / 100  # percent → fraction
    assert 'data-delivered="measure.pv_new.capacity_mw_2025"' in response.content.decode()


def test_no_observations_no_delivery_shown(client_as: ClientFactory) -> None:
    response = client_as("office", "en").get("/roadmap/s/plan/")
    assert all(not m.delivered for m in response.context["measures"])


def test_base_year_inventory_beside_the_model(client_as: ClientFactory) -> None:
    response = client_as("office", "en").get("/roadmap/s/baseline/")
    context = response.context
    assert context["model_base_co2"] > 0
    inventory = context["inventory"]
    assert inventory is not None and inventory.year == 2020 and inventory.energy_co2_t > 0
    assert 'data-testid="inventory-base"' in response.content.decode()


def test_versions_show_before_and_after(client_as: ClientFactory, user: UserGetter) -> None:
    child = stored_child(user)
    services.update_scenario(child, child_data(overrides={"measure.pv_new.capacity_mw_2025": 900}),
                             actor_label="office", comment="bigger")
    response = client_as("office", "en").get("/roadmap/s/plan-more-pv/")
    versions = response.context["versions"]
    assert [v.version for v, _ in versions] == [2, 1]
    (change,) = versions[0].changes
    assert change.as_dict() == {"field": "overrides.measure.pv_new.capacity_mw_2025", "before": 600.0,
                                "after": 900.0}
    # named by the parameter, not its stored path (which stays in the tooltip)
    assert change.label == "New PV capacity (at least 300 MW by 2025): New capacity by target year"
    html = response.content.decode()
    assert "<del>600</del> → <ins>900</ins>" in html


def test_versions_read_in_the_readers_language(client_as: ClientFactory, user: UserGetter) -> None:
    child = stored_child(user)
    services.update_scenario(child, child_data(overrides={"measure.pv_new.capacity_mw_2025": 900}),
                             actor_label="office", comment="bigger")
    response = client_as("office").get("/roadmap/s/plan-more-pv/")
    first = response.context["versions"][-1]
    labels = [c.label for c in first.changes]
    assert "继承自" in labels and "名称" in labels and "slug" not in labels and "英文名称" not in labels
    text = re.sub(r"<[^>]+>", " ", response.content.decode().split('id="versions"', 1)[1])
    assert "新增光伏装机（2025年不低于30万千瓦）：2025年新增装机" in text and "实施方案情景" in text
    assert "overrides." not in text and "plan-more-pv" not in text and "capacity_mw" not in text
    bundled = client_as("office").get("/roadmap/s/plan/").context["versions"][-1]
    assert bundled.comment == "随软件提供"


def test_office_buttons(client_as: ClientFactory, user: UserGetter) -> None:
    stored_child(user)
    bundled = client_as("office", "en").get("/roadmap/s/plan/").content.decode()
    assert "/roadmap/new/?parent=plan" in bundled and "/roadmap/s/plan/edit/" not in bundled
    own = client_as("office", "en").get("/roadmap/s/plan-more-pv/").content.decode()
    assert "/roadmap/s/plan-more-pv/edit/" in own and "/roadmap/s/plan-more-pv/delete" in own
    leader = client_as("leader", "en").get("/roadmap/s/plan-more-pv/").content.decode()
    assert "/edit/" not in leader and "/delete" not in leader


def test_unknown_scenario_is_404(client_as: ClientFactory) -> None:
    assert client_as("office").get("/roadmap/s/nope/").status_code == 404
