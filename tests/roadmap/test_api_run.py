"""POST /api/v1/roadmap/run and GET export.csv|xlsx: the CLI's answer and the IAMC files over HTTP."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import ClientFactory, UserGetter
from tests.roadmap.support import API, post_json, stored_child

READERS = [("office", 200), ("leader", 200), ("fengjing", 200), ("enterprise", 403), (None, 401)]


@pytest.mark.parametrize(("username", "status"), READERS)
def test_who_may_run(client_as: ClientFactory, username: str | None, status: int) -> None:
    response = post_json(client_as(username), f"{API}/run", {"scenarios": ["plan"], "runs": 50})
    assert response.status_code == status


def test_run_answers_scenarios_attribution_and_monte_carlo(client_as: ClientFactory, user: UserGetter) -> None:
    stored_child(user)
    body = post_json(client_as("leader"), f"{API}/run",
                     {"scenarios": ["baseline", "plan", "plan-more-pv"], "runs": 100, "seed": 3}).json()
    assert list(body["scenarios"]) == ["baseline", "plan", "plan-more-pv"]
    assert body["attribution"]["scenario"] == "plan" and body["attribution"]["baseline"] == "baseline"
    assert body["monte_carlo"]["runs"] == 100 and body["monte_carlo"]["seed"] == 3
    assert body["run"] == {"focus": "plan", "baseline": "baseline", "runs": 100, "seed": 3, "horizon": 2035}
    # Twice the PV avoids more than the plan in 2030.
    co2 = {sid: s["series"]["2030"]["co2_t"] for sid, s in body["scenarios"].items()}
    assert co2["plan-more-pv"] < co2["plan"] < co2["baseline"]


def test_same_seed_same_answer(client_as: ClientFactory) -> None:
    client = client_as("office")
    first = post_json(client, f"{API}/run", {"runs": 200, "seed": 7}).json()
    again = post_json(client, f"{API}/run", {"runs": 200, "seed": 7}).json()
    assert first == again


@pytest.mark.parametrize(("body", "field"), [
    ({"scenarios": ["no-such"]}, "scenario"),
    ({"runs": -1}, "runs"),
    ({"horizon": 2019}, "horizon"),
])
def test_bad_run_is_422(client_as: ClientFactory, body: dict[str, object], field: str) -> None:
    response = post_json(client_as("office"), f"{API}/run", body)
    assert response.status_code == 422
    errors = response.json()["errors"] if "errors" in response.json() else response.json()["detail"]
    assert field in str(errors)


@pytest.mark.parametrize(("username", "status"), READERS)
def test_who_may_export(client_as: ClientFactory, username: str | None, status: int) -> None:
    assert client_as(username).get(f"{API}/export.csv?scenario=plan").status_code == status


def test_export_csv_and_xlsx(client_as: ClientFactory) -> None:
    client = client_as("office")
    csv_text = client.get(f"{API}/export.csv?scenario=baseline&scenario=plan").content.decode()
    header = csv_text.splitlines()[0].split(",")
    assert header[:5] == ["Model", "Scenario", "Region", "Variable", "Unit"] and header[5] == "2020"
    assert {line.split(",")[1] for line in csv_text.splitlines()[1:]} == {"baseline", "plan"}
    xlsx = client.get(f"{API}/export.xlsx?scenario=plan")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[0] == "data"


def test_export_of_unknown_scenario_is_422(client_as: ClientFactory) -> None:
    assert client_as("office").get(f"{API}/export.csv?scenario=no-such").status_code == 422
