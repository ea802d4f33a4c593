"""The API's one error contract: every 4xx is {"errors": [{field, reason, row?}]}, in the caller's language,
documented on every operation; no request makes a 500 (out-of-range years and times, long strings,
large and deeply nested bodies, numbers too big for a float)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from openapi_spec_validator import validate

from carbonpeak.common.problems import InputRefused, NotAllowed, Problem, split_reason
from tests.conftest import ClientFactory
from tests.monitoring.support import make_meter, make_unit

pytestmark = pytest.mark.django_db

PROBLEM_KEYS = ({"field", "reason"}, {"field", "reason", "row"})


def errors_of(response: Any, status: int) -> list[dict[str, Any]]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"errors"} and body["errors"]
    for e in body["errors"]:
        assert set(e) in PROBLEM_KEYS and isinstance(e["field"], str) and e["reason"], e
    errors: list[dict[str, Any]] = body["errors"]
    return errors


# --- the pure half -------------------------------------------------------------------------------------


def test_a_problem_answers_in_one_language() -> None:
    problem = Problem("year", "应为 1900–2200 / must be 1900–2200")
    assert problem.as_dict("zh-hans") == {"field": "year", "reason": "应为 1900–2200"}
    assert problem.as_dict("en") == {"field": "year", "reason": "must be 1900–2200"}
    assert Problem("x", "中文", row=3, reason_en="English").as_dict("en-us") == {"field": "x", "reason": "English",
                                                                                 "row": 3}
    assert split_reason("only one") == ("only one", "only one")
    assert InputRefused.one("a", "b / c").status == 422 and NotAllowed.one("a", "b").status == 403


# --- the shape, the language ---------------------------------------------------------------------------


def test_the_reason_is_chinese_by_default_and_english_on_request(client_as: ClientFactory) -> None:
    office = client_as("office")
    [zh] = errors_of(office.get("/api/v1/monitoring/overview?year=1"), 422)
    [en] = errors_of(office.get("/api/v1/monitoring/overview?year=1", HTTP_ACCEPT_LANGUAGE="en"), 422)
    assert zh["field"] == en["field"] == "year"
    assert "应" in zh["reason"] and "must be" in en["reason"] and "must" not in zh["reason"]


@pytest.mark.parametrize(("path", "status", "field"), [
    ("/api/v1/plan", 401, "authorization"),
])
def test_anonymous_is_401_in_the_contract(path: str, status: int, field: str) -> None:
    assert [e["field"] for e in errors_of(Client().get(path), status)] == [field]


def test_forbidden_and_not_found_are_in_the_contract(client_as: ClientFactory) -> None:
    assert [e["field"] for e in errors_of(client_as("enterprise").get("/api/v1/departments"), 403)] == ["permission"]
    assert [e["field"] for e in errors_of(client_as("office").get("/api/v1/monitoring/units/NOPE"), 404)] == ["code"]
    assert [e["field"] for e in errors_of(client_as("office").get("/api/v1/accounting/inventories/2001"), 404)] == [
        "year"]


def test_a_missing_and_a_badly_typed_field_are_named(client_as: ClientFactory) -> None:
    office = client_as("office")
    errors = errors_of(office.post("/api/v1/supervision/rounds", {"code": "x", "due_on": "tomorrow", "tasks": ["a"]},
                                   content_type="application/json"), 422)
    assert {e["field"] for e in errors} == {"name", "due_on", "tasks[0]"}
    assert errors_of(office.get("/api/v1/tasks/abc"), 422)[0]["field"] == "number"


# --- no request makes a 500 ---------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "field"), [
    ("/api/v1/monitoring/overview?year=0", "year"),
    ("/api/v1/monitoring/overview?year=99999999999999999999", "year"),
    ("/api/v1/monitoring/overview?year=2025&month=13", "month"),
    ("/api/v1/supervision/assessment/0", "year"),
    ("/api/v1/supervision/assessment/-100", "year"),
    ("/api/v1/accounting/inventories/0", "year"),
    ("/api/v1/indicators/status?as_of=0001-13-01", "as_of"),
])
def test_years_and_dates_out_of_range_are_422_naming_the_field(client_as: ClientFactory, path: str,
                                                               field: str) -> None:
    assert field in [e["field"] for e in errors_of(client_as("office").get(path), 422)]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_first_and_last_day_a_date_can_hold_are_answered(client_as: ClientFactory, day: str) -> None:
    assert client_as("office").get(f"/api/v1/indicators/status?as_of={day}").status_code == 200
    response = client_as("office").get(f"/api/v1/roadmap/progress?as_of={day}&runs=10")
    assert response.status_code < 500


def test_a_reading_edit_at_year_1_is_422(client_as: ClientFactory) -> None:
    make_meter(make_unit("UA"), "MA")
    for timestamp in ("0001-01-01T00:15:00+08:00", "9999-12-31T23:45:00+08:00", "1e400"):
        response = client_as("office").patch("/api/v1/monitoring/meters/MA/readings", {
            "timestamp": timestamp, "edited_value": 1.0, "reason": "x"}, content_type="application/json")
        assert errors_of(response, 422)[0]["field"] == "timestamp"
    response = client_as("office").get("/api/v1/monitoring/meters/MA/readings?start=0001-01-01&end=0001-01-02")
    assert errors_of(response, 422)[0]["field"] == "start"


def test_a_body_over_the_upload_limit_is_413_in_json(client_as: ClientFactory, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    big = json.dumps({"readings": [{"meter": "M" * 2000, "timestamp": "2026-03-01T00:15", "value": 1}]})
    [error] = errors_of(client_as("office").post("/api/v1/monitoring/readings", big,
                                                 content_type="application/json"), 413)
    assert error["field"] == "body"
    [error] = errors_of(client_as("office").post("/api/v1/supervision/rounds", big,
                                                 content_type="application/json"), 413)
    assert error["field"] == "body"


@pytest.mark.parametrize("url", ["/api/v1/supervision/rounds", "/api/v1/monitoring/readings",
                                 "/api/v1/accounting/calculate"])
def test_json_nested_deep_or_unreadable_is_refused(client_as: ClientFactory, url: str) -> None:
    for body in ("[" * 5000 + "]" * 5000, '{"a": ', "\xff"):
        response = client_as("office").post(url, body, content_type="application/json")
        assert response.status_code in (400, 422)
        errors_of(response, response.status_code)


def test_strings_longer_than_the_model_holds_are_422(client_as: ClientFactory) -> None:
    office = client_as("office")
    response = office.post("/api/v1/supervision/rounds", {"code": "c" * 5002, "name": "n", "due_on": "2099-01-01"},
                           content_type="application/json")
    assert "code" in [e["field"] for e in errors_of(response, 422)]
    response = office.post("/api/v1/roadmap/scenarios", {"id": "x" * 5002, "name_zh": "名" * 5002},
                           content_type="application/json")
    assert {"id", "name_zh"} <= {e["field"] for e in errors_of(response, 422)}
    response = office.post("/api/v1/indicators/new_pv_capacity/official",
                           {"period": "2025", "value": 1, "unit": "万千瓦", "source": "s" * 301},
                           content_type="application/json")
    assert [e["field"] for e in errors_of(response, 422)] == ["source"]


def test_the_calculator_never_answers_infinity_or_nan(client_as: ClientFactory) -> None:
    records = [{"entity": "A", "period": "2023", "energy_type": "diesel", "quantity": 1e308, "unit": "t"},
               {"entity": "A", "period": "2023", "energy_type": "diesel", "quantity": 1e308, "unit": "t"}]
    response = client_as("office").post("/api/v1/accounting/calculate", {"records": records},
                                        content_type="application/json")
    json.loads(response.content, parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))
    assert [e["field"] for e in errors_of(response, 422)] == ["quantity"]


# --- the schema says so --------------------------------------------------------------------------------


def test_every_operation_documents_its_refusals(client_as: ClientFactory) -> None:
    schema = client_as(None).get("/api/v1/openapi.json").json()
    validate(schema)
    assert schema["components"]["schemas"]["ErrorsOut"]["required"] == ["errors"]
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status in ("400", "401", "403", "404", "422"):
                content = operation["responses"][status]["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/ErrorsOut"}, (method, path, status)


def test_too_many_query_fields_is_400_in_json(client_as: ClientFactory) -> None:
    query = "&".join(f"f{i}=1" for i in range(1100))
    [error] = errors_of(client_as("office").get(f"/api/v1/tasks?{query}"), 400)
    assert error["field"] == "request"
