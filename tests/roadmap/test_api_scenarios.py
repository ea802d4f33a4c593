"""/api/v1/roadmap/scenarios…: the office creates and saves scenarios; leaders and departments read;
enterprises and anonymous callers get nothing. A child inherits what its parent changes."""

from __future__ import annotations

import pytest

from carbonpeak.roadmap.models import Scenario, ScenarioVersion
from tests.conftest import ClientFactory, UserGetter
from tests.roadmap.support import API, BAD_FIELDS, BAD_INPUT, child_data, post_json, put_json, stored_child

READERS = [("office", 200), ("leader", 200), ("eco", 200), ("enterprise", 403), (None, 401)]
WRITERS = [("office", 201), ("leader", 403), ("eco", 403), ("enterprise", 403), (None, 401)]


@pytest.mark.parametrize(("username", "status"), READERS)
def test_who_may_read_scenarios(client_as: ClientFactory, username: str | None, status: int) -> None:
    client = client_as(username)
    listed, one = client.get(f"{API}/scenarios"), client.get(f"{API}/scenarios/plan")
    assert (listed.status_code, one.status_code) == (status, status)
    if status == 200:
        assert [s["id"] for s in listed.json()] == ["baseline", "plan", "plan_slow", "progress"]
        body = one.json()
        assert body["lineage"] == ["baseline", "plan"] and body["bundled"] is True
        assert body["parameters"]["measure.pv_new.capacity_mw_2025"] == 300
        assert body["versions"][0]["version"] == 1


@pytest.mark.parametrize(("username", "status"), WRITERS)
def test_who_may_create_a_scenario(client_as: ClientFactory, username: str | None, status: int) -> None:
    response = post_json(client_as(username), f"{API}/scenarios", child_data())
    assert response.status_code == status
    assert Scenario.objects.filter(slug="plan-more-pv").exists() == (status == 201)


@pytest.mark.parametrize(("username", "status"), [("leader", 403), ("eco", 403), ("enterprise", 403), (None, 401)])
def test_who_may_not_save_or_delete(client_as: ClientFactory, user: UserGetter, username: str | None,
                                    status: int) -> None:
    stored_child(user)
    client = client_as(username)
    assert put_json(client, f"{API}/scenarios/plan-more-pv", child_data()).status_code == status
    assert client.delete(f"{API}/scenarios/plan-more-pv").status_code == status
    assert Scenario.objects.get(slug="plan-more-pv").version == 1


def test_a_created_child_resolves_through_its_parent(client_as: ClientFactory) -> None:
    body = post_json(client_as("office"), f"{API}/scenarios", child_data()).json()
    assert body["id"] == "plan-more-pv" and body["version"] == 1 and body["lineage"] == ["baseline", "plan",
                                                                                        "plan-more-pv"]
    assert body["overrides"] == {"measure.pv_new.capacity_mw_2025": 600}
    assert body["parameters"]["measure.pv_new.capacity_mw_2025"] == 600
    assert {m["id"] for m in body["resolved_measures"]} >= {"pv_new", "offshore_wind"}


def test_the_child_inherits_its_parents_change(client_as: ClientFactory, user: UserGetter) -> None:
    """Edit a user-made parent through the API: its child follows, except where it overrides."""
    client = client_as("office")
    post_json(client, f"{API}/scenarios", child_data(id="parent-a", overrides={"growth.decay": 0.05}))
    post_json(client, f"{API}/scenarios", child_data(id="child-b", parent="parent-a"))
    child = client.get(f"{API}/scenarios/child-b").json()
    assert child["parameters"]["growth.decay"] == 0.05
    saved = put_json(client, f"{API}/scenarios/parent-a",
                     child_data(overrides={"growth.decay": 0.08, "measure.pv_new.capacity_mw_2025": 100},
                                comment="slower growth"))
    assert saved.status_code == 200 and saved.json()["version"] == 2
    child = client.get(f"{API}/scenarios/child-b").json()
    assert child["parameters"]["growth.decay"] == 0.08  # inherited change
    assert child["parameters"]["measure.pv_new.capacity_mw_2025"] == 600  # its own override wins
    assert child["version"] == 1
    versions = client.get(f"{API}/scenarios/parent-a").json()["versions"]
    assert versions[0]["comment"] == "slower growth"
    assert {"field": "overrides.growth.decay", "before": 0.05, "after": 0.08} in versions[0]["changes"]


def test_bad_scenario_is_422_naming_fields_and_nothing_is_stored(client_as: ClientFactory) -> None:
    response = post_json(client_as("office"), f"{API}/scenarios", child_data(**BAD_INPUT))
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == BAD_FIELDS
    assert not Scenario.objects.filter(slug="plan-more-pv").exists()


def test_a_cycle_through_the_api_is_422(client_as: ClientFactory, user: UserGetter) -> None:
    stored_child(user, id="a")
    stored_child(user, id="b", parent="a")
    response = put_json(client_as("office"), f"{API}/scenarios/a", child_data(parent="b"))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["parent"]
    assert ScenarioVersion.objects.filter(scenario__slug="a").count() == 1


def test_bundled_scenarios_are_read_only_through_the_api(client_as: ClientFactory) -> None:
    response = put_json(client_as("office"), f"{API}/scenarios/plan", child_data(parent="baseline"))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "id"


def test_delete_refused_with_children_then_allowed(client_as: ClientFactory, user: UserGetter) -> None:
    stored_child(user)
    stored_child(user, id="kid", parent="plan-more-pv")
    client = client_as("office")
    assert client.delete(f"{API}/scenarios/plan-more-pv").status_code == 409
    assert client.delete(f"{API}/scenarios/kid").status_code == 204
    assert client.delete(f"{API}/scenarios/plan-more-pv").status_code == 204
    assert not Scenario.objects.filter(slug__in=["kid", "plan-more-pv"]).exists()


def test_unknown_scenario_is_404(client_as: ClientFactory) -> None:
    assert client_as("office").get(f"{API}/scenarios/no-such").status_code == 404


def test_the_catalogue_lists_parameters_and_kinds(client_as: ClientFactory) -> None:
    body = client_as("eco").get(f"{API}/catalogue").json()
    paths = {p["path"] for p in body["parameters"]}
    assert {"growth.decay", "measure.pv_new.capacity_mw_2025"} <= paths
    kinds = {k["kind"]: k for k in body["measure_kinds"]}
    assert kinds["fuel_shift"]["generic"] is True and kinds["pv_new"]["generic"] is False
    assert client_as("enterprise").get(f"{API}/catalogue").status_code == 403
