"""/api/v1/jobs, /jobs/runs and POST /jobs/{name}/run, with the usual permissions."""

from __future__ import annotations

import pytest

from carbonpeak.jobs.models import JobRun
from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory


@pytest.mark.parametrize(("who", "status"), [("office", 200), ("leader", 200), ("eco", 403), ("fengjing", 403),
                                             ("enterprise", 403), (None, 401)])
def test_who_reads_the_runs(client_as: ClientFactory, who: str | None, status: int) -> None:
    assert client_as(who).get("/api/v1/jobs/runs").status_code == status
    assert client_as(who).get("/api/v1/jobs").status_code == status


@pytest.mark.parametrize(("who", "status"), [("office", 200), ("leader", 403), ("eco", 403), ("enterprise", 403)])
def test_only_the_office_runs_a_job(plan: Plan, client_as: ClientFactory, who: str, status: int) -> None:
    response = client_as(who).post("/api/v1/jobs/indicators.warn/run")
    assert response.status_code == status
    assert JobRun.objects.count() == (1 if status == 200 else 0)
    if status == 200:
        assert response.json()["outcome"] == "ok"
        runs = client_as("leader").get("/api/v1/jobs/runs?job=indicators.warn").json()
        assert [r["job"] for r in runs] == ["indicators.warn"]
        jobs = {j["name"]: j for j in client_as("leader").get("/api/v1/jobs").json()}
        assert jobs["indicators.warn"]["last_run"]["outcome"] == "ok"


@pytest.mark.parametrize(("url", "field"), [("/api/v1/jobs/runs?job=nope", "job"),
                                            ("/api/v1/jobs/runs?limit=0", "limit"),
                                            ("/api/v1/jobs/runs?limit=100000", "limit")])
def test_bad_filters_are_named(client_as: ClientFactory, url: str, field: str) -> None:
    response = client_as("office").get(url)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_an_unknown_job_is_named(client_as: ClientFactory) -> None:
    response = client_as("office").post("/api/v1/jobs/nope/run")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "job"
