"""`carbonpeak roadmap run [--scenario ID …] [--runs N] [--seed S] [--horizon Y] [--json]`."""

from __future__ import annotations

import json

import pytest

from carbonpeak.cli import main
from carbonpeak.roadmap.models import CachedRun
from tests.conftest import UserGetter
from tests.roadmap.support import stored_child

Capsys = pytest.CaptureFixture[str]


def run(capsys: Capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["roadmap", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_required_keys(db: None, capsys: Capsys) -> None:
    code, out, _ = run(capsys, "run", "--runs", "300", "--seed", "1", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data["scenarios"]) == ["baseline", "plan", "plan_slow", "progress"]  # every scenario by default
    for s in data["scenarios"].values():
        assert {"peak_year", "peak_co2_t", "series"} <= set(s)
        years = list(s["series"])
        assert years[0] == "2020" and years[-1] == "2035"
        assert s["series"]["2030"]["co2_t"] > 0
    plan = data["scenarios"]["plan"]
    assert plan["peak_co2_t"] == max(y["co2_t"] for y in plan["series"].values())
    a = data["attribution"]
    assert (a["scenario"], a["baseline"]) == ("plan", "baseline")
    assert "pv_new" in a["measures"] and set(a["measures"]["pv_new"]) == set(plan["series"])
    mc = data["monte_carlo"]
    assert mc["runs"] == 300 and 0 <= mc["p_peak_by_2030"] <= 1
    assert set(mc["peak_year_quantiles"]) >= {"p5", "p50", "p95"}


def test_attribution_adds_up_to_baseline_minus_plan(db: None, capsys: Capsys) -> None:
    data = json.loads(run(capsys, "run", "--scenario", "baseline", "--scenario", "plan", "--runs", "0",
                          "--json")[1])
    a = data["attribution"]
    metric = a["metric"]
    for year in ("2025", "2030"):
        total = sum(m[year] for m in a["measures"].values())
        gap = data["scenarios"]["baseline"]["series"][year][metric] - data["scenarios"]["plan"]["series"][year][metric]
        assert total == pytest.approx(gap, rel=1e-6, abs=1e-3)
    assert data["monte_carlo"] is None  # --runs 0


def test_same_seed_same_json(db: None, capsys: Capsys) -> None:
    first = run(capsys, "run", "--runs", "400", "--seed", "5", "--json")[1]
    CachedRun.objects.all().delete()  # computed again, not read back
    again = run(capsys, "run", "--runs", "400", "--seed", "5", "--json")[1]
    assert first == again
    other = json.loads(run(capsys, "run", "--runs", "400", "--seed", "6", "--json")[1])
    assert other["monte_carlo"]["seed"] == 6


def test_a_users_scenario_runs_with_its_lineage(db: None, capsys: Capsys, user: UserGetter) -> None:
    stored_child(user)
    data = json.loads(run(capsys, "run", "--scenario", "plan-more-pv", "--runs", "50", "--horizon", "2040",
                          "--json")[1])
    assert list(data["scenarios"]) == ["plan-more-pv"]
    assert data["scenarios"]["plan-more-pv"]["lineage"] == ["baseline", "plan", "plan-more-pv"]
    assert list(data["scenarios"]["plan-more-pv"]["series"])[-1] == "2040"
    assert data["attribution"]["scenario"] == "plan-more-pv" and data["monte_carlo"]["scenario"] == "plan-more-pv"


def test_unknown_scenario_is_a_bilingual_error(db: None, capsys: Capsys) -> None:
    code, out, err = run(capsys, "run", "--scenario", "nope", "--json")
    assert code == 1 and out == ""
    assert "没有此情景 / no such scenario: nope" in err


@pytest.mark.parametrize(("argv", "field"), [(("--runs", "-5"), "runs"), (("--horizon", "1999"), "horizon"),
                                             (("--seed", "-1"), "seed")])
def test_bad_numbers_are_refused(db: None, capsys: Capsys, argv: tuple[str, ...], field: str) -> None:
    code, _, err = run(capsys, "run", *argv)
    assert code == 1 and f"· {field}:" in err


def test_plain_answer_is_a_table(db: None, capsys: Capsys) -> None:
    code, out, err = run(capsys, "run", "--runs", "100")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("情景 scenario")
    assert any(line.startswith("plan ") for line in lines)
    assert "P(2030年前达峰 peak by 2030)" in out
    assert "carbonpeak roadmap run" in err  # the progress bar
