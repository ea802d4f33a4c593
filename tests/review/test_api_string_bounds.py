"""Every string the review API reads is bounded where it is declared: one longer than the model holds (or, for
text, dates and typed numbers, the declared limit) is a 422 naming the field in the one contract, and nothing
is stored; one exactly at the limit is taken."""

from __future__ import annotations

import json
from typing import Any

import pytest

from carbonpeak.review.api import DATE_TEXT_MAX, NUMBER_TEXT_MAX, TEXT_MAX
from carbonpeak.review.models import Decision, RegisterEntry
from tests.conftest import ClientFactory, UserGetter
from tests.review.register_support import import_plants
from tests.review.support import post_json, stored_project

API = "/api/v1/review"


def _refused(response: Any, field: str, limit: int) -> None:
    assert response.status_code == 422
    assert response.json() == {"errors": [{"field": field, "reason": f"不能超过 {limit} 个字符"}]}


@pytest.mark.parametrize(("body", "field", "limit"), [
    ({"opinion": "a" * 25, "reasons": "x"}, "opinion", 24),
    ({"opinion": "reject", "reasons": "x" * (TEXT_MAX + 1)}, "reasons", TEXT_MAX),
    ({"opinion": "approve_with_conditions", "reasons": "x", "conditions": "y" * (TEXT_MAX + 1)}, "conditions",
     TEXT_MAX),
])
def test_an_overlong_decision_is_refused_by_field(client_as: ClientFactory, user: UserGetter, body: dict[str, str],
                                                  field: str, limit: int) -> None:
    project = stored_project(user)
    _refused(post_json(client_as("office"), f"{API}/projects/{project.pk}/decision", body), field, limit)
    assert not Decision.objects.exists()


def test_reasons_at_the_limit_are_taken(client_as: ClientFactory, user: UserGetter) -> None:
    project = stored_project(user)
    response = post_json(client_as("office"), f"{API}/projects/{project.pk}/decision",
                         {"opinion": "reject", "reasons": "理" * TEXT_MAX})
    assert response.status_code == 201
    assert len(Decision.objects.get().reasons) == TEXT_MAX


@pytest.mark.parametrize(("query", "field", "limit"), [
    ("town=" + "镇" * 61, "town", 60),
    ("status=" + "s" * 21, "status", 20),
    ("disposal=" + "d" * 11, "disposal", 10),
    ("industry=12345", "industry", 4),
])
def test_overlong_register_filters_are_refused(db: None, client_as: ClientFactory, query: str, field: str,
                                               limit: int) -> None:
    _refused(client_as("leader").get(f"{API}/register?{query}"), field, limit)


@pytest.mark.parametrize(("body", "field", "limit"), [
    ({"note": "n" * (TEXT_MAX + 1)}, "note", TEXT_MAX),
    ({"status": "s" * 21}, "status", 20),
    ({"disposal": "d" * 11}, "disposal", 10),
    ({"deadline": "2026-12-31" + " " * 5000}, "deadline", DATE_TEXT_MAX),
    ({"monitored_unit": "MU-" + "9" * 5000}, "monitored_unit", 40),
    ({"approved_energy_tce": "1" * 5000}, "approved_energy_tce", NUMBER_TEXT_MAX),
    ({"deviation_margin_pct": "9" * (NUMBER_TEXT_MAX + 1)}, "deviation_margin_pct", NUMBER_TEXT_MAX),
])
def test_an_overlong_register_edit_is_refused_and_changes_nothing(client_as: ClientFactory, body: dict[str, str],
                                                                   field: str, limit: int) -> None:
    entry = import_plants()["演示水泥熟料线"]
    before = RegisterEntry.objects.filter(pk=entry.pk).values().get()
    response = client_as("office").patch(f"{API}/register/{entry.pk}", json.dumps(body),
                                         content_type="application/json")
    _refused(response, field, limit)
    assert RegisterEntry.objects.filter(pk=entry.pk).values().get() == before


def test_typed_numbers_within_the_limit_still_reach_the_register(client_as: ClientFactory) -> None:
    entry = import_plants()["演示水泥熟料线"]
    response = client_as("office").patch(f"{API}/register/{entry.pk}",
                                         json.dumps({"approved_energy_tce": "52,000", "deviation_margin_pct": 12.5}),
                                         content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["approved_energy_tce"], response.json()["deviation_margin_pct"]) == (52_000, 12.5)


def test_an_overlong_operating_day_is_refused(client_as: ClientFactory, user: UserGetter) -> None:
    project = stored_project(user)
    response = post_json(client_as("office"), f"{API}/projects/{project.pk}/operating",
                         {"operating_since": "2026-01-15" * 500})
    _refused(response, "operating_since", DATE_TEXT_MAX)
    project.refresh_from_db()
    assert project.operating_since is None


def test_the_schema_declares_the_limits(client_as: ClientFactory) -> None:
    schemas = client_as("office").get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["DecisionIn"]["properties"]["reasons"]["maxLength"] == TEXT_MAX
    assert schemas["DecisionIn"]["properties"]["opinion"]["maxLength"] == 24
    note = schemas["RegisterEditIn"]["properties"]["note"]
    assert {"type": "string", "maxLength": TEXT_MAX} in note["anyOf"]
