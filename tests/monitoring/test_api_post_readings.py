"""POST /api/v1/monitoring/readings: JSON or CSV, a unit token or a user who may submit, a per-row answer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from carbonpeak.monitoring.models import IngestBatch, Reading, UnitToken
from carbonpeak.monitoring.registry import tokens
from carbonpeak.people.models import ApiToken
from tests.conftest import ClientFactory, UserGetter
from tests.monitoring.support import NOW, T0, USCC_B, iso, make_meter, make_unit, records

pytestmark = pytest.mark.django_db

URL = "/api/v1/monitoring/readings"
LOAD = [10.0 + (i % 5) * 0.5 for i in range(8)]


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test data are in March 2026: 'now' is set after them (future readings are refused)."""
    import carbonpeak.monitoring.readings.ingest as ingest

    monkeypatch.setattr(ingest.time, "time", lambda: float(NOW))


def token_for(code: str) -> str:
    from carbonpeak.monitoring.models import KeyUnit

    return tokens.issue(KeyUnit.objects.get(code=code), "gateway", actor_label="tests")[1]


def post(client: Client, body: Any, token: str | None = None, content_type: str = "application/json") -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data, content_type=content_type, **headers)


@pytest.fixture
def two_units() -> None:
    make_meter(make_unit("UA"), "MA")
    make_meter(make_unit("UB", uscc=USCC_B), "MB")


def test_a_unit_token_sends_json_and_gets_the_report(two_units: None) -> None:
    response = post(Client(), {"readings": records("MA", LOAD)}, token_for("UA"))
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("accepted", "rejected", "duplicates", "flags", "errors")} == {
        "accepted": 8, "rejected": 0, "duplicates": 0, "flags": {}, "errors": []}
    batch = IngestBatch.objects.get(pk=body["batch"])
    assert batch.unit is not None and batch.unit.code == "UA" and batch.channel == "api"
    assert batch.source == "token:gateway"
    assert UnitToken.objects.get(unit__code="UA").last_used is not None


def test_a_resend_is_acknowledged_without_duplicating(two_units: None) -> None:
    token = token_for("UA")
    post(Client(), records("MA", LOAD), token)
    body = post(Client(), records("MA", LOAD), token).json()
    assert (body["accepted"], body["duplicates"]) == (0, 8)
    assert Reading.objects.count() == 8


def test_csv_is_accepted_with_row_numbers_of_the_file(two_units: None) -> None:
    rows = records("MA", LOAD[:3])
    text = "meter,timestamp,value\n" + "\n".join(f"{r['meter']},{r['timestamp']},{r['value']}" for r in rows)
    text += "\nMA,not-a-time,5\n"
    body = post(Client(), text, token_for("UA"), content_type="text/csv").json()
    assert body["accepted"] == 3 and body["rejected"] == 1
    assert body["errors"][0]["row"] == 5 and body["errors"][0]["field"] == "timestamp"


def test_a_unit_token_cannot_write_another_units_meter(two_units: None) -> None:
    rows = records("MA", LOAD[:2]) + records("MB", LOAD[:2])
    body = post(Client(), rows, token_for("UA")).json()
    assert body["accepted"] == 2 and body["rejected"] == 2
    assert {(e["row"], e["field"]) for e in body["errors"]} == {(3, "meter"), (4, "meter")}
    assert not Reading.objects.filter(meter__code="MB").exists()


def test_a_revoked_token_is_refused(two_units: None) -> None:
    from carbonpeak.monitoring.models import KeyUnit

    token, clear = tokens.issue(KeyUnit.objects.get(code="UA"), "old gateway", actor_label="tests")
    tokens.revoke(token, actor_label="tests")
    assert post(Client(), records("MA", LOAD), clear).status_code == 401
    assert post(Client(), records("MA", LOAD), "cpu_not-a-token").status_code == 401
    assert post(Client(), records("MA", LOAD)).status_code == 401
    assert not Reading.objects.exists()


def test_an_enterprise_user_submits_for_its_own_units_only(two_units: None, client_as: ClientFactory) -> None:
    body = post(client_as("enterprise"), records("MA", LOAD[:2]) + records("MB", LOAD[:2])).json()
    assert body["accepted"] == 2 and [e["field"] for e in body["errors"]] == ["meter", "meter"]
    assert "UB" in body["errors"][0]["reason_en"]


def test_an_api_token_of_the_office_writes_any_unit(two_units: None, user: UserGetter) -> None:
    _, clear = ApiToken.issue(user("office"), "import job")
    body = post(Client(), records("MA", LOAD[:2]) + records("MB", LOAD[:2]), clear).json()
    assert body["accepted"] == 4


@pytest.mark.parametrize("who", ["leader", "eco"])
def test_departments_and_leaders_read_but_cannot_write(two_units: None, client_as: ClientFactory, who: str) -> None:
    response = post(client_as(who), records("MA", LOAD))
    assert response.status_code == 403
    assert not Reading.objects.exists()


def test_every_rejection_names_its_row_field_and_reason(two_units: None) -> None:
    token = token_for("UA")
    post(Client(), records("MA", [5.0]), token)  # a stored reading to conflict with
    rows: list[dict[str, object]] = [
        {"meter": "NOPE", "timestamp": iso(T0 + 900), "value": 1},  # unknown meter
        {"meter": "MA", "timestamp": "31/12/2026", "value": 1},  # unparsable timestamp
        {"meter": "MA", "timestamp": iso(T0 + 1800), "value": "twelve"},  # not a number
        {"meter": "MA", "timestamp": iso(NOW + 86400), "value": 1},  # in the future
        {"meter": "MA", "timestamp": iso(T0 + 2700)},  # no value
        {"meter": "MA", "timestamp": iso(T0 + 900), "value": 6.0},  # another value at a stored time
        {"meter": "MB", "timestamp": iso(T0 + 900), "value": 1},  # another unit's meter
        {"meter": "MA", "timestamp": iso(T0 + 3600), "value": "NaN"},  # not finite
        {"meter": ["MA"], "timestamp": iso(T0 + 3600), "value": 1},  # not a code
    ]
    body = post(Client(), rows, token).json()
    assert body["accepted"] == 0 and body["rejected"] == 9
    got = {(e["row"], e["field"]) for e in body["errors"]}
    assert got == {(1, "meter"), (2, "timestamp"), (3, "value"), (4, "timestamp"), (5, "value"), (6, "value"),
                   (7, "meter"), (8, "value"), (9, "meter")}
    assert all(e["reason"] and e["reason_en"] and e["reason"] != e["reason_en"] for e in body["errors"])


def test_an_unreadable_body_answers_422_naming_what_is_wrong(two_units: None) -> None:
    token = token_for("UA")
    bad_json = post(Client(), "{not json", token)
    assert bad_json.status_code == 422 and bad_json.json()["errors"][0]["field"] == "body"
    not_a_list = post(Client(), {"rows": []}, token)
    assert not_a_list.status_code == 422 and not_a_list.json()["errors"][0]["field"] == "readings"
    no_column = post(Client(), "meter,value\nMA,1\n", token, content_type="text/csv")
    assert no_column.status_code == 422 and "timestamp" in no_column.json()["errors"][0]["field"]
