"""`carbonpeak indicators status [--as-of DATE] [--json]`: every indicator of the plan with its
status, latest value, expected value and target."""

from __future__ import annotations

import json
from typing import Any

import pytest

from carbonpeak.cli import main
from carbonpeak.indicators.models import Observation
from carbonpeak.plan.models import Plan
from tests.indicators.conftest import AS_OF, FOREST, INTENSITY, SAVING
from tests.people.plan_facts import plan_data

Capsys = pytest.CaptureFixture[str]
KEYS = {"code", "name", "status", "latest_value", "expected_value", "target_value", "target_year"}
STATUSES = {"achieved", "on_track", "at_risk", "off_track", "no_data", "stale"}


def status_json(capsys: Capsys, *args: str) -> dict[str, Any]:
    assert main(["indicators", "status", "--json", *args]) == 0
    body: dict[str, Any] = json.loads(capsys.readouterr().out)
    return body


def by_code(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["code"]: row for row in body["indicators"]}


def test_every_indicator_of_the_plan_is_listed(demo: Plan, capsys: Capsys) -> None:
    body = status_json(capsys, "--as-of", AS_OF.isoformat())
    assert body["as_of"] == AS_OF.isoformat()
    rows = body["indicators"]
    assert len(rows) == 36
    assert sorted(r["code"] for r in rows) == sorted(i["code"] for i in plan_data()["indicators"])
    names = {i["code"]: i["name"] for i in plan_data()["indicators"]}
    for row in rows:
        assert set(row) >= KEYS, row["code"]
        assert row["status"] in STATUSES
        assert row["name"] == names[row["code"]]
    # The demo series show every status.
    assert {r["status"] for r in rows} == STATUSES


def test_figures_of_single_indicators(demo: Plan, capsys: Capsys) -> None:
    rows = by_code(status_json(capsys, "--as-of", AS_OF.isoformat()))
    forest = rows[FOREST]
    # Forest cover = the demo source's forest area ÷ land area: 9000 ha × 1.015⁵ ÷ 58 605 ha = 16.5 %.
    assert (forest["status"], forest["latest_value"], forest["latest_period"]) == ("achieved", 16.5, "2025")
    assert (forest["target_value"], forest["target_year"]) == (16.5, 2025)
    saving = rows[SAVING]
    assert (saving["status"], saving["latest_value"], saving["target_value"]) == ("at_risk", 0.99, 1.0)
    assert saving["tasks"] == [26]
    assert rows["hydrogen_station_addition"]["status"] == "stale"  # last value 2024
    peak = rows["carbon_peak_year"]
    assert (peak["status"], peak["latest_value"], peak["expected_value"]) == ("no_data", None, None)
    assert (peak["target_value"], peak["target_year"]) == (2030, 2030)
    derived = Observation.objects.get(indicator__code=INTENSITY, period="2025")
    assert rows[INTENSITY]["latest_value"] == pytest.approx(derived.value)
    assert rows[INTENSITY]["derived"] == "accounting.energy_intensity_change"


def test_as_of_in_the_past_ignores_later_values(demo: Plan, capsys: Capsys) -> None:
    rows = by_code(status_json(capsys, "--as-of", "2023-12-31"))
    assert (rows[FOREST]["latest_value"], rows[FOREST]["latest_period"]) == (16.1, "2023")  # 9411.1 ha
    assert rows["new_pv_capacity"]["latest_value"] == 160.0
    assert all(r["latest_period"] is None or r["latest_period"] <= "2023" for r in rows.values())
    # Before any value the indicator has no data.
    early = by_code(status_json(capsys, "--as-of", "2019-06-30"))
    assert {r["status"] for r in early.values()} == {"no_data"}


def test_without_observations_every_indicator_has_no_data(plan: Plan, capsys: Capsys) -> None:
    rows = status_json(capsys)["indicators"]
    assert len(rows) == 36
    assert {r["status"] for r in rows} == {"no_data"}
    assert {r["latest_value"] for r in rows} == {None}


@pytest.mark.parametrize("text", ["2026-13-01", "yesterday", "2026/11/01"])
def test_a_bad_as_of_is_a_clear_error(db: None, capsys: Capsys, text: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["indicators", "status", "--as-of", text])
    assert exc.value.code == 2
    captured = capsys.readouterr()
    message = captured.err
    assert message.startswith("--as-of:") and "YYYY-MM-DD" in message and text in message
    assert captured.out == ""


@pytest.mark.parametrize("command", ["status", "warn"])
def test_an_as_of_in_year_one_is_refused_naming_the_field(db: None, capsys: Capsys, command: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["indicators", command, "--as-of", "0001-01-01"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("--as-of:") and "1900–2100" in err and "年份" in err and "Traceback" not in err


def test_the_table_has_one_line_per_indicator(demo: Plan, capsys: Capsys) -> None:
    assert main(["indicators", "status", "--as-of", AS_OF.isoformat()]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 36
    saving = next(line for line in lines if line.startswith(SAVING))
    assert "存在风险" in saving and "at_risk" in saving and "0.99 (2025)" in saving and "1 @2025" in saving
