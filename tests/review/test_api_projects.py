"""/api/v1/review/projects…: the office takes in and decides; leaders read; nobody else."""

from __future__ import annotations

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.review.models import Decision, Project, ProjectStatus
from tests.conftest import ClientFactory, UserGetter
from tests.review.support import BAD_FIELDS, BAD_INPUT, ENERGY_TCE, post_json, project_data, stored_project

API = "/api/v1/review"
READERS = [("office", 200), ("leader", 200), ("eco", 403), ("enterprise", 403), (None, 401)]
WRITERS = [("office", 201), ("leader", 403), ("eco", 403), ("enterprise", 403), (None, 401)]


@pytest.mark.parametrize(("username", "status"), WRITERS)
def test_who_may_take_in_a_project(client_as: ClientFactory, username: str | None, status: int) -> None:
    response = post_json(client_as(username), f"{API}/projects", project_data())
    assert response.status_code == status
    assert Project.objects.count() == (1 if status == 201 else 0)


def test_a_project_is_stored_with_its_assessment_snapshot(client_as: ClientFactory) -> None:
    body = post_json(client_as("office"), f"{API}/projects", project_data()).json()
    assert body["status"] == ProjectStatus.PENDING
    assert body["energy_tce"] == pytest.approx(ENERGY_TCE)
    assert (body["review_tier"], body["two_high"], body["two_high_one_low"]) == ("district", True, True)
    snapshot = body["assessment"]
    assert snapshot["factor_set"].startswith("shanghai@")
    assert snapshot["result"]["energy_tce"] == pytest.approx(ENERGY_TCE)
    assert body["input"]["energy"][1] == {"energy_type": "natural_gas", "quantity": 100.0, "unit": "万m3",
                                          "use": "fuel"}
    project = Project.objects.get(pk=body["id"])
    assert project.latest_assessment() is not None
    assert ChangeRecord.objects.filter(entity="review_project", entity_key=str(project.pk)).exists()


def test_bad_project_is_422_and_nothing_is_stored(client_as: ClientFactory) -> None:
    response = post_json(client_as("office"), f"{API}/projects", project_data(**BAD_INPUT))
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == BAD_FIELDS
    assert Project.objects.count() == 0


@pytest.mark.parametrize(("username", "status"), READERS)
def test_who_may_read_projects(client_as: ClientFactory, user: UserGetter, username: str | None,
                               status: int) -> None:
    project = stored_project(user)
    client = client_as(username)
    listed = client.get(f"{API}/projects")
    one = client.get(f"{API}/projects/{project.pk}")
    assert (listed.status_code, one.status_code) == (status, status)
    if status == 200:
        assert [p["id"] for p in listed.json()] == [project.pk]
        assert one.json()["name"] == "金山氯碱一期"


def test_unknown_project_is_404(client_as: ClientFactory) -> None:
    assert client_as("office").get(f"{API}/projects/999999").status_code == 404


@pytest.mark.parametrize(("username", "status"), WRITERS)
def test_who_may_decide(client_as: ClientFactory, user: UserGetter, username: str | None, status: int) -> None:
    project = stored_project(user)
    response = post_json(client_as(username), f"{API}/projects/{project.pk}/decision",
                         {"opinion": "approve", "reasons": "符合要求"})
    assert response.status_code == status
    assert Decision.objects.filter(project=project).count() == (1 if status == 201 else 0)


def test_decisions_keep_their_history_and_the_latest_counts(client_as: ClientFactory, user: UserGetter) -> None:
    project = stored_project(user)
    client = client_as("office")
    first = post_json(client, f"{API}/projects/{project.pk}/decision",
                      {"opinion": "reject", "reasons": "能效低于先进值"})
    second = post_json(client, f"{API}/projects/{project.pk}/decision",
                       {"opinion": "approve_with_conditions", "reasons": "整改后复核",
                        "conditions": "烧碱单耗达到先进值"})
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json()["assessment_id"] == project.latest_assessment().pk  # type: ignore[union-attr]
    body = client.get(f"{API}/projects/{project.pk}").json()
    assert body["status"] == "approve_with_conditions"
    assert [d["opinion"] for d in body["decisions"]] == ["approve_with_conditions", "reject"]


@pytest.mark.parametrize(("body", "fields"), [
    ({"opinion": "maybe", "reasons": "x"}, {"opinion"}),
    ({"opinion": "reject", "reasons": ""}, {"reasons"}),
    ({"opinion": "approve_with_conditions", "reasons": "x"}, {"conditions"}),
    ({"opinion": "approve", "reasons": "x", "conditions": "y"}, {"conditions"}),
])
def test_bad_decision_is_422(client_as: ClientFactory, user: UserGetter, body: dict[str, str],
                             fields: set[str]) -> None:
    project = stored_project(user)
    response = post_json(client_as("office"), f"{API}/projects/{project.pk}/decision", body)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == fields
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING
