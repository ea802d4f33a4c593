"""Query strings are read as the schema declares them: an integer written otherwise ("+0.0", "7.0", " 7") and
a single-valued parameter given twice are each a 422 naming the parameter, for every operation at once."""

from __future__ import annotations

import pytest
from django.test import Client

from carbonpeak.people.models import ApiToken
from tests.conftest import UserGetter


@pytest.fixture
def office(user: UserGetter) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user('office'), 'tests')[1]}")


@pytest.mark.parametrize(("url", "field"), [
    ("/api/v1/tasks?action=%2B0.0", "action"),
    ("/api/v1/tasks?action=1.0", "action"),
    ("/api/v1/tasks?action=%201", "action"),
    ("/api/v1/tasks?action=%2B1", "action"),
    ("/api/v1/enterprise/filings?year=%2B0.0", "year"),
    ("/api/v1/monitoring/overview?year=2025&month=%2B1", "month"),
    ("/api/v1/jobs/runs?limit=5.0", "limit"),  # a field of a schema read from the query
])
def test_an_integer_written_otherwise_is_refused(office: Client, url: str, field: str) -> None:
    response = office.get(url)
    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": field, "reason": "应为整数"}]}


@pytest.mark.parametrize(("url", "field"), [
    ("/api/v1/tasks?action=1&action=2", "action"),
    ("/api/v1/review/register?town=a&town=b", "town"),
    ("/api/v1/monitoring/overview?year=2025&year=2024", "year"),
])
def test_a_single_value_given_twice_is_refused(office: Client, url: str, field: str) -> None:
    response = office.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": field, "reason": "must appear only once"}]}


@pytest.mark.parametrize("url", [
    "/api/v1/tasks?action=1",
    "/api/v1/tasks?action=-1",
    "/api/v1/enterprise/filings?year=2025",
    "/api/v1/jobs/runs?limit=5",
    "/api/v1/review/register?town=%E6%BC%95%E6%B3%BE%E9%95%87",
    "/api/v1/tasks?not_a_parameter=1&not_a_parameter=2",  # not declared: ignored, as before
])
def test_well_formed_queries_are_read(office: Client, url: str) -> None:
    assert office.get(url).status_code == 200


def test_an_anonymous_caller_is_still_told_to_sign_in_first() -> None:
    assert Client().get("/api/v1/tasks?action=%2B0.0").status_code == 401
