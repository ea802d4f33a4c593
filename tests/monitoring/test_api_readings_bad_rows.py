"""POST /api/v1/monitoring/readings with one bad row among good ones (a year-1 time, 10^400, inf, nan, a far
future time, a code that is no text): the good rows are stored, the bad one named by row and field, never a
500. A body past the declared limits (JSON depth, rows, size) is refused whole with a 4xx naming the field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from carbonpeak.common.limits import MAX_BATCH_ROWS, MAX_BODY_BYTES
from carbonpeak.monitoring.models import Reading
from carbonpeak.monitoring.readings.ingest import Channel, ingest_payload
from carbonpeak.monitoring.readings.parsing import ReadingsInputError
from carbonpeak.monitoring.registry import tokens
from tests.monitoring.support import NOW, T0, iso, make_meter, make_unit, records

pytestmark = pytest.mark.django_db

URL = "/api/v1/monitoring/readings"


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    import carbonpeak.monitoring.readings.ingest as ingest

    monkeypatch.setattr(ingest.time, "time", lambda: float(NOW))


@pytest.fixture
def token() -> str:
    unit = make_unit("UA")
    make_meter(unit, "MA")
    return tokens.issue(unit, "gateway", actor_label="tests")[1]


def post(body: str, token: str, content_type: str = "application/json") -> Any:
    return Client().post(URL, body, content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {token}")


def good_rows() -> list[dict[str, object]]:
    return records("MA", [1.0, 2.0, 3.0])


BAD_JSON_ROWS = [
    ('{"meter": "MA", "timestamp": "0001-01-01T00:00:00", "value": 1}', "timestamp"),
    ('{"meter": "MA", "timestamp": "0001-01-01T00:00:00+14:00", "value": 1}', "timestamp"),
    ('{"meter": "MA", "timestamp": "9999-12-31T23:59:59-12:00", "value": 1}', "timestamp"),
    ('{"meter": "MA", "timestamp": "2098-01-01T00:00:00Z", "value": 1}', "timestamp"),
    ('{"meter": "MA", "timestamp": 1' + "0" * 40 + ', "value": 1}', "timestamp"),
    ('{"meter": "MA", "timestamp": "2026-03-03T00:00:00+08:00", "value": 1' + "0" * 400 + "}", "value"),
    ('{"meter": "MA", "timestamp": "2026-03-03T00:00:00+08:00", "value": 1e400}', "value"),
    ('{"meter": "MA", "timestamp": "2026-03-03T00:00:00+08:00", "value": Infinity}', "value"),
    ('{"meter": "MA", "timestamp": "2026-03-03T00:00:00+08:00", "value": NaN}', "value"),
    ('{"meter": "MA", "timestamp": "2026-03-03T00:00:00+08:00", "value": "inf"}', "value"),
    ('{"meter": ' + "7" * 5000 + ', "timestamp": "2026-03-03T00:00:00+08:00", "value": 1}', "meter"),
    ('{"meter": {"code": "MA"}, "timestamp": "2026-03-03T00:00:00+08:00", "value": 1}', "meter"),
    ('{"meter": ["MA"], "timestamp": "2026-03-03T00:00:00+08:00", "value": 1}', "meter"),
    ("42", "readings"),
]


@pytest.mark.parametrize(("bad", "field"), BAD_JSON_ROWS)
def test_one_bad_json_row_keeps_the_good_rows_and_is_named(token: str, bad: str, field: str) -> None:
    good = [json.dumps(r) for r in good_rows()]
    body = "[" + ", ".join([good[0], bad, good[1], good[2]]) + "]"
    response = post(body, token)
    assert response.status_code == 200, response.content[:300]
    answer = response.json()
    assert answer["accepted"] == 3 and answer["rejected"] == 1
    assert [(e["row"], e["field"]) for e in answer["errors"]] == [(2, field)]
    assert answer["errors"][0]["reason"]
    assert Reading.objects.filter(meter__code="MA").count() == 3


def test_one_bad_csv_row_keeps_the_good_rows(token: str) -> None:
    lines = [f"MA,{r['timestamp']},{r['value']}" for r in good_rows()]
    body = "\n".join(["meter,timestamp,value", lines[0], "MA,0001-01-01 00:00,1", "MA,2026-03-03 00:00," + "9" * 400,
                      f"MA,{iso(T0 + 7200)},{'9' * 131_073}", lines[1], lines[2]]) + "\n"
    response = post(body, token, "text/csv")
    assert response.status_code == 200, response.content[:300]
    answer = response.json()
    assert answer["accepted"] == 3
    assert [(e["row"], e["field"]) for e in answer["errors"]] == [(3, "timestamp"), (4, "value"), (5, "value")]


def test_json_nested_5000_deep_is_refused_naming_the_body(token: str) -> None:
    response = post('{"readings": ' + "[" * 5000 + "]" * 5000 + "}", token)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    # The error contract (issue 17, item 3) answers in the caller's language: either names the depth.
    assert error["field"] == "body" and ("嵌套过深" in error["reason"] or "too deep" in error["reason"])
    assert not Reading.objects.exists()


def test_a_batch_past_the_row_limit_is_refused_whole(token: str) -> None:
    row = json.dumps(good_rows()[0])
    body = "[" + ",".join([row] * (MAX_BATCH_ROWS + 1)) + "]"
    # Django may refuse the body first by its size (DATA_UPLOAD_MAX_MEMORY_SIZE): either way a 4xx, nothing stored.
    assert post(body, token).status_code in (413, 422)
    with pytest.raises(ReadingsInputError) as caught:
        ingest_payload(body.encode(), "application/json", channel=Channel.API)
    assert caught.value.issues[0].field == "readings" and "at most 100,000" in caught.value.issues[0].reason_en
    with pytest.raises(ReadingsInputError) as caught:
        ingest_payload(b"[]" + b" " * MAX_BODY_BYTES, "application/json", channel=Channel.API)
    assert caught.value.issues[0].field == "body" and "larger than" in caught.value.issues[0].reason_en
    assert not Reading.objects.exists()


def test_a_gbk_csv_body_is_read(token: str) -> None:
    body = "meter,timestamp,value,备注\n" + "".join(f"MA,{r['timestamp']},{r['value']},正常\n" for r in good_rows())
    response = Client().post(URL, body.encode("gbk"), content_type="text/csv", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["accepted"] == 3
