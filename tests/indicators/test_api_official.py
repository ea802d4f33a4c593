"""POST /api/v1/indicators/{code}/official: the office's official value; status shows the provenance."""

from __future__ import annotations

import json
from typing import Any

import pytest

from carbonpeak.indicators.derive import derive_all
from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory
from tests.jobs.support import AS_OF, data_centre_with_pue

PUE = "existing_data_centre_pue"
URL = f"/api/v1/indicators/{PUE}/official"


def post(client_as: ClientFactory, who: str | None, body: dict[str, object]) -> Any:
    return client_as(who).post(URL, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(("who", "status"), [("office", 201), ("leader", 403), ("eco", 403), ("fengjing", 403),
                                             ("enterprise", 403), (None, 401)])
def test_only_the_office_records_official_values(client_as: ClientFactory, who: str | None, status: int) -> None:
    assert post(client_as, who, {"period": "2025", "value": 1.38, "source": "统计局"}).status_code == status


@pytest.mark.parametrize(("body", "field"), [
    ({"period": "2999", "value": 1.3, "source": "统计局"}, "period"),
    ({"period": "2025", "value": "abc", "source": "统计局"}, "value"),
    ({"period": "2025", "value": 1.3}, "source"),
])
def test_a_bad_official_value_names_its_field(client_as: ClientFactory, body: dict[str, object], field: str) -> None:
    response = post(client_as, "office", body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


def test_status_names_where_a_derived_value_comes_from(plan: Plan, client_as: ClientFactory) -> None:
    data_centre_with_pue(1.50)
    derive_all(plan, actor_label="tests", as_of=AS_OF, only=[PUE])
    answer = client_as("leader").get("/api/v1/indicators/status?as_of=2027-01-15").json()
    rows = {r["code"]: r for r in answer["indicators"]}
    prov = rows[PUE]["provenance"]
    assert (prov["origin"], prov["kind"], prov["method"], prov["units"][0]["code"]) == (
        "derived", "monitoring", "pue", "DC1")
