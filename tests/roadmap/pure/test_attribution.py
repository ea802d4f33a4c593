"""Shapley attribution: additive to 1e-9, independent of order, exact = brute force, sampled within its error."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from carbonpeak.roadmap.analysis import attribute, run_scenario
from carbonpeak.roadmap.attribution import build_game, exact_shapley
from carbonpeak.roadmap.measures import MeasureSpec, plan_measures
from carbonpeak.roadmap.scenario import ScenarioSpec, default_scenarios, resolve
from tests.roadmap.pure._small import small_base, with_measures


def plan_pair() -> tuple:  # type: ignore[type-arg]
    specs = default_scenarios()
    return resolve(specs, "plan"), resolve(specs, "baseline")


def test_contributions_sum_to_baseline_minus_scenario() -> None:
    plan, base = plan_pair()
    a = attribute(plan, base, horizon=2040)
    assert a.method == "exact" and a.standard_error is None
    assert a.measure_ids == tuple(m.id for m in plan.measures)
    diff = run_scenario(base, 2040).net_co2_t - run_scenario(plan, 2040).net_co2_t
    total = a.contributions.sum(axis=0)
    assert np.max(np.abs(total - diff)) <= 1e-9 * np.max(np.abs(diff))
    assert a.residual <= 1e-9 * np.max(np.abs(diff))
    assert np.all(np.abs(a.contributions[:, 0]) < 1e-6)  # base year


def test_gross_metric_gives_sinks_nothing() -> None:
    plan, base = plan_pair()
    a = attribute(plan, base, metric="co2_t")
    forest = a.measure_ids.index("forest_cover")
    assert np.allclose(a.contributions[forest], 0.0, atol=1e-6)
    assert a.residual <= 1e-9 * np.max(np.abs(a.baseline - a.scenario))


def test_order_of_measures_does_not_change_contributions() -> None:
    specs = default_scenarios()
    plan = specs["plan"]
    shuffled = list(plan.measures)
    random.Random(7).shuffle(shuffled)
    other = dict(specs)
    other["plan"] = ScenarioSpec(plan.id, plan.name_zh, plan.name_en, plan.parent, plan.overrides, tuple(shuffled))
    a = attribute(resolve(specs, "plan"), resolve(specs, "baseline"))
    b = attribute(resolve(other, "plan"), resolve(other, "baseline"))
    assert a.measure_ids != b.measure_ids
    scale = np.max(np.abs(a.contributions))
    for i, mid in enumerate(b.measure_ids):
        assert np.max(np.abs(b.contributions[i] - a.contributions[a.measure_ids.index(mid)])) <= 1e-9 * scale


def test_exact_equals_brute_force_over_all_orders() -> None:
    measures = [m for m in plan_measures(small_base()) if m.kind in ("industrial_saving", "offshore_wind", "bus_nev")]
    shift = MeasureSpec("oil2gas", "fuel_shift", "油改气", "Oil to gas", {  # interacts with bus_nev (same fuel)
        "sector": "bus", "from_fuel": "oil", "to_fuel": "natural_gas", "fraction": 0.5, "start_year": 2021,
        "full_year": 2022})
    s, b = with_measures(*measures, shift)
    a = attribute(s, b, horizon=2030)
    game, _, _ = build_game(s, b, 2030)
    n = len(game.players)
    phi = np.zeros((n, len(a.years)))
    for order in itertools.permutations(range(n)):
        z = np.zeros((n + 1, n), dtype=np.int8)
        for k, player in enumerate(order):
            z[k + 1:, player] = 1
        v = game.values(z, "net_co2_t")
        for k, player in enumerate(order):
            phi[player] += v[k] - v[k + 1]
    phi /= len(list(itertools.permutations(range(n))))
    assert np.allclose(a.contributions, phi, rtol=1e-10, atol=1e-6)


def test_exact_shapley_of_a_known_game() -> None:
    # v(S) = |S|²: a symmetric game, so every player gets v(N) / n.
    n = 4
    values = np.array([[float(bin(s).count("1") ** 2)] for s in range(1 << n)])
    phi = exact_shapley(values, n)
    assert np.allclose(phi, 16 / 4)


def test_sampled_is_within_its_stated_error_of_exact_for_ten_measures() -> None:
    plan, _ = plan_pair()
    keep = [m.id for m in plan.measures][:10]
    specs = default_scenarios()
    p = specs["plan"]
    ten = dict(specs)
    ten["plan"] = ScenarioSpec(p.id, p.name_zh, p.name_en, p.parent, {}, tuple(m for m in p.measures if m.id in keep))
    exact = attribute(resolve(ten, "plan"), resolve(ten, "baseline"))
    sampled = attribute(resolve(ten, "plan"), resolve(ten, "baseline"), samples=400, seed=11)
    assert sampled.method == "sampled" and sampled.samples == 400
    assert sampled.standard_error is not None
    gap = np.abs(sampled.contributions - exact.contributions)
    assert np.all(gap <= 4 * sampled.standard_error + 1e-6)
    assert sampled.residual <= 1e-9 * np.max(np.abs(exact.baseline - exact.scenario))  # each permutation adds up


def test_more_than_sixteen_measures_are_sampled() -> None:
    extra = tuple(
        MeasureSpec(f"pv{i}", "generation", f"光伏{i}", f"PV {i}", {"source": "solar", "capacity_mw": 10 + i})
        for i in range(17)
    )
    s, b = with_measures(*extra)
    a = attribute(s, b, horizon=2030, seed=1)
    assert a.method == "sampled" and len(a.measure_ids) == 17
    # Generation adds linearly here, so every permutation gives each measure its own effect exactly.
    assert a.standard_error is not None and np.max(a.standard_error) < 1e-6
    assert a.contributions[0, -1] == pytest.approx(10 * 1000 * 1100 * 4.2e-4, rel=1e-9)


def test_parameter_differences_are_a_player_of_their_own() -> None:
    m = next(x for x in plan_measures(small_base()) if x.kind == "pv_new")
    s, b = with_measures(m, overrides={"growth.gdp.services": 0.02})
    a = attribute(s, b, horizon=2030)
    assert a.measure_ids == ("pv_new", "parameters")
    assert np.max(np.abs(a.contributions.sum(axis=0) - (a.baseline - a.scenario))) <= 1e-9 * np.max(
        np.abs(a.baseline - a.scenario))
    assert np.all(a.contributions[1, 1:] < 0)  # faster growth adds emissions


def test_identical_scenarios_have_no_players() -> None:
    plan, _ = plan_pair()
    a = attribute(plan, plan)
    assert a.measure_ids == () and a.residual == 0.0
