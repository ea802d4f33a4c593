"""The progress scenario from the command line (`carbonpeak roadmap run --scenario progress --json`) and the
API (`GET /api/v1/roadmap/progress`, and `POST /api/v1/roadmap/run`): base year, on-track figures and the
inputs, with the roadmap's usual permissions."""

from __future__ import annotations

import json

import pytest

from carbonpeak.cli import main
from carbonpeak.roadmap.models import Scenario
from tests.conftest import ClientFactory
from tests.roadmap.progress_support import observe
from tests.roadmap.support import API, post_json

Capsys = pytest.CaptureFixture[str]
READERS = [("office", 200), ("leader", 200), ("fengjing", 200), ("enterprise", 403), (None, 401)]


def _cli(capsys: Capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["roadmap", "run", "--scenario", "progress", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_json_reports_the_base_year_and_the_on_track_figures(db: None, capsys: Capsys) -> None:
    observe("new_pv_capacity", "2024", 180.0)
    code, out, _ = _cli(capsys, "--runs", "200", "--as-of", "2026-06-30", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["base_year"] == 2025  # the latest demo inventory
    peak, intensity = data["on_track"]["peak_by_2030"], data["on_track"]["intensity_2025"]
    assert 0 <= peak["probability"] <= 1 and peak["runs"] == 200 and peak["target_year"] == 2030
    assert intensity["target_change_pct"] == -14.0 and intensity["base_year"] == 2020  # the plan's indicator
    assert {"probability", "central_change_pct", "status"} <= set(intensity)
    assert data["attribution"] is None and data["monte_carlo"]["runs"] == 200
    inputs = data["progress"]
    assert [i["year"] for i in inputs["inventories"]][-1] == 2025 and inputs["input_version"]
    assert inputs["observations"] == data["scenarios"]["progress"]["progress"]["observations"]
    (pv,) = inputs["observations"]
    assert (pv["indicator"], pv["period"], pv["origin"], pv["used_for"]) == (
        "new_pv_capacity", "2024", "entered", "pv_new.capacity_mw")


def test_cli_text_says_whether_on_track(db: None, capsys: Capsys) -> None:
    code, out, _ = _cli(capsys, "--runs", "100")
    assert code == 0 and "P(达峰不晚于 peak no later than 2030)" in out and "基年 base year" in out


def test_cli_refuses_a_bad_date(db: None, capsys: Capsys) -> None:
    code, out, err = _cli(capsys, "--as-of", "2026-13-01", "--json")
    assert code == 1 and out == "" and "--as-of" in err and "YYYY-MM-DD" in err


@pytest.mark.parametrize(("username", "status"), READERS)
def test_who_may_read_the_progress(client_as: ClientFactory, username: str | None, status: int) -> None:
    response = client_as(username).get(f"{API}/progress?runs=50")
    assert response.status_code == status
    if status == 200:
        data = response.json()
        assert data["base_year"] == 2025 and data["on_track"]["peak_by_2030"]["runs"] == 50


def test_the_api_gives_the_cli_answer(client_as: ClientFactory, capsys: Capsys) -> None:
    got = client_as("office").get(f"{API}/progress?runs=120&seed=4&as_of=2026-06-30").json()
    assert main(["roadmap", "run", "--scenario", "progress", "--runs", "120", "--seed", "4",
                 "--as-of", "2026-06-30", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == got
    ran = post_json(client_as("office"), f"{API}/run", {"scenarios": ["progress"], "runs": 120, "seed": 4,
                                                        "as_of": "2026-06-30"})
    assert ran.status_code == 200 and ran.json() == got


def test_the_api_names_bad_input(client_as: ClientFactory) -> None:
    response = client_as("office").get(f"{API}/progress?runs=0&as_of=someday")
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"runs", "as_of"}


def test_without_the_scenario_the_api_says_so(client_as: ClientFactory) -> None:
    Scenario.objects.filter(slug="progress").delete()
    response = client_as("office").get(f"{API}/progress")
    assert response.status_code == 404 and "carbonpeak setup" in response.json()["errors"][0]["reason"]
