"""GET /monitoring/alerts, POST …/acknowledge and …/close (a note required): the office handles alerts."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.monitoring.alerts import services as alerts
from carbonpeak.monitoring.models import Alert
from tests.conftest import ClientFactory
from tests.monitoring.support import LOCAL, USCC_B, make_meter, make_unit, records, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_alerts() -> tuple[Alert, Alert]:
    make_meter(make_unit("OWN"), "M-OWN")
    make_meter(make_unit("OTHER", uscc=USCC_B), "M-OTHER")
    send(records("M-OWN", [10.0] * 4))
    send(records("M-OTHER", [10.0] * 4))
    alerts.evaluate(dt.datetime(2026, 3, 5, tzinfo=LOCAL))
    return Alert.objects.get(unit__code="OWN"), Alert.objects.get(unit__code="OTHER")


def test_the_enterprise_sees_its_own_alerts_the_district_all(two_alerts: tuple[Alert, Alert],
                                                             client_as: ClientFactory) -> None:
    own = client_as("enterprise").get("/api/v1/monitoring/alerts").json()
    assert [(a["unit"], a["kind"]) for a in own] == [("OWN", "silent")]
    assert len(client_as("leader").get("/api/v1/monitoring/alerts").json()) == 2
    assert client_as("office").get("/api/v1/monitoring/alerts?unit=OTHER").json()[0]["unit"] == "OTHER"


def test_the_office_acknowledges_then_closes_with_a_note(two_alerts: tuple[Alert, Alert],
                                                         client_as: ClientFactory) -> None:
    alert, _ = two_alerts
    client = client_as("office")
    base = f"/api/v1/monitoring/alerts/{alert.pk}"
    acknowledged = client.post(f"{base}/acknowledge")
    assert acknowledged.status_code == 200 and acknowledged.json()["state"] == "acknowledged"
    no_note = client.post(f"{base}/close", {"note": " "}, content_type="application/json")
    assert no_note.status_code == 422 and no_note.json()["errors"][0]["field"] == "note"
    closed = client.post(f"{base}/close", {"note": "网关断电，已恢复"}, content_type="application/json")
    assert closed.status_code == 200 and closed.json()["note"] == "网关断电，已恢复"
    assert client.post(f"{base}/acknowledge").status_code == 422
    assert [r.reason for r in ChangeRecord.objects.filter(entity=alerts.AUDIT_ENTITY, entity_key=str(alert.pk))
            .order_by("id")] == ["alert opened", "alert acknowledged", "alert closed"]
    assert client.get("/api/v1/monitoring/alerts?state=closed").json()[0]["id"] == alert.pk
    assert client.get("/api/v1/monitoring/alerts").json()[0]["id"] != alert.pk


@pytest.mark.parametrize("who", ["leader", "eco", "enterprise"])
def test_only_the_office_handles_alerts(two_alerts: tuple[Alert, Alert], client_as: ClientFactory, who: str) -> None:
    alert, _ = two_alerts
    assert client_as(who).post(f"/api/v1/monitoring/alerts/{alert.pk}/acknowledge").status_code == 403
    assert client_as(who).post(f"/api/v1/monitoring/alerts/{alert.pk}/close", {"note": "x"},
                               content_type="application/json").status_code == 403
