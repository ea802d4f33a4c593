"""The progress scenario with hand-built inputs: observed values replace a lever's path up to the latest
observed year and the plan's changes continue from there; the latest inventory is the base year; the
history is the same in every Monte Carlo draw. The bundled plan is used whatever its figures are: each
expectation is computed from the plan's own run."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from carbonpeak.roadmap.analysis import run_scenario
from carbonpeak.roadmap.anchor import ObservedPath, anchor_series, replace_path
from carbonpeak.roadmap.build import Built, as_arrays, context, years_for
from carbonpeak.roadmap.measures import compile_measure
from carbonpeak.roadmap.model import compile_model
from carbonpeak.roadmap.ontrack import likelihood, on_track_json, progress_monte_carlo
from carbonpeak.roadmap.progress import (
    IntensityTarget,
    InventoryPoint,
    ObservedPoint,
    ProgressInputs,
    build_progress,
    provenance_json,
    run_progress,
    yearly,
)
from carbonpeak.roadmap.scenario import ResolvedScenario, default_scenarios, resolve

YEARS = np.arange(2020, 2028)
PLANNED = np.array([0, 60, 120, 180, 240, 300, 300, 300], dtype=np.float64)


def progress() -> ResolvedScenario:
    return resolve(default_scenarios(), "progress")


def seen(code: str, year: int, value: float, start: date | None = None, origin: str = "entered") -> ObservedPoint:
    return ObservedPoint(code, str(year), start or date(year, 1, 1), date(year, 12, 31), value, origin,
                         {"observation_id": year})


def test_observations_replace_the_path_and_the_plan_continues_from_the_latest() -> None:
    path = replace_path(YEARS, PLANNED, ObservedPath((2022,), (50.0,)))
    assert path.tolist() == [0, 25, 50, 110, 170, 230, 230, 230]  # 50 + the plan's +60, +120, then flat
    two = replace_path(YEARS, PLANNED, ObservedPath((2021, 2023), (40.0, 160.0)))
    assert two.tolist() == [0, 40, 100, 160, 220, 280, 280, 280]
    ahead = replace_path(YEARS, PLANNED / 300, ObservedPath((2024,), (0.98,)), 0.0, 1.0)
    assert ahead[4] == pytest.approx(0.98) and ahead[5] == 1.0  # a share never passes 1
    outside = replace_path(YEARS, PLANNED, ObservedPath((2010,), (5.0,)))
    assert outside.tolist() == PLANNED.tolist()


def test_anchored_series_equal_the_known_values_and_keep_the_models_changes_after() -> None:
    model = np.array([100.0, 110, 120, 130, 120, 110, 100, 90])
    anchored = anchor_series(YEARS, model, {2020: 50.0, 2023: 104.0})
    assert anchored[0] == 50 and anchored[3] == 104
    assert anchored[1] == pytest.approx(110 * (0.5 + (0.8 - 0.5) / 3))  # ratio interpolated 0.5 → 0.8
    assert anchored[4:] / model[4:] == pytest.approx(np.full(4, 0.8))  # the model's shape after the last
    batch = anchor_series(YEARS, np.stack([model, 2 * model]), {2023: 104.0})
    assert batch[:, 3].tolist() == [104.0, 104.0]  # every draw meets the known value


def test_an_observed_lever_changes_the_model_by_the_observed_shortfall() -> None:
    scenario = progress()
    years = years_for(scenario.base_data, 2035)
    plan = run_scenario(resolve(default_scenarios(), "plan"))
    run = run_progress(scenario, ProgressInputs(observations=(seen("new_pv_capacity", 2023, 100.0),)))
    p = scenario.parameters
    planned = p["measure.pv_new.capacity_mw_2025"] * np.clip(
        (years - p["measure.pv_new.start_year"] + 1) / (p["measure.pv_new.target_year"] - p["measure.pv_new.start_year"]
                                                        + 1), 0, 1)
    progress_mw = replace_path(years, planned, ObservedPath((2023,), (100.0,)), 0.0)
    kwh = 1000 * p["measure.pv_new.full_load_hours"]
    gap = (run.model.generation_kwh["solar"] - plan.generation_kwh["solar"]) / kwh
    assert gap == pytest.approx(progress_mw - planned, abs=1e-6)
    assert progress_mw[years.tolist().index(2023)] == 100.0
    assert [u.used_for for u in run.build.used] == ["pv_new.capacity_mw"]


def test_without_inputs_the_progress_scenario_is_the_plan() -> None:
    run = run_progress(progress(), ProgressInputs())
    plan = run_scenario(resolve(default_scenarios(), "plan"))
    assert run.base_year == plan.years[0]
    assert run.result.co2_t == pytest.approx(plan.co2_t)
    assert run.result.energy_intensity_change_pct == pytest.approx(plan.energy_intensity_change_pct)


def test_the_latest_inventory_is_the_base_year() -> None:
    inputs = ProgressInputs(inventories=(InventoryPoint(2020, 9.0e6), InventoryPoint(2023, 9.5e6),
                                         InventoryPoint(2050, 1.0), InventoryPoint(2010, 1.0)))
    run = run_progress(progress(), inputs)
    assert run.base_year == 2023
    co2, model = dict(zip(run.result.years, run.result.co2_t, strict=True)), run.model
    assert co2[2020] == pytest.approx(9.0e6) and co2[2023] == pytest.approx(9.5e6)
    after = [y for y in run.result.years if y > 2023]
    ratio = 9.5e6 / model.at(model.co2_t, 2023)
    assert [co2[y] / model.at(model.co2_t, y) for y in after] == pytest.approx([ratio] * len(after))
    assert run.result.peak.level_t == pytest.approx(max(co2.values()))
    info = provenance_json(run)
    assert [i["year"] for i in info["inventories"]] == [2020, 2023]
    assert {i.get("inventory_year") for i in info["ignored"]} == {2050, 2010}


def test_observed_energy_intensity_is_kept_and_the_model_continues_from_it() -> None:
    run = run_progress(progress(), ProgressInputs(observations=(seen("energy_intensity_change", 2023, -9.0),)))
    change = dict(zip(run.result.years, run.result.energy_intensity_change_pct, strict=True))
    model = dict(zip(run.model.years, run.model.energy_intensity_change_pct, strict=True))
    assert change[2020] == pytest.approx(0.0) and change[2023] == pytest.approx(-9.0)
    assert (1 + change[2030] / 100) / 0.91 == pytest.approx((1 + model[2030] / 100) / (1 + model[2023] / 100))


def test_the_split_lever_runs_exactly_as_the_whole_one() -> None:
    scenario = progress()
    obs = (seen("existing_data_centre_pue", 2023, 1.5), seen("nev_clean_energy_bus_share", 2022, 85.0),
           seen("offshore_wind_capacity_addition", 2024, 100.0))
    pb = build_progress(scenario, ProgressInputs(observations=obs))
    assert pb.built.fixed == {"data_centre_pue__achieved", "bus_nev__achieved", "offshore_wind__achieved"}
    years = years_for(scenario.base_data, 2035)
    ctx = context(scenario, years)
    paths: dict[str, dict[str, ObservedPath]] = {lever["measure"]: {} for lever in pb.levers}
    for lever in pb.levers:
        observed = {int(y): v for y, v in lever["observed"].items()}
        paths[lever["measure"]][lever["quantity"]] = ObservedPath(tuple(observed), tuple(observed.values()))
    whole = [compile_measure(m, replace(ctx, observed=paths.get(m.id, {}))) for m in scenario.measures]
    built = Built(compile_model(scenario.base_data, years, whole), as_arrays(scenario.model_parameters()),
                  np.array([scenario.delivery(m.id) for m in scenario.measures]), tuple(m.id for m in whole))
    expected = run_scenario(scenario, built=built)
    got = run_scenario(scenario, built=pb.built)
    assert got.co2_t == pytest.approx(expected.co2_t, rel=1e-12)
    assert got.energy_tce == pytest.approx(expected.energy_tce, rel=1e-12)
    assert "bus_nev__achieved" not in got.measures


def test_history_is_the_same_in_every_draw() -> None:
    inputs = ProgressInputs(
        inventories=(InventoryPoint(2020, 9.0e6), InventoryPoint(2024, 9.4e6)),
        observations=(seen("energy_intensity_change", 2025, -15.0),),
        intensity_targets=(IntensityTarget(2025, -14.0, 2020),), peak_by=2030)
    scenario = progress()
    pmc = progress_monte_carlo(scenario, inputs, 300, seed=3)
    fan = dict(zip(pmc.years, pmc.monte_carlo.fan, strict=True))
    assert fan[2024] == pytest.approx(np.full(5, 9.4e6)) and fan[2020] == pytest.approx(np.full(5, 9.0e6))
    assert fan[2030][0] < fan[2030][-1]  # the future is uncertain
    goals = on_track_json(run_progress(scenario, inputs), pmc)
    assert goals["intensity_2025"]["probability"] == 1.0 and goals["intensity_2025"]["observed"] is True
    assert goals["intensity_2025"]["central_change_pct"] == pytest.approx(-15.0)
    assert 0 <= goals["peak_by_2030"]["probability"] <= 1 and goals["peak_by_2030"]["base_year"] == 2024
    again = progress_monte_carlo(scenario, inputs, 300, seed=3)
    assert np.array_equal(again.monte_carlo.fan, pmc.monte_carlo.fan)  # same seed, same answer


def test_a_target_missed_on_record_has_probability_zero() -> None:
    inputs = ProgressInputs(observations=(seen("energy_intensity_change", 2025, -10.0),),
                            intensity_targets=(IntensityTarget(2025, -14.0, 2020),))
    goals = on_track_json(run_progress(progress(), inputs), progress_monte_carlo(progress(), inputs, 100, seed=0))
    assert goals["intensity_2025"]["probability"] == 0.0 and goals["intensity_2025"]["status"] == "off_track"


def test_one_value_a_year_the_latest_period() -> None:
    q2 = seen("new_pv_capacity", 2023, 120.0, start=date(2023, 4, 1))
    q2 = replace(q2, period="2023-Q2", period_end=date(2023, 6, 30))
    year = seen("new_pv_capacity", 2023, 150.0)
    assert yearly([year, q2])["new_pv_capacity"][2023].value == 150.0
    h2 = replace(q2, period="2023-H2", period_start=date(2023, 7, 1), period_end=date(2023, 12, 31), value=155.0)
    assert yearly([h2, year])["new_pv_capacity"][2023].value == 150.0  # the longer period ending together


def test_probabilities_read_as_likely_or_not() -> None:
    assert [likelihood(p) for p in (0.9, 0.66, 0.5, 0.33, 0.1, None)] == [
        "on_track", "on_track", "at_risk", "at_risk", "off_track", "no_data"]


def test_the_worked_example_of_the_methodology() -> None:
    years = np.arange(2020, 2031)
    model = np.linspace(1600, 1700, 4).tolist() + np.linspace(1700, 1650, 8)[1:].tolist()
    anchored = anchor_series(years, np.array(model), {2020: 1200.0, 2023: 1292.0})
    assert anchored[1] / model[1] == pytest.approx(0.75 + 0.01 / 3) and anchored[-1] == pytest.approx(1254.0)
    index = anchor_series(np.array([2020, 2023, 2025]), np.array([1.0, 0.93, 0.88]), {2020: 1.0, 2023: 0.91})
    assert (index[-1] - 1) * 100 == pytest.approx(-13.89, abs=0.005)
