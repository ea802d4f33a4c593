"""运行状态: the office sees every job and runs one now; leaders read; others are refused."""

from __future__ import annotations

from carbonpeak.jobs.models import JobRun
from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory


def test_the_office_runs_a_job_from_the_page(plan: Plan, client_as: ClientFactory) -> None:
    office = client_as("office")
    page = office.get("/jobs/").content.decode()
    assert "运行状态" in page and "预警" in page and "立即运行" in page
    response = office.post("/jobs/indicators.warn/run", follow=True)
    assert JobRun.objects.filter(job="indicators.warn", outcome="ok").count() == 1
    text = response.content.decode()
    assert "已运行" in text and 'id="run-table"' in text
    assert "indicators.warn" not in text.replace('data-job="indicators.warn"', "").replace(
        "?job=indicators.warn", "").replace("/jobs/indicators.warn/run", "")


def test_leaders_read_without_buttons_and_others_are_refused(client_as: ClientFactory) -> None:
    page = client_as("leader").get("/jobs/")
    assert page.status_code == 200 and "立即运行" not in page.content.decode()
    assert client_as("eco").get("/jobs/").status_code == 403
    assert client_as("leader").post("/jobs/indicators.warn/run").status_code == 403
    english = client_as("leader", "en").get("/jobs/").content.decode()
    assert "Job status" in english and "运行状态" not in english
