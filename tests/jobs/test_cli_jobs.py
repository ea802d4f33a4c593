"""`carbonpeak jobs run`: --once --as-of --json prints each job with its counts; bad arguments exit 2."""

from __future__ import annotations

import json

import pytest

from carbonpeak.cli import main
from carbonpeak.jobs.models import JobRun
from carbonpeak.plan.models import Plan
from tests.jobs.support import data_centre_with_pue


def test_once_as_of_json_prints_every_chosen_job(plan: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    data_centre_with_pue(1.50)
    code = main(["jobs", "run", "--once", "--as-of", "2027-01-15", "--json",
                 "--job", "indicators.derive", "--job", "indicators.warn"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    jobs = {j["job"]: j for j in out["jobs"]}
    assert list(jobs) == ["indicators.derive", "indicators.warn"]
    assert jobs["indicators.derive"]["counts"]["created"] >= 1
    assert jobs["indicators.warn"]["counts"]["opened"] >= 1
    assert JobRun.objects.filter(as_of="2027-01-15").count() == 2


@pytest.mark.parametrize(("args", "says"), [
    (["--job", "nope"], "--job"),
    (["--as-of", "2027-13-01"], "--as-of"),
    (["--as-of", "0001-01-01"], "--as-of"),
    (["--loop", "--once"], "--loop"),
])
def test_bad_arguments_are_named(db: None, capsys: pytest.CaptureFixture[str], args: list[str], says: str) -> None:
    assert main(["jobs", "run", *args]) == 2
    err = capsys.readouterr().err
    assert says.lstrip("-") in err
    assert not JobRun.objects.exists()


def test_without_once_only_due_jobs_run_and_a_second_pass_runs_none(plan: Plan,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jobs", "run", "--json", "--job", "indicators.warn"]) == 0
    assert [j["job"] for j in json.loads(capsys.readouterr().out)["jobs"]] == ["indicators.warn"]
    assert main(["jobs", "run", "--json", "--job", "indicators.warn"]) == 0
    assert json.loads(capsys.readouterr().out)["jobs"] == []  # just ran: not due again within the hour
