"""The places in the API: the office sets a place's target, a town enters its own value, and each caller sees what
its role allows (a town its own place only); refusals in the one error contract, naming the field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from carbonpeak.indicators.models import PlaceObservation, PlaceTarget
from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory
from tests.indicators.places_support import PV, place_value, split_pv

BASE = "/api/v1/indicators"


def put(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, json.dumps(body), content_type="application/json")


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_office_sets_a_share_and_reads_it_back(plan: Plan, client_as: ClientFactory) -> None:
    office = client_as("office")
    response = put(office, f"{BASE}/{PV}/places/fengjing/targets/2025", {"share": 30})
    assert response.status_code == 200, response.content
    assert response.json() == {"year": 2025, "value": None, "share": 30.0, "resolved": 90.0, "note": ""}
    body = office.get(f"{BASE}/{PV}/places").json()
    assert [p["place"] for p in body["places"]] == ["fengjing"] and body["aggregation"] == "sum"
    assert body["comparison"]["agreement"] == "nothing"


@pytest.mark.parametrize(("url", "body", "field"), [
    (f"{BASE}/{PV}/places/fengjing/targets/2025", {"share": 101}, "share"),
    (f"{BASE}/{PV}/places/zhoupu/targets/2025", {"share": 10}, "place"),
    (f"{BASE}/{PV}/places/fengjing/targets/2030", {"value": 10}, "year"),
    (f"{BASE}/{PV}/places/fengjing/targets/2025", {"value": 10, "share": 10}, "value"),
])
def test_a_bad_target_is_refused_in_the_contract(plan: Plan, client_as: ClientFactory, url: str,
                                                 body: dict[str, Any], field: str) -> None:
    response = put(client_as("office"), url, body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not PlaceTarget.objects.exists()


def test_only_the_office_sets_and_removes_targets(plan: Plan, client_as: ClientFactory) -> None:
    split_pv(plan)
    for name in ("fengjing", "eco", "leader"):
        assert put(client_as(name), f"{BASE}/{PV}/places/fengjing/targets/2025", {"share": 50}).status_code == 403
        assert client_as(name).delete(f"{BASE}/{PV}/places/fengjing/targets/2025").status_code == 403
    assert client_as("office").delete(f"{BASE}/{PV}/places/fengjing/targets/2025").status_code == 204
    assert PlaceTarget.objects.filter(place__code="fengjing").count() == 0


def test_a_town_enters_its_own_value_only(plan: Plan, client_as: ClientFactory) -> None:
    split_pv(plan)
    town = client_as("fengjing")
    response = post(town, f"{BASE}/{PV}/places/fengjing/observations", {"period": "2025", "value": 95})
    assert response.status_code == 201, response.content
    assert response.json()["entered_by"] == "api:fengjing"
    assert post(town, f"{BASE}/{PV}/places/shanyang/observations", {"period": "2025", "value": 5}).status_code == 403
    assert post(town, f"{BASE}/{PV}/places/nowhere/observations", {"period": "2025", "value": 5}).status_code == 403
    for name in ("office", "eco", "leader", "enterprise"):
        assert post(client_as(name), f"{BASE}/{PV}/places/fengjing/observations",
                    {"period": "2025", "value": 1}).status_code == 403
    bad = post(town, f"{BASE}/{PV}/places/fengjing/observations", {"period": "2025", "value": "lots"})
    assert bad.status_code == 422 and "value" in [e["field"] for e in bad.json()["errors"]]
    assert list(PlaceObservation.objects.values_list("place__code", "value")) == [("fengjing", 95.0)]


def test_each_caller_sees_the_places_its_role_allows(plan: Plan, client_as: ClientFactory) -> None:
    pv = split_pv(plan)
    place_value(pv, "fengjing", "2025", 95)
    office = client_as("office").get(f"{BASE}/places/status").json()
    assert [p["place"] for p in office["places"]] == ["fengjing", "langxia", "shanyang"]
    assert office["places"][0]["barometer"] == "green"
    town = client_as("fengjing")
    assert [p["place"] for p in town.get(f"{BASE}/places/status").json()["places"]] == ["fengjing"]
    own = town.get(f"{BASE}/{PV}/places").json()
    assert [p["place"] for p in own["places"]] == ["fengjing"] and own["comparison"] is None
    assert client_as("enterprise").get(f"{BASE}/places/status").status_code == 403
    assert client_as(None).get(f"{BASE}/places/status").status_code in (401, 403)


def test_the_places_are_in_the_openapi_schema(db: None, client_as: ClientFactory) -> None:
    paths = client_as(None).get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/indicators/places/status", "/api/v1/indicators/{code}/places",
            "/api/v1/indicators/{code}/places/{place}/targets/{year}",
            "/api/v1/indicators/{code}/places/{place}/observations"} <= set(paths)
