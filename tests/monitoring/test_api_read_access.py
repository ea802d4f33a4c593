"""Reading the monitoring API: the office, leaders and departments see every unit; an enterprise its own."""

from __future__ import annotations

import pytest

from carbonpeak.monitoring.readings import edits
from tests.conftest import ClientFactory
from tests.monitoring.support import T0, USCC_B, iso, make_meter, make_unit, records, send

pytestmark = pytest.mark.django_db

LOAD = [10.0 + (i % 5) * 0.5 for i in range(12)]
SPAN = f"start={iso(T0).replace('+', '%2B')}&end={iso(T0 + 86400).replace('+', '%2B')}"


@pytest.fixture
def units() -> None:
    make_meter(make_unit("OWN"), "M-OWN")  # the demo enterprise's
    make_meter(make_unit("OTHER", uscc=USCC_B), "M-OTHER")
    values = list(LOAD)
    values[6] = 300.0
    send(records("M-OWN", values))
    send(records("M-OTHER", LOAD))


def test_an_enterprise_lists_and_opens_only_its_own_units(units: None, client_as: ClientFactory) -> None:
    client = client_as("enterprise")
    assert [u["code"] for u in client.get("/api/v1/monitoring/units").json()] == ["OWN"]
    assert client.get("/api/v1/monitoring/units/OWN").json()["meters"][0]["code"] == "M-OWN"
    assert client.get("/api/v1/monitoring/units/OTHER").status_code == 403
    assert client.get(f"/api/v1/monitoring/meters/M-OTHER/readings?{SPAN}").status_code == 403
    assert client.get("/api/v1/monitoring/overview?year=2026").status_code == 403


@pytest.mark.parametrize("who", ["office", "leader", "eco"])
def test_the_district_sees_every_unit(units: None, client_as: ClientFactory, who: str) -> None:
    client = client_as(who)
    assert [u["code"] for u in client.get("/api/v1/monitoring/units").json()] == ["OTHER", "OWN"]
    assert client.get(f"/api/v1/monitoring/meters/M-OTHER/readings?{SPAN}").status_code == 200
    overview = client.get("/api/v1/monitoring/overview?year=2026").json()
    assert {t["key"] for t in overview["top_units"]} == {"OWN", "OTHER"}


def test_readings_come_with_flags_estimates_and_edits(units: None, client_as: ClientFactory) -> None:
    from carbonpeak.monitoring.models import Meter

    edits.edit_reading(Meter.objects.get(code="M-OWN"), T0 + 7 * 900, 12.0, reason="修正", actor_label="tests")
    body = client_as("enterprise").get(f"/api/v1/monitoring/meters/M-OWN/readings?{SPAN}").json()
    assert body["meter"] == "M-OWN" and body["unit_of_measure"] == "kWh"
    rows = body["readings"]
    assert len(rows) == 12 and rows[0]["timestamp"] == iso(T0 + 900)
    assert rows[6] == {"timestamp": iso(T0 + 7 * 900), "value": 300.0, "flags": ["edited"], "estimated": False,
                       "energy": 12.0, "edited_value": 12.0}


def test_a_bad_span_answers_422_naming_the_field(units: None, client_as: ClientFactory) -> None:
    client = client_as("office")
    response = client.get("/api/v1/monitoring/meters/M-OWN/readings?start=soon&end=2026-03-03")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "start"
    response = client.get("/api/v1/monitoring/meters/M-OWN/readings?start=2026-03-03&end=2026-03-01")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "end"
    assert client.get(f"/api/v1/monitoring/meters/NOPE/readings?{SPAN}").status_code == 404


@pytest.mark.parametrize("who", ["leader", "eco", "enterprise"])
def test_only_the_office_edits_readings(units: None, client_as: ClientFactory, who: str) -> None:
    body = {"timestamp": iso(T0 + 900), "edited_value": 1.0, "reason": "x"}
    response = client_as(who).patch("/api/v1/monitoring/meters/M-OWN/readings", body,
                                    content_type="application/json")
    assert response.status_code == 403


def test_the_office_edits_a_reading_through_the_api(units: None, client_as: ClientFactory) -> None:
    client = client_as("office")
    url = "/api/v1/monitoring/meters/M-OWN/readings"
    ok = client.patch(url, {"timestamp": iso(T0 + 7 * 900), "edited_value": 12.5, "reason": "现场核对"},
                      content_type="application/json")
    assert ok.status_code == 200 and ok.json()["edited_value"] == 12.5 and ok.json()["value"] == 300.0
    bad = client.patch(url, {"timestamp": iso(T0 + 7 * 900), "edited_value": 1.0, "reason": ""},
                       content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
