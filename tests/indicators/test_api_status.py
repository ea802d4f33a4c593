"""GET /api/v1/indicators/status: what `carbonpeak indicators status --json` prints, per caller."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from carbonpeak.cli import main
from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory
from tests.indicators.conftest import AS_OF, FOREST, SAVING

URL = "/api/v1/indicators/status"



@pytest.mark.parametrize(("username", "expected"), [
    ("office", 200), ("eco", 200), ("greening", 200), ("leader", 200), (None, 401),
    ("enterprise", 403),
])
def test_who_may_read_the_status(client_as: ClientFactory, username: str | None, expected: int) -> None:
    assert client_as(username).get(URL).status_code == expected


def test_the_api_says_what_the_cli_says(demo: Plan, client_as: ClientFactory,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    response = client_as("leader").get(URL, {"as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    body = response.json()
    assert main(["indicators", "status", "--json", "--as-of", AS_OF.isoformat()]) == 0
    assert body == json.loads(capsys.readouterr().out)
    assert len(body["indicators"]) == 36
    rows = {r["code"]: r for r in body["indicators"]}
    assert (rows[SAVING]["status"], rows[SAVING]["barometer"]) == ("at_risk", "orange")
    assert (rows[FOREST]["status"], rows[FOREST]["barometer"]) == ("achieved", "green")


def test_as_of_in_the_past_ignores_later_values(demo: Plan, client_as: ClientFactory) -> None:
    body = client_as("eco").get(URL, {"as_of": "2022-12-31"}).json()
    assert body["as_of"] == "2022-12-31"
    rows = {r["code"]: r for r in body["indicators"]}
    assert (rows[FOREST]["latest_value"], rows[FOREST]["latest_period"]) == (15.8, "2022")
    assert all(r["latest_period"] is None or r["latest_period"] <= "2022" for r in rows.values())


def test_without_as_of_it_is_today(plan: Plan, client_as: ClientFactory) -> None:
    body = client_as("office").get(URL).json()
    assert body["as_of"] == dt.date.today().isoformat()
    assert {r["status"] for r in body["indicators"]} == {"no_data"}


@pytest.mark.parametrize("text", ["2026-13-01", "soon"])
def test_a_bad_as_of_is_refused(db: None, client_as: ClientFactory, text: str) -> None:
    response = client_as("office").get(URL, {"as_of": text})
    assert response.status_code == 422
    assert "as_of" in response.content.decode()
