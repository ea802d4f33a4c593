"""POST /api/v1/review/assess: every role may try a project; district figures only for the review
office and leaders; bad input is 422 with every issue; nothing is stored."""

from __future__ import annotations

import pytest

from carbonpeak.review.models import Project
from tests.conftest import ClientFactory
from tests.review.support import BAD_FIELDS, BAD_INPUT, ENERGY_TCE, post_json, project_data

URL = "/api/v1/review/assess"


@pytest.mark.parametrize(("username", "status", "sees_district"), [
    ("office", 200, True),
    ("leader", 200, True),
    ("eco", 200, False),
    ("enterprise", 200, False),
    (None, 401, False),
])
def test_who_may_assess_and_what_they_see(client_as: ClientFactory, username: str | None, status: int,
                                          sees_district: bool) -> None:
    response = post_json(client_as(username), URL, project_data())
    assert response.status_code == status
    if status != 200:
        return
    body = response.json()
    assert body["energy_tce"] == pytest.approx(ENERGY_TCE)
    assert body["review_tier"] == "district" and body["two_high"] is True
    if sees_district:
        assert body["impact"]["intensity_2025_with_project"] > 0
        assert "district" in body["comparison"]
        assert "withheld" not in body
    else:
        assert body["impact"] is None
        assert "district" not in body["comparison"]
        assert body["withheld"] == ["impact", "comparison.district"]
    assert Project.objects.count() == 0


def test_bad_input_is_422_with_every_issue(client_as: ClientFactory) -> None:
    response = post_json(client_as("enterprise"), URL, project_data(**BAD_INPUT))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {e["field"] for e in errors} == BAD_FIELDS
    assert all({"field", "reason"} <= set(e) <= {"field", "reason", "row"} for e in errors)


def test_unknown_field_is_refused_by_name(client_as: ClientFactory) -> None:
    response = post_json(client_as("office"), URL, project_data(valu_added_10k_cny=5))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["valu_added_10k_cny"]


def test_missing_fields_are_each_named(client_as: ClientFactory) -> None:
    response = post_json(client_as("office"), URL, {"name": "空项目"})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"owner_uscc", "industry_code", "town", "kind", "energy", "value_added_10k_cny",
            "first_full_year"} <= fields


def test_a_name_longer_than_the_database_holds_is_refused(client_as: ClientFactory) -> None:
    response = post_json(client_as("office"), URL, project_data(name="项" * 201))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["name"]
